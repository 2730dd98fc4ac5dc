// A threat to life through the real processes: appeal-service triages a submitted message as
// life safety, keeps it off the answer library, and pages crowd-service, whose alert stream then
// carries a critical life-safety alert pinned to the zone the message names; nobody acknowledges
// it, so it escalates (escalate_after_s is 2 here, 60 in the shipped config); once someone does,
// it stops escalating and the inbox message shows who acknowledged it.
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <fstream>
#include <thread>

#include "common/testing/child_process.h"
#include "common/testing/redis_server.h"
#include "crowdsafe/v1/appeals.grpc.pb.h"
#include "crowdsafe/v1/crowd.grpc.pb.h"

namespace cs {
namespace {

using namespace std::chrono_literals;
namespace v1 = crowdsafe::v1;

class AppealsLifeSafetyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(redis_.Start().ok());
    const std::string venue = testing::SourcePath("config/venues/ocean.yaml");
    const std::string common =
        "redis:\n  port: " + std::to_string(redis_.port()) + "\nvenue_file: " + venue + "\n";
    const std::string crowd_config = redis_.dir() + "/crowd.yaml";
    std::ofstream(crowd_config) << "service: crowd\nserver:\n  listen: 127.0.0.1:0\n"
                                << common
                                << "crowd:\n  alerts: {persist_s: 1, cooldown_s: 5, "
                                   "escalate_after_s: 2}\n";
    ASSERT_TRUE(crowd_
                    .Start({testing::BinaryPath("crowd-service"), "--config", crowd_config},
                           redis_.dir() + "/crowd.log")
                    .ok());
    auto crowd_port = crowd_.WaitForListening(15s);
    ASSERT_TRUE(crowd_port.ok()) << crowd_port.status();
    const std::string appeals_config = redis_.dir() + "/appeals.yaml";
    std::ofstream(appeals_config) << "service: appeals\nserver:\n  listen: 127.0.0.1:0\n"
                                  << common
                                  << "appeals:\n  official_hotline: \"021-5819 0110\"\n"
                                     "  desk_hours: {open: \"00:00\", close: \"24:00\"}\n"
                                     "upstreams:\n  crowd: 127.0.0.1:"
                                  << *crowd_port << "\n";
    ASSERT_TRUE(appeals_
                    .Start({testing::BinaryPath("appeal-service"), "--config", appeals_config},
                           redis_.dir() + "/appeals.log")
                    .ok());
    auto appeals_port = appeals_.WaitForListening(15s);
    ASSERT_TRUE(appeals_port.ok()) << appeals_port.status();
    crowd_stub_ = v1::CrowdService::NewStub(grpc::CreateChannel(
        "127.0.0.1:" + std::to_string(*crowd_port), grpc::InsecureChannelCredentials()));
    appeals_stub_ = v1::AppealService::NewStub(grpc::CreateChannel(
        "127.0.0.1:" + std::to_string(*appeals_port), grpc::InsecureChannelCredentials()));
  }

  // The open life-safety alerts crowd-service lists now.
  std::vector<v1::Alert> LifeSafetyAlerts() {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + 5s);
    v1::ListAlertsRequest req;
    req.set_venue_id("ocean");
    v1::ListAlertsResponse resp;
    EXPECT_TRUE(crowd_stub_->ListAlerts(&ctx, req, &resp).ok());
    std::vector<v1::Alert> out;
    for (const auto& a : resp.alerts()) {
      if (a.rule() == v1::ALERT_RULE_LIFE_SAFETY) out.push_back(a);
    }
    return out;
  }

  testing::RedisServer redis_;
  testing::ChildProcess crowd_, appeals_;
  std::unique_ptr<v1::CrowdService::Stub> crowd_stub_;
  std::unique_ptr<v1::AppealService::Stub> appeals_stub_;
};

