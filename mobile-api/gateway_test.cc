// The gateway in-process on a private Redis, with its upstreams pointing at a closed port: every
// check that happens before a service is called (tokens, roles, limits, body decoding, static
// files, OpenAPI against the registered routes) and the mapping of an unreachable service.
#include "mobile-api/gateway.h"

#include <arpa/inet.h>
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "common/redis/hiredis_client.h"
#include "common/testing/child_process.h"
#include "common/testing/redis_server.h"

namespace cs::api {
namespace {

namespace fs = std::filesystem;

std::string Hash(const std::string& pw) { return *HashPassword(pw, "min"); }

google::protobuf::Struct ParseStruct(const std::string& json) {
  google::protobuf::Struct s;
  EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(json, &s).ok()) << json;
  return s;
}

class GatewayTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(redis_.Start().ok());
    redis_client_ = std::make_unique<HiredisClient>(redis_.Config());
    auto venue = LoadVenue(testing::SourcePath("config/venues/ocean.yaml"));
    ASSERT_TRUE(venue.ok()) << venue.status();
    config_.service = "api";
    config_.venue = *venue;
    config_.server.listen = "127.0.0.1:0";
    int closed = testing::RedisServer::PickFreePort();
    for (const char* up : {"crowd", "cases", "appeals"}) {
      config_.upstreams[up] = "127.0.0.1:" + std::to_string(closed);
    }
    web_ = redis_.dir() + "/web";
    fs::create_directories(web_ + "/dist");
    std::ofstream(web_ + "/dist/index.html") << "<h1>desk</h1>";
    std::ofstream(web_ + "/secret.txt") << "secret";
    api_.web_root = web_ + "/dist";
    api_.token_ttl_s = 3600;
    // Room for the channel's retries of a read (common/grpc/client_channel.h: 3 attempts, backoff
    // from 100 ms) to end in the upstream's own UNAVAILABLE, which is the 503 these tests expect;
    // at 300 ms a loaded machine ran out of time first and answered 504.
    api_.upstream_timeout_ms = 2000;
    api_.login_per_minute_per_ip = 1000;
    for (auto [name, role] :
         {std::pair{"patrol1", Role::kPatrol}, std::pair{"desk1", Role::kDesk},
          std::pair{"press1", Role::kPress}, std::pair{"admin1", Role::kAdmin}}) {
      User u;
      u.username = name;
      u.role = role;
      u.password_hash = Hash(std::string("pw-") + name);
      if (role == Role::kPatrol) u.zones = {"penguin"};
      api_.users.push_back(u);
    }
    gateway_ = std::make_unique<Gateway>(config_, api_, *redis_client_, clock_);
    ASSERT_TRUE(gateway_->Start().ok());
    client_ = std::make_unique<httplib::Client>("127.0.0.1", gateway_->port());
    client_->set_read_timeout(5, 0);
  }

  std::string Login(const std::string& user) {
    auto res = client_->Post("/v1/auth/login",
                             "{\"username\":\"" + user + "\",\"password\":\"pw-" + user + "\"}",
                             "application/json");
    EXPECT_TRUE(res);
    if (!res) return "";
    EXPECT_EQ(res->status, 200) << res->body;
    auto body = ParseStruct(res->body);
    return body.fields().at("token").string_value();
  }

  httplib::Result Send(const std::string& method, const std::string& path, const std::string& token,
                       const std::string& body = "", const std::string& type = "application/json") {
    httplib::Headers h;
    if (!token.empty()) h.emplace("Authorization", "Bearer " + token);
    if (method == "GET") return client_->Get(path.c_str(), h);
    if (method == "PUT") return client_->Put(path.c_str(), h, body, type.c_str());
    return client_->Post(path.c_str(), h, body, type.c_str());
  }

  void ExpectProblem(const httplib::Result& res, int status, const std::string& field) {
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, status) << res->body;
    EXPECT_EQ(res->get_header_value("Content-Type"), "application/problem+json") << res->body;
    auto body = ParseStruct(res->body);
    EXPECT_EQ(body.fields().at("status").number_value(), status);
    if (!field.empty()) {
      ASSERT_TRUE(body.fields().count("field")) << res->body;
      EXPECT_EQ(body.fields().at("field").string_value(), field) << res->body;
    }
  }

  testing::RedisServer redis_;
  std::unique_ptr<HiredisClient> redis_client_;
  ServiceConfig config_;
  ApiConfig api_;
  ManualClock clock_{FromMillis(1'771'300'000'000)};
  std::string web_;
  std::unique_ptr<Gateway> gateway_;
  std::unique_ptr<httplib::Client> client_;
};

