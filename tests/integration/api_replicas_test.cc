// Issue 16: two mobile-api processes from the shipped config (config/services/api.yaml, demo
// users "<user>-demo") on one private Redis, no services behind them. A token from one works on
// the other; one killed with SIGKILL and started again still accepts it; a logout on one is
// refused by the other; the login limit per address and user is one budget for both; a spoofed
// X-Forwarded-For from a peer that is not a trusted proxy changes nothing.
#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>

#include <fstream>
#include <sstream>

#include "common/testing/child_process.h"
#include "common/testing/redis_server.h"

namespace cs::testing {
namespace {

using namespace std::chrono_literals;

class ApiReplicasTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(redis_.Start().ok());
    std::ifstream in(SourcePath("config/services/api.yaml"));
    std::stringstream text;
    text << in.rdbuf();
    std::string yaml = text.str();
    const int closed = RedisServer::PickFreePort();
    for (auto [from, to] : std::vector<std::pair<std::string, std::string>>{
             {"venue_file: ../venues/ocean.yaml",
              "venue_file: " + SourcePath("config/venues/ocean.yaml")},
             {"web_root: ../../web/dist", "web_root: " + redis_.dir()},
             // Many logins from 127.0.0.1 in this test; the per-user limit (5/min) stays.
             {"login_per_minute_per_ip: 10", "login_per_minute_per_ip: 1000"},
             {"crowd: 127.0.0.1:50051", "crowd: 127.0.0.1:" + std::to_string(closed)},
             {"cases: 127.0.0.1:50052", "cases: 127.0.0.1:" + std::to_string(closed)},
             {"appeals: 127.0.0.1:50053", "appeals: 127.0.0.1:" + std::to_string(closed)}}) {
      auto pos = yaml.find(from);
      ASSERT_NE(pos, std::string::npos) << from;
      yaml.replace(pos, from.size(), to);
    }
    config_ = redis_.dir() + "/api.yaml";
    std::ofstream(config_) << yaml;
    a_ = Launch(api_[0], "api_a");
    b_ = Launch(api_[1], "api_b");
    ASSERT_GT(a_, 0);
    ASSERT_GT(b_, 0);
  }

  int Launch(ChildProcess& p, const std::string& log) {
    auto s = p.Start({BinaryPath("mobile-api"), "--config", config_, "--listen", "127.0.0.1:0",
                      "--redis-port", std::to_string(redis_.port()), "--redis-wait", "5"},
                     redis_.dir() + "/" + log + ".log");
    if (!s.ok()) return -1;
    auto port = p.WaitForListening(20s);
    return port.ok() ? *port : -1;
  }

  static httplib::Result Call(int port, const std::string& method, const std::string& path,
                              const std::string& token, const std::string& body = "",
                              httplib::Headers h = {}) {
    httplib::Client c("127.0.0.1", port);
    c.set_read_timeout(10, 0);
    if (!token.empty()) h.emplace("Authorization", "Bearer " + token);
    if (method == "GET") return c.Get(path.c_str(), h);
    return c.Post(path.c_str(), h, body, "application/json");
  }
  static int Status(const httplib::Result& r) { return r ? r->status : -1; }
  static std::string Login(int port, const std::string& user) {
    auto res = Call(port, "POST", "/v1/auth/login", "",
                    "{\"username\":\"" + user + "\",\"password\":\"" + user + "-demo\"}");
    if (!res || res->status != 200) return "";
    return res->body.substr(res->body.find("\"token\":\"") + 9, 64);
  }

  RedisServer redis_;
  std::string config_;
  ChildProcess api_[3];  // A, B, and A started again
  int a_ = 0, b_ = 0;
};

TEST_F(ApiReplicasTest, Issue16SessionsAreSharedSurviveAKillAndEndEverywhere) {
  std::string token = Login(a_, "patrol1");
  ASSERT_FALSE(token.empty());
  EXPECT_EQ(Status(Call(b_, "GET", "/v1/me", token)), 200);
  // kill -9 and start again: the session is in Redis, not in the process.
  api_[0].Signal(SIGKILL);
  ASSERT_TRUE(api_[0].Wait(5s).has_value());
  a_ = Launch(api_[2], "api_a_again");
  ASSERT_GT(a_, 0);
  EXPECT_EQ(Status(Call(a_, "GET", "/v1/me", token)), 200);
  // A logout on B holds on A.
  EXPECT_EQ(Status(Call(b_, "POST", "/v1/auth/logout", token)), 200);
  EXPECT_EQ(Status(Call(a_, "GET", "/v1/me", token)), 401);
  // The desk ends a patrol officer's sessions on one replica; the other refuses them.
  std::string patrol = Login(a_, "patrol2");
  std::string desk = Login(b_, "desk1");
  ASSERT_FALSE(patrol.empty() || desk.empty());
  EXPECT_EQ(Status(Call(b_, "POST", "/v1/auth/revoke", desk, R"({"username":"patrol2"})")), 200);
  EXPECT_EQ(Status(Call(a_, "GET", "/v1/me", patrol)), 401);
}

TEST_F(ApiReplicasTest, Issue16TheLoginLimitIsOneBudgetAndIgnoresASpoofedForwardedFor) {
  int checked = 0, refused = 0;
  for (int i = 0; i < 8; ++i) {
    // A different made-up address each time: the shipped config trusts no proxy.
    httplib::Headers spoof{{"X-Forwarded-For", "203.0.113." + std::to_string(i + 1)}};
    int status = Status(Call(i % 2 ? b_ : a_, "POST", "/v1/auth/login", "",
                             R"({"username":"press1","password":"guess"})", spoof));
    EXPECT_TRUE(status == 401 || status == 429) << status;
    (status == 429 ? refused : checked) += 1;
  }
  EXPECT_EQ(checked, 5);  // login_per_minute_per_user: 5, across both replicas
  EXPECT_EQ(refused, 3);
}

}  // namespace
}  // namespace cs::testing
