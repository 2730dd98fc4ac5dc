// One client channel over two real case-service processes on one private Redis (issue 16):
// the channel's round_robin spreads calls over both (counted by each process's own metrics),
// and after a kill -9 of one, calls of an idempotent method keep succeeding: the channel retries
// UNAVAILABLE on the survivor and its balancer drops the dead backend.
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>

#include <fstream>
#include <regex>

#include "common/grpc/client_channel.h"
#include "common/testing/child_process.h"
#include "common/testing/redis_server.h"
#include "crowdsafe/v1/cases.grpc.pb.h"

namespace cs {
namespace {

using namespace std::chrono_literals;
namespace v1 = crowdsafe::v1;

const char* kListCases = "/crowdsafe.v1.CaseService/ListCases";

struct Backend {
  std::unique_ptr<testing::ChildProcess> process;
  int port = 0;
  int metrics_port = 0;
};

class ClientBalancingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(redis_.Start().ok());
    config_ = redis_.dir() + "/cases.yaml";
    std::ofstream(config_) << "service: cases\nserver:\n  listen: 127.0.0.1:0\n"
                           << "  metrics_listen: 127.0.0.1:0\nredis:\n  port: " << redis_.port()
                           << "\nvenue_file: " << testing::SourcePath("config/venues/ocean.yaml")
                           << "\n";
    for (int i = 0; i < 2; ++i) {
      auto& b = backends_[i];
      b.process = std::make_unique<testing::ChildProcess>();
      ASSERT_TRUE(b.process
                      ->Start({testing::BinaryPath("case-service"), "--config", config_},
                              redis_.dir() + "/cases" + std::to_string(i) + ".log")
                      .ok());
      auto port = b.process->WaitForListening(15s);
      ASSERT_TRUE(port.ok()) << port.status();
      b.port = *port;
      auto metrics = b.process->WaitForLine("METRICS ", 5s);
      ASSERT_TRUE(metrics.ok()) << metrics.status();
      b.metrics_port = std::atoi(metrics->c_str());
    }
    // The list form a config would carry: "a,b" becomes an ipv4: target for round_robin.
    auto channel = MakeClientChannel(
        "127.0.0.1:" + std::to_string(backends_[0].port) + ",127.0.0.1:" +
            std::to_string(backends_[1].port),
        {.services = {v1::CaseService::service_full_name()}});
    ASSERT_TRUE(channel.ok()) << channel.status();
    stub_ = v1::CaseService::NewStub(*channel);
  }

  grpc::Status ListCases() {
    v1::ListCasesRequest req;
    req.set_venue_id("ocean");
    req.mutable_actor()->set_user_id("desk.wang");
    req.mutable_actor()->set_role(v1::ROLE_DESK);
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + 5s);
    v1::ListCasesResponse out;
    return stub_->ListCases(&ctx, req, &out);
  }

  // How many ListCases calls the process answered OK, from its own /metrics.
  int Served(const Backend& b) {
    httplib::Client client("127.0.0.1", b.metrics_port);
    auto res = client.Get("/metrics");
    if (!res || res->status != 200) return -1;
    std::regex line(std::string("cs_grpc_requests_total\\{route=\"") + kListCases +
                    "\",status=\"OK\"\\} ([0-9]+)");
    std::smatch m;
    return std::regex_search(res->body, m, line) ? std::stoi(m[1]) : 0;
  }

  testing::RedisServer redis_;
  std::string config_;
  Backend backends_[2];
  std::unique_ptr<v1::CaseService::Stub> stub_;
};

TEST_F(ClientBalancingTest, CallsReachBothReplicasAndSurviveAKill) {
  constexpr int kCalls = 40;
  // The first calls all go to whichever backend connected first, for as long as the other is
  // still connecting (under load, most of a first batch of 40). So the count starts once each
  // has answered at least once; from then on round_robin alternates.
  auto warm_until = std::chrono::steady_clock::now() + 10s;
  while ((Served(backends_[0]) == 0 || Served(backends_[1]) == 0) &&
         std::chrono::steady_clock::now() < warm_until) {
    grpc::Status s = ListCases();
    ASSERT_TRUE(s.ok()) << s.error_message();
  }
  int first_before = Served(backends_[0]);
  int second_before = Served(backends_[1]);
  ASSERT_GT(first_before, 0) << "backend 0 never answered";
  ASSERT_GT(second_before, 0) << "backend 1 never answered";
  for (int i = 0; i < kCalls; ++i) {
    grpc::Status s = ListCases();
    ASSERT_TRUE(s.ok()) << s.error_message();
  }
  int first = Served(backends_[0]) - first_before;
  int second = Served(backends_[1]) - second_before;
  // pick_first would send all 40 to one backend; round_robin sends about half to each.
  EXPECT_GE(first, 10) << "backend 0 served " << first;
  EXPECT_GE(second, 10) << "backend 1 served " << second;
  EXPECT_EQ(first + second, kCalls);

  // kill -9: no GOAWAY, the connection just breaks. Every call after it must still succeed.
  backends_[0].process->Signal(SIGKILL);
  backends_[0].process->Wait(5s);
  int before = Served(backends_[1]);
  for (int i = 0; i < kCalls; ++i) {
    grpc::Status s = ListCases();
    ASSERT_TRUE(s.ok()) << "call " << i << " after the kill: " << s.error_message();
  }
  EXPECT_EQ(Served(backends_[1]) - before, kCalls);
}

}  // namespace
}  // namespace cs