// A concrete path for a template, with placeholder ids.
std::string Concrete(const std::string& path) {
  std::string out;
  for (size_t i = 0; i < path.size(); ++i) {
    if (path[i] == '{') {
      i = path.find('}', i);
      out += "x1";
    } else {
      out += path[i];
    }
  }
  return out;
}

// Issue 16: 2,000 phones reconnecting at once overflowed httplib's listen backlog of 5 and
// waited out SYN retries. The kernel reports a listening socket's backlog in tcpi_sacked.
int ListenBacklogOfPort(int port) {
  for (int fd = 0; fd < 4096; ++fd) {
    sockaddr_in a{};
    socklen_t len = sizeof a;
    int listening = 0;
    socklen_t ilen = sizeof listening;
    if (::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) != 0 || a.sin_family != AF_INET ||
        ntohs(a.sin_port) != port ||
        ::getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &ilen) != 0 || !listening) {
      continue;
    }
    tcp_info info{};
    socklen_t tlen = sizeof info;
    if (::getsockopt(fd, IPPROTO_TCP, TCP_INFO, &info, &tlen) != 0) return -1;
    return static_cast<int>(info.tcpi_sacked);
  }
  return -1;
}

TEST_F(GatewayTest, Issue16ListensWithTheConfiguredBacklog) {
  std::ifstream somaxconn("/proc/sys/net/core/somaxconn");
  int cap = 0;
  somaxconn >> cap;
  ASSERT_GT(cap, 0);
  EXPECT_EQ(ListenBacklogOfPort(gateway_->port()), std::min(api_.listen_backlog, cap));
  gateway_->Stop();
  api_.listen_backlog = 100;
  gateway_ = std::make_unique<Gateway>(config_, api_, *redis_client_, clock_);
  ASSERT_TRUE(gateway_->Start().ok());
  EXPECT_EQ(ListenBacklogOfPort(gateway_->port()), std::min(100, cap));
}

// Issue 16: like every crowdsafe server, the gateway refuses plain HTTP off loopback unless the
// config says insecure in so many words.
TEST_F(GatewayTest, Issue16PlainHttpOffLoopbackNeedsInsecureSaid) {
  ServiceConfig open = config_;
  open.server.listen = "0.0.0.0:0";
  Gateway refused(open, api_, *redis_client_, clock_);
  auto status = refused.Start();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
  EXPECT_NE(status.message().find("server.tls"), std::string_view::npos) << status;
  open.server.insecure = true;
  Gateway said(open, api_, *redis_client_, clock_);
  EXPECT_TRUE(said.Start().ok());
  said.Stop();
}

TEST_F(GatewayTest, LoginAnswersTokenRoleZonesAndRefusesBadPasswords) {
  auto res = client_->Post("/v1/auth/login", R"({"username":"patrol1","password":"pw-patrol1"})",
                           "application/json");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  auto body = ParseStruct(res->body);
  EXPECT_EQ(body.fields().at("role").string_value(), "patrol");
  EXPECT_EQ(body.fields().at("zones").list_value().values(0).string_value(), "penguin");
  EXPECT_EQ(body.fields().at("expiresAt").string_value(), "2026-02-17T04:46:40Z");
  ExpectProblem(client_->Post("/v1/auth/login", R"({"username":"patrol1","password":"x"})",
                              "application/json"),
                401, "");
  ExpectProblem(client_->Post("/v1/auth/login", R"({"username":"patrol1","pasword":"x"})",
                              "application/json"),
                400, "pasword");
  ExpectProblem(client_->Post("/v1/auth/login", R"({"username":"patrol1")", "application/json"),
                400, "body");
  ExpectProblem(client_->Post("/v1/auth/login", R"({"username":7})", "application/json"), 400,
                "username");
  ExpectProblem(client_->Post("/v1/auth/login", "username=a", "application/x-www-form-urlencoded"),
                415, "Content-Type");
}

