// Issue 16: two gateways in one process on one private redis-server, as two replicas behind a
// load balancer, with a fake crowd-service for the alert stream. A token from one works on the
// other; a logout on one is refused by the other and ends the other's open stream within the
// stated bound (1.25 s); a new gateway (a restart) keeps every session; login and per-token
// limits are one budget for both. tests/integration/api_replicas_test does the same with the
// real binary, killed with SIGKILL.
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <atomic>
#include <cstdio>
#include <thread>

#include "common/redis/hiredis_client.h"
#include "common/testing/redis_server.h"
#include "crowdsafe/v1/crowd.grpc.pb.h"
#include "mobile-api/gateway.h"

namespace cs::api {
namespace {

using namespace std::chrono_literals;
namespace v1 = crowdsafe::v1;

// Holds every alert watch open until the gateway cancels it.
class QuietCrowd final : public v1::CrowdService::Service {
 public:
  grpc::Status WatchAlerts(grpc::ServerContext* ctx, const v1::WatchAlertsRequest*,
                           grpc::ServerWriter<v1::AlertEvent>*) override {
    while (!ctx->IsCancelled()) std::this_thread::sleep_for(20ms);
    return grpc::Status::CANCELLED;
  }
};

class GatewayReplicasTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(redis_.Start().ok());
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
    builder.RegisterService(&crowd_);
    crowd_server_ = builder.BuildAndStart();
    ASSERT_NE(port, 0);
    config_.service = "api";
    config_.venue.id = "ocean";
    config_.server.listen = "127.0.0.1:0";
    config_.upstreams["crowd"] = "127.0.0.1:" + std::to_string(port);
    api_.web_root = "/nonexistent";
    api_.sse_keepalive_s = 1;
    api_.login_per_minute_per_ip = 1000;
    api_.requests_per_s_per_token = 0.001;  // no refill during the test: the burst is the budget
    api_.request_burst_per_token = 1000;
    for (auto [name, role] : {std::pair{"patrol1", Role::kPatrol}, std::pair{"desk1", Role::kDesk},
                              std::pair{"press1", Role::kPress}}) {
      User u;
      u.username = name;
      u.role = role;
      u.password_hash = *HashPassword("pw", "min");
      api_.users.push_back(u);
    }
    a_ = StartReplica(0);
    b_ = StartReplica(1);
  }
  void TearDown() override {
    for (auto& g : gateways_) {
      if (g) g->Stop();
    }
    crowd_server_->Shutdown(std::chrono::system_clock::now() + 1s);
  }

  // A replica with its own Redis connection, as a separate process would have.
  int StartReplica(int slot) {
    if (gateways_[slot]) gateways_[slot]->Stop();
    gateways_[slot].reset();
    clients_[slot] = std::make_unique<HiredisClient>(redis_.Config());
    gateways_[slot] =
        std::make_unique<Gateway>(config_, api_, *clients_[slot], *SystemClock::Default());
    EXPECT_TRUE(gateways_[slot]->Start().ok());
    return gateways_[slot]->port();
  }

  static httplib::Result Post(int port, const std::string& path, const std::string& token,
                              const std::string& body) {
    httplib::Client c("127.0.0.1", port);
    c.set_read_timeout(5, 0);
    httplib::Headers h;
    if (!token.empty()) h.emplace("Authorization", "Bearer " + token);
    return c.Post(path.c_str(), h, body, "application/json");
  }
  static int Get(int port, const std::string& path, const std::string& token) {
    httplib::Client c("127.0.0.1", port);
    c.set_read_timeout(5, 0);
    auto res = c.Get(path.c_str(), {{"Authorization", "Bearer " + token}});
    return res ? res->status : -1;
  }
  static std::string Login(int port, const std::string& user, const std::string& pw = "pw") {
    auto res = Post(port, "/v1/auth/login", "",
                    "{\"username\":\"" + user + "\",\"password\":\"" + pw + "\"}");
    if (!res || res->status != 200) return "";
    return res->body.substr(res->body.find("\"token\":\"") + 9, 64);
  }
  static int LoginStatus(int port, const std::string& user, const std::string& pw) {
    auto res = Post(port, "/v1/auth/login", "",
                    "{\"username\":\"" + user + "\",\"password\":\"" + pw + "\"}");
    return res ? res->status : -1;
  }

  testing::RedisServer redis_;
  QuietCrowd crowd_;
  std::unique_ptr<grpc::Server> crowd_server_;
  ServiceConfig config_;
  ApiConfig api_;
  std::unique_ptr<HiredisClient> clients_[2];
  std::unique_ptr<Gateway> gateways_[2];
  int a_ = 0, b_ = 0;
};

