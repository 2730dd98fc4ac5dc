#include "services/appeals/desk/inbox.h"

#include <string>

#include "gtest/gtest.h"

namespace cs::appeals {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

class InboxTest : public ::testing::Test {
 protected:
  InboxTest()
      : clock_(FromMillis(1'770'000'000'000)),
        rules_(*TriageRules::Create(TriageConfig::Default())),
        library_(&answer_store_, &clock_),
        inbox_(&store_, &rules_, &library_, &clock_) {
    EXPECT_TRUE(library_
                    .Put({"lost",
                          "孩子走失了怎么办？",
                          "请立即联系最近的工作人员或前往走失儿童中心。",
                          {"走失", "找不到孩子"}},
                         press_)
                    .ok());
  }

  InboxMessage Receive(const std::string& id, const std::string& text) {
    auto m = inbox_.Receive({id, "weibo_dm", text, clock_.Now(), "@sender_" + id});
    EXPECT_TRUE(m.ok()) << m.status();
    return m.ok() ? *m : InboxMessage{};
  }

  ManualClock clock_;
  TriageRules rules_;
  InMemoryAnswerStore answer_store_;
  AnswerLibrary library_;
  InMemoryInboxStore store_;
  Inbox inbox_;
  Actor press_{"officer-li", Role::kPressOfficer};
};

TEST_F(InboxTest, SuggestsCategoriesInChineseAndEnglish) {
  EXPECT_EQ(rules_.SuggestCategory("求助！孩子在鲸鲨馆走失了"), Category::kHelpRequest);
  EXPECT_EQ(rules_.SuggestCategory("I lost my son near the whale shark tank, please help"),
            Category::kHelpRequest);
  EXPECT_EQ(rules_.SuggestCategory("我要投诉，排队太久，工作人员态度差"), Category::kComplaint);
  EXPECT_EQ(rules_.SuggestCategory("刚才在企鹅馆门口看到一个穿红衣服的小男孩在哭"), Category::kTip);
  EXPECT_EQ(rules_.SuggestCategory("举报门口有黄牛倒卖门票"), Category::kReport);
  EXPECT_EQ(rules_.SuggestCategory("请问今天几点开放？"), Category::kConsultation);
  EXPECT_EQ(rules_.SuggestCategory("你好"), Category::kConsultation);  // no keyword: default
  EXPECT_STREQ(CategoryLabel(Category::kTip), "线索");
}

TEST_F(InboxTest, RoutesByCategoryAndKeywordWithDeadlines) {
  auto help = Receive("m1", "求助，孩子走失了");
  EXPECT_EQ(help.category, Category::kHelpRequest);
  EXPECT_EQ(help.department, "security");
  EXPECT_EQ(help.deadline - help.received_at, minutes(30));
  auto scalper = Receive("m2", "举报：南门有黄牛");
  EXPECT_EQ(scalper.department, "ticketing");  // keyword route beats the category route
  auto complaint = Receive("m3", "投诉：厕所太差");
  EXPECT_EQ(complaint.department, "guest_services");
  EXPECT_EQ(complaint.deadline - complaint.received_at, hours(24));
  EXPECT_FALSE(complaint.matched_keywords.empty());
}

TEST_F(InboxTest, CustomRoutingTableIsValidated) {
  TriageConfig c = TriageConfig::Default();
  c.routes.push_back({Category::kTip, "", ""});
  auto bad = TriageRules::Create(c);
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(bad.status().message().find("department"), std::string::npos);
  c = TriageConfig::Default();
  c.deadlines.push_back({"security", Duration::zero()});
  EXPECT_NE(TriageRules::Create(c).status().message().find("respond_within"), std::string::npos);
}

TEST_F(InboxTest, LifecycleAndOverdueDetection) {
  Receive("m1", "求助，孩子走失了");
  Receive("m2", "投诉：排队太久");
  clock_.Advance(minutes(29));
  EXPECT_TRUE(inbox_.Overdue().empty());
  clock_.Advance(minutes(2));
  auto overdue = inbox_.Overdue();
  ASSERT_EQ(overdue.size(), 1u);
  EXPECT_EQ(overdue[0].id, "m1");
  EXPECT_TRUE(overdue[0].sender_handle.empty());  // restricted field blanked

  ASSERT_TRUE(inbox_.Assign("m1", press_, "guard-7").ok());
  EXPECT_EQ(inbox_.Close("m1", press_).status().code(), absl::StatusCode::kFailedPrecondition);
  auto answered = inbox_.Answer("m1", Actor{"guard-7", Role::kDrafter}, "已联系家长。");
  ASSERT_TRUE(answered.ok());
  EXPECT_EQ(answered->state, MessageState::kAnswered);
  EXPECT_TRUE(inbox_.Overdue().empty());
  EXPECT_EQ(inbox_.Close("m1", press_)->state, MessageState::kClosed);
  EXPECT_EQ(inbox_.Answer("m1", press_, "again").status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST_F(InboxTest, ReassigningDepartmentMovesTheDeadline) {
  Receive("m1", "请问停车场在哪");
  auto m = inbox_.Assign("m1", press_, "agent-1", Category::kHelpRequest);
  ASSERT_TRUE(m.ok());
  EXPECT_TRUE(m->category_confirmed);
  EXPECT_EQ(m->department, "security");
  EXPECT_EQ(m->deadline - m->received_at, minutes(30));
}

TEST_F(InboxTest, DraftReplyComesFromTheAnswerLibrary) {
  Receive("m1", "我找不到孩子了，怎么办");
  auto m = inbox_.DraftReply("m1");
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_EQ(m->suggested_answer_id, "lost");
  EXPECT_EQ(m->reply, "请立即联系最近的工作人员或前往走失儿童中心。");
  EXPECT_EQ(m->state, MessageState::kReceived);  // drafted, not sent
  Receive("m2", "zzz qqq");
  EXPECT_EQ(inbox_.DraftReply("m2").status().code(), absl::StatusCode::kNotFound);
}

TEST_F(InboxTest, OnlyTipsLinkToCases) {
  Receive("tip", "我刚才在企鹅馆看到一个小男孩，好像是走丢的");
  Receive("q", "请问几点开放");
  auto linked = inbox_.LinkCase("tip", press_, "case-42");
  ASSERT_TRUE(linked.ok()) << linked.status();
  EXPECT_EQ(linked->case_id, "case-42");
  EXPECT_EQ(inbox_.LinkCase("q", press_, "case-42").status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(inbox_.LinkCase("tip", press_, "").status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(InboxTest, RestrictedHandleOnlyForPressDesk) {
  Receive("m1", "请问几点开放");
  EXPECT_EQ(inbox_.Get("m1", true)->sender_handle, "@sender_m1");
  EXPECT_TRUE(inbox_.Get("m1", false)->sender_handle.empty());
}

TEST_F(InboxTest, BadInputNamesFieldAndRedeliveryIsRefused) {
  auto r = inbox_.Receive({"m1", "weibo_dm", "", clock_.Now(), "@secret_handle"});
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("message.text"), std::string::npos);
  EXPECT_EQ(r.status().message().find("secret_handle"), std::string::npos);
  r = inbox_.Receive({"m1", "weibo_dm", "hi", clock_.Now() + hours(1), ""});
  EXPECT_NE(r.status().message().find("message.received_at"), std::string::npos);
  Receive("m1", "请问几点开放");
  EXPECT_EQ(inbox_.Receive({"m1", "weibo_dm", "again", clock_.Now(), ""}).status().code(),
            absl::StatusCode::kAlreadyExists);
}

TEST_F(InboxTest, AccountabilityReportPerDepartment) {
  const TimePoint start = clock_.Now();
  Receive("h1", "求助，孩子走失了");  // security, 30 min
  Receive("h2", "救命，有人晕倒");    // security, 30 min
  Receive("h3", "help, my daughter is missing");
  Receive("c1", "投诉：排队太久");  // guest_services, 24 h
  clock_.Advance(minutes(10));
  ASSERT_TRUE(inbox_.Answer("h1", press_, "已派保安").ok());  // on time
  clock_.Advance(minutes(40));
  ASSERT_TRUE(inbox_.Answer("h2", press_, "已派医护").ok());  // late
  // h3 open and past deadline; c1 open but within 24 h.
  const TimePoint end = clock_.Now();
  Receive("late", "求助");  // outside the range
  auto report = inbox_.Report(start, end);
  ASSERT_EQ(report.size(), 2u);
  EXPECT_EQ(report[0].department, "guest_services");
  EXPECT_EQ(report[0].received, 1);
  EXPECT_EQ(report[0].answered, 0);
  EXPECT_EQ(report[0].overdue, 0);
  EXPECT_EQ(report[1].department, "security");
  EXPECT_EQ(report[1].received, 3);
  EXPECT_EQ(report[1].answered, 2);
  EXPECT_EQ(report[1].answered_on_time, 1);
  EXPECT_EQ(report[1].overdue, 1);
}

}  // namespace
}  // namespace cs::appeals