TEST_F(GatewayTest, TokensAreRequiredAndExpire) {
  ExpectProblem(Send("GET", "/v1/occupancy", ""), 401, "Authorization");
  ExpectProblem(Send("GET", "/v1/occupancy", "not-a-token"), 401, "Authorization");
  std::string token = Login("desk1");
  auto me = Send("GET", "/v1/me", token);
  ASSERT_TRUE(me);
  EXPECT_EQ(me->status, 200);
  EXPECT_NE(me->body.find("\"role\":\"ROLE_DESK\""), std::string::npos) << me->body;
  clock_.Advance(std::chrono::seconds(3600));
  ExpectProblem(Send("GET", "/v1/me", token), 401, "Authorization");
}

// Every route of the table, every role: forbidden roles get 403 before anything else happens;
// allowed roles are never refused for their role.
TEST_F(GatewayTest, RoleMatrixCoversEveryRoute) {
  std::map<Role, std::string> tokens = {{Role::kPatrol, Login("patrol1")},
                                        {Role::kDesk, Login("desk1")},
                                        {Role::kPress, Login("press1")},
                                        {Role::kAdmin, Login("admin1")}};
  for (const auto& r : AllRoutes()) {
    for (const auto& [role, token] : tokens) {
      if (r.sse && r.Allows(role)) continue;  // a stream stays open; covered in api_e2e_test
      // A logout would end the token the rest of the matrix needs (Issue16Logout... below).
      if (r.Key() == "POST /v1/auth/logout" && r.Allows(role)) continue;
      auto res = Send(r.method, Concrete(r.path), token, "{}");
      ASSERT_TRUE(res) << r.Key();
      if (r.Public()) {
        EXPECT_NE(res->status, 403) << r.Key();
      } else if (r.Allows(role)) {
        EXPECT_NE(res->status, 403) << r.Key() << " as " << RoleName(role) << ": " << res->body;
        EXPECT_NE(res->status, 401) << r.Key() << " as " << RoleName(role);
      } else {
        EXPECT_EQ(res->status, 403) << r.Key() << " as " << RoleName(role) << ": " << res->body;
      }
    }
  }
}

TEST_F(GatewayTest, BadBodiesAreProblemsNamingTheField) {
  std::string desk = Login("desk1");
  std::string patrol = Login("patrol1");
  ExpectProblem(Send("POST", "/v1/alerts/a1/acknowledge", desk, "{\"note\":"), 400, "body");
  ExpectProblem(Send("POST", "/v1/alerts/a1/acknowledge", desk, R"({"note":5})"), 400, "note");
  ExpectProblem(Send("POST", "/v1/alerts/a1/acknowledge", desk, R"({"nope":"x"})"), 400, "nope");
  // A body field is named as the body spells it (issue 12: camelCase field paths).
  ExpectProblem(Send("POST", "/v1/alerts/a1/acknowledge", desk, R"({"alertId":"other"})"), 400,
                "alertId");
  // The caller never chooses its own identity or role.
  ExpectProblem(Send("POST", "/v1/alerts/a1/acknowledge", desk,
                     R"({"actor":{"userId":"boss","role":"ROLE_ADMIN"}})"),
                400, "actor");
  ExpectProblem(Send("POST", "/v1/reports/found", patrol, R"({"report":{"venueId":"elsewhere"}})"),
                400, "report.venueId");
  ExpectProblem(Send("POST", "/v1/reports/found", patrol, R"({"photos":[{"data":"aGVsbG8="}]})"),
                400, "photos[0]");
  std::string big(api_.json_body_bytes + 10, ' ');
  ExpectProblem(Send("POST", "/v1/alerts/a1/acknowledge", desk, "{\"note\":\"" + big + "\"}"), 413,
                "body");
  std::string huge(api_.report_body_bytes + 10, 'x');
  ExpectProblem(Send("POST", "/v1/reports/found", patrol, huge), 413, "body");
  ExpectProblem(Send("GET", "/v1/occupancy/history?zone=penguin&minutes=abc", desk), 400,
                "minutes");
  ExpectProblem(Send("GET", "/v1/occupancy/history", desk), 400, "zone");
  ExpectProblem(Send("GET", "/v1/cases?state=lost", desk), 400, "state");
  ExpectProblem(Send("GET", "/v1/cameras/no-such-cam/heatmap.png", desk), 404, "camera_id");
}

