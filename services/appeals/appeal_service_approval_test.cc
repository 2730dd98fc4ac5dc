// Issue 14: approving a missing-child appeal asks case-service (a gmock stub here) at that moment
// for a candidate at or above its notify threshold; the review read carries the same warning.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "crowdsafe/v1/cases_mock.grpc.pb.h"
#include "services/appeals/appeal_service.h"

namespace cs::appeals {
namespace {

namespace v1 = crowdsafe::v1;
using ::testing::_;
using ::testing::DoAll;
using ::testing::Return;
using ::testing::SetArgPointee;

v1::Actor Press(const std::string& id) {
  v1::Actor a;
  a.set_user_id(id);
  a.set_role(v1::ROLE_PRESS);
  return a;
}

v1::ListCandidatesResponse Candidates(double score) {
  v1::ListCandidatesResponse r;
  r.set_notify_threshold(0.6);
  auto* c = r.add_candidates();
  c->set_case_id("case-9");
  c->set_score(score);
  return r;
}

class ApprovalTest : public ::testing::Test {
 protected:
  void SetUp() override {
    AppealServiceOptions o;
    o.venue_id = "ocean";
    o.appeals = &appeals_;
    o.inbox = &inbox_;
    o.answers = &answers_;
    o.publisher = &publisher_;
    o.clock = &clock_;
    o.cases = &cases_;
    auto s = AppealServiceImpl::Create(std::move(o));
    ASSERT_TRUE(s.ok()) << s.status();
    service_ = *std::move(s);
    AppealWorkflow wf(&appeals_, &clock_);
    AppealTexts t;
    t.zh_hans = {"【寻人】", "请拨打官方热线。"};
    t.zh_hant = {"【尋人】", "請撥打官方熱線。"};
    t.en = {"Missing child", "Call the official hotline."};
    ASSERT_TRUE(wf.CreateDraft({"a1", "case-7", AppealKind::kMissingChild, t, {}, {}, {}},
                               {"officer-li", Role::kPressOfficer})
                    .ok());
    ASSERT_TRUE(wf.Submit("a1", {"officer-li", Role::kPressOfficer}).ok());
  }

  v1::AppealActionRequest Approve(bool anyway, const std::string& reason) {
    v1::AppealActionRequest r;
    r.set_appeal_id("a1");
    *r.mutable_actor() = Press("officer-wang");
    r.set_publish_anyway(anyway);
    r.set_reason(reason);
    return r;
  }

  InMemoryAppealStore appeals_;
  InMemoryInboxStore inbox_;
  InMemoryAnswerStore answers_;
  OutboxPublisher publisher_;
  ManualClock clock_{FromMillis(1'771'300'800'000)};
  v1::MockCaseServiceStub cases_;
  std::unique_ptr<AppealServiceImpl> service_;
};

TEST_F(ApprovalTest, StrongCandidateIsShownAndBlocksApprovalWithoutPublishAnyway) {
  EXPECT_CALL(cases_, ListCandidates(_, _, _))
      .WillRepeatedly(DoAll(SetArgPointee<2>(Candidates(0.82)), Return(grpc::Status::OK)));
  v1::GetAppealRequest get;
  get.set_appeal_id("a1");
  *get.mutable_actor() = Press("officer-wang");
  v1::Appeal read;
  ASSERT_TRUE(service_->GetAppeal(nullptr, &get, &read).ok());
  EXPECT_TRUE(read.match_warning().strong_candidate());
  EXPECT_EQ(read.match_warning().candidate_case_id(), "case-9");
  EXPECT_DOUBLE_EQ(read.match_warning().notify_threshold(), 0.6);

  v1::Appeal out;
  auto plain = Approve(false, "");
  grpc::Status s = service_->ApproveAppeal(nullptr, &plain, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(s.error_message().find("publish_anyway"), std::string::npos);
  auto no_reason = Approve(true, "");
  s = service_->ApproveAppeal(nullptr, &no_reason, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(s.error_message().find("reason"), std::string::npos);

  auto anyway = Approve(true, "the candidate is a girl");
  ASSERT_TRUE(service_->ApproveAppeal(nullptr, &anyway, &out).ok());
  EXPECT_EQ(out.state(), v1::APPEAL_APPROVED);
  v1::GetAppealAuditResponse audit;
  ASSERT_TRUE(service_->GetAppealAudit(nullptr, &get, &audit).ok());
  bool recorded = false;
  for (const auto& e : audit.entries()) {
    recorded |= e.action() == "approve" && e.reason().find("the candidate is a girl") !=
                                               std::string::npos;
  }
  EXPECT_TRUE(recorded);
}

TEST_F(ApprovalTest, WeakCandidateNeedsNothingAndAnUnreachableCaseServiceCountsAsUnchecked) {
  EXPECT_CALL(cases_, ListCandidates(_, _, _))
      .WillOnce(Return(grpc::Status(grpc::StatusCode::UNAVAILABLE, "down")))
      .WillOnce(DoAll(SetArgPointee<2>(Candidates(0.41)), Return(grpc::Status::OK)));
  v1::Appeal out;
  auto plain = Approve(false, "");
  EXPECT_EQ(service_->ApproveAppeal(nullptr, &plain, &out).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  ASSERT_TRUE(service_->ApproveAppeal(nullptr, &plain, &out).ok());
  EXPECT_EQ(out.state(), v1::APPEAL_APPROVED);
}

// A case case-service does not hold has no candidate to wait for.
TEST_F(ApprovalTest, ACaseUnknownToCaseServiceIsClear) {
  EXPECT_CALL(cases_, ListCandidates(_, _, _))
      .WillOnce(Return(grpc::Status(grpc::StatusCode::NOT_FOUND, "case_id: no such case")));
  v1::Appeal out;
  auto plain = Approve(false, "");
  ASSERT_TRUE(service_->ApproveAppeal(nullptr, &plain, &out).ok());
  EXPECT_EQ(out.state(), v1::APPEAL_APPROVED);
}

}  // namespace
}  // namespace cs::appeals
