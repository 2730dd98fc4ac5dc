// Issue 14: a missing-child appeal whose case already has a strong match candidate is not
// approved without an explicit, audited "publish anyway".
#include "services/appeals/desk/match_check.h"

#include <string>

#include "gtest/gtest.h"
#include "services/appeals/desk/appeal_workflow.h"

namespace cs::appeals {
namespace {

AppealTexts Texts() {
  AppealTexts t;
  t.zh_hans = {"【寻人】", "请拨打官方热线。"};
  t.zh_hant = {"【尋人】", "請撥打官方熱線。"};
  t.en = {"Missing child", "Call the official hotline."};
  return t;
}

class MatchCheckTest : public ::testing::Test {
 protected:
  MatchCheckTest() : clock_(FromMillis(1'770'000'000'000)), wf_(&store_, &clock_) {}
  void InReview(const std::string& id, AppealKind kind) {
    ASSERT_TRUE(wf_.CreateDraft({id, "case-7", kind, Texts(), {}, {}, {}}, drafter_).ok());
    ASSERT_TRUE(wf_.Submit(id, press_).ok());
  }
  static MatchCheck Strong() {
    return {MatchCheck::Result::kStrongCandidate, "case-9", 0.83, 0.6};
  }

  InMemoryAppealStore store_;
  ManualClock clock_;
  AppealWorkflow wf_;
  Actor drafter_{"system:drafter", Role::kSystem};
  Actor press_{"officer-li", Role::kPressOfficer};
  Actor approver_{"officer-wang", Role::kPressOfficer};
};

TEST_F(MatchCheckTest, StrongCandidateBlocksApprovalWithoutPublishAnyway) {
  InReview("a1", AppealKind::kMissingChild);
  auto blocked = wf_.Approve("a1", approver_, Strong());
  ASSERT_EQ(blocked.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(blocked.status().message().find("publish_anyway"), std::string::npos);
  EXPECT_NE(blocked.status().message().find("case-9"), std::string::npos);
  EXPECT_NE(blocked.status().message().find("0.60"), std::string::npos);
  // Publish anyway without a reason is bad input naming the field.
  auto no_reason = wf_.Approve("a1", approver_, Strong(), {true, ""});
  ASSERT_EQ(no_reason.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(no_reason.status().message().find("reason"), std::string::npos);
  EXPECT_EQ(wf_.Get("a1")->state, AppealState::kInReview);
}

TEST_F(MatchCheckTest, PublishAnywayWithAReasonApprovesAndIsAudited) {
  InReview("a1", AppealKind::kMissingChild);
  auto ok = wf_.Approve("a1", approver_, Strong(), {true, "the candidate is a girl; ours a boy"});
  ASSERT_TRUE(ok.ok()) << ok.status();
  EXPECT_EQ(ok->state, AppealState::kApproved);
  const AuditEntry& e = ok->audit.back();
  EXPECT_EQ(e.action, "approve");
  EXPECT_EQ(e.actor_id, "officer-wang");
  EXPECT_NE(e.reason.find("publish anyway"), std::string::npos);
  EXPECT_NE(e.reason.find("case-9"), std::string::npos);
  EXPECT_NE(e.reason.find("the candidate is a girl; ours a boy"), std::string::npos);
}

TEST_F(MatchCheckTest, UncheckedCountsAsNotClearOnlyForMissingChildAppeals) {
  InReview("m", AppealKind::kMissingChild);
  const MatchCheck unchecked{MatchCheck::Result::kUnchecked, "", 0, 0};
  auto blocked = wf_.Approve("m", approver_, unchecked);
  EXPECT_EQ(blocked.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(blocked.status().message().find("publish_anyway"), std::string::npos);
  // A found-child appeal is what reunites a family: a candidate never holds it back.
  InReview("f", AppealKind::kFoundChild);
  EXPECT_TRUE(wf_.Approve("f", approver_, Strong()).ok());
  // A clear check needs nothing and records no override.
  InReview("c", AppealKind::kMissingChild);
  auto clear = wf_.Approve("c", approver_, MatchCheck{});
  ASSERT_TRUE(clear.ok()) << clear.status();
  EXPECT_TRUE(clear->audit.back().reason.empty());
}

}  // namespace
}  // namespace cs::appeals