TEST_F(GatewayTest, MultipartReportsNeedAReportPartAndRealPhotos) {
  std::string patrol = Login("patrol1");
  httplib::Headers h{{"Authorization", "Bearer " + patrol}};
  httplib::MultipartFormDataItems no_report = {{"photo", "GIF89a", "x.gif", "image/gif"}};
  ExpectProblem(client_->Post("/v1/reports/found", h, no_report), 400, "report");
  httplib::MultipartFormDataItems fake = {{"report", "{}", "", "application/json"},
                                          {"photo", "GIF89a", "x.gif", "image/gif"}};
  ExpectProblem(client_->Post("/v1/reports/found", h, fake), 400, "photos[0]");
  // Issue 18: the part's name is the client's and was echoed as the field and in the detail.
  httplib::MultipartFormDataItems odd = {{"report", "{}", "", "application/json"},
                                         {"evil-part-name", "x", "", "text/plain"}};
  auto refused = client_->Post("/v1/reports/found", h, odd);
  ExpectProblem(refused, 400, "parts");
  EXPECT_EQ(refused->body.find("evil-part-name"), std::string::npos) << refused->body;
}

TEST_F(GatewayTest, UnreachableServiceIs503Problem) {
  std::string desk = Login("desk1");
  ExpectProblem(Send("GET", "/v1/occupancy", desk), 503, "");
}

TEST_F(GatewayTest, OpenApiDocumentsExactlyTheRegisteredRoutes) {
  auto res = client_->Get("/v1/openapi.json");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200);
  auto doc = ParseStruct(res->body);
  std::set<std::string> documented;
  for (const auto& [path, item] : doc.fields().at("paths").struct_value().fields()) {
    for (const auto& [method, op] : item.struct_value().fields()) {
      std::string m = method;
      for (char& c : m) c = static_cast<char>(toupper(c));
      documented.insert(m + " " + path);
    }
  }
  EXPECT_EQ(documented, gateway_->registered());
  EXPECT_EQ(gateway_->registered().size(), AllRoutes().size());
}

TEST_F(GatewayTest, StaticFilesRefuseTraversal) {
  auto index = client_->Get("/");
  ASSERT_TRUE(index);
  EXPECT_EQ(index->status, 200);
  EXPECT_EQ(index->body, "<h1>desk</h1>");
  for (const char* bad : {"/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E%2Fsecret.txt",
                          "/..%2fsecret.txt", "//secret.txt", "/.%2e/secret.txt"}) {
    auto res = client_->Get(bad);
    ASSERT_TRUE(res) << bad;
    EXPECT_TRUE(res->status == 400 || res->status == 404) << bad << " " << res->status;
    EXPECT_EQ(res->body.find("secret"), std::string::npos) << bad;
    EXPECT_EQ(res->get_header_value("Content-Type"), "application/problem+json") << bad;
  }
  ExpectProblem(client_->Get("/v1/no-such-route"), 404, "");
}

TEST_F(GatewayTest, MetricsCountRequestsForTheAdminOnly) {
  std::string admin = Login("admin1");
  std::string desk = Login("desk1");
  ExpectProblem(Send("GET", "/metrics", desk), 403, "");
  auto res = Send("GET", "/metrics", admin);
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200);
  EXPECT_NE(
      res->body.find("cs_http_requests_total{route=\"POST /v1/auth/login\",status=\"200\"} 2"),
      std::string::npos)
      << res->body;
  EXPECT_NE(res->body.find("status=\"403\"} 1"), std::string::npos) << res->body;
  EXPECT_NE(res->body.find("cs_http_request_duration_seconds_bucket"), std::string::npos);
}

TEST_F(GatewayTest, LoginsAreRateLimitedPerUser) {
  int refused = 0;
  for (int i = 0; i < 8; ++i) {
    auto res = client_->Post("/v1/auth/login", R"({"username":"press1","password":"wrong"})",
                             "application/json");
    ASSERT_TRUE(res);
    if (res->status == 429) ++refused;
  }
  EXPECT_EQ(refused, 3);  // 5 per minute per user by default
  clock_.Advance(std::chrono::minutes(1));
  EXPECT_EQ(client_
                ->Post("/v1/auth/login", R"({"username":"press1","password":"pw-press1"})",
                       "application/json")
                ->status,
            200);
}

}  // namespace
}  // namespace cs::api

