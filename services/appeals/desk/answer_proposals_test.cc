// The library learning from the desk: a hand-written answer is proposed, a second press officer
// approves it (never the proposer), and only then does the search suggest it, with the matched
// terms located for highlighting.
#include "services/appeals/desk/answer_proposals.h"

#include "gtest/gtest.h"
#include "services/appeals/desk/inbox.h"

namespace cs::appeals {
namespace {

using namespace std::chrono_literals;

class AnswerProposalsTest : public ::testing::Test {
 protected:
  AnswerProposalsTest()
      : clock_(FromMillis(1'796'083'200'000)),
        library_(&answers_, &clock_),
        rules_(*TriageRules::Create(TriageConfig::Default())),
        inbox_(&messages_, &rules_, &library_, &clock_),
        proposals_(&store_, &messages_, &library_, &clock_) {}

  // A message received and answered by hand by officer Li.
  std::string Answered(const std::string& id, const std::string& text, const std::string& reply) {
    IncomingMessage in{id, "weibo_dm", text, clock_.Now(), "@visitor"};
    EXPECT_TRUE(inbox_.Receive(in).ok());
    EXPECT_TRUE(inbox_.Answer(id, li_, reply).ok());
    return id;
  }

  InMemoryAnswerStore answers_;
  InMemoryInboxStore messages_;
  InMemoryAnswerProposalStore store_;
  ManualClock clock_;
  AnswerLibrary library_;
  TriageRules rules_;
  Inbox inbox_;
  AnswerProposals proposals_;
  Actor li_{"officer-li", Role::kPressOfficer};
  Actor wang_{"officer-wang", Role::kPressOfficer};
  Actor drafter_{"desk-zhao", Role::kDrafter};
};

TEST_F(AnswerProposalsTest, AnApprovedAnswerIsFoundOnlyAfterTheSecondOfficerApproves) {
  Answered("m1", "请问园区里可以给婴儿车充气吗？", "婴儿车可在游客中心免费充气和租借。");
  auto p = proposals_.Propose({"p1", "m1", "婴儿车充气", {"婴儿车", "充气"}, ""}, li_);
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->state, ProposalState::kPending);
  EXPECT_EQ(p->answer, "婴儿车可在游客中心免费充气和租借。");
  EXPECT_TRUE(library_.Search("婴儿车").empty());  // pending: never suggested

  auto self = proposals_.Approve("p1", li_);
  EXPECT_TRUE(absl::IsPermissionDenied(self.status())) << self.status();
  EXPECT_TRUE(absl::IsPermissionDenied(proposals_.Approve("p1", drafter_).status()));

  auto approved = proposals_.Approve("p1", wang_);
  ASSERT_TRUE(approved.ok()) << approved.status();
  EXPECT_EQ(approved->state, ProposalState::kApproved);
  EXPECT_EQ(approved->reviewed_by, "officer-wang");
  auto entry = library_.Get(approved->answer_id);
  ASSERT_TRUE(entry.ok());
  EXPECT_EQ(entry->approved_by, "officer-wang");
  auto hits = library_.Search("婴儿车能充气吗");
  ASSERT_FALSE(hits.empty());
  EXPECT_EQ(hits[0].id, approved->answer_id);
  EXPECT_TRUE(absl::IsFailedPrecondition(proposals_.Approve("p1", wang_).status()));
}

TEST_F(AnswerProposalsTest, DefaultsComeFromTheMessageAndRejectionsKeepTheirReason) {
  Answered("m2", "停车场在哪里", "P1停车场在正门东侧。");
  auto p = proposals_.Propose({"p2", "m2", "", {}, ""}, li_);
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->question, "停车场在哪里");
  EXPECT_TRUE(p->keywords.empty());
  // One proposal per message while it is pending (or approved).
  EXPECT_TRUE(absl::IsAlreadyExists(proposals_.Propose({"p2b", "m2", "", {}, ""}, wang_).status()));
  EXPECT_TRUE(absl::IsInvalidArgument(proposals_.Reject("p2", wang_, " ").status()));
  auto rejected = proposals_.Reject("p2", wang_, "停车场春节期间调整，暂不入库");
  ASSERT_TRUE(rejected.ok());
  EXPECT_EQ(rejected->state, ProposalState::kRejected);
  EXPECT_EQ(rejected->reason, "停车场春节期间调整，暂不入库");
  EXPECT_FALSE(library_.Get(p->answer_id).ok());
  auto pending = proposals_.List(ProposalState::kPending);
  ASSERT_TRUE(pending.ok());
  EXPECT_TRUE(pending->empty());
  EXPECT_EQ(proposals_.List(std::nullopt)->size(), 1u);
  // Rejected: it may be proposed again (say, with a corrected question).
  EXPECT_TRUE(proposals_.Propose({"p2c", "m2", "停车场位置", {}, ""}, wang_).ok());
}

