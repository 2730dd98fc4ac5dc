// Issue 16: how many server-sent event streams one gateway holds, how fast an event reaches all
// of them, and what REST answers beside them. In one process: a private redis-server (sessions
// and limits, as in production), a fake crowd-service whose alert watch writes the events this
// bench publishes, and the real Gateway (header gate, SseWriter, SseHub). The clients are raw
// sockets on one epoll thread here, so the bench itself does not need a thread per stream.
//
// Phases: (1) baseline REST with no stream open: GET /healthz (Redis PING) and GET /v1/me (a
// session lookup and the per-token limit in Redis), one after the other on one kept-alive
// connection; (2) open --streams alert streams (as --users patrol users over 4 zone sets: 4
// feeds) and wait for every 200; (3) publish --events events, one every --interval-ms, while
// the same REST loop runs; each event's delivery latency is measured on every stream, from just
// before the fake service writes it to the moment the client reads its id.
//
// Run from the repository root under nice:
//   nice -n 5 build/release/bin/sse_streams_bench [--streams 2000] [--events 100]
#include <CLI/CLI.hpp>
#include <fcntl.h>
#include <grpcpp/grpcpp.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "common/redis/hiredis_client.h"
#include "common/testing/redis_server.h"
#include "crowdsafe/v1/crowd.grpc.pb.h"
#include "mobile-api/gateway.h"