TEST_F(GatewayReplicasTest, ATokenFromOneGatewayWorksOnTheOther) {
  std::string token = Login(a_, "desk1");
  ASSERT_FALSE(token.empty());
  EXPECT_EQ(Get(b_, "/v1/me", token), 200);
  EXPECT_EQ(Get(a_, "/v1/me", token), 200);
  EXPECT_EQ(Get(b_, "/metrics", token), 403);  // the role travels with the session
}

TEST_F(GatewayReplicasTest, ALogoutOnOneIsRefusedOnTheOther) {
  std::string token = Login(a_, "patrol1");
  ASSERT_EQ(Get(b_, "/v1/me", token), 200);
  auto out = Post(a_, "/v1/auth/logout", token, "");
  ASSERT_TRUE(out);
  EXPECT_EQ(out->status, 200) << out->body;
  EXPECT_EQ(Get(b_, "/v1/me", token), 401);
  EXPECT_EQ(Get(a_, "/v1/me", token), 401);
}

TEST_F(GatewayReplicasTest, ARevocationOnOneIsRefusedOnTheOther) {
  std::string patrol = Login(a_, "patrol1");
  std::string desk = Login(b_, "desk1");
  auto res = Post(b_, "/v1/auth/revoke", desk, R"({"username":"patrol1"})");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(Get(a_, "/v1/me", patrol), 401);
}

TEST_F(GatewayReplicasTest, ARestartedGatewayKeepsEverySession) {
  std::string token = Login(a_, "desk1");
  a_ = StartReplica(0);  // a new gateway with a new connection: nothing carried over in memory
  EXPECT_EQ(Get(a_, "/v1/me", token), 200);
}

TEST_F(GatewayReplicasTest, LoginLimitsAreOneBudgetForBothGateways) {
  // 5 per minute per address and user (the default): alternating gateways does not double it.
  int refused = 0, checked = 0;
  for (int i = 0; i < 8; ++i) {
    int status = LoginStatus(i % 2 ? b_ : a_, "press1", "wrong");
    (status == 429 ? refused : checked) += 1;
    EXPECT_TRUE(status == 401 || status == 429) << status;
  }
  EXPECT_EQ(checked, 5);
  EXPECT_EQ(refused, 3);
}

TEST_F(GatewayReplicasTest, PerTokenLimitsAreOneBudgetForBothGateways) {
  for (int slot : {0, 1}) gateways_[slot]->Stop();
  api_.request_burst_per_token = 6;
  a_ = StartReplica(0);
  b_ = StartReplica(1);
  std::string token = Login(a_, "desk1");
  int ok = 0, limited = 0;
  for (int i = 0; i < 10; ++i) {
    int status = Get(i % 2 ? b_ : a_, "/v1/me", token);
    (status == 200 ? ok : limited) += 1;
  }
  EXPECT_EQ(ok, 6);
  EXPECT_EQ(limited, 4);
}

// An open alert stream on A ends once the token is logged out on B: the stream asks the store
// at most once a second and wakes every quarter second, so within 1.25 s (2 s allowed here).
TEST_F(GatewayReplicasTest, ALogoutOnOneEndsTheStreamOpenOnTheOther) {
  std::string token = Login(a_, "desk1");
  httplib::Client c("127.0.0.1", a_);
  c.set_read_timeout(10, 0);
  std::string got;
  std::mutex mu;
  std::atomic<bool> open{false}, ended{false};
  std::thread reader([&] {
    c.Get("/v1/alerts/stream", {{"Authorization", "Bearer " + token}},
          [&](const char* data, size_t len) {
            std::lock_guard<std::mutex> lock(mu);
            got.append(data, len);
            open = true;
            return true;
          });
    ended = true;
  });
  auto deadline = std::chrono::steady_clock::now() + 5s;
  while (!open && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(20ms);
  auto out = Post(b_, "/v1/auth/logout", token, "");
  if (!open || ended || !out || out->status != 200) {
    gateways_[0]->Stop();  // ends the stream, so the reader can be joined
    reader.join();
    FAIL() << "the stream did not open, ended early, or the logout failed";
  }
  const auto logged_out = std::chrono::steady_clock::now();
  while (!ended && std::chrono::steady_clock::now() - logged_out < 5s) {
    std::this_thread::sleep_for(10ms);
  }
  const auto took = std::chrono::steady_clock::now() - logged_out;
  if (!ended) gateways_[0]->Stop();
  reader.join();
  EXPECT_TRUE(ended);
  const auto took_ms = std::chrono::duration_cast<std::chrono::milliseconds>(took).count();
  std::printf("stream ended %lld ms after the logout on the other gateway\n",
              static_cast<long long>(took_ms));
  EXPECT_LT(took, 2s) << took_ms << " ms";
  std::lock_guard<std::mutex> lock(mu);
  EXPECT_NE(got.find("event: error"), std::string::npos) << got;
  EXPECT_NE(got.find("\"status\":401"), std::string::npos) << got;
}

}  // namespace
}  // namespace cs::api
