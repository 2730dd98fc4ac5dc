#include "services/cases/core/lifecycle.h"

#include <gtest/gtest.h>

namespace cs::cases {
namespace {

const Actor kDesk{"desk-01", Role::kDesk};
const Actor kOfficer{"officer-7", Role::kPatrol};

Case NewCase(const char* id = "case-1") {
  Case c;
  c.id = id;
  c.kind = CaseKind::kMissing;
  return c;
}

GuardianVerification GoodCheck() {
  return {"resident_id", *MaskIdNumber("310101199001011234"), "officer-7", {}};
}

TEST(Lifecycle, HappyPathToClosedWithAudit) {
  ManualClock clock(FromMillis(1'770'000'000'000));
  Case c = NewCase();
  ASSERT_TRUE(Transition(c, CaseState::kMatchProposed, kDesk, clock.Now(), "matcher").ok());
  ASSERT_TRUE(Transition(c, CaseState::kMatchConfirmed, kDesk, clock.Now(), "desk confirmed").ok());
  clock.Advance(std::chrono::minutes(3));
  ASSERT_TRUE(VerifyGuardian(c, GoodCheck(), kOfficer, clock.Now()).ok());
  EXPECT_EQ(c.state, CaseState::kGuardianVerified);
  ASSERT_TRUE(Transition(c, CaseState::kReunited, kOfficer, clock.Now(), "handover").ok());
  EXPECT_EQ(c.reunited_at, clock.Now());
  ASSERT_TRUE(Transition(c, CaseState::kClosed, kDesk, clock.Now(), "done").ok());
  EXPECT_EQ(c.closed_at, clock.Now());
  // 5 transitions + 1 verify entry, in order.
  ASSERT_EQ(c.audit.size(), 6u);
  EXPECT_EQ(c.audit[0].from_state, "OPEN");
  EXPECT_EQ(c.audit[0].to_state, "MATCH_PROPOSED");
  EXPECT_EQ(c.audit[2].action, "verify_guardian");
  EXPECT_EQ(c.audit.back().to_state, "CLOSED");
  EXPECT_EQ(c.audit.back().actor, "desk-01");
}

TEST(Lifecycle, IllegalTransitionIsFailedPrecondition) {
  Case c = NewCase();
  auto s = Transition(c, CaseState::kReunited, kDesk, {}, "");
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(c.state, CaseState::kOpen);
  EXPECT_TRUE(c.audit.empty());
  EXPECT_FALSE(IsLegalTransition(CaseState::kPurged, CaseState::kOpen));
  EXPECT_FALSE(IsLegalTransition(CaseState::kClosed, CaseState::kOpen));
  EXPECT_TRUE(IsLegalTransition(CaseState::kMatchProposed, CaseState::kOpen));
}

TEST(Lifecycle, HandoverNeedsGuardianVerification) {
  Case c = NewCase();
  ASSERT_TRUE(Transition(c, CaseState::kMatchProposed, kDesk, {}, "").ok());
  ASSERT_TRUE(Transition(c, CaseState::kMatchConfirmed, kDesk, {}, "").ok());
  auto s = Transition(c, CaseState::kGuardianVerified, kDesk, {}, "skip the check");
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  // A full, unmasked number is refused and never stored.
  GuardianVerification bad = GoodCheck();
  bad.masked_number = "310101199001011234";
  s = VerifyGuardian(c, bad, kOfficer, {});
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(), "guardian.masked_number: is not masked");
  EXPECT_FALSE(c.guardian.has_value());
  bad = GoodCheck();
  bad.verifier_id.clear();
  EXPECT_EQ(VerifyGuardian(c, bad, kOfficer, {}).code(), absl::StatusCode::kInvalidArgument);
  // Verification before a confirmed match is refused.
  Case early = NewCase("case-2");
  EXPECT_EQ(VerifyGuardian(early, GoodCheck(), kOfficer, {}).code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(Lifecycle, MaskIdNumber) {
  EXPECT_EQ(*MaskIdNumber("310101199001011234"), "3101**********1234");
  EXPECT_EQ(*MaskIdNumber("E12345678"), "*******78");
  EXPECT_TRUE(IsMasked(*MaskIdNumber("310101199001011234")));
  EXPECT_TRUE(IsMasked(*MaskIdNumber("E12345678")));
  EXPECT_FALSE(IsMasked("310101199001011234"));
  EXPECT_FALSE(MaskIdNumber("").ok());
  EXPECT_FALSE(MaskIdNumber("３１０").ok());  // full-width digits
}

TEST(Lifecycle, LinkDuplicateKeepsBothReports) {
  Case a = NewCase("case-1");
  Case b = NewCase("case-2");
  b.child.features = "kept";
  ASSERT_TRUE(LinkDuplicate(a, b, kDesk, {}).ok());
  EXPECT_EQ(a.state, CaseState::kOpen);
  EXPECT_EQ(b.state, CaseState::kDuplicateLinked);
  EXPECT_EQ(a.linked_ids, std::vector<std::string>{"case-2"});
  EXPECT_EQ(b.linked_ids, std::vector<std::string>{"case-1"});
  EXPECT_EQ(b.child.features, "kept");
  EXPECT_EQ(LinkDuplicate(a, b, kDesk, {}).code(), absl::StatusCode::kFailedPrecondition);
  Case f = NewCase("case-3");
  f.kind = CaseKind::kFound;
  EXPECT_EQ(LinkDuplicate(a, f, kDesk, {}).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(LinkDuplicate(a, a, kDesk, {}).code(), absl::StatusCode::kInvalidArgument);
}

TEST(Lifecycle, ProposeThenConfirmAPair) {
  Case m = NewCase("case-1");
  Case f = NewCase("case-2");
  f.kind = CaseKind::kFound;
  Case other = NewCase("case-3");
  other.kind = CaseKind::kFound;
  EXPECT_EQ(ProposeMatch(m, m, kDesk, {}).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ConfirmMatch(m, f, kDesk, {}).code(), absl::StatusCode::kFailedPrecondition);
  ASSERT_TRUE(ProposeMatch(m, f, kDesk, {}).ok());
  EXPECT_EQ(m.state, CaseState::kMatchProposed);
  EXPECT_EQ(f.matched_id, "case-1");
  EXPECT_EQ(ProposeMatch(m, other, kDesk, {}).code(), absl::StatusCode::kFailedPrecondition);
  other.state = CaseState::kMatchProposed;  // proposed with someone else
  EXPECT_EQ(ConfirmMatch(m, other, kDesk, {}).code(), absl::StatusCode::kFailedPrecondition);
  ASSERT_TRUE(ConfirmMatch(m, f, kDesk, {}).ok());
  EXPECT_EQ(m.state, CaseState::kMatchConfirmed);
  EXPECT_EQ(f.state, CaseState::kMatchConfirmed);
  EXPECT_EQ(m.audit.back().to_state, "MATCH_CONFIRMED");
  // Rejecting later reopens and clears the pairing.
  ASSERT_TRUE(Transition(m, CaseState::kOpen, kDesk, {}, "guardian says not my child").ok());
  EXPECT_TRUE(m.matched_id.empty());
}

TEST(Lifecycle, BroadcastResponseIsAuditedWithoutChangingState) {
  ManualClock clock(FromMillis(1'770'000'000'000));
  Case c = NewCase();
  ASSERT_TRUE(RecordBroadcastResponse(c, BroadcastResponse::kSeen, "penguin", "near the exit",
                                      kOfficer, clock.Now())
                  .ok());
  EXPECT_EQ(c.state, CaseState::kOpen);
  ASSERT_EQ(c.audit.size(), 1u);
  EXPECT_EQ(c.audit[0].action, "broadcast_response");
  EXPECT_EQ(c.audit[0].actor, "officer-7");
  EXPECT_EQ(c.audit[0].reason, "seen in penguin: near the exit");

  EXPECT_EQ(RecordBroadcastResponse(c, BroadcastResponse::kSearching, "", std::string(201, 'x'),
                                    kOfficer, clock.Now())
                .code(),
            absl::StatusCode::kInvalidArgument);
  Case found = NewCase("case-2");
  found.kind = CaseKind::kFound;
  EXPECT_EQ(RecordBroadcastResponse(found, BroadcastResponse::kSeen, "", "", kOfficer, clock.Now())
                .code(),
            absl::StatusCode::kFailedPrecondition);
  ASSERT_TRUE(Transition(c, CaseState::kCancelled, kDesk, clock.Now(), "found alone").ok());
  EXPECT_EQ(RecordBroadcastResponse(c, BroadcastResponse::kFound, "", "", kOfficer, clock.Now())
                .code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(c.audit.size(), 2u);  // the refused answers left nothing
}

}  // namespace
}  // namespace cs::cases
