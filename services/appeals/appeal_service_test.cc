// The gRPC adapter over in-memory stores, called directly: conversions, field-named errors,
// status-code mapping, the restricted sender handle, paging and the answer library.
#include "services/appeals/appeal_service.h"

#include <gtest/gtest.h>

#include "services/appeals/desk/weibo_api_publisher.h"

namespace cs::appeals {
namespace {

namespace v1 = crowdsafe::v1;
using namespace std::chrono_literals;

v1::Actor MakeActor(const std::string& id, v1::Role role) {
  v1::Actor a;
  a.set_user_id(id);
  a.set_role(role);
  return a;
}

AppealTexts Texts(const std::string& headline) {
  AppealTexts t;
  t.zh_hans = {headline, headline + "。请拨打官方热线。"};
  t.zh_hant = {"【尋找走失兒童家長】", "請撥打官方熱線。"};
  t.en = {"Looking for the parents of a lost boy", "Call the official hotline."};
  return t;
}

class AppealServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    AppealServiceOptions o;
    o.venue_id = "ocean";
    o.appeals = &appeals_;
    o.inbox = &inbox_;
    o.answers = &answers_;
    o.publisher = &publisher_;
    o.clock = &clock_;
    auto s = AppealServiceImpl::Create(std::move(o));
    ASSERT_TRUE(s.ok()) << s.status();
    service_ = *std::move(s);
  }

  // Seeds a draft the way DraftAppeal will once it is built: through the workflow.
  void Seed(const std::string& id, const std::string& author = "officer-li") {
    AppealWorkflow wf(&appeals_, &clock_);
    NewAppeal n{
        id, "case-7", AppealKind::kFoundChild, Texts("【寻找走失儿童家长】企鹅馆"), {{"photo-1"}}, {}, {}};
    ASSERT_TRUE(wf.CreateDraft(n, {author, Role::kPressOfficer}).ok());
  }

  v1::AppealActionRequest Action(const std::string& id, const v1::Actor& actor,
                                 const std::string& reason = "") {
    v1::AppealActionRequest r;
    r.set_appeal_id(id);
    *r.mutable_actor() = actor;
    r.set_reason(reason);
    return r;
  }

  InMemoryAppealStore appeals_;
  InMemoryInboxStore inbox_;
  InMemoryAnswerStore answers_;
  OutboxPublisher publisher_;
  ManualClock clock_{FromMillis(1'771'300'800'000)};
  std::unique_ptr<AppealServiceImpl> service_;
  v1::Actor author_ = MakeActor("officer-li", v1::ROLE_PRESS);
  v1::Actor reviewer_ = MakeActor("officer-wang", v1::ROLE_PRESS);
  v1::Actor patrol_ = MakeActor("patrol-zhao", v1::ROLE_PATROL);
};

