// Issue 16: the real gateway (its 64 HTTP workers) in front of the real crowd-service on a real
// Redis holds 256 alert streams at once (4 users x 64, api.sse_streams_per_user raised) while
// REST answers; a crossing in penguin reaches every desk stream and every stream of the
// penguin patrol and none of the whaleshark patrol's; a logout ends that user's 64 streams with
// the 401 problem event and leaves the others open; streams whose clients leave are counted
// out. The 2,000-stream figure is bench/sse_streams_bench's.
#include <arpa/inet.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <map>
#include <thread>

#include "common/grpc/time_convert.h"
#include "crowdsafe/v1/crowd.grpc.pb.h"
#include "tests/integration/api_stack.h"

namespace cs {
namespace {

using namespace std::chrono_literals;
namespace v1 = crowdsafe::v1;

// One stream as a raw socket: what arrived, and whether the gateway closed it.
struct RawStream {
  int fd = -1;
  std::string user;
  std::string got;
  bool eof = false;
};

int Open(int port, const std::string& token) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) return -1;
  const std::string req = "GET /v1/alerts/stream HTTP/1.1\r\nHost: test\r\nAuthorization: Bearer " +
                          token + "\r\n\r\n";
  if (::send(fd, req.data(), req.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(req.size())) {
    ::close(fd);
    return -1;
  }
  return fd;
}

// Reads whatever has arrived on every open stream, for `for_ms`.
void Pump(std::vector<RawStream>& streams, int for_ms) {
  auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(for_ms);
  do {
    std::vector<pollfd> fds;
    std::vector<size_t> which;
    for (size_t i = 0; i < streams.size(); ++i) {
      if (streams[i].eof || streams[i].fd < 0) continue;
      fds.push_back({streams[i].fd, POLLIN, 0});
      which.push_back(i);
    }
    if (fds.empty()) return;
    if (::poll(fds.data(), fds.size(), 20) <= 0) continue;
    for (size_t k = 0; k < fds.size(); ++k) {
      if (fds[k].revents == 0) continue;
      char buf[8192];
      const ssize_t n = ::recv(fds[k].fd, buf, sizeof buf, MSG_DONTWAIT);
      if (n > 0) streams[which[k]].got.append(buf, static_cast<size_t>(n));
      if (n == 0) streams[which[k]].eof = true;
    }
  } while (std::chrono::steady_clock::now() < end);
}

size_t Count(const std::vector<RawStream>& streams, const std::string& user,
             const std::function<bool(const RawStream&)>& test) {
  size_t n = 0;
  for (const auto& s : streams) n += s.user == user && test(s) ? 1 : 0;
  return n;
}

TEST(ApiSseFanoutTest, HundredsOfStreamsShareWatchesAndEndOneByOne) {
  testing::ApiStack stack;
  stack.sse_streams_per_user = 64;
  ASSERT_TRUE(stack.Start().ok());
  const std::vector<std::string> users = {"desk1", "desk2", "patrol1", "patrol2"};
  std::map<std::string, std::string> tokens;
  tokens["admin1"] = stack.Login("admin1");
  for (const auto& u : users) {
    tokens[u] = stack.Login(u);
    ASSERT_EQ(tokens[u].size(), 64u) << u;
  }
  std::vector<RawStream> streams;
  for (const auto& u : users) {
    for (int i = 0; i < 64; ++i) {
      RawStream s;
      s.user = u;
      s.fd = Open(stack.api_port(), tokens[u]);
      ASSERT_GE(s.fd, 0);
      streams.push_back(std::move(s));
    }
  }
  for (auto until = std::chrono::steady_clock::now() + 20s;
       std::chrono::steady_clock::now() < until;) {
    Pump(streams, 200);
    size_t open = 0;
    for (const auto& s : streams) open += s.got.rfind("HTTP/1.1 200", 0) == 0 ? 1 : 0;
    if (open == streams.size()) break;
  }
  for (const auto& s : streams) {
    ASSERT_EQ(s.got.rfind("HTTP/1.1 200", 0), 0u) << s.user << ": " << s.got.substr(0, 300);
    ASSERT_NE(s.got.find("Transfer-Encoding: chunked"), std::string::npos);
  }
  // REST beside 256 streams, on 64 workers.
  auto client = stack.Client();
  auto me = client->Get("/v1/me", {{"Authorization", "Bearer " + tokens["desk1"]}});
  ASSERT_TRUE(me);
  EXPECT_EQ(me->status, 200);

  // A crossing in penguin (6 persons/m² in its entrance queue).
  auto crowd = v1::CrowdService::NewStub(grpc::CreateChannel(
      "127.0.0.1:" + std::to_string(stack.crowd_port()), grpc::InsecureChannelCredentials()));
  auto has_alert = [](const RawStream& s) {
    return s.got.find("event: alert") != std::string::npos &&
           s.got.find("\"zoneId\":\"penguin\"") != std::string::npos;
  };
  for (auto until = std::chrono::steady_clock::now() + 15s;
       std::chrono::steady_clock::now() < until;) {
    v1::DensityReport r;
    r.set_venue_id("ocean");
    r.set_camera_id("cam-penguin-1");
    *r.mutable_captured_at() = ProtoNow();
    auto* q = r.add_regions();
    q->set_region_id("cam-penguin-1/entrance-queue");
    q->set_count(1080);
    grpc::ClientContext ctx;
    v1::DensityReportAck ack;
    ASSERT_TRUE(crowd->ReportDensity(&ctx, r, &ack).ok());
    Pump(streams, 200);
    if (Count(streams, "patrol1", has_alert) == 64 && Count(streams, "desk1", has_alert) == 64 &&
        Count(streams, "desk2", has_alert) == 64)
      break;
  }
  Pump(streams, 300);
  EXPECT_EQ(Count(streams, "desk1", has_alert), 64u);
  EXPECT_EQ(Count(streams, "desk2", has_alert), 64u);
  EXPECT_EQ(Count(streams, "patrol1", has_alert), 64u);
  EXPECT_EQ(Count(streams, "patrol2", [](const RawStream& s) {
              return s.got.find("event: alert") != std::string::npos;
            }),
            0u)
      << "an officer of other zones heard a penguin alert";

  // patrol1 logs out: its 64 streams end with the 401 problem and the last chunk; none other.
  auto out = client->Post("/v1/auth/logout", {{"Authorization", "Bearer " + tokens["patrol1"]}},
                          "", "application/json");
  ASSERT_TRUE(out);
  ASSERT_EQ(out->status, 200) << out->body;
  auto ended_401 = [](const RawStream& s) {
    return s.eof && s.got.find("\"status\":401") != std::string::npos &&
           s.got.size() >= 5 && s.got.compare(s.got.size() - 5, 5, "0\r\n\r\n") == 0;
  };
  for (auto until = std::chrono::steady_clock::now() + 5s;
       std::chrono::steady_clock::now() < until && Count(streams, "patrol1", ended_401) < 64;) {
    Pump(streams, 100);
  }
  EXPECT_EQ(Count(streams, "patrol1", ended_401), 64u);
  Pump(streams, 300);
  for (const char* u : {"desk1", "desk2", "patrol2"}) {
    EXPECT_EQ(Count(streams, u, [](const RawStream& s) { return s.eof; }), 0u) << u;
  }

  // desk2's clients leave: the gateway counts them out at once (no write needed to notice).
  for (auto& s : streams) {
    if (s.user == "desk2") {
      ::close(s.fd);
      s.fd = -1;
    }
  }
  double gauge = -1;
  for (auto until = std::chrono::steady_clock::now() + 5s;
       std::chrono::steady_clock::now() < until;) {
    auto m = client->Get("/metrics", {{"Authorization", "Bearer " + tokens["admin1"]}});
    ASSERT_TRUE(m);
    auto at = m->body.find("\ncs_http_sse_clients ");
    gauge = at == std::string::npos ? -1 : std::stod(m->body.substr(at + 21));
    if (gauge == 128) break;
    std::this_thread::sleep_for(100ms);
  }
  EXPECT_EQ(gauge, 128) << "desk1 and patrol2 streams remain";
  for (auto& s : streams) {
    if (s.fd >= 0) ::close(s.fd);
  }
}

}  // namespace
}  // namespace cs