namespace {

using Steady = std::chrono::steady_clock;
using namespace std::chrono_literals;
namespace v1 = crowdsafe::v1;

// Events published by the bench; every watch writes each of them once, in order.
class PublishingCrowd final : public v1::CrowdService::Service {
 public:
  grpc::Status WatchAlerts(grpc::ServerContext* ctx, const v1::WatchAlertsRequest*,
                           grpc::ServerWriter<v1::AlertEvent>* writer) override {
    size_t next;
    {
      std::lock_guard<std::mutex> lock(mu_);
      next = published_.size();  // live: from now on
    }
    while (!ctx->IsCancelled()) {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait_for(lock, 50ms, [&] { return published_.size() > next; });
      while (next < published_.size()) {
        v1::AlertEvent e = published_[next++];
        lock.unlock();
        if (!writer->Write(e)) return grpc::Status::OK;
        lock.lock();
      }
    }
    return grpc::Status::CANCELLED;
  }
  // Publishes event `seq`; returns when it was handed to the watches.
  Steady::time_point Publish(int seq) {
    v1::AlertEvent e;
    e.mutable_cursor()->set_value(std::to_string(seq + 1) + "-0");
    e.mutable_alert()->set_alert_id("bench-" + std::to_string(seq));
    e.mutable_alert()->set_zone_id("penguin");
    e.mutable_alert()->set_message_en("Zone penguin is at 91% of capacity");
    const auto at = Steady::now();
    {
      std::lock_guard<std::mutex> lock(mu_);
      published_.push_back(e);
    }
    cv_.notify_all();
    return at;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<v1::AlertEvent> published_;
};

struct Percentiles {
  double p50 = 0, p99 = 0, max = 0;
  size_t n = 0;
};
Percentiles Of(std::vector<double> v) {
  if (v.empty()) return {};
  std::sort(v.begin(), v.end());
  return {v[v.size() / 2], v[std::min(v.size() - 1, v.size() * 99 / 100)], v.back(), v.size()};
}

// GET /healthz and GET /v1/me alternately until `stop` (or `count` pairs), in milliseconds.
void RestLoop(int port, const std::string& token, const std::atomic<bool>& stop, int count,
              std::vector<double>& healthz, std::vector<double>& me, int& failures) {
  httplib::Client c("127.0.0.1", port);
  c.set_keep_alive(true);
  c.set_read_timeout(10, 0);
  httplib::Headers auth{{"Authorization", "Bearer " + token}};
  for (int i = 0; (count == 0 || i < count) && !stop; ++i) {
    auto t0 = Steady::now();
    auto h = c.Get("/healthz");
    auto t1 = Steady::now();
    auto m = c.Get("/v1/me", auth);
    auto t2 = Steady::now();
    if (!h || h->status != 200 || !m || m->status != 200) ++failures;
    healthz.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
    me.push_back(std::chrono::duration<double, std::milli>(t2 - t1).count());
    std::this_thread::sleep_for(5ms);  // a busy dashboard, not a flood
  }
}

struct Client {
  int fd = -1;
  bool open = false;  // the 200 and its headers arrived
  bool closed = false;
  std::string tail;   // unparsed bytes
  int seen = 0;       // events received
};

int Connect(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  return fd;
}

// TcpExt counters of the whole machine (/proc/net/netstat, as `nstat` shows them): a
// connection that found the listen queue full counts in ListenOverflows (and ListenDrops).
long TcpExtCounter(const std::string& name) {
  std::ifstream in("/proc/net/netstat");
  std::string names, values;
  while (std::getline(in, names) && std::getline(in, values)) {
    if (names.rfind("TcpExt:", 0) != 0) continue;
    std::istringstream n(names), v(values);
    std::string key, value;
    while (n >> key && v >> value) {
      if (key == name) return std::atol(value.c_str());
    }
  }
  return -1;
}

int ThreadsOfThisProcess() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("Threads:", 0) == 0) return std::atoi(line.c_str() + 8);
  }
  return -1;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app("mobile-api: concurrent SSE streams and REST beside them");
  int streams = 2000, users = 40, events = 100, interval_ms = 50, baseline_pairs = 1000;
  int listen_backlog = cs::api::ApiConfig{}.listen_backlog;
  app.add_option("--streams", streams, "event streams to hold");
  app.add_option("--users", users, "patrol users sharing them (4 zone sets)");
  app.add_option("--events", events, "events published while the streams are open");
  app.add_option("--interval-ms", interval_ms, "between events");
  app.add_option("--baseline", baseline_pairs, "REST request pairs with no stream open");
  app.add_option("--listen-backlog", listen_backlog,
                 "api.listen_backlog (5 is httplib's own, the gateway's before issue 16)");
  CLI11_PARSE(app, argc, argv);

  // Two descriptors per stream in this one process (client and server ends), plus Redis, gRPC.
  rlimit files{};
  ::getrlimit(RLIMIT_NOFILE, &files);
  const rlim_t want = static_cast<rlim_t>(2 * streams + 512);
  if (files.rlim_cur < want) {
    files.rlim_cur = std::min(want, files.rlim_max);
    ::setrlimit(RLIMIT_NOFILE, &files);
  }
  if (files.rlim_cur < want) {
    std::fprintf(stderr, "need %llu open files, the hard limit is %llu\n",
                 static_cast<unsigned long long>(want),
                 static_cast<unsigned long long>(files.rlim_max));
    return 1;
  }

  cs::testing::RedisServer redis_server;
  if (auto s = redis_server.Start(); !s.ok()) {
    std::fprintf(stderr, "redis-server: %s\n", s.ToString().c_str());
    return 1;
  }
  cs::HiredisClient redis(redis_server.Config());
  PublishingCrowd crowd;
  grpc::ServerBuilder builder;
  int crowd_port = 0;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &crowd_port);
  // As GrpcServerRunner does for every crowdsafe server: the gateway's channel pings an idle
  // watch every 20 s, and gRPC's default server answers the third such ping with GOAWAY
  // (ENHANCE_YOUR_CALM), which ended every feed 60-80 s into the run, before the events.
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 1);
  builder.AddChannelArgument(GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS, 10000);
  builder.RegisterService(&crowd);
  auto crowd_server = builder.BuildAndStart();

  cs::ServiceConfig config;
  config.service = "api";
  config.venue.id = "ocean";
  config.server.listen = "127.0.0.1:0";
  config.upstreams["crowd"] = "127.0.0.1:" + std::to_string(crowd_port);
  cs::api::ApiConfig api;  // defaults: 64 workers, 15 s keep-alive, 256 KiB queue per stream
  api.web_root = "/nonexistent";
  api.login_per_minute_per_ip = 100000;
  api.login_per_minute_per_user = 100000;
  api.requests_per_s_per_token = 100000;
  api.request_burst_per_token = 100000;
  api.sse_streams_per_user = 64;
  api.listen_backlog = listen_backlog;
  const std::vector<std::vector<std::string>> zone_sets = {
      {"penguin"}, {"whaleshark"}, {"penguin", "plaza"}, {"entrance"}};
  for (int i = 0; i <= users; ++i) {
    cs::api::User u;
    u.username = i == users ? "desk" : "patrol" + std::to_string(i);
    u.role = i == users ? cs::api::Role::kDesk : cs::api::Role::kPatrol;
    u.password_hash = *cs::api::HashPassword("pw", "min");
    if (i < users) u.zones = zone_sets[static_cast<size_t>(i) % zone_sets.size()];
    api.users.push_back(u);
  }
  cs::api::Gateway gateway(config, api, redis, *cs::SystemClock::Default());
  if (auto s = gateway.Start(); !s.ok()) {
    std::fprintf(stderr, "gateway: %s\n", s.ToString().c_str());
    return 1;
  }
  const int port = gateway.port();
  httplib::Client login("127.0.0.1", port);
  auto token_of = [&](const std::string& user) {
    auto res = login.Post("/v1/auth/login", "{\"username\":\"" + user + "\",\"password\":\"pw\"}",
                          "application/json");
    if (!res || res->status != 200) return std::string();
    return res->body.substr(res->body.find("\"token\":\"") + 9, 64);
  };
  std::vector<std::string> tokens;
  for (int i = 0; i < users; ++i) tokens.push_back(token_of("patrol" + std::to_string(i)));
  const std::string desk = token_of("desk");
  if (desk.empty() || std::count(tokens.begin(), tokens.end(), "") > 0) {
    std::fprintf(stderr, "login failed\n");
    return 1;
  }
  const int threads_idle = ThreadsOfThisProcess();

  // (1) REST with no stream open.
  std::vector<double> base_healthz, base_me;
  int base_failures = 0;
  std::atomic<bool> never{false};
  RestLoop(port, desk, never, baseline_pairs, base_healthz, base_me, base_failures);

  // (2) Open the streams.
  const int ep = ::epoll_create1(EPOLL_CLOEXEC);
  std::vector<Client> clients(static_cast<size_t>(streams));
  std::vector<bool> request_sent(static_cast<size_t>(streams), false);
  std::vector<Steady::time_point> sent_at(static_cast<size_t>(events));
  std::mutex lat_mu;
  std::vector<double> delivery_ms;
  delivery_ms.reserve(static_cast<size_t>(streams) * static_cast<size_t>(events));
  // closed: ended before its 200 (refused, reset, timed out connecting) or after it;
  // closed_open: only those that had their 200, so opened - closed_open are still held.
  std::atomic<int> opened{0}, closed{0}, closed_open{0};
  std::atomic<bool> stop_clients{false};
  std::atomic<int> published{0};
  std::thread reader([&] {
    std::vector<epoll_event> evs(1024);
    char buf[16384];
    while (!stop_clients) {
      int n = ::epoll_wait(ep, evs.data(), static_cast<int>(evs.size()), 50);
      for (int k = 0; k < n; ++k) {
        const size_t i = evs[k].data.u32;
        Client& c = clients[i];
        if ((evs[k].events & EPOLLOUT) && !request_sent[i]) {
          const std::string& t = tokens[i % tokens.size()];
          const std::string req = "GET /v1/alerts/stream HTTP/1.1\r\nHost: bench\r\n"
                                  "Authorization: Bearer " + t + "\r\n\r\n";
          if (::send(c.fd, req.data(), req.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(req.size())) {
            request_sent[i] = true;
            epoll_event ev{};
            ev.events = EPOLLIN | EPOLLRDHUP;
            ev.data.u32 = static_cast<uint32_t>(i);
            ::epoll_ctl(ep, EPOLL_CTL_MOD, c.fd, &ev);
          }
        }
        if (!(evs[k].events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP))) continue;
        while (true) {
          ssize_t got = ::recv(c.fd, buf, sizeof buf, MSG_DONTWAIT);
          if (got == 0 || (got < 0 && errno != EAGAIN && errno != EINTR)) {
            if (!c.closed) {
              ++closed;
              if (c.open) ++closed_open;
            }
            c.closed = true;
            ::epoll_ctl(ep, EPOLL_CTL_DEL, c.fd, nullptr);
            break;
          }
          if (got < 0) break;
          const auto now = Steady::now();
          c.tail.append(buf, static_cast<size_t>(got));
          if (!c.open) {
            auto end = c.tail.find("\r\n\r\n");
            if (end == std::string::npos) continue;
            if (c.tail.rfind("HTTP/1.1 200", 0) != 0) {
              std::fprintf(stderr, "stream %zu: %s\n", i, c.tail.substr(0, 200).c_str());
              c.closed = true;
              ++closed;
              ::epoll_ctl(ep, EPOLL_CTL_DEL, c.fd, nullptr);
              break;
            }
            c.open = true;
            ++opened;
            c.tail.erase(0, end + 4);
          }
          size_t at;
          while ((at = c.tail.find("id: ")) != std::string::npos) {
            auto eol = c.tail.find('\n', at);
            if (eol == std::string::npos) break;
            const int seq = std::atoi(c.tail.c_str() + at + 4) - 1;
            if (seq >= 0 && seq < published.load()) {
              std::lock_guard<std::mutex> lock(lat_mu);
              delivery_ms.push_back(
                  std::chrono::duration<double, std::milli>(now - sent_at[static_cast<size_t>(seq)])
                      .count());
            }
            ++c.seen;
            c.tail.erase(0, eol);
          }
          if (c.tail.size() > 4096) c.tail.erase(0, c.tail.size() - 64);
        }
      }
    }
  });
  // Connections in batches of 50, at most 200 ahead of the answers: the gateway's accept loop
  // and gate take them as they come (a full listen queue would cost a SYN retry of 1 s, 3 s...).
  const long overflows_before = TcpExtCounter("ListenOverflows");
  const long drops_before = TcpExtCounter("ListenDrops");
  const auto open_start = Steady::now();
  for (int i = 0; i < streams; ++i) {
    Client& c = clients[static_cast<size_t>(i)];
    c.fd = Connect(port);
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP;
    ev.data.u32 = static_cast<uint32_t>(i);
    ::epoll_ctl(ep, EPOLL_CTL_ADD, c.fd, &ev);
    if (i % 50 == 49) {
      while (opened + closed < i - 200 && Steady::now() - open_start < 120s) {
        std::this_thread::sleep_for(2ms);
      }
    }
  }
  while (opened + closed < streams && Steady::now() - open_start < 120s) {
    std::this_thread::sleep_for(20ms);
  }
  const double open_s = std::chrono::duration<double>(Steady::now() - open_start).count();
  const int open_now = opened - 0;
  const long overflows_opening = TcpExtCounter("ListenOverflows") - overflows_before;
  const long drops_opening = TcpExtCounter("ListenDrops") - drops_before;
  const int threads_streaming = ThreadsOfThisProcess();

  // (3) Events and REST together.
  std::vector<double> load_healthz, load_me;
  int load_failures = 0;
  std::atomic<bool> stop_rest{false};
  std::thread rest([&] { RestLoop(port, desk, stop_rest, 0, load_healthz, load_me, load_failures); });
  for (int e = 0; e < events; ++e) {
    // Its time first, then the count that lets the reader use it.
    sent_at[static_cast<size_t>(e)] = Steady::now();
    published = e + 1;
    crowd.Publish(e);
    std::this_thread::sleep_for(std::chrono::milliseconds(interval_ms));
  }
  // Let the last events arrive.
  const size_t expected = static_cast<size_t>(open_now) * static_cast<size_t>(events);
  for (auto until = Steady::now() + 20s; Steady::now() < until;) {
    {
      std::lock_guard<std::mutex> lock(lat_mu);
      if (delivery_ms.size() >= expected) break;
    }
    std::this_thread::sleep_for(20ms);
  }
  stop_rest = true;
  rest.join();
  const int still_open = opened - closed_open;
  const int closed_unanswered = closed - closed_open;
  stop_clients = true;
  reader.join();
  Percentiles delivery;
  {
    std::lock_guard<std::mutex> lock(lat_mu);
    delivery = Of(delivery_ms);
  }
  auto bh = Of(base_healthz), bm = Of(base_me), lh = Of(load_healthz), lm = Of(load_me);
  std::printf("streams: %d requested, %d opened in %.1f s, %d still open after the events; "
              "%d closed before any answer\n",
              streams, open_now, open_s, still_open, closed_unanswered);
  std::printf("threads of the process: %d before the streams, %d with them open\n", threads_idle,
              threads_streaming);
  std::printf("listen backlog %d; while opening: ListenOverflows +%ld, ListenDrops +%ld "
              "(machine-wide TcpExt)\n",
              listen_backlog, overflows_opening, drops_opening);
  const auto sse = gateway.sse_counters();
  std::printf("gateway streams: %llu opened, %llu gone (client closed or failed), %llu dropped as "
              "slow, %llu unauthorized, %llu ended\n",
              static_cast<unsigned long long>(sse.opened), static_cast<unsigned long long>(sse.gone),
              static_cast<unsigned long long>(sse.slow_dropped),
              static_cast<unsigned long long>(sse.unauthorized),
              static_cast<unsigned long long>(sse.ended));
  std::printf("events: %d at %d ms intervals; deliveries %zu of %zu expected\n", events,
              interval_ms, delivery.n, expected);
  std::printf("delivery latency ms: p50 %.2f  p99 %.2f  max %.2f\n", delivery.p50, delivery.p99,
              delivery.max);
  std::printf("| REST                    | requests | p50 ms | p99 ms | max ms | failed |\n");
  std::printf("| /healthz, no streams    | %8zu | %6.2f | %6.2f | %6.2f | %6d |\n", bh.n, bh.p50,
              bh.p99, bh.max, base_failures);
  std::printf("| /v1/me, no streams      | %8zu | %6.2f | %6.2f | %6.2f |        |\n", bm.n, bm.p50,
              bm.p99, bm.max);
  std::printf("| /healthz, with streams  | %8zu | %6.2f | %6.2f | %6.2f | %6d |\n", lh.n, lh.p50,
              lh.p99, lh.max, load_failures);
  std::printf("| /v1/me, with streams    | %8zu | %6.2f | %6.2f | %6.2f |        |\n", lm.n, lm.p50,
              lm.p99, lm.max);
  for (auto& c : clients) ::close(c.fd);
  ::close(ep);
  gateway.Stop();
  crowd_server->Shutdown(std::chrono::system_clock::now() + 1s);
  return still_open == streams ? 0 : 2;
}
