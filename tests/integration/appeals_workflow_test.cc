// appeal-service as a real process on a real Redis, driven like the press office's dashboard:
// an appeal through review (self-approval refused), publication with the Weibo post's URL and a
// complete audit; an inbox message routed and answered; the answer library searched in Chinese;
// and all of it still there after the service is killed and started again. The draft comes from
// DraftAppeal with the real drafting library.
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <fstream>
#include <sstream>

#include "common/testing/child_process.h"
#include "common/testing/identity_keys.h"
#include "common/testing/redis_server.h"
#include "crowdsafe/v1/appeals.grpc.pb.h"

namespace cs {
namespace {

using namespace std::chrono_literals;
namespace v1 = crowdsafe::v1;

v1::Actor MakeActor(const std::string& id, v1::Role role) {
  v1::Actor a;
  a.set_user_id(id);
  a.set_role(role);
  return a;
}

class AppealsWorkflowTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(redis_.Start().ok());
    // The shipped config (with its official hotline and CAP area), in the test's folder.
    std::ifstream in(testing::SourcePath("config/services/appeals.yaml"));
    ASSERT_TRUE(in.good());
    std::stringstream text;
    text << in.rdbuf();
    std::string yaml = text.str();
    const std::string venue_line = "venue_file: ../venues/ocean.yaml";
    auto pos = yaml.find(venue_line);
    ASSERT_NE(pos, std::string::npos);
    yaml.replace(pos, venue_line.size(),
                 "venue_file: " + testing::SourcePath("config/venues/ocean.yaml"));
    // This test speaks for the press office, the desk and the Weibo inbox (system) at once.
    const std::string story = "{issuer: story, roles: [press]}";
    pos = yaml.find(story);
    ASSERT_NE(pos, std::string::npos);
    yaml.replace(pos, story.size(), "{issuer: story, roles: [press, desk, system]}");
    config_ = redis_.dir() + "/appeals.yaml";
    std::ofstream(config_) << yaml;
  }

  void StartService() {
    service_ = std::make_unique<testing::ChildProcess>();
    if (port_ == 0) port_ = testing::RedisServer::PickFreePort();
    ASSERT_TRUE(service_
                    ->Start({testing::BinaryPath("appeal-service"), "--config", config_, "--listen",
                             "127.0.0.1:" + std::to_string(port_), "--redis-port",
                             std::to_string(redis_.port()), "--redis-wait", "5"},
                            redis_.dir() + "/appeals.log")
                    .ok());
    ASSERT_TRUE(service_->WaitForListening(15s).ok());
    stub_ = v1::AppealService::NewStub(testing::SignedChannel("127.0.0.1:" + std::to_string(port_), "story"));
  }