namespace cs::api {
namespace {

TEST_F(GatewayTest, RequestsAreRateLimitedPerToken) {
  std::string a = Login("desk1");
  std::string b = Login("patrol1");
  int ok = 0, limited = 0;
  for (int i = 0; i < 105; ++i) {  // the clock stands still: only the burst (100) is allowed
    auto res = Send("GET", "/v1/me", a);
    ASSERT_TRUE(res);
    (res->status == 200 ? ok : limited) += 1;
  }
  EXPECT_EQ(ok, 100);
  EXPECT_EQ(limited, 5);
  ExpectProblem(Send("GET", "/v1/me", a), 429, "");
  EXPECT_EQ(Send("GET", "/v1/me", b)->status, 200);  // another token is not affected
  clock_.Advance(std::chrono::seconds(1));           // 50 per second refill
  EXPECT_EQ(Send("GET", "/v1/me", a)->status, 200);
}

}  // namespace
}  // namespace cs::api

// Issue 18: hostile input and slow clients.
namespace cs::api {
namespace {

using namespace std::chrono_literals;

// A raw TCP connection to the gateway, for what httplib's client will not send.
int Connect(int port, const char* source = nullptr) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (source != nullptr) {
    sockaddr_in from{};
    from.sin_family = AF_INET;
    inet_pton(AF_INET, source, &from.sin_addr);
    ::bind(fd, reinterpret_cast<sockaddr*>(&from), sizeof from);
  }
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

TEST_F(GatewayTest, Issue18DeepJsonIsRefusedBeforeParsingNamingTheLimit) {
  // 32 KB of '[' without a token: before the fix protobuf's parser spent seconds on it and the
  // answer was "malformed JSON".
  auto res = client_->Post("/v1/auth/login", std::string(32 << 10, '['), "application/json");
  ExpectProblem(res, 400, "body");
  EXPECT_NE(res->body.find("nested deeper than 32 levels"), std::string::npos) << res->body;
}

TEST_F(GatewayTest, Issue18LongRequestLineIs414WithADetail) {
  auto res = client_->Get(("/" + std::string(9000, 'a')).c_str());
  ExpectProblem(res, 414, "path");
  EXPECT_NE(res->body.find("longer than 8192 bytes"), std::string::npos) << res->body;
  EXPECT_EQ(res->body.find("aaaa"), std::string::npos) << "the target is not echoed";
}

TEST_F(GatewayTest, Issue18SecurityHeadersOnTheDashboardAndTheApi) {
  for (const char* path : {"/", "/v1/me", "/v1/no-such-route"}) {
    auto res = client_->Get(path);
    ASSERT_TRUE(res) << path;
    const std::string csp = res->get_header_value("Content-Security-Policy");
    EXPECT_NE(csp.find("script-src 'self'"), std::string::npos) << path << ": " << csp;
    EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos) << path;
    EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos) << path;
    EXPECT_EQ(res->get_header_value("X-Content-Type-Options"), "nosniff") << path;
    EXPECT_EQ(res->get_header_value("X-Frame-Options"), "DENY") << path;
    EXPECT_EQ(res->get_header_value("Referrer-Policy"), "no-referrer") << path;
  }
}

// Five wrong passwords from one address used to lock the user out everywhere for a minute.
TEST_F(GatewayTest, Issue18WrongPasswordsElsewhereDoNotLockTheRealUserOut) {
  httplib::Client attacker("127.0.0.1", gateway_->port());
  attacker.set_socket_options([](socket_t fd) {
    sockaddr_in from{};
    from.sin_family = AF_INET;
    inet_pton(AF_INET, "127.0.0.2", &from.sin_addr);
    ::bind(fd, reinterpret_cast<sockaddr*>(&from), sizeof from);
  });
  int refused = 0;
  for (int i = 0; i < 8; ++i) {
    auto res = attacker.Post("/v1/auth/login", R"({"username":"desk1","password":"guess"})",
                             "application/json");
    ASSERT_TRUE(res);
    if (res->status == 429) ++refused;
  }
  EXPECT_EQ(refused, 3);  // the guesser is throttled...
  auto real = client_->Post("/v1/auth/login", R"({"username":"desk1","password":"pw-desk1"})",
                            "application/json");
  ASSERT_TRUE(real);
  EXPECT_EQ(real->status, 200) << real->body;  // ...the desk officer at 127.0.0.1 is not
}

