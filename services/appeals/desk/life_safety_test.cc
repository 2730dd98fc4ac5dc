// The life-safety path of the inbox: top of the list, never answered from the library, the
// command centre paged (and re-paged when that fails), the 1-minute deadline, the zone pinned,
// and the rota's out-of-hours reply, which a life-safety message never gets.
#include "services/appeals/desk/life_safety.h"
#include "common/text/utf8.h"

#include <map>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "services/appeals/desk/inbox.h"

namespace cs::appeals {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

// Like crowd-service: the first page raises an alert, a repeat answers with it as it stands.
class FakePager final : public CommandCentrePager {
 public:
  absl::StatusOr<PageStatus> Page(const LifeSafetyPage& page) override {
    ++calls;
    if (failing) return absl::UnavailableError("crowd-service down");
    auto [it, raised] = alerts.try_emplace(page.message_id, PageStatus{"ext-" + page.message_id});
    if (raised) pages.push_back(page);
    return it->second;
  }
  void Acknowledge(const std::string& message_id, const std::string& who, TimePoint at) {
    alerts.at(message_id).acknowledged_by = who;
    alerts.at(message_id).acknowledged_at = at;
  }
  bool failing = false;
  int calls = 0;
  std::vector<LifeSafetyPage> pages;  // raised, in order
  std::map<std::string, PageStatus> alerts;
};

// 2026-02-02 10:40 in Zhuhai (02:40 UTC): the desk is open.
constexpr int64_t kMorningMs = 1'770'000'000'000;

class LifeSafetyInboxTest : public ::testing::Test {
 protected:
  LifeSafetyInboxTest()
      : clock_(FromMillis(kMorningMs)),
        rules_(*TriageRules::Create(TriageConfig::Default())),
        library_(&answer_store_, &clock_),
        zones_({{"plaza", {"主入口", "main gate"}},
                {"gardens", {"北门", "花园", "north gate"}},
                {"", {"北门外"}}},
               nullptr),
        rota_(*DeskRota::Create({})),
        dispatcher_(&pager_, &clock_),
        inbox_(&store_, &rules_, &library_, &clock_, {&dispatcher_, &zones_, &rota_}) {
    EXPECT_TRUE(
        library_.Put({"crowd", "人多怎么办", "请听从现场工作人员指挥。", {"踩踏", "人多"}}, press_)
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
  ZoneMentions zones_;
  DeskRota rota_;
  FakePager pager_;
  LifeSafetyDispatcher dispatcher_;
  Inbox inbox_;
  Actor press_{"officer-li", Role::kPressOfficer};
};

TEST_F(LifeSafetyInboxTest, ACrushAtTheMainGatePagesTheCommandCentrePinnedToTheZone) {
  InboxMessage m = Receive("m1", "主入口发生踩踏，有人被压在下面");
  EXPECT_EQ(m.category, Category::kLifeSafety);
  EXPECT_EQ(m.department, "command_centre");
  EXPECT_EQ(m.deadline, m.received_at + minutes(1));
  EXPECT_EQ(m.zone_id, "plaza");
  ASSERT_EQ(pager_.pages.size(), 1u);
  EXPECT_EQ(pager_.pages[0].message_id, "m1");
  EXPECT_EQ(pager_.pages[0].zone_id, "plaza");
  EXPECT_TRUE(m.auto_reply.empty());
}

TEST_F(LifeSafetyInboxTest, NeverAnsweredFromTheLibrary) {
  Receive("m1", "踩踏了 人多得不行");
  auto drafted = inbox_.DraftReply("m1");
  EXPECT_EQ(drafted.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(inbox_.Get("m1", true)->reply.empty());
}

TEST_F(LifeSafetyInboxTest, GoesToTheTopOfTheInboxUntilAnswered) {
  Receive("a", "请问几点开放？");
  clock_.Advance(seconds(10));
  Receive("b", "有人在投诉排队");
  clock_.Advance(seconds(10));
  Receive("c", "my friend is unconscious in the gardens");
  std::vector<InboxMessage> list = store_.ListOpen();
  SortForDesk(list);
  ASSERT_EQ(list.size(), 3u);
  EXPECT_EQ(list[0].id, "c");
  EXPECT_EQ(list[1].id, "a");
  ASSERT_TRUE(inbox_.Answer("c", press_, "已通知现场").ok());
  list = store_.ListReceived(TimePoint{}, clock_.Now() + hours(1));
  SortForDesk(list);
  EXPECT_EQ(list.back().id, "c");  // answered: back in arrival order
}

TEST_F(LifeSafetyInboxTest, OverdueAfterOneMinuteWithoutTheDesk) {
  Receive("m1", "有人不省人事");
  clock_.Advance(seconds(60));
  EXPECT_TRUE(inbox_.Overdue().empty());
  clock_.Advance(seconds(1));
  auto overdue = inbox_.Overdue();
  ASSERT_EQ(overdue.size(), 1u);
  EXPECT_EQ(overdue[0].id, "m1");
}

TEST_F(LifeSafetyInboxTest, AFailedPageIsKeptAndRetried) {
  pager_.failing = true;
  InboxMessage m = Receive("m1", "someone is not breathing at the north gate");
  EXPECT_EQ(m.category, Category::kLifeSafety);  // stored even though the page failed
  EXPECT_EQ(m.zone_id, "gardens");
  EXPECT_EQ(dispatcher_.pending(), 1u);
  EXPECT_EQ(dispatcher_.RetryPending(), 0);
  EXPECT_EQ(dispatcher_.pending(), 1u);
  pager_.failing = false;
  EXPECT_EQ(dispatcher_.RetryPending(), 1);
  EXPECT_EQ(dispatcher_.pending(), 0u);
  ASSERT_EQ(pager_.pages.size(), 1u);
  EXPECT_EQ(pager_.pages[0].message_id, "m1");
}

TEST_F(LifeSafetyInboxTest, AfterARestartOpenLifeSafetyMessagesArePagedAgain) {
  Receive("m1", "有人不省人事");
  Receive("q", "请问几点开放？");
  Receive("m2", "踩踏了");
  ASSERT_TRUE(inbox_.Answer("m2", press_, "已派人").ok());
  FakePager fresh;
  LifeSafetyDispatcher restarted(&fresh, &clock_);
  Inbox again(&store_, &rules_, &library_, &clock_, {&restarted, &zones_, &rota_});
  EXPECT_EQ(again.RepageOpenLifeSafety(), 1);
  ASSERT_EQ(fresh.pages.size(), 1u);
  EXPECT_EQ(fresh.pages[0].message_id, "m1");
}

TEST_F(LifeSafetyInboxTest, OutOfHoursOthersGetTheEmergencyNumbersButLifeSafetyPages) {
  clock_.Set(FromMillis(kMorningMs) + hours(12));  // 22:40 in Zhuhai
  InboxMessage question = Receive("q", "请问明天几点开门");
  EXPECT_NE(question.auto_reply.find("110"), std::string::npos);
  EXPECT_NE(question.auto_reply.find("120"), std::string::npos);
  EXPECT_NE(question.auto_reply.find("08:00–22:00"), std::string::npos);
  EXPECT_EQ(question.state, MessageState::kReceived);  // the desk still answers it tomorrow
  EXPECT_TRUE(pager_.pages.empty());

  InboxMessage threat = Receive("t", "我想自杀，已经在天台上了");
  EXPECT_EQ(threat.category, Category::kLifeSafety);
  EXPECT_TRUE(threat.auto_reply.empty());
  ASSERT_EQ(pager_.pages.size(), 1u);
  EXPECT_EQ(pager_.pages[0].message_id, "t");
}

TEST_F(LifeSafetyInboxTest, TheCommandCentresAcknowledgementIsMirroredOntoTheMessage) {
  Receive("m1", "有人不省人事");
  Receive("m2", "踩踏了");
  Receive("q", "请问几点开放？");
  EXPECT_EQ(inbox_.MirrorPageAcknowledgements(), 0);  // nobody has acknowledged yet
  EXPECT_FALSE(inbox_.Get("m1", true)->page_acknowledged_at.has_value());

  clock_.Advance(seconds(40));
  pager_.Acknowledge("m1", "desk.wang", clock_.Now());
  const int calls_before = pager_.calls;
  EXPECT_EQ(inbox_.MirrorPageAcknowledgements(), 1);
  EXPECT_EQ(pager_.calls - calls_before, 2);  // m1 and m2 checked; the question never pages
  InboxMessage m1 = *inbox_.Get("m1", true);
  EXPECT_EQ(m1.page_acknowledged_by, "desk.wang");
  EXPECT_EQ(m1.page_acknowledged_at, clock_.Now());
  EXPECT_EQ(m1.state, MessageState::kReceived);  // acknowledged is not answered
  EXPECT_FALSE(inbox_.Get("m2", true)->page_acknowledged_at.has_value());
  EXPECT_EQ(pager_.pages.size(), 2u);  // checking raised nothing new

  // Once mirrored a message is not asked about again; a pager that is down changes nothing.
  pager_.failing = true;
  EXPECT_EQ(inbox_.MirrorPageAcknowledgements(), 0);
  EXPECT_EQ(pager_.calls - calls_before, 3);  // only m2
  pager_.failing = false;
  pager_.Acknowledge("m2", "desk.zhao", clock_.Now());
  EXPECT_EQ(inbox_.MirrorPageAcknowledgements(), 1);
  EXPECT_EQ(inbox_.Get("m2", true)->page_acknowledged_by, "desk.zhao");
}

TEST(ZoneMentionsTest, FirstNamedZoneWinsAndOutsidePlacesPinNothing) {
  ZoneMentions zones({{"plaza", {"主入口"}}, {"gardens", {"北门", "花园"}}, {"", {"北门外"}}},
                     nullptr);
  EXPECT_EQ(zones.Resolve("花园那边，往主入口走"), "gardens");
  EXPECT_EQ(zones.Resolve("北门外的公交站"), "");
  EXPECT_EQ(zones.Resolve("北门进来就是"), "gardens");
  EXPECT_EQ(zones.Resolve("没说在哪"), "");
}

TEST(DeskRotaTest, OpensAtEightClosesAtTenLocalTime) {
  auto rota = *DeskRota::Create({});
  // 2026-02-02 00:00 UTC is 08:00 in Zhuhai.
  const TimePoint eight = FromMillis(1'769'990'400'000);
  EXPECT_FALSE(rota.IsOpen(eight - minutes(1)));
  EXPECT_TRUE(rota.IsOpen(eight));
  EXPECT_TRUE(rota.IsOpen(eight + hours(14) - minutes(1)));
  EXPECT_FALSE(rota.IsOpen(eight + hours(14)));
  DeskHoursConfig overnight;
  overnight.open_minute = 20 * 60;
  overnight.close_minute = 6 * 60;
  auto night = *DeskRota::Create(overnight);
  EXPECT_TRUE(night.IsOpen(eight - hours(3)));  // 05:00
  EXPECT_FALSE(night.IsOpen(eight));
}

TEST(DeskRotaTest, RejectsBadHoursAndARepliesWithoutEmergencyNumbers) {
  DeskHoursConfig c;
  c.close_minute = c.open_minute;
  EXPECT_EQ(DeskRota::Create(c).status().message(), "desk_hours.close: equals open");
  c = DeskHoursConfig{};
  c.out_of_hours_reply = "明天再说";
  EXPECT_FALSE(DeskRota::Create(c).ok());
  c = DeskHoursConfig{};
  c.timezone = "Mars/Olympus";
  EXPECT_FALSE(DeskRota::Create(c).ok());
  EXPECT_EQ(ParseClockMinute("08:30"), 510);
  EXPECT_EQ(ParseClockMinute("24:00"), 1440);
  EXPECT_FALSE(ParseClockMinute("24:30").has_value());
  EXPECT_FALSE(ParseClockMinute("8:00").has_value());
  DeskHoursConfig always;
  always.open_minute = 0;
  always.close_minute = 24 * 60;
  EXPECT_TRUE(DeskRota::Create(always)->IsOpen(FromMillis(1'769'990'400'000) - minutes(481)));
}

// A comment or an @mention is answered by a comment reply of at most 140 characters: it gets the
// short form, which still gives both emergency numbers and the hours; a private message gets the
// full bilingual text.
TEST(DeskRotaTest, ACommentGetsTheShortReplyThatFitsAComment) {
  auto rota = *DeskRota::Create({});
  const std::string& dm = rota.OutOfHoursReply("weibo_dm");
  const std::string& comment = rota.OutOfHoursReply("weibo_comment");
  EXPECT_EQ(&comment, &rota.OutOfHoursReply("weibo_mention"));
  EXPECT_NE(dm, comment);
  EXPECT_GT(CodePointCount(dm), kCommentReplyMaxChars);
  EXPECT_LE(CodePointCount(comment), kCommentReplyMaxChars);
  for (const char* needed : {"110", "120", "08:00–22:00"}) {
    EXPECT_NE(comment.find(needed), std::string::npos) << needed;
  }
  DeskHoursConfig c;
  c.out_of_hours_short_reply = "请明天再来";
  EXPECT_EQ(DeskRota::Create(c).status().message(),
            "desk_hours.out_of_hours_short_reply: must give 110 and 120");
  c.out_of_hours_short_reply = std::string(140, 'x') + " 110 120";
  EXPECT_FALSE(DeskRota::Create(c).ok());
}

TEST(LifeSafetyKindTest, TheKindWithTheMostEvidence) {
  TriageScores s;
  s.evidence = {{"crush", "life_safety", "crowd_crush", "踩踏", 1.0, {}},
                {"child", "life_safety", "child_danger", "小孩", 0.3, {}},
                {"queue", "complaint", "", "排队", 0.5, {}}};
  EXPECT_EQ(LifeSafetyKindOf(s), LifeSafetyKind::kCrowdCrush);
  EXPECT_EQ(LifeSafetyKindOf(TriageScores{}), LifeSafetyKind::kOther);
}

}  // namespace
}  // namespace cs::appeals