  // Drafts a found-child appeal for case-42 through the service, as case-service's timer would.
  grpc::Status Draft(const v1::Actor& author, v1::Appeal* out) {
    v1::DraftAppealRequest r;
    r.set_kind(v1::APPEAL_FOUND_CHILD);
    r.set_request_id("case-42/found");
    *r.mutable_actor() = author;
    auto* snap = r.mutable_snapshot();
    snap->set_case_id("case-42");
    snap->set_venue_id("ocean");
    snap->set_venue_name_zh("海洋公园");
    snap->set_venue_name_en("Ocean Park");
    snap->set_zone_name_zh("企鹅馆");
    snap->set_zone_name_en("Penguin Pavilion");
    snap->mutable_at()->set_seconds(1'771'300'800);
    snap->set_sex("male");
    snap->set_age_min(4);
    snap->set_age_max(6);
    snap->set_height_cm(105);
    snap->set_top("红色外套");
    snap->set_shoes("蓝色运动鞋");
    snap->set_held_at("走失儿童中心");
    auto ctx = Ctx();
    return stub_->DraftAppeal(ctx.get(), r, out);
  }

  std::unique_ptr<grpc::ClientContext> Ctx() {
    auto ctx = std::make_unique<grpc::ClientContext>();
    ctx->set_deadline(std::chrono::system_clock::now() + 10s);
    return ctx;
  }

  grpc::Status Act(grpc::Status (v1::AppealService::Stub::*rpc)(grpc::ClientContext*,
                                                                const v1::AppealActionRequest&,
                                                                v1::Appeal*),
                   const std::string& id, const v1::Actor& actor, v1::Appeal* out) {
    v1::AppealActionRequest req;
    req.set_appeal_id(id);
    *req.mutable_actor() = actor;
    auto ctx = Ctx();
    return (stub_.get()->*rpc)(ctx.get(), req, out);
  }

  testing::RedisServer redis_;
  std::unique_ptr<testing::ChildProcess> service_;
  std::unique_ptr<v1::AppealService::Stub> stub_;
  int port_ = 0;
  std::string config_;
  v1::Actor author_ = MakeActor("press.li", v1::ROLE_PRESS);
  v1::Actor reviewer_ = MakeActor("press.wang", v1::ROLE_PRESS);
  v1::Actor desk_ = MakeActor("desk.zhao", v1::ROLE_DESK);
};

TEST_F(AppealsWorkflowTest, AppealReviewPublishAuditInboxAndAnswers) {
  StartService();
  v1::Appeal appeal;
  auto drafted = Draft(author_, &appeal);
  if (drafted.error_code() == grpc::StatusCode::UNIMPLEMENTED) {
    FAIL() << "DraftAppeal answered UNIMPLEMENTED: the drafter did not start";
  }
  ASSERT_TRUE(drafted.ok()) << drafted.error_message();
  ASSERT_EQ(appeal.state(), v1::APPEAL_DRAFT);
  ASSERT_EQ(appeal.current().texts_size(), 3);
  EXPECT_EQ(appeal.current().texts(0).headline().rfind("【寻找走失儿童家长】", 0), 0u);
  EXPECT_LE(appeal.current().texts(0).headline_length(), 140);
  const std::string id = appeal.appeal_id();
  ASSERT_FALSE(id.empty());
  // A retry of the same request drafts nothing new.
  v1::Appeal retried;
  ASSERT_TRUE(Draft(author_, &retried).ok());
  EXPECT_EQ(retried.appeal_id(), id);

  ASSERT_TRUE(Act(&v1::AppealService::Stub::SubmitForReview, id, author_, &appeal).ok());
  EXPECT_EQ(appeal.state(), v1::APPEAL_IN_REVIEW);
  auto self = Act(&v1::AppealService::Stub::ApproveAppeal, id, author_, &appeal);
  EXPECT_EQ(self.error_code(), grpc::StatusCode::PERMISSION_DENIED) << self.error_message();
  ASSERT_TRUE(Act(&v1::AppealService::Stub::ApproveAppeal, id, reviewer_, &appeal).ok());
  EXPECT_EQ(appeal.state(), v1::APPEAL_APPROVED);

  v1::PublishAppealRequest pub;
  pub.set_appeal_id(id);
  *pub.mutable_actor() = reviewer_;
  pub.set_post_url("https://weibo.com/5123456789/PqRsTuVwX");
  {
    auto ctx = Ctx();
    auto s = stub_->PublishAppeal(ctx.get(), pub, &appeal);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }
  EXPECT_EQ(appeal.state(), v1::APPEAL_PUBLISHED);
  EXPECT_EQ(appeal.published_url(), "https://weibo.com/5123456789/PqRsTuVwX");
  // Publishing again is an illegal transition.
  {
    auto ctx = Ctx();
    EXPECT_EQ(stub_->PublishAppeal(ctx.get(), pub, &appeal).error_code(),
              grpc::StatusCode::FAILED_PRECONDITION);
  }

  // Inbox: a message arrives, the desk routes it and answers it.
  v1::SubmitMessageRequest submit;
  submit.set_channel("weibo_dm");
  submit.set_text("我在鲸鲨馆看到一个小男孩一个人在哭，穿红色上衣");
  submit.set_sender_handle("@kind_visitor");
  *submit.mutable_actor() = MakeActor("system:weibo-inbox", v1::ROLE_SYSTEM);
  v1::InboxMessage msg;
  {
    auto ctx = Ctx();
    auto s = stub_->SubmitMessage(ctx.get(), submit, &msg);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }
  EXPECT_EQ(msg.state(), v1::MESSAGE_RECEIVED);
  EXPECT_FALSE(msg.department().empty());
  v1::RouteMessageRequest route;
  route.set_message_id(msg.message_id());
  route.set_category(v1::MESSAGE_TIP);
  *route.mutable_actor() = desk_;
  {
    auto ctx = Ctx();
    ASSERT_TRUE(stub_->RouteMessage(ctx.get(), route, &msg).ok());
  }
  EXPECT_EQ(msg.state(), v1::MESSAGE_ROUTED);
  EXPECT_EQ(msg.category(), v1::MESSAGE_TIP);
  EXPECT_EQ(msg.sender_handle(), "@kind_visitor");
  v1::AnswerMessageRequest answer;
  answer.set_message_id(msg.message_id());
  answer.set_answer("感谢您提供的线索，已通知巡逻民警前往。");
  *answer.mutable_actor() = desk_;
  {
    auto ctx = Ctx();
    ASSERT_TRUE(stub_->AnswerMessage(ctx.get(), answer, &msg).ok());
  }
  EXPECT_EQ(msg.state(), v1::MESSAGE_ANSWERED);

  // Answer library: an entry in Chinese, found by a differently worded Chinese query.
  v1::UpsertAnswerRequest up;
  *up.mutable_actor() = reviewer_;
  up.mutable_entry()->set_question("孩子在园区走失了怎么办？");
  up.mutable_entry()->set_answer(
      "请立即联系最近的工作人员或前往走失儿童中心，并拨打园区服务热线。");
  up.mutable_entry()->add_keywords("走失");
  up.mutable_entry()->add_keywords("找孩子");
  v1::AnswerEntry entry;
  {
    auto ctx = Ctx();
    auto s = stub_->UpsertAnswer(ctx.get(), up, &entry);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }

  // The service is killed and started again: everything it acknowledged is still there.
  service_->Signal(SIGKILL);
  ASSERT_TRUE(service_->Wait(5s).has_value());
  StartService();

  v1::GetAppealRequest get;
  get.set_appeal_id(id);
  v1::GetAppealAuditResponse audit;
  {
    auto ctx = Ctx();
    auto s = stub_->GetAppealAudit(ctx.get(), get, &audit);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }
  {
    auto ctx = Ctx();
    ASSERT_TRUE(stub_->GetAppeal(ctx.get(), get, &appeal).ok());
  }
  EXPECT_EQ(appeal.state(), v1::APPEAL_PUBLISHED);
  ASSERT_EQ(appeal.current().sha256().size(), 64u);
  std::vector<std::string> trail;
  for (const auto& e : audit.entries()) {
    trail.push_back(e.action() + " by " + e.actor().user_id());
    EXPECT_EQ(e.version_sha256(), appeal.current().sha256()) << e.action();
    EXPECT_TRUE(e.has_at());
  }
  EXPECT_EQ(trail, (std::vector<std::string>{"create by press.li", "submit by press.li",
                                             "approve by press.wang", "publish by press.wang"}));
  EXPECT_EQ(audit.entries(2).from(), v1::APPEAL_IN_REVIEW);
  EXPECT_EQ(audit.entries(2).to(), v1::APPEAL_APPROVED);
  EXPECT_EQ(audit.entries(3).to(), v1::APPEAL_PUBLISHED);

  v1::ExportCapResponse cap;
  {
    auto ctx = Ctx();
    auto s = stub_->ExportCap(ctx.get(), get, &cap);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }
  EXPECT_NE(cap.xml().find("<msgType>Alert</msgType>"), std::string::npos);
  EXPECT_NE(cap.xml().find("<sender>press@ocean-park.example</sender>"), std::string::npos);

  v1::ListMessagesRequest list;
  list.add_states(v1::MESSAGE_ANSWERED);
  *list.mutable_actor() = desk_;
  v1::ListMessagesResponse listed;
  {
    auto ctx = Ctx();
    ASSERT_TRUE(stub_->ListMessages(ctx.get(), list, &listed).ok());
  }
  ASSERT_EQ(listed.messages_size(), 1);
  EXPECT_EQ(listed.messages(0).answer(), "感谢您提供的线索，已通知巡逻民警前往。");

  v1::SearchAnswersRequest search;
  search.set_query("小孩走失了");
  v1::SearchAnswersResponse hits;
  {
    auto ctx = Ctx();
    ASSERT_TRUE(stub_->SearchAnswers(ctx.get(), search, &hits).ok());
  }
  ASSERT_GE(hits.hits_size(), 1);
  EXPECT_EQ(hits.hits(0).entry().answer_id(), entry.answer_id());
  EXPECT_EQ(hits.hits(0).entry().question(), "孩子在园区走失了怎么办？");
}

TEST_F(AppealsWorkflowTest, BadInputIsRefusedNamingTheField) {
  StartService();
  v1::Appeal appeal;
  {
    // No actor and no signature: refused before the handler (docs/identity.md); a signed call
    // always names its actor, so the handler's own check of actor.user_id is not reachable.
    auto unsigned_stub = v1::AppealService::NewStub(
        grpc::CreateChannel("127.0.0.1:" + std::to_string(port_), grpc::InsecureChannelCredentials()));
    v1::AppealActionRequest req;
    req.set_appeal_id("ap-x");
    auto ctx = Ctx();
    auto s = unsigned_stub->SubmitForReview(ctx.get(), req, &appeal);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAUTHENTICATED) << s.error_message();
  }
  EXPECT_EQ(Act(&v1::AppealService::Stub::SubmitForReview, "ap-x", author_, &appeal).error_code(),
            grpc::StatusCode::NOT_FOUND);
  v1::DraftAppealRequest draft;
  *draft.mutable_actor() = author_;
  draft.set_kind(v1::APPEAL_FOUND_CHILD);
  draft.mutable_snapshot()->set_case_id("case-1");
  draft.mutable_snapshot()->mutable_at()->set_seconds(1'771'300'800);
  draft.mutable_snapshot()->set_height_cm(300);
  {
    auto ctx = Ctx();
    auto bad = stub_->DraftAppeal(ctx.get(), draft, &appeal);
    EXPECT_EQ(bad.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_EQ(bad.error_message().rfind("snapshot.height_cm", 0), 0u) << bad.error_message();
  }
  v1::GetAppealRequest get;
  get.set_appeal_id("ap-x");
  v1::ExportCapResponse cap;
  auto ctx = Ctx();
  EXPECT_EQ(stub_->ExportCap(ctx.get(), get, &cap).error_code(), grpc::StatusCode::NOT_FOUND);
}

}  // namespace
}  // namespace cs