TEST_F(AppealServiceTest, WorkflowThroughTheAdapterWithStatusCodes) {
  Seed("a1");
  v1::Appeal out;
  auto r = Action("a1", author_);
  ASSERT_TRUE(service_->SubmitForReview(nullptr, &r, &out).ok());
  EXPECT_EQ(out.state(), v1::APPEAL_IN_REVIEW);
  EXPECT_EQ(out.venue_id(), "ocean");
  EXPECT_TRUE(out.has_expires_at());

  EXPECT_EQ(service_->SubmitForReview(nullptr, &r, &out).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(service_->ApproveAppeal(nullptr, &r, &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  auto by_reviewer = Action("a1", reviewer_);
  ASSERT_TRUE(service_->ApproveAppeal(nullptr, &by_reviewer, &out).ok());
  EXPECT_EQ(out.state(), v1::APPEAL_APPROVED);
  EXPECT_FALSE(out.has_expires_at());

  v1::PublishAppealRequest pub;
  pub.set_appeal_id("a1");
  *pub.mutable_actor() = reviewer_;
  // No URL: the outbox queues it; the appeal stays approved.
  ASSERT_TRUE(service_->PublishAppeal(nullptr, &pub, &out).ok());
  EXPECT_EQ(out.state(), v1::APPEAL_APPROVED);
  pub.set_post_url("http://evil.example.com/post");
  auto bad = service_->PublishAppeal(nullptr, &pub, &out);
  EXPECT_EQ(bad.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(bad.error_message().find("post_url"), std::string::npos) << bad.error_message();
  pub.set_post_url("https://weibo.com/1234567/Nabc123");
  ASSERT_TRUE(service_->PublishAppeal(nullptr, &pub, &out).ok());
  EXPECT_EQ(out.state(), v1::APPEAL_PUBLISHED);
  EXPECT_EQ(out.published_url(), "https://weibo.com/1234567/Nabc123");

  auto retract = Action("a1", reviewer_, std::string(501, 'x'));
  EXPECT_EQ(service_->RetractAppeal(nullptr, &retract, &out).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  retract.set_reason("孩子已找到");
  ASSERT_TRUE(service_->RetractAppeal(nullptr, &retract, &out).ok());
  EXPECT_EQ(out.state(), v1::APPEAL_RETRACTED);

  v1::GetAppealRequest get;
  get.set_appeal_id("a1");
  v1::GetAppealAuditResponse audit;
  ASSERT_TRUE(service_->GetAppealAudit(nullptr, &get, &audit).ok());
  std::vector<std::string> actions;
  for (const auto& e : audit.entries()) {
    actions.push_back(e.action());
    EXPECT_EQ(e.version_sha256(), out.current().sha256());
    EXPECT_FALSE(e.actor().user_id().empty());
  }
  EXPECT_EQ(actions, (std::vector<std::string>{"create", "submit", "approve", "queue_outbox",
                                               "publish", "retract"}));
  EXPECT_EQ(audit.entries(2).actor().user_id(), "officer-wang");
  EXPECT_EQ(audit.entries(2).to(), v1::APPEAL_APPROVED);
}

TEST_F(AppealServiceTest, BadInputNamesTheField) {
  Seed("a1");
  v1::Appeal out;
  auto no_actor = Action("a1", v1::Actor());
  auto s = service_->SubmitForReview(nullptr, &no_actor, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(s.error_message().rfind("actor.user_id", 0), 0u) << s.error_message();
  auto no_role = Action("a1", MakeActor("x", v1::ROLE_UNSPECIFIED));
  EXPECT_EQ(
      service_->SubmitForReview(nullptr, &no_role, &out).error_message().rfind("actor.role", 0),
      0u);
  auto no_id = Action("", author_);
  EXPECT_EQ(service_->SubmitForReview(nullptr, &no_id, &out).error_message().rfind("appeal_id", 0),
            0u);
  auto missing = Action("nope", author_);
  EXPECT_EQ(service_->SubmitForReview(nullptr, &missing, &out).error_code(),
            grpc::StatusCode::NOT_FOUND);
  v1::ListAppealsRequest list;
  list.mutable_page()->set_page_size(501);
  v1::ListAppealsResponse resp;
  EXPECT_EQ(service_->ListAppeals(nullptr, &list, &resp).error_message().rfind("page.page_size", 0),
            0u);
}

// Issue 18: times from clients are range-checked before any is converted (2999 would wrap to
// 1829 in a nanosecond TimePoint), naming the field without the value.
TEST_F(AppealServiceTest, Issue18TimesOutOfRangeAreRefusedNamingTheField) {
  v1::SubmitMessageRequest submit;
  *submit.mutable_actor() = MakeActor("system:weibo", v1::ROLE_SYSTEM);
  submit.set_channel("weibo_dm");
  submit.set_text("我的孩子走失了");
  submit.mutable_received_at()->set_seconds(32472144000);  // 2999-01-01
  v1::InboxMessage msg;
  auto s = service_->SubmitMessage(nullptr, &submit, &msg);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(s.error_message(), "received_at: must be between 2000-01-01 and 2099-12-31 (UTC)");
  submit.mutable_received_at()->set_seconds(1771310400);
  submit.mutable_received_at()->set_nanos(-5);
  EXPECT_EQ(service_->SubmitMessage(nullptr, &submit, &msg).error_message(),
            "received_at: nanos must be in [0, 999999999]");
  v1::AccountabilityReportRequest report;
  *report.mutable_actor() = author_;
  report.mutable_range()->mutable_start()->set_seconds(-62135596800);  // 0001-01-01
  v1::AccountabilityReport out;
  EXPECT_EQ(service_->GetAccountabilityReport(nullptr, &report, &out)
                .error_message()
                .rfind("range.start: must be between", 0),
            0u);
  v1::DraftAppealRequest draft;
  *draft.mutable_actor() = author_;
  draft.mutable_snapshot()->mutable_at()->set_seconds(32472144000);
  v1::Appeal appeal;
  const auto drafted = service_->DraftAppeal(nullptr, &draft, &appeal);
  EXPECT_EQ(drafted.error_message().rfind("snapshot.at: ", 0), 0u) << drafted.error_message();
}

TEST_F(AppealServiceTest, EditDiffAndLiftBlur) {
  Seed("a1");
  v1::EditAppealRequest edit;
  edit.set_appeal_id("a1");
  *edit.mutable_actor() = author_;
  edit.set_base_version(1);
  auto* t = edit.add_texts();
  t->set_language("zh-Hans");
  t->set_headline("【寻找走失儿童家长】鲸鲨馆");
  t->set_long_text("第一行\n第二行改了\n");
  v1::Appeal out;
  ASSERT_TRUE(service_->EditAppeal(nullptr, &edit, &out).ok());
  EXPECT_EQ(out.current().version(), 2);
  EXPECT_EQ(out.version_count(), 2);
  // The English text was not sent and is kept.
  EXPECT_EQ(out.current().texts(2).headline(), "Looking for the parents of a lost boy");
  // A stale base version is refused.
  EXPECT_EQ(service_->EditAppeal(nullptr, &edit, &out).error_code(), grpc::StatusCode::ABORTED);
  t->set_language("fr");
  edit.set_base_version(2);
  EXPECT_EQ(
      service_->EditAppeal(nullptr, &edit, &out).error_message().rfind("texts[0].language", 0), 0u);

  v1::DiffVersionsRequest diff;
  diff.set_appeal_id("a1");
  diff.set_from_version(1);
  diff.set_to_version(2);
  v1::DiffVersionsResponse d;
  ASSERT_TRUE(service_->DiffVersions(nullptr, &diff, &d).ok());
  std::string deleted, inserted;
  for (const auto& line : d.lines()) {
    if (line.op() == "delete") deleted += line.text();
    if (line.op() == "insert") inserted += line.text();
  }
  EXPECT_NE(deleted.find("企鹅馆"), std::string::npos);
  EXPECT_NE(inserted.find("鲸鲨馆"), std::string::npos);
  EXPECT_NE(inserted.find("第二行改了"), std::string::npos);

  auto lift = Action("a1", author_, "家长同意公开照片");
  ASSERT_TRUE(service_->LiftFaceBlur(nullptr, &lift, &out).ok());
  // Asked for, not yet approved by a second officer (appeal_service_photos_test has the rest).
  EXPECT_FALSE(out.face_blur_lifted());
  ASSERT_EQ(out.photos_size(), 1);
  EXPECT_TRUE(out.photos(0).lift_pending());
  EXPECT_EQ(out.photo_id(), "photo-1");
}

TEST_F(AppealServiceTest, ListAppealsFiltersByStateAndPages) {
  for (const char* id : {"a1", "a2", "a3"}) Seed(id);
  v1::Appeal out;
  auto r = Action("a2", author_);
  ASSERT_TRUE(service_->SubmitForReview(nullptr, &r, &out).ok());
  v1::ListAppealsRequest list;
  list.add_states(v1::APPEAL_DRAFT);
  list.mutable_page()->set_page_size(1);
  v1::ListAppealsResponse page1, page2;
  ASSERT_TRUE(service_->ListAppeals(nullptr, &list, &page1).ok());
  ASSERT_EQ(page1.appeals_size(), 1);
  EXPECT_EQ(page1.appeals(0).appeal_id(), "a1");
  ASSERT_FALSE(page1.page().next_page_token().empty());
  list.mutable_page()->set_page_token(page1.page().next_page_token());
  ASSERT_TRUE(service_->ListAppeals(nullptr, &list, &page2).ok());
  ASSERT_EQ(page2.appeals_size(), 1);
  EXPECT_EQ(page2.appeals(0).appeal_id(), "a3");
  EXPECT_TRUE(page2.page().next_page_token().empty());
}

TEST_F(AppealServiceTest, InboxAndAnswerLibrary) {
  v1::UpsertAnswerRequest up;
  *up.mutable_actor() = author_;
  up.mutable_entry()->set_question("孩子走失了怎么办");
  up.mutable_entry()->set_answer("请立即联系最近的工作人员或前往游客中心。");
  up.mutable_entry()->add_keywords("走失");
  v1::AnswerEntry entry;
  ASSERT_TRUE(service_->UpsertAnswer(nullptr, &up, &entry).ok());
  EXPECT_EQ(entry.version(), 1);
  ASSERT_FALSE(entry.answer_id().empty());
  // A patrol officer may not approve answers; a stale edit is refused.
  *up.mutable_actor() = patrol_;
  EXPECT_EQ(service_->UpsertAnswer(nullptr, &up, &entry).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  *up.mutable_actor() = author_;
  up.mutable_entry()->set_answer_id(entry.answer_id());
  up.mutable_entry()->set_version(5);
  EXPECT_EQ(service_->UpsertAnswer(nullptr, &up, &entry).error_code(), grpc::StatusCode::ABORTED);

  v1::SearchAnswersRequest search;
  search.set_query("小孩走失");
  v1::SearchAnswersResponse hits;
  ASSERT_TRUE(service_->SearchAnswers(nullptr, &search, &hits).ok());
  ASSERT_EQ(hits.hits_size(), 1);
  EXPECT_GT(hits.hits(0).score(), 0);
  search.set_limit(51);
  EXPECT_EQ(service_->SearchAnswers(nullptr, &search, &hits).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);

  v1::SubmitMessageRequest submit;
  *submit.mutable_actor() = MakeActor("system:weibo", v1::ROLE_SYSTEM);
  v1::InboxMessage msg;
  auto no_channel = service_->SubmitMessage(nullptr, &submit, &msg);
  EXPECT_EQ(no_channel.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(no_channel.error_message().rfind("channel", 0), 0u) << no_channel.error_message();
  v1::UpsertAnswerRequest empty_answer;
  *empty_answer.mutable_actor() = author_;
  empty_answer.mutable_entry()->set_question("q");
  auto ea = service_->UpsertAnswer(nullptr, &empty_answer, &entry);
  EXPECT_EQ(ea.error_message().rfind("entry.answer", 0), 0u) << ea.error_message();
  submit.set_channel("weibo_dm");
  submit.set_text("我的孩子走失了，在企鹅馆附近");
  submit.set_sender_handle("@parent");
  ASSERT_TRUE(service_->SubmitMessage(nullptr, &submit, &msg).ok());
  EXPECT_EQ(msg.state(), v1::MESSAGE_RECEIVED);
  EXPECT_EQ(msg.category(), v1::MESSAGE_HELP);
  EXPECT_EQ(msg.draft_reply(), "请立即联系最近的工作人员或前往游客中心。");
  EXPECT_TRUE(msg.sender_handle().empty());  // the system role does not see it

  v1::RouteMessageRequest route;
  route.set_message_id(msg.message_id());
  route.set_category(v1::MESSAGE_TIP);
  *route.mutable_actor() = MakeActor("desk.wang", v1::ROLE_DESK);
  ASSERT_TRUE(service_->RouteMessage(nullptr, &route, &msg).ok());
  EXPECT_EQ(msg.state(), v1::MESSAGE_ROUTED);
  EXPECT_EQ(msg.category(), v1::MESSAGE_TIP);
  EXPECT_EQ(msg.suggested_category(), v1::MESSAGE_HELP);
  EXPECT_EQ(msg.sender_handle(), "@parent");

  v1::LinkTipToCaseRequest link;
  link.set_message_id(msg.message_id());
  link.set_case_id("case-7");
  *link.mutable_actor() = route.actor();
  ASSERT_TRUE(service_->LinkTipToCase(nullptr, &link, &msg).ok());
  EXPECT_EQ(msg.linked_case_id(), "case-7");

  v1::ListMessagesRequest open_list;
  open_list.add_states(v1::MESSAGE_RECEIVED);
  open_list.add_states(v1::MESSAGE_ROUTED);
  v1::ListMessagesResponse open_listed;
  ASSERT_TRUE(service_->ListMessages(nullptr, &open_list, &open_listed).ok());
  ASSERT_EQ(open_listed.messages_size(), 1);
  EXPECT_EQ(open_listed.messages(0).linked_case_id(), "case-7");

  clock_.Advance(10min);
  v1::AnswerMessageRequest answer;
  answer.set_message_id(msg.message_id());
  answer.set_answer("已转交走失儿童中心，请保持电话畅通。");
  *answer.mutable_actor() = route.actor();
  ASSERT_TRUE(service_->AnswerMessage(nullptr, &answer, &msg).ok());
  EXPECT_EQ(msg.state(), v1::MESSAGE_ANSWERED);
  EXPECT_EQ(msg.answer(), "已转交走失儿童中心，请保持电话畅通。");

  v1::ListMessagesRequest list;
  list.add_states(v1::MESSAGE_ANSWERED);
  *list.mutable_actor() = patrol_;
  v1::ListMessagesResponse listed;
  ASSERT_TRUE(service_->ListMessages(nullptr, &list, &listed).ok());
  ASSERT_EQ(listed.messages_size(), 1);
  EXPECT_TRUE(listed.messages(0).sender_handle().empty());

  v1::AccountabilityReportRequest report_req;
  v1::AccountabilityReport report;
  ASSERT_TRUE(service_->GetAccountabilityReport(nullptr, &report_req, &report).ok());
  ASSERT_EQ(report.departments_size(), 1);
  EXPECT_EQ(report.departments(0).received(), 1);
  EXPECT_EQ(report.departments(0).answered_on_time(), 1);
}

TEST_F(AppealServiceTest, IdleDraftsExpireAtTheAdvertisedTime) {
  Seed("a1");
  v1::GetAppealRequest get;
  get.set_appeal_id("a1");
  v1::Appeal out;
  ASSERT_TRUE(service_->GetAppeal(nullptr, &get, &out).ok());
  ASSERT_TRUE(out.has_expires_at());
  clock_.Advance(5h);
  auto none = service_->ExpireStaleAppeals();
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(*none, 0);
  // Past expires_at (created + 6 h by default), the sweep expires it.
  clock_.Advance(std::chrono::seconds(out.expires_at().seconds() - out.created_at().seconds()) -
                 5h + 1s);
  auto one = service_->ExpireStaleAppeals();
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(*one, 1);
  ASSERT_TRUE(service_->GetAppeal(nullptr, &get, &out).ok());
  EXPECT_EQ(out.state(), v1::APPEAL_EXPIRED);
}

TEST_F(AppealServiceTest, WithoutADrafterDraftAndCapAnswerUnimplemented) {
  // This service was built without a drafter.
  v1::DraftAppealRequest req;
  v1::Appeal out;
  EXPECT_EQ(service_->DraftAppeal(nullptr, &req, &out).error_code(),
            grpc::StatusCode::UNIMPLEMENTED);
  v1::GetAppealRequest get;
  v1::ExportCapResponse cap;
  EXPECT_EQ(service_->ExportCap(nullptr, &get, &cap).error_code(), grpc::StatusCode::UNIMPLEMENTED);
}

// Issue 20: a life-safety message through the adapter is on top of the list, never answered
// from the library, and pages the command centre.
class RecordingPager final : public CommandCentrePager {
 public:
  absl::StatusOr<PageStatus> Page(const LifeSafetyPage& page) override {
    pages.push_back(page);
    return PageStatus{"ext-" + page.message_id};
  }
  std::vector<LifeSafetyPage> pages;
};

TEST_F(AppealServiceTest, LifeSafetyMessageTopsTheListIsNeverAutoAnsweredAndPages) {
  RecordingPager pager;
  LifeSafetyDispatcher dispatcher(&pager, &clock_);
  AppealServiceOptions o;
  o.venue_id = "ocean";
  o.appeals = &appeals_;
  o.inbox = &inbox_;
  o.answers = &answers_;
  o.publisher = &publisher_;
  o.clock = &clock_;
  o.desk.life_safety = &dispatcher;
  auto service = *AppealServiceImpl::Create(std::move(o));
  v1::UpsertAnswerRequest upsert;
  *upsert.mutable_actor() = author_;
  upsert.mutable_entry()->set_question("人多踩踏怎么办");
  upsert.mutable_entry()->set_answer("请听从现场指挥。");
  upsert.mutable_entry()->add_keywords("踩踏");
  v1::AnswerEntry entry;
  ASSERT_TRUE(service->UpsertAnswer(nullptr, &upsert, &entry).ok());

  v1::SubmitMessageRequest submit;
  *submit.mutable_actor() = MakeActor("system:weibo", v1::ROLE_SYSTEM);
  submit.set_channel("weibo_dm");
  submit.set_text("请问几点开门？");
  v1::InboxMessage first;
  ASSERT_TRUE(service->SubmitMessage(nullptr, &submit, &first).ok());
  clock_.Advance(5s);
  submit.set_text("巡游大街踩踏了，有人被压在下面");
  v1::InboxMessage threat;
  ASSERT_TRUE(service->SubmitMessage(nullptr, &submit, &threat).ok());
  EXPECT_EQ(threat.category(), v1::MESSAGE_LIFE_SAFETY);
  EXPECT_EQ(threat.department(), "command_centre");
  EXPECT_TRUE(threat.draft_reply().empty());      // the library has a 踩踏 entry: still not used
  EXPECT_EQ(threat.life_safety_kind(), "other");  // Default() rules name no kind
  ASSERT_EQ(pager.pages.size(), 1u);
  EXPECT_EQ(pager.pages[0].message_id, threat.message_id());

  v1::ListMessagesRequest list;
  v1::ListMessagesResponse listed;
  ASSERT_TRUE(service->ListMessages(nullptr, &list, &listed).ok());
  ASSERT_EQ(listed.messages_size(), 2);
  EXPECT_EQ(listed.messages(0).message_id(), threat.message_id());
  EXPECT_EQ(listed.messages(1).message_id(), first.message_id());
}

}  // namespace
}  // namespace cs::appeals
