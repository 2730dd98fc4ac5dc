// The case routes against a fake case-service in-process: the gateway passes the caller's
// identity as the Actor (never the body's), gives the desk's reason only for the desk, strips
// the restricted part for every other role even when a service wrongly returns it, checks and
// types photos, and filters the case stream by zone and role with Last-Event-ID resume.
#include <arpa/inet.h>
#include <google/protobuf/util/json_util.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <opencv2/imgcodecs.hpp>
#include <thread>

#include "common/venue.h"
#include "crowdsafe/v1/cases.grpc.pb.h"
#include "common/testing/unavailable_redis.h"
#include "mobile-api/gateway.h"

namespace cs::api {
namespace {

namespace v1 = crowdsafe::v1;
using namespace std::chrono_literals;

// Redis is not used by these routes: every command fails.
using NoRedis = cs::testing::UnavailableRedis;

class FakeCases final : public v1::CaseService::Service {
 public:
  grpc::Status GetCase(grpc::ServerContext*, const v1::GetCaseRequest* req,
                       v1::Case* out) override {
    std::lock_guard<std::mutex> lock(mu);
    last_get = *req;
    out->set_case_id(req->case_id());
    out->set_kind(v1::CASE_MISSING);
    // A buggy service that returns the restricted part to everyone.
    out->mutable_missing()->mutable_restricted()->set_guardian_phone("13800000000");
    return grpc::Status::OK;
  }
  grpc::Status FileFoundReport(grpc::ServerContext*, const v1::FileFoundReportRequest* req,
                               v1::Case* out) override {
    std::lock_guard<std::mutex> lock(mu);
    last_found = *req;
    out->set_case_id("case-1");
    out->set_created_by(req->actor().user_id());
    return grpc::Status::OK;
  }
  grpc::Status WatchCaseEvents(grpc::ServerContext* ctx, const v1::WatchCaseEventsRequest* req,
                               grpc::ServerWriter<v1::CaseEvent>* writer) override {
    {
      std::lock_guard<std::mutex> lock(mu);
      last_watch = *req;
    }
    auto event = [&](const char* cursor, v1::CaseEventType type, std::vector<std::string> zones) {
      v1::CaseEvent e;
      e.mutable_cursor()->set_value(cursor);
      e.set_type(type);
      e.set_case_id("case-1");
      for (auto& z : zones) e.add_zone_ids(z);
      writer->Write(e);
    };
    // Written without filtering: the gateway's own filter is what is tested.
    event("c1", v1::CASE_EVENT_BROADCAST_ZONE, {"penguin", "plaza"});
    event("c2", v1::CASE_EVENT_BROADCAST_ZONE, {"whaleshark"});
    event("c3", v1::CASE_EVENT_APPEAL_REQUESTED, {});
    event("c4", v1::CASE_EVENT_BROADCAST_VENUE, {});
    while (!ctx->IsCancelled()) std::this_thread::sleep_for(20ms);
    return grpc::Status::CANCELLED;
  }

  std::mutex mu;
  grpc::Status ExportPfif(grpc::ServerContext*, const v1::ExportPfifRequest* req,
                          v1::ExportPfifResponse* out) override {
    std::lock_guard<std::mutex> lock(mu);
    last_public = *req;
    out->set_xml("<?xml version=\"1.0\"?><pfif:pfif/>");
    out->set_file_name(req->case_ids(0) + ".pfif.xml");
    return grpc::Status::OK;
  }
  grpc::Status ExportRestrictedPfif(grpc::ServerContext*,
                                    const v1::ExportRestrictedPfifRequest* req,
                                    v1::ExportPfifResponse* out) override {
    std::lock_guard<std::mutex> lock(mu);
    last_restricted = *req;
    out->set_xml("<?xml version=\"1.0\"?><!-- RESTRICTED --><pfif:pfif/>");
    out->set_file_name(req->case_ids(0) + ".RESTRICTED-not-for-publication.pfif.xml");
    out->set_restricted(true);
    return grpc::Status::OK;
  }
  v1::GetCaseRequest last_get;
  v1::ExportRestrictedPfifRequest last_restricted;
  v1::ExportPfifRequest last_public;
  v1::FileFoundReportRequest last_found;
  v1::WatchCaseEventsRequest last_watch;
};

class GatewayCasesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
    builder.RegisterService(&fake_);
    server_ = builder.BuildAndStart();
    ASSERT_NE(port, 0);
    config_.service = "api";
    config_.venue.id = "ocean";
    config_.server.listen = "127.0.0.1:0";
    config_.upstreams["cases"] = "127.0.0.1:" + std::to_string(port);
    api_.sse_keepalive_s = 1;
    api_.web_root = "/nonexistent";
    for (auto [name, role] :
         {std::pair{"patrol1", Role::kPatrol}, std::pair{"desk1", Role::kDesk},
          std::pair{"press1", Role::kPress}, std::pair{"admin1", Role::kAdmin}}) {
      User u;
      u.username = name;
      u.role = role;
      u.password_hash = *HashPassword("pw", "min");
      if (role == Role::kPatrol) u.zones = {"penguin"};
      api_.users.push_back(u);
    }
    gateway_ = std::make_unique<Gateway>(config_, api_, redis_, *SystemClock::Default(),
                                         StateBackend::kInProcess);
    ASSERT_TRUE(gateway_->Start().ok());
    client_ = std::make_unique<httplib::Client>("127.0.0.1", gateway_->port());
    client_->set_read_timeout(5, 0);
  }
  void TearDown() override {
    gateway_->Stop();
    server_->Shutdown(std::chrono::system_clock::now() + 1s);
  }

