#include "services/cases/core/access.h"

#include <gtest/gtest.h>

#include "services/cases/core/lifecycle.h"

namespace cs::cases {
namespace {

Case WithPersonalData() {
  Case c;
  c.id = "case-3";
  c.child.features = "戴眼镜";
  c.restricted.child_name = "王小明";
  c.restricted.guardian_name = "王大明";
  c.restricted.guardian_phone = "13800138000";
  return c;
}

TEST(Access, PatrolNeverSeesRestrictedFieldsAndLeavesNoReadAudit) {
  std::vector<AuditEntry> audit;
  const CaseView v = BuildView(WithPersonalData(), {"officer-7", Role::kPatrol}, {}, &audit);
  EXPECT_FALSE(v.restricted.has_value());
  EXPECT_EQ(v.child.features, "戴眼镜");
  EXPECT_TRUE(audit.empty());
  const CaseView p = BuildView(WithPersonalData(), {"press-1", Role::kPress}, {}, &audit);
  EXPECT_FALSE(p.restricted.has_value());
}

TEST(Access, DeskSeesRestrictedAndEveryReadIsAudited) {
  const TimePoint now = FromMillis(1'770'000'000'000);
  std::vector<AuditEntry> audit;
  const CaseView v = BuildView(WithPersonalData(), {"desk-01", Role::kDesk}, now, &audit);
  ASSERT_TRUE(v.restricted.has_value());
  EXPECT_EQ(v.restricted->guardian_phone, "13800138000");
  ASSERT_EQ(audit.size(), 3u);  // child name, guardian name, phone (document empty)
  EXPECT_EQ(audit[2].field_read, "restricted.guardian_phone");
  EXPECT_EQ(audit[2].actor, "desk-01");
  EXPECT_EQ(audit[2].action, "read_restricted");
  EXPECT_EQ(audit[2].time, now);
  for (const auto& e : audit) {  // the log names fields, never their values
    EXPECT_EQ(e.reason.find("138"), std::string::npos);
    EXPECT_EQ(e.field_read.find("王"), std::string::npos);
  }
}

TEST(Access, DeskSeesOnlyTheMaskedGuardianNumber) {
  Case c = WithPersonalData();
  c.state = CaseState::kMatchConfirmed;
  ASSERT_TRUE(VerifyGuardian(c, {"resident_id", "3101**********1234", "officer-7", {}},
                             {"officer-7", Role::kPatrol}, {})
                  .ok());
  std::vector<AuditEntry> audit;
  const CaseView v = BuildView(c, {"desk-01", Role::kDesk}, {}, &audit);
  EXPECT_TRUE(v.guardian_verified);
  EXPECT_EQ(v.guardian_masked_number, "3101**********1234");
  EXPECT_EQ(audit.back().field_read, "restricted.guardian_masked_number");
}

}  // namespace
}  // namespace cs::cases
