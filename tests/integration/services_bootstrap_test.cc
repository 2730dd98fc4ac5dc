// Each of the five binaries, as a real process on a private Redis: it starts from config/,
// reports SERVING (gRPC health, or HTTP for mobile-api), lists its services by reflection, follows
// Redis down and up in its health, and stops cleanly on SIGTERM.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>

#include <thread>

#include "common/grpc/health_probe.h"
#include "common/testing/child_process.h"
#include "common/testing/redis_server.h"

namespace cs {
namespace {

using namespace std::chrono_literals;
using testing::BinaryPath;
using testing::ChildProcess;
using testing::SourcePath;

struct Binary {
  std::string name;         // binary
  std::string config;       // config/services/<config>.yaml
  std::string grpc_service; // "" for mobile-api (HTTP)
};

class ServicesBootstrapTest : public ::testing::TestWithParam<Binary> {
 protected:
  void SetUp() override { ASSERT_TRUE(redis_.Start().ok()); }

  void StartBinary(ChildProcess& child) {
    const Binary& b = GetParam();
    ASSERT_TRUE(child
                    .Start({BinaryPath(b.name), "--config",
                            SourcePath("config/services/" + b.config + ".yaml"), "--listen",
                            "127.0.0.1:0", "--redis-port", std::to_string(redis_.port()),
                            "--redis-wait", "5"},
                           redis_.dir() + "/" + b.name + ".log")
                    .ok());
    auto port = child.WaitForListening(15s);
    ASSERT_TRUE(port.ok()) << port.status();
    port_ = *port;
  }

  // Polls health until it matches `want`; health watchers run once a second.
  bool HealthBecomes(bool want, std::chrono::seconds within) {
    auto deadline = std::chrono::steady_clock::now() + within;
    while (std::chrono::steady_clock::now() < deadline) {
      if (Healthy() == want) return true;
      std::this_thread::sleep_for(100ms);
    }
    return false;
  }

  bool Healthy() {
    if (GetParam().grpc_service.empty()) {
      httplib::Client http("127.0.0.1", port_);
      http.set_read_timeout(1, 0);
      auto res = http.Get("/healthz");
      return res && res->status == 200;
    }
    auto serving = CheckServing("127.0.0.1:" + std::to_string(port_), "", 500ms);
    return serving.ok() && *serving;
  }

  testing::RedisServer redis_;
  int port_ = 0;
};

TEST_P(ServicesBootstrapTest, ServesHealthyListsServicesAndStopsCleanly) {
  ChildProcess child;
  StartBinary(child);
  if (HasFatalFailure()) return;
  EXPECT_TRUE(HealthBecomes(true, 5s));
  const Binary& b = GetParam();
  if (!b.grpc_service.empty()) {
    auto services = ListServicesByReflection("127.0.0.1:" + std::to_string(port_), 2s);
    ASSERT_TRUE(services.ok()) << services.status();
    EXPECT_THAT(*services, ::testing::Contains("grpc.health.v1.Health"));
    if (b.grpc_service != "-") {
      EXPECT_THAT(*services, ::testing::Contains(b.grpc_service));
    }
    auto named = CheckServing("127.0.0.1:" + std::to_string(port_),
                              b.grpc_service == "-" ? "" : b.grpc_service, 500ms);
    ASSERT_TRUE(named.ok());
    EXPECT_TRUE(*named);
  }
  child.Signal(SIGTERM);
  auto code = child.Wait(10s);
  ASSERT_TRUE(code.has_value()) << "did not stop within 10 s of SIGTERM";
  EXPECT_EQ(*code, 0);
}

TEST_P(ServicesBootstrapTest, HealthFollowsRedisDownAndUp) {
  ChildProcess child;
  StartBinary(child);
  if (HasFatalFailure()) return;
  ASSERT_TRUE(HealthBecomes(true, 5s));
  redis_.Kill();
  EXPECT_TRUE(HealthBecomes(false, 5s)) << "still healthy with Redis down";
  ASSERT_TRUE(redis_.Restart().ok());
  EXPECT_TRUE(HealthBecomes(true, 5s)) << "did not recover within 5 s of Redis coming back";
  child.Signal(SIGTERM);
  EXPECT_EQ(child.Wait(10s).value_or(-1), 0);
}

TEST(ServicesBootstrapFailureTest, BadConfigExitsWithAClearError) {
  ChildProcess child;
  ASSERT_TRUE(child.Start({BinaryPath("crowd-service"), "--config", "/nonexistent/crowd.yaml"}).ok());
  EXPECT_EQ(child.Wait(10s).value_or(-1), 2);
}

INSTANTIATE_TEST_SUITE_P(
    AllBinaries, ServicesBootstrapTest,
    ::testing::Values(Binary{"crowd-service", "crowd", "crowdsafe.v1.CrowdService"},
                      Binary{"case-service", "cases", "crowdsafe.v1.CaseService"},
                      Binary{"appeal-service", "appeals", "crowdsafe.v1.AppealService"},
                      Binary{"vision-worker", "vision", "-"},
                      Binary{"mobile-api", "api", ""}),
    [](const auto& info) {
      std::string n = info.param.name;
      for (auto& c : n)
        if (c == '-') c = '_';
      return n;
    });

}  // namespace
}  // namespace cs
