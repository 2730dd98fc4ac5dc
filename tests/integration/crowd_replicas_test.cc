// Two crowd-service processes on one real Redis (issue 16): density reports pushed through
// alternating replicas raise one alert per crossing, not one per replica; either replica lists
// and acknowledges it; after a kill -9 of the lease holder the other replica takes the venue
// over within the lease time, raises nothing twice and clears the alert the dead one raised.
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <fstream>
#include <thread>

#include "common/grpc/time_convert.h"
#include "common/redis/hiredis_client.h"
#include "common/testing/child_process.h"
#include "common/testing/redis_server.h"
#include "crowdsafe/v1/crowd.grpc.pb.h"

namespace cs {
namespace {

using namespace std::chrono_literals;
namespace v1 = crowdsafe::v1;

constexpr int kLeaseMs = 2000;
const char* kLeaseKey = "cs:{venue:ocean}:lease:alerts";

struct Replica {
  std::unique_ptr<testing::ChildProcess> process;
  std::unique_ptr<v1::CrowdService::Stub> stub;
};

class CrowdReplicasTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(redis_.Start().ok());
    client_ = std::make_unique<HiredisClient>(redis_.Config());
    config_ = redis_.dir() + "/crowd.yaml";
    std::ofstream(config_) << "service: crowd\nserver:\n  listen: 127.0.0.1:0\nredis:\n  port: "
                           << redis_.port() << "\nvenue_file: "
                           << testing::SourcePath("config/venues/ocean.yaml")
                           << "\ncrowd:\n  lease_ms: " << kLeaseMs
                           << "\n  alerts: {persist_s: 1, cooldown_s: 5, escalate_after_s: 2}\n";
    for (int i = 0; i < 2; ++i) replicas_[i] = StartReplica(i);
  }

  Replica StartReplica(int i) {
    Replica r;
    r.process = std::make_unique<testing::ChildProcess>();
    EXPECT_TRUE(r.process->Start({testing::BinaryPath("crowd-service"), "--config", config_},
                                 redis_.dir() + "/crowd" + std::to_string(i) + ".log")
                    .ok());
    auto port = r.process->WaitForListening(15s);
    EXPECT_TRUE(port.ok()) << port.status();
    r.stub = v1::CrowdService::NewStub(grpc::CreateChannel(
        "127.0.0.1:" + std::to_string(port.value_or(0)), grpc::InsecureChannelCredentials()));
    return r;
  }

  // The replica whose process holds the lease now (the owner name carries its pid), or -1.
  int Holder() {
    auto held = client_->Get(kLeaseKey);
    if (!held.ok() || !held->has_value()) return -1;
    for (int i = 0; i < 2; ++i) {
      if (replicas_[i].process->pid() > 0 &&
          (*held)->find("-" + std::to_string(replicas_[i].process->pid()) + "-") !=
              std::string::npos) {
        return i;
      }
    }
    return -1;
  }

  grpc::Status Report(Replica& r, double queue_count) {
    v1::DensityReport req;
    req.set_venue_id("ocean");
    req.set_camera_id("cam-penguin-1");
    *req.mutable_captured_at() = ProtoNow();
    auto* q = req.add_regions();
    q->set_region_id("cam-penguin-1/entrance-queue");  // 180 m²
    q->set_count(queue_count);
    grpc::ClientContext ctx;
    v1::DensityReportAck ack;
    return r.stub->ReportDensity(&ctx, req, &ack);
  }

  // Every alert the venue ever had, critical density ones only, as `r` lists them.
  std::vector<v1::Alert> CriticalDensityAlerts(Replica& r) {
    grpc::ClientContext ctx;
    v1::ListAlertsRequest req;
    req.set_venue_id("ocean");
    for (auto s : {v1::ALERT_RAISED, v1::ALERT_ACKNOWLEDGED, v1::ALERT_ESCALATED, v1::ALERT_CLEARED}) {
      req.add_states(s);
    }
    req.set_min_severity(v1::SEVERITY_CRITICAL);
    v1::ListAlertsResponse list;
    EXPECT_TRUE(r.stub->ListAlerts(&ctx, req, &list).ok());
    std::vector<v1::Alert> out;
    for (const auto& a : list.alerts()) {
      if (a.rule() == v1::ALERT_RULE_DENSITY) out.push_back(a);
    }
    return out;
  }

  grpc::Status Acknowledge(Replica& r, const std::string& id, v1::Alert* out) {
    grpc::ClientContext ctx;
    v1::AcknowledgeAlertRequest req;
    req.set_venue_id("ocean");
    req.set_alert_id(id);
    req.mutable_actor()->set_user_id("desk.wang");
    req.mutable_actor()->set_role(v1::ROLE_DESK);
    return r.stub->AcknowledgeAlert(&ctx, req, out);
  }