  std::string Token(const std::string& user) {
    auto res =
        client_->Post("/v1/auth/login", "{\"username\":\"" + user + "\",\"password\":\"pw\"}",
                      "application/json");
    EXPECT_TRUE(res && res->status == 200);
    return res ? res->body.substr(res->body.find("\"token\":\"") + 9, 64) : "";
  }
  httplib::Headers Auth(const std::string& user) {
    return {{"Authorization", "Bearer " + Token(user)}};
  }

  FakeCases fake_;
  std::unique_ptr<grpc::Server> server_;
  NoRedis redis_;
  ServiceConfig config_;
  ApiConfig api_;
  std::unique_ptr<Gateway> gateway_;
  std::unique_ptr<httplib::Client> client_;
};

TEST_F(GatewayCasesTest, ActorFromTokenReasonOnlyForDeskRestrictedOnlyToDesk) {
  auto patrol = client_->Get("/v1/cases/case-1?reason=curious", Auth("patrol1"));
  ASSERT_TRUE(patrol);
  ASSERT_EQ(patrol->status, 200) << patrol->body;
  EXPECT_EQ(patrol->body.find("13800000000"), std::string::npos) << patrol->body;
  EXPECT_NE(patrol->body.find("\"restrictedRedacted\":true"), std::string::npos) << patrol->body;
  {
    std::lock_guard<std::mutex> lock(fake_.mu);
    EXPECT_EQ(fake_.last_get.actor().user_id(), "patrol1");
    EXPECT_EQ(fake_.last_get.actor().role(), v1::ROLE_PATROL);
    ASSERT_EQ(fake_.last_get.actor().zone_ids_size(), 1);
    EXPECT_EQ(fake_.last_get.actor().zone_ids(0), "penguin");
    EXPECT_EQ(fake_.last_get.reason(), "");  // a patrol's reason is not passed on
  }
  auto desk = client_->Get("/v1/cases/case-1?reason=handover%20check", Auth("desk1"));
  ASSERT_TRUE(desk);
  ASSERT_EQ(desk->status, 200);
  EXPECT_NE(desk->body.find("13800000000"), std::string::npos);
  std::lock_guard<std::mutex> lock(fake_.mu);
  EXPECT_EQ(fake_.last_get.actor().role(), v1::ROLE_DESK);
  EXPECT_EQ(fake_.last_get.reason(), "handover check");
}

