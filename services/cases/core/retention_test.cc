#include "services/cases/core/retention.h"

#include <gtest/gtest.h>

namespace cs::cases {
namespace {

using std::chrono::hours;

TEST(Retention, PurgesPersonalDataAfterThirtyDaysLeavingAPlaceholder) {
  ManualClock clock(FromMillis(1'770'000'000'000));
  Case c;
  c.id = "case-9";
  c.state = CaseState::kClosed;
  c.closed_at = clock.Now();
  c.child.features = "戴眼镜";
  c.child.clothing.top.text = "红色外套";
  c.child.photo_refs = {"photo-1"};
  c.restricted.guardian_phone = "13800138000";
  c.guardian = GuardianVerification{"resident_id", "3101**********1234", "officer-7", {}};
  c.audit.push_back(
      {clock.Now(), "desk-01", Role::kDesk, "transition", "REUNITED", "CLOSED", "", ""});

  clock.Advance(hours(24 * 30) - hours(1));
  EXPECT_FALSE(PurgeIfDue(c, clock.Now()));
  EXPECT_EQ(c.child.features, "戴眼镜");
  clock.Advance(hours(1));
  EXPECT_TRUE(PurgeIfDue(c, clock.Now()));
  EXPECT_EQ(c.id, "case-9");
  EXPECT_TRUE(c.expired);
  EXPECT_EQ(c.state, CaseState::kPurged);
  EXPECT_TRUE(c.child.features.empty());
  EXPECT_TRUE(c.child.clothing.top.text.empty());
  EXPECT_TRUE(c.child.photo_refs.empty());
  EXPECT_TRUE(c.restricted.Empty());
  EXPECT_FALSE(c.guardian.has_value());
  ASSERT_EQ(c.audit.size(), 2u);
  EXPECT_EQ(c.audit.back().to_state, "PURGED");
  EXPECT_FALSE(PurgeIfDue(c, clock.Now()));  // once
}

TEST(Retention, OpenCasesAreNeverPurgedAndPeriodIsConfigurable) {
  Case c;
  c.id = "case-1";
  c.child.features = "x";
  EXPECT_FALSE(PurgeIfDue(c, FromMillis(1'900'000'000'000)));
  EXPECT_FALSE(PurgeDueAt(c).has_value());
  c.state = CaseState::kClosed;
  c.closed_at = FromMillis(1'000);
  RetentionConfig week{hours(24 * 7)};
  EXPECT_EQ(PurgeDueAt(c, week), FromMillis(1'000) + hours(24 * 7));
  EXPECT_TRUE(PurgeIfDue(c, FromMillis(1'000) + hours(24 * 7), week));
}

}  // namespace
}  // namespace cs::cases
