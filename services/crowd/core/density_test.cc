#include "services/crowd/core/density.h"

#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/crowd/core/test_venue.h"

namespace cs::crowd {
namespace {

using ::testing::HasSubstr;

TEST(FruinTest, WalkwayLevelBoundaries) {
  EXPECT_EQ(FruinWalkwayLevel(0.0), 'A');
  EXPECT_EQ(FruinWalkwayLevel(0.30), 'A');
  EXPECT_EQ(FruinWalkwayLevel(0.31), 'B');
  EXPECT_EQ(FruinWalkwayLevel(0.43), 'C');
  EXPECT_EQ(FruinWalkwayLevel(0.72), 'D');
  EXPECT_EQ(FruinWalkwayLevel(1.07), 'D');
  EXPECT_EQ(FruinWalkwayLevel(1.08), 'E');
  EXPECT_EQ(FruinWalkwayLevel(2.16), 'E');
  EXPECT_EQ(FruinWalkwayLevel(2.17), 'F');
  EXPECT_EQ(FruinWalkwayLevel(6.0), 'F');
}

TEST(DensitySeverityTest, DefaultAndVenueThresholds) {
  DensityThresholds d;
  EXPECT_FALSE(DensitySeverity(3.99, d).has_value());
  EXPECT_EQ(DensitySeverity(4.0, d), Severity::kWarning);
  EXPECT_EQ(DensitySeverity(5.5, d), Severity::kCritical);
  DensityThresholds strict{3.0, 3.57};
  EXPECT_EQ(DensitySeverity(3.6, strict), Severity::kCritical);
}

class DensityReportTest : public ::testing::Test {
 protected:
  Venue venue_ = testing::SmallVenue();
  TimePoint now_ = testing::FestivalMorning();
};

TEST_F(DensityReportTest, FillsAreaDensityAndLevel) {
  auto r = ValidateDensityReport(venue_, {"cam1/queue", 110, 0, 0, 'A', now_}, now_);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_DOUBLE_EQ(r->area_m2, 50);
  EXPECT_DOUBLE_EQ(r->density, 2.2);
  EXPECT_EQ(r->level, 'F');
}

TEST_F(DensityReportTest, RejectsBadInputNamingTheField) {
  EXPECT_THAT(ValidateDensityReport(venue_, {"nope", 1, 0, 0, 'A', now_}, now_).status().message(),
              HasSubstr("region_id"));
  EXPECT_THAT(
      ValidateDensityReport(venue_, {"cam1/queue", -1, 0, 0, 'A', now_}, now_).status().message(),
      HasSubstr("count"));
  // cam2/hall is uncalibrated: the report must bring its own area.
  EXPECT_THAT(
      ValidateDensityReport(venue_, {"cam2/hall", 5, 0, 0, 'A', now_}, now_).status().message(),
      HasSubstr("area_m2"));
  EXPECT_TRUE(ValidateDensityReport(venue_, {"cam2/hall", 5, 10, 0, 'A', now_}, now_).ok());
  EXPECT_THAT(ValidateDensityReport(
                  venue_, {"cam1/queue", 1, 0, 0, 'A', now_ + std::chrono::minutes(10)}, now_)
                  .status()
                  .message(),
              HasSubstr("time"));
}

TEST_F(DensityReportTest, FusionExtrapolatesCameraDensityAndFlagsDrift) {
  std::vector<DensityReport> reports = {
      {"cam1/queue", 50, 50, 1.0, 'D', now_ - std::chrono::seconds(30)},
      {"cam1/queue", 100, 50, 2.0, 'E', now_ - std::chrono::seconds(5)},  // newer wins
      {"cam1/floor", 50, 25, 2.0, 'E', now_},
      {"cam2/hall", 999, 10, 99.9, 'F', now_},  // another zone
  };
  // 150 persons over 75 m² = 2 /m², zone area 100 m² -> 200 persons.
  ZoneFusion f = FuseZone(venue_, "penguin", 190, reports, now_);
  ASSERT_TRUE(f.camera_estimate.has_value());
  EXPECT_DOUBLE_EQ(*f.camera_estimate, 200.0);
  EXPECT_DOUBLE_EQ(f.camera_density, 2.0);
  EXPECT_DOUBLE_EQ(f.covered_m2, 75.0);
  EXPECT_FALSE(f.drift);  // 10 apart: under both limits

  // 140 apart: over 50 persons and over 25 % of the gate count of 60.
  EXPECT_TRUE(FuseZone(venue_, "penguin", 60, reports, now_).drift);
  // 40 apart on a gate count of 160: 25 % but under 50 persons, so no drift.
  DriftThresholds t;
  EXPECT_FALSE(FuseZone(venue_, "penguin", 160, reports, now_, t).drift);
  t.absolute = 30;
  EXPECT_FALSE(FuseZone(venue_, "penguin", 160, reports, now_, t).drift);  // not over 25 %
  t.relative = 0.2;
  EXPECT_TRUE(FuseZone(venue_, "penguin", 160, reports, now_, t).drift);
}

TEST_F(DensityReportTest, StaleReportsGiveNoEstimate) {
  std::vector<DensityReport> reports = {
      {"cam1/queue", 50, 50, 1.0, 'D', now_ - std::chrono::minutes(3)}};
  ZoneFusion f = FuseZone(venue_, "penguin", 10, reports, now_);
  EXPECT_FALSE(f.camera_estimate.has_value());
  EXPECT_FALSE(f.drift);
}

}  // namespace
}  // namespace cs::crowd