// Issue 14: the desk's full PFIF is a download that says RESTRICTED; no other role reaches it.
TEST_F(GatewayCasesTest, RestrictedPfifIsADeskDownloadMarkedRestricted) {
  auto patrol = client_->Get("/v1/cases/case-1/pfif/restricted?reason=x", Auth("patrol1"));
  ASSERT_TRUE(patrol);
  EXPECT_EQ(patrol->status, 403);
  auto desk =
      client_->Get("/v1/cases/case-1/pfif/restricted?reason=police%20request", Auth("desk1"));
  ASSERT_TRUE(desk);
  ASSERT_EQ(desk->status, 200) << desk->body;
  EXPECT_EQ(desk->get_header_value("Content-Disposition"),
            "attachment; filename=\"case-1.RESTRICTED-not-for-publication.pfif.xml\"");
  EXPECT_EQ(desk->get_header_value("X-Crowdsafe-Restricted"), "RESTRICTED - not for publication");
  EXPECT_EQ(desk->get_header_value("Cache-Control"), "no-store, private");
  std::lock_guard<std::mutex> lock(fake_.mu);
  EXPECT_EQ(fake_.last_restricted.actor().user_id(), "desk1");
  EXPECT_EQ(fake_.last_restricted.actor().role(), v1::ROLE_DESK);
  EXPECT_EQ(fake_.last_restricted.reason(), "police request");
  ASSERT_EQ(fake_.last_restricted.case_ids_size(), 1);
  EXPECT_EQ(fake_.last_restricted.case_ids(0), "case-1");
}

// Issue 14: the public PFIF feed is the same guarded document for every role, so the press office
// (which gets it over gRPC) reads it over HTTP too; the admin does not, nor the restricted one.
TEST_F(GatewayCasesTest, PublicPfifReachesThePressButNotTheAdmin) {
  auto press = client_->Get("/v1/cases/case-1/pfif", Auth("press1"));
  ASSERT_TRUE(press);
  ASSERT_EQ(press->status, 200) << press->body;
  EXPECT_EQ(press->get_header_value("Content-Disposition"),
            "inline; filename=\"case-1.pfif.xml\"");
  {
    std::lock_guard<std::mutex> lock(fake_.mu);
    EXPECT_EQ(fake_.last_public.actor().user_id(), "press1");
    EXPECT_EQ(fake_.last_public.actor().role(), v1::ROLE_PRESS);
    ASSERT_EQ(fake_.last_public.case_ids_size(), 1);
    EXPECT_EQ(fake_.last_public.case_ids(0), "case-1");
  }
  auto admin = client_->Get("/v1/cases/case-1/pfif", Auth("admin1"));
  ASSERT_TRUE(admin);
  EXPECT_EQ(admin->status, 403);
  auto restricted = client_->Get("/v1/cases/case-1/pfif/restricted?reason=x", Auth("press1"));
  ASSERT_TRUE(restricted);
  EXPECT_EQ(restricted->status, 403);
}

TEST_F(GatewayCasesTest, FoundReportCarriesCheckedPhotosAndTheCallersIdentity) {
  cv::Mat img(40, 30, CV_8UC3, cv::Scalar(1, 2, 3));
  std::vector<uchar> jpg;
  ASSERT_TRUE(cv::imencode(".jpg", img, jpg));
  httplib::MultipartFormDataItems items = {
      {"report",
       R"({"report":{"foundZoneId":"penguin","foundAt":"2026-02-01T06:12:00Z","heldAt":"centre"}})",
       "", "application/json"},
      {"photo", std::string(jpg.begin(), jpg.end()), "a.jpg", "image/jpeg"},
      {"photo", std::string(jpg.begin(), jpg.end()), "b.jpg", "image/jpeg"}};
  auto res = client_->Post("/v1/reports/found", Auth("patrol1"), items);
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  std::lock_guard<std::mutex> lock(fake_.mu);
  EXPECT_EQ(fake_.last_found.actor().user_id(), "patrol1");
  EXPECT_EQ(fake_.last_found.report().venue_id(), "ocean");
  ASSERT_EQ(fake_.last_found.photos_size(), 2);
  EXPECT_EQ(fake_.last_found.photos(1).content_type(), "image/jpeg");
  EXPECT_EQ(fake_.last_found.photos(1).data().size(), jpg.size());
}

// Reads one SSE stream until `n` events or 5 s.
std::vector<std::string> ReadIds(int port, const httplib::Headers& headers, size_t n) {
  httplib::Client c("127.0.0.1", port);
  std::vector<std::string> ids;
  std::string buffer;
  auto start = std::chrono::steady_clock::now();
  c.Get("/v1/cases/stream", headers, [&](const char* data, size_t len) {
    buffer.append(data, len);
    size_t at;
    while ((at = buffer.find("id: ")) != std::string::npos) {
      auto end = buffer.find('\n', at);
      if (end == std::string::npos) break;
      ids.push_back(buffer.substr(at + 4, end - at - 4));
      buffer.erase(0, end);
    }
    return ids.size() < n && std::chrono::steady_clock::now() - start < 5s;
  });
  return ids;
}