  // Reports `count` through the replicas `via` in turn, every 100 ms, until `done` or `limit`.
  bool PumpUntil(double count, const std::function<bool()>& done, const std::vector<int>& via,
                 std::chrono::milliseconds limit = 10s) {
    auto start = std::chrono::steady_clock::now();
    for (size_t i = 0; std::chrono::steady_clock::now() - start < limit; ++i) {
      EXPECT_TRUE(Report(replicas_[via[i % via.size()]], count).ok());
      if (done()) return true;
      std::this_thread::sleep_for(100ms);
    }
    return done();
  }

  testing::RedisServer redis_;
  std::unique_ptr<HiredisClient> client_;
  std::string config_;
  Replica replicas_[2];
};

TEST_F(CrowdReplicasTest, OneAlertPerCrossingAndTheSurvivorTakesOverAfterAKill) {
  int holder = Holder();
  ASSERT_NE(holder, -1) << "no replica holds the venue's alert lease";
  int other = 1 - holder;

  // 1080 persons on 180 m² = 6 persons/m², through both replicas: one critical alert.
  ASSERT_TRUE(PumpUntil(1080, [&] { return !CriticalDensityAlerts(replicas_[other]).empty(); },
                        {other, holder}));
  PumpUntil(1080, [] { return false; }, {0, 1}, 3s);  // the level holds, and escalates
  auto alerts = CriticalDensityAlerts(replicas_[holder]);
  ASSERT_EQ(alerts.size(), 1u) << "one alert per crossing, not one per replica";
  EXPECT_EQ(alerts[0].state(), v1::ALERT_ESCALATED);

  // kill -9 the holder; the survivor takes the lease within its time to live.
  auto killed_at = std::chrono::steady_clock::now();
  replicas_[holder].process->Signal(SIGKILL);
  replicas_[holder].process->Wait(5s);
  bool taken = false;
  while (!taken && std::chrono::steady_clock::now() - killed_at < 10s) {
    EXPECT_TRUE(Report(replicas_[other], 1080).ok());  // reports keep coming meanwhile
    taken = Holder() == other;
    if (!taken) std::this_thread::sleep_for(20ms);
  }
  ASSERT_TRUE(taken);
  EXPECT_LT(std::chrono::steady_clock::now() - killed_at, std::chrono::milliseconds(kLeaseMs) + 1s);

  // The level still holds: the survivor continues the dead replica's alert, raises no second.
  PumpUntil(1080, [] { return false; }, {other}, 3s);
  alerts = CriticalDensityAlerts(replicas_[other]);
  ASSERT_EQ(alerts.size(), 1u) << "the open alert was raised again after the takeover";

  // The alert the dead replica raised is acknowledged on the survivor.
  v1::Alert acked;
  auto s = Acknowledge(replicas_[other], alerts[0].alert_id(), &acked);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(acked.state(), v1::ALERT_ACKNOWLEDGED);

  // And the survivor clears it when the queue empties.
  ASSERT_TRUE(PumpUntil(90, [&] {
    auto now = CriticalDensityAlerts(replicas_[other]);
    return now.size() == 1 && now[0].state() == v1::ALERT_CLEARED;
  }, {other}));
}

TEST_F(CrowdReplicasTest, TheReplicaThatDidNotRaiseAcknowledges) {
  int holder = Holder();
  ASSERT_NE(holder, -1);
  int other = 1 - holder;
  ASSERT_TRUE(PumpUntil(1080, [&] { return !CriticalDensityAlerts(replicas_[holder]).empty(); },
                        {holder}));
  auto alerts = CriticalDensityAlerts(replicas_[other]);
  ASSERT_EQ(alerts.size(), 1u);
  v1::Alert acked;
  auto s = Acknowledge(replicas_[other], alerts[0].alert_id(), &acked);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(acked.acknowledged_by(), "desk.wang");
  // The holder sees it too and refuses a second acknowledgement.
  EXPECT_EQ(Acknowledge(replicas_[holder], alerts[0].alert_id(), &acked).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  // The level holds past escalate_after (2 s): the holder does not escalate over the
  // acknowledgement.
  PumpUntil(1080, [] { return false; }, {holder}, 3s);
  alerts = CriticalDensityAlerts(replicas_[holder]);
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0].state(), v1::ALERT_ACKNOWLEDGED);
}

}  // namespace
}  // namespace cs
