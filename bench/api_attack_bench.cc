// The gateway under the two attacks of issue 18, in-process, with figures for docs/benchmarks.md:
//
//   slowloris: N connections each send a request header one byte a second (reopened when the
//     gateway closes them, as an attacker would), while a probe asks GET /healthz on a fresh
//     connection every 50 ms. Latency percentiles and probes that got no answer within 2 s, for
//     no slow connections, and for N with the header gate on and off (httplib's thread per
//     connection, the gateway before the fix), all in one run.
//   json: one POST /v1/auth/login whose body is 32 KB of '[' (no token needed): the gateway's
//     peak-RSS growth and CPU for it, and, as the baseline, the same body given straight to
//     protobuf's JSON parser as the gateway did before the depth check.
//
// Redis is a stand-in that answers every command (only /healthz's PING reaches it).
//
// Usage (from the repository root):
//   build/release/bin/api_attack_bench [slow_connections=200] [seconds=20]
#include <arpa/inet.h>
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "common/clock.h"
#include "mobile-api/gateway.h"

namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

class AnsweringRedis final : public cs::RedisClient {
 public:
  absl::StatusOr<cs::RedisReply> Command(const cs::RedisArgv&) override {
    cs::RedisReply r;
    r.type = cs::RedisReply::Type::kStatus;
    r.str = "PONG";
    return r;
  }
  absl::StatusOr<std::vector<cs::RedisReply>> Pipeline(
      const std::vector<cs::RedisArgv>& commands) override {
    std::vector<cs::RedisReply> out;
    for (const auto& c : commands) out.push_back(*Command(c));
    return out;
  }
};

int Connect(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(static_cast<uint16_t>(port));
  inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&to), sizeof to) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

// Holds `n` connections open, each sending one more byte of a never-ending header every second.
class Slowloris {
 public:
  Slowloris(int port, int n) : port_(port), fds_(static_cast<size_t>(n), -1) {
    thread_ = std::thread([this] { Run(); });
  }
  ~Slowloris() {
    stop_ = true;
    thread_.join();
    for (int fd : fds_)
      if (fd >= 0) ::close(fd);
  }

 private:
  void Run() {
    static const std::string kHeader = "GET /healthz HTTP/1.1\r\nX-Slow: ";
    std::vector<size_t> sent(fds_.size(), 0);
    while (!stop_) {
      for (size_t i = 0; i < fds_.size(); ++i) {
        if (fds_[i] < 0) {
          fds_[i] = Connect(port_);
          sent[i] = 0;
        }
        if (fds_[i] < 0) continue;
        char c = sent[i] < kHeader.size() ? kHeader[sent[i]] : 'a';
        if (::send(fds_[i], &c, 1, MSG_NOSIGNAL | MSG_DONTWAIT) != 1) {
          ::close(fds_[i]);  // closed by the gateway (408): come back, as an attacker would
          fds_[i] = -1;
          continue;
        }
        ++sent[i];
      }
      for (int k = 0; k < 10 && !stop_; ++k) std::this_thread::sleep_for(100ms);
    }
  }

  const int port_;
  std::vector<int> fds_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

struct ProbeResult {
  std::vector<double> ms;  // answered probes
  int unanswered = 0;
};

ProbeResult Probe(int port, std::chrono::seconds duration) {
  ProbeResult out;
  const auto end = Clock::now() + duration;
  while (Clock::now() < end) {
    const auto start = Clock::now();
    httplib::Client c("127.0.0.1", port);
    c.set_connection_timeout(2, 0);
    c.set_read_timeout(2, 0);
    auto res = c.Get("/healthz");
    if (res && res->status == 200) {
      out.ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
    } else {
      ++out.unanswered;
    }
    std::this_thread::sleep_until(start + 50ms);
  }
  std::sort(out.ms.begin(), out.ms.end());
  return out;
}

double Percentile(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  size_t i = static_cast<size_t>(p * static_cast<double>(sorted.size() - 1) + 0.5);
  return sorted[std::min(i, sorted.size() - 1)];
}

struct Stack {
  cs::ServiceConfig config;
  cs::api::ApiConfig api;
  AnsweringRedis redis;
  std::unique_ptr<cs::api::Gateway> gateway;