TEST_F(AppealsLifeSafetyTest, ACrushAtTheMainGateRaisesACommandCentreAlertThatEscalates) {
  v1::SubmitMessageRequest submit;
  submit.set_channel("weibo_dm");
  submit.set_text("主入口这边踩踏了！有人被压在下面，后面的人还在推");
  submit.mutable_actor()->set_user_id("system:weibo-inbox");
  submit.mutable_actor()->set_role(v1::ROLE_SYSTEM);
  v1::InboxMessage msg;
  {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + 5s);
    auto s = appeals_stub_->SubmitMessage(&ctx, submit, &msg);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }
  EXPECT_EQ(msg.category(), v1::MESSAGE_LIFE_SAFETY);
  EXPECT_EQ(msg.department(), "command_centre");
  EXPECT_EQ(msg.life_safety_kind(), "crowd_crush");
  EXPECT_EQ(msg.zone_id(), "plaza");
  EXPECT_TRUE(msg.draft_reply().empty());
  EXPECT_TRUE(msg.auto_reply().empty());

  std::vector<v1::Alert> alerts;
  for (int i = 0; i < 50 && alerts.empty(); ++i) {  // the page is synchronous; allow slack
    alerts = LifeSafetyAlerts();
    if (alerts.empty()) std::this_thread::sleep_for(100ms);
  }
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0].zone_id(), "plaza");
  EXPECT_EQ(alerts[0].severity(), v1::SEVERITY_CRITICAL);
  // The source (the inbox message) is in the alert's id; its words name the zone and the kind,
  // never the message's text.
  EXPECT_NE(alerts[0].alert_id().find(msg.message_id()), std::string::npos);
  EXPECT_EQ(alerts[0].rule_id(), "life_safety.crowd_crush");
  EXPECT_EQ(alerts[0].message_en().find("踩踏"), std::string::npos);
  EXPECT_EQ(alerts[0].message_zh().find(submit.text()), std::string::npos);

  // Nobody acknowledges: after escalate_after_s the alert loop escalates it.
  bool escalated = false;
  for (int i = 0; i < 80 && !escalated; ++i) {
    auto now = LifeSafetyAlerts();
    escalated = !now.empty() && now[0].state() == v1::ALERT_ESCALATED;
    if (!escalated) std::this_thread::sleep_for(100ms);
  }
  EXPECT_TRUE(escalated);

  // The inbox lists it first, above an older ordinary question.
  v1::ListMessagesRequest list;
  v1::ListMessagesResponse listed;
  submit.set_text("请问烟花几点开始？");
  {
    grpc::ClientContext ctx;
    ASSERT_TRUE(appeals_stub_->SubmitMessage(&ctx, submit, &msg).ok());
  }
  {
    grpc::ClientContext ctx;
    ASSERT_TRUE(appeals_stub_->ListMessages(&ctx, list, &listed).ok());
  }
  ASSERT_EQ(listed.messages_size(), 2);
  EXPECT_EQ(listed.messages(0).category(), v1::MESSAGE_LIFE_SAFETY);
}