// The public readiness route probes the upstreams at most once a second, over the gateway's
// long-lived channels: a stopped Redis shows only when the cached answer is a second old.
TEST_F(GatewayTest, Issue18HealthIsProbedAtMostOnceASecond) {
  auto first = client_->Get("/v1/health");
  ASSERT_TRUE(first);
  EXPECT_EQ(ParseStruct(first->body).fields().at("redis").string_value(), "SERVING");
  redis_.Stop();
  auto cached = client_->Get("/v1/health");
  ASSERT_TRUE(cached);
  EXPECT_EQ(cached->body, first->body);
  clock_.Advance(1100ms);
  auto fresh = client_->Get("/v1/health");
  ASSERT_TRUE(fresh);
  EXPECT_EQ(ParseStruct(fresh->body).fields().at("redis").string_value(), "UNREACHABLE")
      << fresh->body;
}

// Slowloris: clients that send their headers a byte at a time must not take the workers.
TEST_F(GatewayTest, Issue18SlowHeadersNeitherHoldWorkersNorStayForever) {
  gateway_->Stop();
  api_.threads = 4;
  api_.header_timeout_ms = 1500;
  gateway_ = std::make_unique<Gateway>(config_, api_, *redis_client_, clock_);
  ASSERT_TRUE(gateway_->Start().ok());
  std::vector<int> slow;
  for (int i = 0; i < 20; ++i) {  // five times the workers
    int fd = Connect(gateway_->port());
    ASSERT_GE(fd, 0);
    ASSERT_EQ(::send(fd, "GET /healthz HTTP/1.1\r\nHo", 25, MSG_NOSIGNAL), 25);
    slow.push_back(fd);
  }
  std::this_thread::sleep_for(200ms);
  httplib::Client c("127.0.0.1", gateway_->port());
  c.set_read_timeout(1, 0);
  c.set_connection_timeout(1, 0);
  auto res = c.Get("/healthz");
  ASSERT_TRUE(res) << "healthz waited behind the slow clients";
  EXPECT_EQ(res->status, 200);
  // The slow ones are answered 408 and closed once their header time is up.
  for (int fd : slow) {
    timeval tv{3, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    char buf[512];
    ssize_t n = ::recv(fd, buf, sizeof buf - 1, 0);
    ASSERT_GT(n, 0);
    buf[n] = 0;
    EXPECT_EQ(std::string(buf).rfind("HTTP/1.1 408", 0), 0u) << buf;
    ::close(fd);
  }
}

// A kept-alive connection still serves its next request, and pipelined requests both get
// answers (the gate hands back a connection with its unread bytes).
TEST_F(GatewayTest, Issue18KeepAliveAndPipelinedRequestsThroughTheGate) {
  int fd = Connect(gateway_->port());
  ASSERT_GE(fd, 0);
  const std::string one = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";
  const std::string two = one + one;
  ASSERT_EQ(::send(fd, two.data(), two.size(), MSG_NOSIGNAL), static_cast<ssize_t>(two.size()));
  timeval tv{3, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  std::string got;
  char buf[4096];
  auto count = [&] {
    size_t n = 0;
    for (size_t at = got.find("HTTP/1.1 200"); at != std::string::npos;
         at = got.find("HTTP/1.1 200", at + 1))
      ++n;
    return n;
  };
  while (count() < 2) {
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    ASSERT_GT(n, 0) << got;
    got.append(buf, static_cast<size_t>(n));
  }
  const std::string third = "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
  ASSERT_EQ(::send(fd, third.data(), third.size(), MSG_NOSIGNAL),
            static_cast<ssize_t>(third.size()));
  while (count() < 3) {
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    ASSERT_GT(n, 0) << got;
    got.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
}

}  // namespace
}  // namespace cs::api

namespace cs::api {
namespace {

// Issue 18: the login username reached the log raw; it goes through Redacted<T> now.
TEST_F(GatewayTest, Issue18LoginNamesNeverReachTheLog) {
  std::ostringstream out;
  auto previous = spdlog::default_logger();
  auto capture = std::make_shared<spdlog::logger>(
      "capture", std::make_shared<spdlog::sinks::ostream_sink_mt>(out));
  spdlog::set_default_logger(capture);
  auto refused = client_->Post("/v1/auth/login", R"({"username":"zhang.wei.guess","password":"x"})",
                               "application/json");
  auto accepted = client_->Post("/v1/auth/login", R"({"username":"desk1","password":"pw-desk1"})",
                                "application/json");
  capture->flush();
  spdlog::set_default_logger(previous);
  ASSERT_TRUE(refused && accepted);
  EXPECT_EQ(refused->status, 401);
  EXPECT_EQ(accepted->status, 200);
  const std::string log = out.str();
  EXPECT_NE(log.find("login refused user=***"), std::string::npos) << log;
  EXPECT_NE(log.find("login user=*** role=desk"), std::string::npos) << log;
  EXPECT_EQ(log.find("zhang.wei.guess"), std::string::npos) << log;
  EXPECT_EQ(log.find("desk1"), std::string::npos) << log;
}

}  // namespace
}  // namespace cs::api

// Issue 16: logout, revocation, trusted proxies and a Redis that is down, through one gateway on
// its private Redis (two gateways: gateway_replicas_test).
namespace cs::api {
namespace {

std::string Field(const httplib::Result& res, const std::string& name) {
  if (!res) return "";
  auto body = ParseStruct(res->body);
  if (!body.fields().count(name)) return "";
  const auto& v = body.fields().at(name);
  return v.has_number_value() ? std::to_string(static_cast<int>(v.number_value()))
                              : v.string_value();
}

TEST_F(GatewayTest, Issue16LogoutEndsTheCallersTokenOnly) {
  std::string phone = Login("desk1");
  std::string desk = Login("desk1");
  auto out = Send("POST", "/v1/auth/logout", phone);
  ASSERT_TRUE(out);
  EXPECT_EQ(out->status, 200) << out->body;
  EXPECT_EQ(Field(out, "revoked"), "1");
  ExpectProblem(Send("GET", "/v1/me", phone), 401, "Authorization");
  ExpectProblem(Send("POST", "/v1/auth/logout", phone), 401, "Authorization");
  EXPECT_EQ(Send("GET", "/v1/me", desk)->status, 200);  // the user's other session stays
}

TEST_F(GatewayTest, Issue16RevocationFollowsTheRoleRulesAndIsAuditedWithoutNames) {
  std::string patrol = Login("patrol1");
  std::string patrol_again = Login("patrol1");
  std::string desk = Login("desk1");
  std::string admin = Login("admin1");
  const std::string patrol_ref = SessionRef(patrol);
  std::ostringstream log;
  auto previous = spdlog::default_logger();
  auto capture = std::make_shared<spdlog::logger>(
      "capture", std::make_shared<spdlog::sinks::ostream_sink_mt>(log));
  spdlog::set_default_logger(capture);
  auto revoked = Send("POST", "/v1/auth/revoke", desk, R"({"username":"patrol1"})");
  auto peer = Send("POST", "/v1/auth/revoke", desk, R"({"username":"admin1"})");
  capture->flush();
  spdlog::set_default_logger(previous);
  ASSERT_TRUE(revoked);
  EXPECT_EQ(revoked->status, 200) << revoked->body;
  EXPECT_EQ(Field(revoked, "revoked"), "2");
  ExpectProblem(Send("GET", "/v1/me", patrol), 401, "Authorization");
  ExpectProblem(Send("GET", "/v1/me", patrol_again), 401, "Authorization");
  // The desk may end patrol officers' sessions only; an admin anyone's.
  ExpectProblem(peer, 403, "username");
  EXPECT_EQ(Send("GET", "/v1/me", admin)->status, 200);
  ExpectProblem(Send("POST", "/v1/auth/revoke", desk, R"({"username":"ghost"})"), 404, "username");
  ExpectProblem(Send("POST", "/v1/auth/revoke", desk, "{}"), 400, "username");
  std::string patrol2 = Login("patrol1");
  ExpectProblem(Send("POST", "/v1/auth/revoke", patrol2, R"({"username":"patrol1"})"), 403, "");
  auto by_admin = Send("POST", "/v1/auth/revoke", admin, R"({"username":"desk1"})");
  ASSERT_TRUE(by_admin);
  EXPECT_EQ(by_admin->status, 200) << by_admin->body;
  ExpectProblem(Send("GET", "/v1/me", desk), 401, "Authorization");
  // The audit line names roles and session refs, never a user or a token.
  const std::string text = log.str();
  EXPECT_NE(text.find("sessions revoked by_role=desk by_session=" + SessionRef(desk) +
                      " target_role=patrol revoked=2"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find(patrol_ref), std::string::npos) << text;
  EXPECT_EQ(text.find("patrol1"), std::string::npos) << text;
  EXPECT_EQ(text.find(patrol), std::string::npos) << text;
}

// Behind a proxy every login comes from the proxy: its X-Forwarded-For names the client, but
// only a configured proxy is believed.
TEST_F(GatewayTest, Issue16ForwardedForCountsOnlyFromATrustedProxy) {
  auto attempt = [&](const std::string& forwarded) {
    httplib::Headers h{{"X-Forwarded-For", forwarded}};
    auto res = client_->Post("/v1/auth/login", h, R"({"username":"press1","password":"x"})",
                             "application/json");
    return res ? res->status : -1;
  };
  gateway_->Stop();
  api_.login_per_minute_per_ip = 2;
  api_.login_per_minute_per_user = 100;
  // Untrusted peer: the header is ignored, so a spoofed address per attempt gains nothing.
  gateway_ = std::make_unique<Gateway>(config_, api_, *redis_client_, clock_);
  ASSERT_TRUE(gateway_->Start().ok());
  client_ = std::make_unique<httplib::Client>("127.0.0.1", gateway_->port());
  EXPECT_EQ(attempt("203.0.113.1"), 401);
  EXPECT_EQ(attempt("203.0.113.2"), 401);
  EXPECT_EQ(attempt("203.0.113.3"), 429);
  // The same requests through a trusted proxy (127.0.0.1): each client has its own limit.
  gateway_->Stop();
  clock_.Advance(std::chrono::minutes(2));
  api_.trusted_proxies = *TrustedProxies::Parse({"127.0.0.0/8"});
  gateway_ = std::make_unique<Gateway>(config_, api_, *redis_client_, clock_);
  ASSERT_TRUE(gateway_->Start().ok());
  client_ = std::make_unique<httplib::Client>("127.0.0.1", gateway_->port());
  EXPECT_EQ(attempt("203.0.113.1"), 401);
  EXPECT_EQ(attempt("203.0.113.1"), 401);
  EXPECT_EQ(attempt("203.0.113.1"), 429);
  EXPECT_EQ(attempt("203.0.113.2"), 401);  // another client behind the same proxy
  // A client prepending a fake address does not escape its own limit: the right-most counts.
  EXPECT_EQ(attempt("198.51.100.9, 203.0.113.1"), 429);
}

// Without Redis nothing is known about any token or limit: every login and authenticated
// request is refused with 503 (never 200, never an unlimited login).
TEST_F(GatewayTest, Issue16WithRedisDownLoginsAndTokensAre503) {
  std::string desk = Login("desk1");
  redis_.Kill();
  auto login = client_->Post("/v1/auth/login", R"({"username":"desk1","password":"pw-desk1"})",
                             "application/json");
  ExpectProblem(login, 503, "");
  EXPECT_EQ(login->get_header_value("Retry-After"), "1");
  ExpectProblem(Send("GET", "/v1/me", desk), 503, "");
  ExpectProblem(Send("POST", "/v1/auth/logout", desk), 503, "");
  ASSERT_TRUE(redis_.Restart().ok());
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  int status = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    auto me = Send("GET", "/v1/me", desk);
    status = me ? me->status : -1;
    if (status == 200) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(status, 200) << "the session outlived the Redis restart";
}

}  // namespace
}  // namespace cs::api
