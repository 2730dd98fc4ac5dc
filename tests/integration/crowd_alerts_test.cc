// Density reports to alerts on the stream, with a real crowd-service on a real Redis: the alert
// is raised only after the level persisted, watchers see it, the desk acknowledges it (a patrol
// officer may not), and a watcher resuming from a cursor gets exactly what followed.
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <fstream>
#include <optional>
#include <thread>

#include "common/testing/child_process.h"
#include "common/testing/redis_server.h"
#include "common/grpc/time_convert.h"
#include "crowdsafe/v1/crowd.grpc.pb.h"

namespace cs {
namespace {

using namespace std::chrono_literals;
namespace v1 = crowdsafe::v1;

google::protobuf::Timestamp Now() { return ProtoNow(); }

class CrowdAlertsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(redis_.Start().ok());
    StartService();
  }

  void StartService() {
    service_ = std::make_unique<testing::ChildProcess>();
    std::string config = redis_.dir() + "/crowd.yaml";
    std::ofstream(config) << "service: crowd\nserver:\n  listen: 127.0.0.1:0\nredis:\n  port: "
                          << redis_.port() << "\nvenue_file: "
                          << testing::SourcePath("config/venues/ocean.yaml")
                          << "\ncrowd:\n  alerts: {persist_s: 1, cooldown_s: 5, escalate_after_s: 30}\n";
    ASSERT_TRUE(service_->Start({testing::BinaryPath("crowd-service"), "--config", config},
                               redis_.dir() + "/crowd.log").ok());
    auto port = service_->WaitForListening(15s);
    ASSERT_TRUE(port.ok()) << port.status();
    stub_ = v1::CrowdService::NewStub(grpc::CreateChannel("127.0.0.1:" + std::to_string(*port),
                                                          grpc::InsecureChannelCredentials()));
  }

  grpc::Status Report(double queue_count) {
    v1::DensityReport r;
    r.set_venue_id("ocean");
    r.set_camera_id("cam-penguin-1");
    *r.mutable_captured_at() = Now();
    auto* q = r.add_regions();
    q->set_region_id("cam-penguin-1/entrance-queue");  // 180 m²
    q->set_count(queue_count);
    grpc::ClientContext ctx;
    v1::DensityReportAck ack;
    return stub_->ReportDensity(&ctx, r, &ack);
  }

  // Reads events from a watch until `want` arrive or 10 s pass.
  std::vector<v1::AlertEvent> Watch(const std::string& after, size_t want,
                                    const std::function<void()>& meanwhile = nullptr,
                                    std::atomic<bool>* stop = nullptr) {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + 10s);
    v1::WatchAlertsRequest req;
    req.set_venue_id("ocean");
    req.add_zone_ids("penguin");
    req.mutable_after()->set_value(after);
    auto reader = stub_->WatchAlerts(&ctx, req);
    std::thread side;
    if (meanwhile) side = std::thread(meanwhile);
    std::vector<v1::AlertEvent> got;
    v1::AlertEvent e;
    while (got.size() < want && reader->Read(&e)) got.push_back(e);
    ctx.TryCancel();
    if (stop != nullptr) *stop = true;
    if (side.joinable()) side.join();
    return got;
  }

  testing::RedisServer redis_;
  std::unique_ptr<testing::ChildProcess> service_;
  std::unique_ptr<v1::CrowdService::Stub> stub_;
};