// The command centre acknowledges the page in crowd-service: the escalation stops there, and
// appeal-service mirrors who acknowledged it and when onto the inbox message (its 5 s loop).
TEST_F(AppealsLifeSafetyTest, AnAcknowledgedPageStopsEscalatingAndTheDeskSeesWhoTookIt) {
  v1::SubmitMessageRequest submit;
  submit.set_channel("weibo_dm");
  submit.set_text("有人在企鹅馆门口倒地不起，没有呼吸了");
  submit.mutable_actor()->set_user_id("system:weibo-inbox");
  submit.mutable_actor()->set_role(v1::ROLE_SYSTEM);
  v1::InboxMessage msg;
  {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + 5s);
    ASSERT_TRUE(appeals_stub_->SubmitMessage(&ctx, submit, &msg).ok());
  }
  ASSERT_EQ(msg.category(), v1::MESSAGE_LIFE_SAFETY);
  EXPECT_FALSE(msg.has_page_acknowledged_at());
  std::vector<v1::Alert> alerts;
  for (int i = 0; i < 50 && alerts.empty(); ++i) {
    alerts = LifeSafetyAlerts();
    if (alerts.empty()) std::this_thread::sleep_for(100ms);
  }
  ASSERT_EQ(alerts.size(), 1u);
  {
    v1::AcknowledgeAlertRequest ack;
    ack.set_venue_id("ocean");
    ack.set_alert_id(alerts[0].alert_id());
    ack.mutable_actor()->set_user_id("desk.wang");
    ack.mutable_actor()->set_role(v1::ROLE_DESK);
    v1::Alert acked;
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + 5s);
    auto s = crowd_stub_->AcknowledgeAlert(&ctx, ack, &acked);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }
  v1::InboxMessage seen;
  for (int i = 0; i < 150 && !seen.has_page_acknowledged_at(); ++i) {
    v1::ListMessagesRequest list;
    v1::ListMessagesResponse listed;
    grpc::ClientContext ctx;
    ASSERT_TRUE(appeals_stub_->ListMessages(&ctx, list, &listed).ok());
    ASSERT_EQ(listed.messages_size(), 1);
    seen = listed.messages(0);
    if (!seen.has_page_acknowledged_at()) std::this_thread::sleep_for(100ms);
  }
  ASSERT_TRUE(seen.has_page_acknowledged_at());
  EXPECT_EQ(seen.page_acknowledged_by(), "desk.wang");
  EXPECT_EQ(seen.state(), v1::MESSAGE_RECEIVED);  // acknowledged, still for the desk to answer
  // Past escalate_after_s (2 s) the alert is still acknowledged, never escalated.
  std::this_thread::sleep_for(2500ms);
  alerts = LifeSafetyAlerts();
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0].state(), v1::ALERT_ACKNOWLEDGED);
  EXPECT_EQ(alerts[0].escalation_level(), 0);
}

// The RPC itself: only a service may raise, bad input names its field and changes nothing, and
// a retry with the same source returns the first alert.
TEST_F(AppealsLifeSafetyTest, RaiseExternalAlertChecksItsInputAndIsIdempotent) {
  auto raise = [&](const v1::RaiseExternalAlertRequest& req, v1::Alert* out) {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + 5s);
    return crowd_stub_->RaiseExternalAlert(&ctx, req, out);
  };
  v1::RaiseExternalAlertRequest req;
  req.set_venue_id("ocean");
  req.set_source_id("msg-test-1");
  req.set_kind(v1::LIFE_SAFETY_MEDICAL);
  req.set_zone_id("penguin");
  req.mutable_actor()->set_user_id("desk.wang");
  req.mutable_actor()->set_role(v1::ROLE_DESK);
  v1::Alert alert;
  EXPECT_EQ(raise(req, &alert).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  req.mutable_actor()->set_role(v1::ROLE_SYSTEM);
  req.set_zone_id("moon");
  auto bad_zone = raise(req, &alert);
  EXPECT_EQ(bad_zone.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(bad_zone.error_message().rfind("zone_id", 0), 0u) << bad_zone.error_message();
  EXPECT_EQ(bad_zone.error_message().find("moon"), std::string::npos);  // value not echoed
  req.set_zone_id("penguin");
  req.set_kind(v1::LIFE_SAFETY_KIND_UNSPECIFIED);
  EXPECT_EQ(raise(req, &alert).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  req.set_kind(v1::LIFE_SAFETY_MEDICAL);
  req.set_source_id("bad id with spaces");
  EXPECT_EQ(raise(req, &alert).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(LifeSafetyAlerts().empty());  // nothing was raised by the bad requests

  req.set_source_id("msg-test-1");
  ASSERT_TRUE(raise(req, &alert).ok());
  v1::Alert again;
  ASSERT_TRUE(raise(req, &again).ok());
  EXPECT_EQ(again.alert_id(), alert.alert_id());
  EXPECT_EQ(LifeSafetyAlerts().size(), 1u);
}

}  // namespace
}  // namespace cs