  explicit Stack(bool gate) {
    config.service = "api";
    config.venue.id = "ocean";
    config.server.listen = "127.0.0.1:0";
    api.web_root = "/nonexistent";
    api.header_gate = gate;
    // Sessions and limits in process (issue 16 put them in Redis): this bench measures the
    // HTTP layer, and the answering Redis above cannot run their scripts.
    gateway = std::make_unique<cs::api::Gateway>(config, api, redis, *cs::SystemClock::Default(),
                                                 cs::api::StateBackend::kInProcess);
    if (!gateway->Start().ok()) std::abort();
  }
};

void SlowlorisRow(const char* label, bool gate, int slow, std::chrono::seconds seconds) {
  Stack stack(gate);
  std::unique_ptr<Slowloris> attack;
  if (slow > 0) {
    attack = std::make_unique<Slowloris>(stack.gateway->port(), slow);
    std::this_thread::sleep_for(2s);  // every slow connection open and started
  }
  ProbeResult r = Probe(stack.gateway->port(), seconds);
  // Every probe counts: one with no answer counts as its 2 s timeout (a lower bound).
  std::vector<double> all = r.ms;
  all.insert(all.end(), static_cast<size_t>(r.unanswered), 2000.0);
  std::sort(all.begin(), all.end());
  std::printf("| %s | %d | %zu | %d | %.1f | %.1f | %s%.1f |\n", label, slow, all.size(),
              r.unanswered, Percentile(all, 0.5), Percentile(r.ms, 0.99),
              r.unanswered * 100 >= static_cast<int>(all.size()) ? "≥ " : "",
              Percentile(all, 0.99));
  std::fflush(stdout);
  attack.reset();
  stack.gateway->Stop();
}

long PeakRssKiB() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
  }
  return -1;
}

double CpuSeconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

void JsonRows() {
  // Balanced, as a client that means it would send: [[[…]]], 16 Ki levels.
  const std::string body = std::string(16 << 10, '[') + std::string(16 << 10, ']');
  Stack stack(true);
  httplib::Client c("127.0.0.1", stack.gateway->port());
  c.set_read_timeout(120, 0);
  (void)c.Get("/healthz");  // threads and buffers warm
  long rss0 = PeakRssKiB();
  double cpu0 = CpuSeconds();
  auto t0 = Clock::now();
  auto res = c.Post("/v1/auth/login", body, "application/json");
  double wall = std::chrono::duration<double>(Clock::now() - t0).count();
  double cpu = CpuSeconds() - cpu0;
  long rss = PeakRssKiB() - rss0;
  std::printf("| gateway, POST /v1/auth/login (answer %d) | %.3f | %.3f | %.1f |\n",
              res ? res->status : -1, wall, cpu, static_cast<double>(rss) / 1024.0);
  stack.gateway->Stop();
  // The baseline: what the gateway did first before the depth check.
  rss0 = PeakRssKiB();
  cpu0 = CpuSeconds();
  t0 = Clock::now();
  google::protobuf::Value tree;
  auto status = google::protobuf::util::JsonStringToMessage(body, &tree);
  wall = std::chrono::duration<double>(Clock::now() - t0).count();
  cpu = CpuSeconds() - cpu0;
  rss = PeakRssKiB() - rss0;
  std::printf(
      "| baseline: protobuf JsonStringToMessage on the same body (%s) | %.3f | %.3f | %.1f |\n",
      status.ok() ? "parsed" : "refused", wall, cpu, static_cast<double>(rss) / 1024.0);
}

}  // namespace

int main(int argc, char** argv) {
  const int slow = argc > 1 ? std::atoi(argv[1]) : 200;
  const auto seconds = std::chrono::seconds(argc > 2 ? std::atoi(argv[2]) : 20);
  std::printf("JSON nesting attack: 32 KB of [[[...]]] (16 Ki levels), one request\n\n");
  std::printf("| what | wall s | CPU s | peak RSS growth MiB |\n|---|---|---|---|\n");
  JsonRows();
  std::printf("\nGET /healthz every 50 ms on a fresh connection, 2 s timeout, %lld s per row\n\n",
              static_cast<long long>(seconds.count()));
  std::printf(
      "| server | slow connections | probes | unanswered (2 s) | p50 ms | p99 ms of the "
      "answered | p99 ms of all |\n|---|---|---|---|---|---|---|\n");
  SlowlorisRow("header gate (default)", true, 0, seconds);
  SlowlorisRow("header gate (default)", true, slow, seconds);
  SlowlorisRow("httplib thread per connection (before)", false, slow, seconds);
  return 0;
}