TEST_F(CrowdAlertsTest, DensityRaisesAfterPersistenceAndTheDeskAcknowledges) {
  // 1080 persons on 180 m² = 6 persons/m²: over both the warning (4) and critical (5.5) levels.
  std::atomic<bool> stop{false};
  auto pump = [&] {
    auto start = std::chrono::steady_clock::now();
    while (!stop && std::chrono::steady_clock::now() - start < 8s) {
      EXPECT_TRUE(Report(1080).ok());
      std::this_thread::sleep_for(100ms);
    }
  };
  auto raised_at_least_after = std::chrono::system_clock::now() + 900ms;
  auto events = Watch("", 2, [&] { pump(); }, &stop);
  stop = true;
  ASSERT_EQ(events.size(), 2u) << "warning and critical density alerts expected";
  for (const auto& e : events) {
    EXPECT_EQ(e.alert().rule(), v1::ALERT_RULE_DENSITY);
    EXPECT_EQ(e.alert().state(), v1::ALERT_RAISED);
    EXPECT_EQ(e.alert().zone_id(), "penguin");
    EXPECT_EQ(e.alert().region_id(), "cam-penguin-1/entrance-queue");
    EXPECT_NEAR(e.alert().value(), 6.0, 1e-9);
    // Raised no earlier than the persistence time after the first report.
    EXPECT_GE(e.alert().raised_at().seconds() * 1000 + e.alert().raised_at().nanos() / 1'000'000,
              std::chrono::duration_cast<std::chrono::milliseconds>(
                  raised_at_least_after.time_since_epoch()).count() - 200);
  }
  const v1::AlertEvent& critical =
      events[0].alert().severity() == v1::SEVERITY_CRITICAL ? events[0] : events[1];
  ASSERT_EQ(critical.alert().severity(), v1::SEVERITY_CRITICAL);

  // Listed as open.
  {
    grpc::ClientContext ctx;
    v1::ListAlertsRequest req;
    req.set_venue_id("ocean");
    req.set_min_severity(v1::SEVERITY_CRITICAL);
    v1::ListAlertsResponse list;
    ASSERT_TRUE(stub_->ListAlerts(&ctx, req, &list).ok());
    ASSERT_EQ(list.alerts_size(), 1);
    EXPECT_EQ(list.alerts(0).alert_id(), critical.alert().alert_id());
  }
  auto ack = [&](v1::Role role, const std::string& user) {
    grpc::ClientContext ctx;
    v1::AcknowledgeAlertRequest req;
    req.set_venue_id("ocean");
    req.set_alert_id(critical.alert().alert_id());
    req.mutable_actor()->set_user_id(user);
    req.mutable_actor()->set_role(role);
    v1::Alert out;
    auto s = stub_->AcknowledgeAlert(&ctx, req, &out);
    return std::make_pair(s, out);
  };
  EXPECT_EQ(ack(v1::ROLE_PATROL, "patrol.zhao").first.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(ack(v1::ROLE_DESK, "").first.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  auto [ok, acked] = ack(v1::ROLE_DESK, "desk.wang");
  ASSERT_TRUE(ok.ok()) << ok.error_message();
  EXPECT_EQ(acked.state(), v1::ALERT_ACKNOWLEDGED);
  EXPECT_EQ(acked.acknowledged_by(), "desk.wang");

  // A watcher resuming after the last raise sees the acknowledgement next: no gap, no repeat.
  auto resumed = Watch(events[1].cursor().value(), 1);
  ASSERT_EQ(resumed.size(), 1u);
  EXPECT_EQ(resumed[0].alert().alert_id(), critical.alert().alert_id());
  EXPECT_EQ(resumed[0].alert().state(), v1::ALERT_ACKNOWLEDGED);
  // And from the very first cursor, the second raise then the acknowledgement.
  auto replay = Watch(events[0].cursor().value(), 2);
  ASSERT_EQ(replay.size(), 2u);
  EXPECT_EQ(replay[0].cursor().value(), events[1].cursor().value());
  EXPECT_EQ(replay[1].cursor().value(), resumed[0].cursor().value());
}

TEST_F(CrowdAlertsTest, ABriefSpikeBelowPersistenceRaisesNothing) {
  ASSERT_TRUE(Report(1080).ok());
  ASSERT_TRUE(Report(90).ok());  // back to 0.5 /m² before the level has held for 1 s
  std::this_thread::sleep_for(1500ms);
  ASSERT_TRUE(Report(90).ok());
  grpc::ClientContext ctx;
  v1::ListAlertsRequest req;
  req.set_venue_id("ocean");
  v1::ListAlertsResponse list;
  ASSERT_TRUE(stub_->ListAlerts(&ctx, req, &list).ok());
  for (const auto& a : list.alerts()) EXPECT_NE(a.rule(), v1::ALERT_RULE_DENSITY) << a.DebugString();
}

TEST_F(CrowdAlertsTest, OpenAlertsSurviveAServiceRestartAndCanBeAcknowledged) {
  std::atomic<bool> stop{false};
  auto events = Watch("", 2, [&] {
    while (!stop) {
      EXPECT_TRUE(Report(1080).ok());
      std::this_thread::sleep_for(100ms);
    }
  }, &stop);
  ASSERT_EQ(events.size(), 2u);
  service_->Signal(SIGKILL);
  service_->Wait(5s);
  StartService();
  grpc::ClientContext ctx;
  v1::ListAlertsRequest req;
  req.set_venue_id("ocean");
  v1::ListAlertsResponse list;
  ASSERT_TRUE(stub_->ListAlerts(&ctx, req, &list).ok());
  ASSERT_EQ(list.alerts_size(), 2);
  grpc::ClientContext ack_ctx;
  v1::AcknowledgeAlertRequest ack;
  ack.set_venue_id("ocean");
  ack.set_alert_id(events[0].alert().alert_id());
  ack.mutable_actor()->set_user_id("desk.li");
  ack.mutable_actor()->set_role(v1::ROLE_DESK);
  v1::Alert out;
  auto s = stub_->AcknowledgeAlert(&ack_ctx, ack, &out);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(out.state(), v1::ALERT_ACKNOWLEDGED);
  EXPECT_EQ(out.acknowledged_by(), "desk.li");
}

}  // namespace
}  // namespace cs