TEST_F(GatewayCasesTest, CaseStreamFilteredByZoneAndRoleAndResumable) {
  auto patrol = Auth("patrol1");
  // penguin broadcast and the venue-wide one; not whaleshark, not the appeal request.
  EXPECT_EQ(ReadIds(gateway_->port(), patrol, 2), (std::vector<std::string>{"c1", "c4"}));
  auto desk = Auth("desk1");
  desk.emplace("Last-Event-ID", "c0");
  EXPECT_EQ(ReadIds(gateway_->port(), desk, 4), (std::vector<std::string>{"c1", "c2", "c3", "c4"}));
  std::lock_guard<std::mutex> lock(fake_.mu);
  EXPECT_EQ(fake_.last_watch.after().value(), "c0");
  EXPECT_EQ(fake_.last_watch.actor().role(), v1::ROLE_DESK);
  EXPECT_EQ(fake_.last_watch.venue_id(), "ocean");
}

// Beyond api.sse_max_streams open streams a new one gets 503; streams hold no worker (issue 16),
// so ordinary requests are served on as few as 2 workers beside them.
TEST_F(GatewayCasesTest, OpenStreamsAreCapped) {
  gateway_->Stop();
  api_.sse_max_streams = 2;
  api_.threads = 2;
  gateway_ = std::make_unique<Gateway>(config_, api_, redis_, *SystemClock::Default(),
                                       StateBackend::kInProcess);
  ASSERT_TRUE(gateway_->Start().ok());
  client_ = std::make_unique<httplib::Client>("127.0.0.1", gateway_->port());
  auto desk = Auth("desk1");
  std::vector<std::thread> open;
  for (int i = 0; i < 2; ++i) {
    open.emplace_back([&] { ReadIds(gateway_->port(), desk, 100); });  // held for 5 s
  }
  std::this_thread::sleep_for(500ms);
  auto third = client_->Get("/v1/cases/stream", desk);
  ASSERT_TRUE(third);
  EXPECT_EQ(third->status, 503) << third->body;
  auto ordinary = client_->Get("/v1/me", desk);
  ASSERT_TRUE(ordinary);
  EXPECT_EQ(ordinary->status, 200);
  for (auto& t : open) t.join();
}

TEST_F(GatewayCasesTest, BadCursorIsA400BeforeAnyStream) {
  auto h = Auth("desk1");
  h.emplace("Last-Event-ID", "not a cursor!");
  auto res = client_->Get("/v1/cases/stream", h);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  EXPECT_NE(res->body.find("\"field\":\"Last-Event-ID\""), std::string::npos) << res->body;
}

}  // namespace
}  // namespace cs::api