TEST_F(AnswerProposalsTest, OnlyAnsweredMessagesByPressOfficersAndNotTheLibrarysOwnWords) {
  IncomingMessage open{"m3", "web", "还没回答的问题", clock_.Now(), ""};
  ASSERT_TRUE(inbox_.Receive(open).ok());
  EXPECT_TRUE(absl::IsFailedPrecondition(proposals_.Propose({"p3", "m3", "", {}, ""}, li_).status()));
  EXPECT_TRUE(absl::IsNotFound(proposals_.Propose({"p4", "nope", "", {}, ""}, li_).status()));
  Answered("m5", "几点开门", "9点开园。");
  EXPECT_TRUE(
      absl::IsPermissionDenied(proposals_.Propose({"p5", "m5", "", {}, ""}, drafter_).status()));

  // A reply drafted from the library and sent unchanged teaches the library nothing.
  ASSERT_TRUE(library_.Put({"hours", "几点开放？", "每日9:00至21:00开放。", {"开放"}}, wang_).ok());
  IncomingMessage in{"m6", "web", "几点开放", clock_.Now(), ""};
  ASSERT_TRUE(inbox_.Receive(in).ok());
  ASSERT_TRUE(inbox_.DraftReply("m6").ok());
  ASSERT_TRUE(inbox_.Answer("m6", li_, "每日9:00至21:00开放。").ok());
  EXPECT_TRUE(absl::IsFailedPrecondition(proposals_.Propose({"p6", "m6", "", {}, ""}, li_).status()));
}

TEST_F(AnswerProposalsTest, AProposalCanEditAnExistingEntry) {
  ASSERT_TRUE(library_.Put({"hours", "几点开放？", "每日9:00至21:00开放。", {"开放"}}, wang_).ok());
  Answered("m7", "春节几点开放", "春节期间延长至22:00。");
  auto p = proposals_.Propose({"p7", "m7", "几点开放？", {"开放", "春节"}, "hours"}, li_);
  ASSERT_TRUE(p.ok()) << p.status();
  ASSERT_TRUE(proposals_.Approve("p7", wang_).ok());
  auto entry = library_.Get("hours");
  EXPECT_EQ(entry->version, 2);
  EXPECT_EQ(entry->answer, "春节期间延长至22:00。");
  Answered("m8", "春节几点闭园", "春节期间22:00闭园。");
  EXPECT_TRUE(absl::IsNotFound(proposals_.Propose({"p8", "m8", "", {}, "missing"}, li_).status()));
}

TEST(ExplainMatchTest, LocatesTermsInCodePointsAndMergesOverlaps) {
  AnswerEntry e;
  e.question = "企鹅馆在哪里？";
  e.answer = "Penguin hall: 企鹅馆位于极地区。penguins";
  e.keywords = {"企鹅馆", "polar", "地图"};
  AnswerMatch m = ExplainMatch(e, "企鹅馆 penguin");
  // 企鹅 and 鹅馆 overlap: one span over 企鹅馆.
  ASSERT_EQ(m.question.size(), 1u);
  EXPECT_EQ(m.question[0], (TextSpan{0, 3}));
  // "Penguin" matches case-insensitively; "penguins" is another word and does not.
  ASSERT_EQ(m.answer.size(), 2u);
  EXPECT_EQ(m.answer[0], (TextSpan{0, 7}));
  EXPECT_EQ(m.answer[1], (TextSpan{14, 17}));
  EXPECT_EQ(m.keywords, std::vector<std::string>{"企鹅馆"});

  // No bigram in common: single characters, as the search falls back to.
  AnswerMatch uni = ExplainMatch(e, "馆");
  ASSERT_EQ(uni.question.size(), 1u);
  EXPECT_EQ(uni.question[0], (TextSpan{2, 3}));
  EXPECT_TRUE(ExplainMatch(e, "退票").question.empty());
}

}  // namespace
}  // namespace cs::appeals