namespace cs::api {
namespace {

// A self-signed certificate for 127.0.0.1 in a fresh folder `dir`, made by openssl, and the
// gateway config that serves HTTPS with it. openssl is installed by deploy/install-deps.sh: its
// absence is a broken setup, so the caller fails, never skips.
bool MakeTlsConfig(const std::string& dir, ServiceConfig& config) {
  std::filesystem::create_directories(dir);
  const std::string cmd =
      "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 -keyout " + dir +
      "/key.pem -out " + dir + "/cert.pem >/dev/null 2>&1";
  if (std::system(cmd.c_str()) != 0) return false;
  config.venue.id = "ocean";
  config.server.listen = "127.0.0.1:0";
  config.server.tls.cert_file = dir + "/cert.pem";
  config.server.tls.key_file = dir + "/key.pem";
  return true;
}

// With server.tls the gateway speaks HTTPS (httplib SSLServer); plain HTTP is refused.
TEST(GatewayTlsTest, ServesHttpsWhenTlsIsConfigured) {
  const std::string dir = ::testing::TempDir() + "/cs_tls_" + std::to_string(::getpid());
  ServiceConfig config;
  if (!MakeTlsConfig(dir, config)) FAIL() << "openssl could not make a test certificate";
  NoRedis redis;
  ApiConfig api;
  api.web_root = "/nonexistent";
  Gateway gateway(config, api, redis, *SystemClock::Default(), StateBackend::kInProcess);
  ASSERT_TRUE(gateway.Start().ok());
  httplib::SSLClient tls("127.0.0.1", gateway.port());
  tls.enable_server_certificate_verification(false);
  auto res = tls.Get("/v1/openapi.json");
  ASSERT_TRUE(res) << httplib::to_string(res.error());
  EXPECT_EQ(res->status, 200);
  httplib::Client plain("127.0.0.1", gateway.port());
  plain.set_read_timeout(2, 0);
  auto refused = plain.Get("/v1/openapi.json");
  EXPECT_TRUE(!refused || refused->status != 200);
  gateway.Stop();
  // A missing certificate is a start-up error, not a crash.
  config.server.tls.cert_file = dir + "/missing.pem";
  Gateway broken(config, api, redis, *SystemClock::Default(), StateBackend::kInProcess);
  EXPECT_FALSE(broken.Start().ok());
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace cs::api

namespace cs::api {
namespace {

// Issue 18: the header gate covered plain HTTP only; over HTTPS (httplib's SSLServer, a worker
// per connection from accept, a per-read timeout) clients that never finish the handshake held
// every worker, and one that sends a header line now and then was never cut off. The gate does
// the handshake itself now.
int ConnectTcp(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  timeval tv{4, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  return fd;
}

TEST(GatewayTlsTest, Issue18SlowHttpsClientsHoldNoWorkerAndMeetTheHeaderDeadline) {
  const std::string dir = ::testing::TempDir() + "/cs_tls_slow_" + std::to_string(::getpid());
  ServiceConfig config;
  if (!MakeTlsConfig(dir, config)) FAIL() << "openssl could not make a test certificate";
  NoRedis redis;
  ApiConfig api;
  api.web_root = "/nonexistent";
  api.threads = 2;
  api.header_timeout_ms = 800;
  Gateway gateway(config, api, redis, *SystemClock::Default());
  ASSERT_TRUE(gateway.Start().ok());

  // Four times the workers: connections that never start the handshake.
  std::vector<int> silent;
  for (int i = 0; i < 8; ++i) {
    silent.push_back(ConnectTcp(gateway.port()));
    ASSERT_GE(silent.back(), 0);
  }
  // Two that finish the handshake and then trickle a header, a line every 300 ms.
  SSL_CTX* client_ctx = SSL_CTX_new(TLS_client_method());
  ASSERT_NE(client_ctx, nullptr);
  std::vector<std::pair<int, SSL*>> trickling;
  for (int i = 0; i < 2; ++i) {
    int fd = ConnectTcp(gateway.port());
    ASSERT_GE(fd, 0);
    SSL* ssl = SSL_new(client_ctx);
    SSL_set_fd(ssl, fd);
    ASSERT_EQ(SSL_connect(ssl), 1) << "the handshake waited behind the silent connections";
    const std::string line = "GET /v1/openapi.json HTTP/1.1\r\n";
    ASSERT_EQ(SSL_write(ssl, line.data(), static_cast<int>(line.size())),
              static_cast<int>(line.size()));
    trickling.emplace_back(fd, ssl);
  }
  httplib::SSLClient client("127.0.0.1", gateway.port());
  client.enable_server_certificate_verification(false);
  client.set_connection_timeout(2, 0);
  client.set_read_timeout(2, 0);
  auto res = client.Get("/v1/openapi.json");
  ASSERT_TRUE(res) << "an HTTPS request waited behind slow clients: "
                   << httplib::to_string(res.error());
  EXPECT_EQ(res->status, 200);

  // The trickling ones get their 408 (in TLS) once the header time is up, however often they
  // send a line.
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::string> answers(trickling.size());
  std::vector<bool> done(trickling.size(), false);
  for (int tick = 0; std::chrono::steady_clock::now() - start < 3s &&
                     std::find(done.begin(), done.end(), false) != done.end();
       ++tick) {
    for (size_t i = 0; i < trickling.size(); ++i) {
      if (done[i]) continue;
      pollfd p{trickling[i].first, POLLIN, 0};
      if (::poll(&p, 1, 0) > 0) {
        char buf[512];
        const int n = SSL_read(trickling[i].second, buf, sizeof buf);
        if (n > 0) answers[i].append(buf, static_cast<size_t>(n));
        done[i] = true;
      } else if (tick % 3 == 2) {
        const std::string more = "X-Slow: 1\r\n";
        (void)SSL_write(trickling[i].second, more.data(), static_cast<int>(more.size()));
      }
    }
    std::this_thread::sleep_for(100ms);
  }
  for (size_t i = 0; i < trickling.size(); ++i) {
    EXPECT_TRUE(done[i]) << "a trickling HTTPS client was still connected after 3 s";
    EXPECT_EQ(answers[i].rfind("HTTP/1.1 408", 0), 0u) << answers[i];
    SSL_free(trickling[i].second);
    ::close(trickling[i].first);
  }
  SSL_CTX_free(client_ctx);
  // The silent ones are closed too, without a word.
  for (int fd : silent) {
    char byte;
    EXPECT_EQ(::recv(fd, &byte, 1, 0), 0) << "a silent connection outlived the header deadline";
    ::close(fd);
  }
  gateway.Stop();
  std::filesystem::remove_all(dir);
}

// A client that sends half a request and stalls (slowloris) is cut off after
// api.request_timeout_ms instead of holding a worker thread forever.
TEST(GatewayLimitsTest, StalledRequestIsCutOffAfterTheRequestTimeout) {
  NoRedis redis;
  ServiceConfig config;
  config.venue.id = "ocean";
  config.server.listen = "127.0.0.1:0";
  ApiConfig api;
  api.web_root = "/nonexistent";
  api.request_timeout_ms = 300;
  Gateway gateway(config, api, redis, *SystemClock::Default(), StateBackend::kInProcess);
  ASSERT_TRUE(gateway.Start().ok());
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(gateway.port()));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  std::string partial = "POST /v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{";
  ASSERT_EQ(::send(fd, partial.data(), partial.size(), 0), static_cast<ssize_t>(partial.size()));
  auto start = std::chrono::steady_clock::now();
  char buf[512];
  timeval tv{5, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  ssize_t n = ::recv(fd, buf, sizeof buf - 1, 0);
  auto waited = std::chrono::steady_clock::now() - start;
  ::close(fd);
  ASSERT_GT(n, 0);
  buf[n] = '\0';
  EXPECT_LT(waited, 3s) << "the server should give up on a stalled body after ~300 ms";
  EXPECT_EQ(std::string(buf).rfind("HTTP/1.1 4", 0), 0u) << buf;  // refused, not served
  gateway.Stop();
}

}  // namespace
}  // namespace cs::api

// Issue 18: one token could hold every stream slot, and a stream outlived its token.
namespace cs::api {
namespace {

TEST_F(GatewayCasesTest, Issue18OneUserCannotTakeEveryStreamSlot) {
  gateway_->Stop();
  api_.sse_streams_per_user = 2;
  gateway_ = std::make_unique<Gateway>(config_, api_, redis_, *SystemClock::Default(),
                                       StateBackend::kInProcess);
  ASSERT_TRUE(gateway_->Start().ok());
  client_ = std::make_unique<httplib::Client>("127.0.0.1", gateway_->port());
  auto desk = Auth("desk1");
  std::vector<std::thread> open;
  for (int i = 0; i < 2; ++i) {
    open.emplace_back([&] { ReadIds(gateway_->port(), desk, 100); });  // held for 5 s
  }
  std::this_thread::sleep_for(500ms);
  auto third = client_->Get("/v1/cases/stream", desk);
  ASSERT_TRUE(third);
  EXPECT_EQ(third->status, 429) << third->body;
  EXPECT_NE(third->body.find("sse_streams_per_user"), std::string::npos) << third->body;
  // Another user's stream still opens and delivers.
  EXPECT_EQ(ReadIds(gateway_->port(), Auth("patrol1"), 2), (std::vector<std::string>{"c1", "c4"}));
  for (auto& t : open) t.join();
  // Closed streams give their slots back, once the gateway has noticed the client left (at its
  // next keep-alive write, api.sse_keepalive_s = 1 here).
  std::vector<std::string> again;
  for (auto until = std::chrono::steady_clock::now() + 4s;
       again.empty() && std::chrono::steady_clock::now() < until;) {
    again = ReadIds(gateway_->port(), desk, 1);
    if (again.empty()) std::this_thread::sleep_for(200ms);
  }
  ASSERT_FALSE(again.empty()) << "the closed streams' slots were not given back";
  EXPECT_EQ(again[0], "c1");
}

TEST_F(GatewayCasesTest, Issue18StreamEndsWhenTheTokenExpires) {
  gateway_->Stop();
  ManualClock clock(FromMillis(1'771'300'000'000));
  api_.token_ttl_s = 60;
  gateway_ = std::make_unique<Gateway>(config_, api_, redis_, clock, StateBackend::kInProcess);
  ASSERT_TRUE(gateway_->Start().ok());
  client_ = std::make_unique<httplib::Client>("127.0.0.1", gateway_->port());
  auto desk = Auth("desk1");
  httplib::Client c("127.0.0.1", gateway_->port());
  c.set_read_timeout(5, 0);
  std::string got;
  std::atomic<bool> ended{false};
  std::thread reader([&] {
    c.Get("/v1/cases/stream", desk, [&](const char* data, size_t len) {
      got.append(data, len);
      return true;
    });
    ended = true;
  });
  std::this_thread::sleep_for(500ms);
  EXPECT_FALSE(ended) << "the stream is open while the token lives";
  clock.Advance(std::chrono::seconds(61));
  auto deadline = std::chrono::steady_clock::now() + 3s;
  while (!ended && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(50ms);
  EXPECT_TRUE(ended) << "the stream outlived its token";
  if (!ended) gateway_->Stop();
  reader.join();
  EXPECT_NE(got.find("event: error"), std::string::npos) << got;
  EXPECT_NE(got.find("\"status\":401"), std::string::npos) << got;
}

}  // namespace
}  // namespace cs::api

// Issue 16: over HTTPS a stream leaves its worker with its TLS session and is written by the
// event loop: the filtered events arrive encrypted, and REST is served beside it on one worker.
namespace cs::api {
namespace {

TEST_F(GatewayCasesTest, CaseStreamOverHttpsHoldsNoWorker) {
  const std::string dir = ::testing::TempDir() + "/cs_tls_sse_" + std::to_string(::getpid());
  ASSERT_TRUE(MakeTlsConfig(dir, config_)) << "openssl could not make a test certificate";
  gateway_->Stop();
  api_.threads = 2;
  gateway_ = std::make_unique<Gateway>(config_, api_, redis_, *SystemClock::Default(),
                                       StateBackend::kInProcess);
  ASSERT_TRUE(gateway_->Start().ok());
  auto tls = [&] {
    auto c = std::make_unique<httplib::SSLClient>("127.0.0.1", gateway_->port());
    c->enable_server_certificate_verification(false);
    c->set_read_timeout(5, 0);
    return c;
  };
  auto login = tls()->Post("/v1/auth/login", "{\"username\":\"patrol1\",\"password\":\"pw\"}",
                           "application/json");
  ASSERT_TRUE(login && login->status == 200);
  const std::string token = login->body.substr(login->body.find("\"token\":\"") + 9, 64);
  httplib::Headers h{{"Authorization", "Bearer " + token}};
  std::vector<std::thread> streams;
  std::mutex mu;
  std::vector<std::vector<std::string>> ids(3);
  for (int i = 0; i < 3; ++i) {  // more streams than workers
    streams.emplace_back([&, i] {
      auto c = tls();
      std::string buffer;
      auto start = std::chrono::steady_clock::now();
      c->Get("/v1/cases/stream", h, [&](const char* data, size_t len) {
        buffer.append(data, len);
        std::lock_guard<std::mutex> lock(mu);
        size_t at;
        while ((at = buffer.find("id: ")) != std::string::npos) {
          auto end = buffer.find('\n', at);
          if (end == std::string::npos) break;
          ids[i].push_back(buffer.substr(at + 4, end - at - 4));
          buffer.erase(0, end);
        }
        return std::chrono::steady_clock::now() - start < 2s;
      });
    });
  }
  std::this_thread::sleep_for(500ms);
  auto me = tls()->Get("/v1/me", h);
  ASSERT_TRUE(me);
  EXPECT_EQ(me->status, 200) << "REST waited behind the streams";
  for (auto& t : streams) t.join();
  // The first stream opened the feed (the fake replays c1..c4 at the start of a watch); every
  // stream sees only the patrol's events.
  size_t with_events = 0;
  for (const auto& got : ids) {
    for (const auto& id : got) EXPECT_TRUE(id == "c1" || id == "c4") << id;
    if (!got.empty()) ++with_events;
  }
  EXPECT_GE(with_events, 1u);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace cs::api
