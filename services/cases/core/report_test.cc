#include "services/cases/core/report.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "services/cases/core/test_venue.h"

namespace cs::cases {
namespace {

using ::testing::HasSubstr;

class ReportTest : public ::testing::Test {
 protected:
  Venue venue_ = testing::OceanTestVenue();
  TimePoint now_ = FromMillis(1'770'000'000'000);

  MissingReport GoodMissing() {
    MissingReport r;
    r.child.sex = Sex::kMale;
    r.child.age_min = r.child.age_max = 5;
    r.child.height_cm = 110;
    r.child.clothing.top.colour_words = "藏青";
    r.child.clothing.shoes.text = "白色运动鞋";
    r.last_seen_zone = "penguin";
    r.last_seen_at = now_ - std::chrono::minutes(20);
    r.filed_by = "desk-01";
    r.restricted.child_name = "王小明";
    r.restricted.guardian_name = "王大明";
    r.restricted.guardian_phone = "+86 138-0013-8000";
    return r;
  }
  FoundReport GoodFound() {
    FoundReport r;
    r.child.age_min = 4;
    r.child.age_max = 6;
    r.found_zone = "whale";
    r.found_at = now_;
    r.officer_id = "officer-7";
    r.held_at = "lost-child centre";
    return r;
  }
};

TEST_F(ReportTest, AcceptsGoodReports) {
  EXPECT_TRUE(ValidateMissing(GoodMissing(), venue_, now_).ok());
  EXPECT_TRUE(ValidateFound(GoodFound(), venue_, now_).ok());
}

TEST_F(ReportTest, RejectsOutOfRangeValuesNamingTheField) {
  auto r = GoodMissing();
  r.child.height_cm = 300;
  auto s = ValidateMissing(r, venue_, now_);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(s.message()),
              HasSubstr("missing.child.height_cm: must be 40..200"));

  r = GoodMissing();
  r.child.age_max = 18;
  EXPECT_THAT(std::string(ValidateMissing(r, venue_, now_).message()),
              HasSubstr("missing.child.age_max"));
  r = GoodMissing();
  r.child.age_min = 7;  // above age_max 5
  EXPECT_THAT(std::string(ValidateMissing(r, venue_, now_).message()),
              HasSubstr("missing.child.age_min"));
}

// Issue 13: a guardian or an officer relaying a report may not know a toddler's sex; the
// matcher treats it as neutral, so the report is stored rather than refused.
TEST_F(ReportTest, MissingReportWithUnknownSexIsAccepted) {
  auto r = GoodMissing();
  r.child.sex = Sex::kUnknown;
  EXPECT_TRUE(ValidateMissing(r, venue_, now_).ok()) << ValidateMissing(r, venue_, now_);
}

TEST_F(ReportTest, RequiredFields) {
  auto r = GoodMissing();
  r.child.age_min = -1;
  r.child.age_max = -1;
  EXPECT_THAT(std::string(ValidateMissing(r, venue_, now_).message()),
              HasSubstr("missing.child.age_min: is required"));
  auto f = GoodFound();
  f.held_at.clear();
  EXPECT_THAT(std::string(ValidateFound(f, venue_, now_).message()),
              HasSubstr("found.held_at: is required"));
  f = GoodFound();
  f.officer_id.clear();
  EXPECT_THAT(std::string(ValidateFound(f, venue_, now_).message()), HasSubstr("found.officer_id"));
}

TEST_F(ReportTest, RejectsUnknownZoneAndFutureTime) {
  auto r = GoodMissing();
  r.last_seen_zone = "moon";
  EXPECT_THAT(std::string(ValidateMissing(r, venue_, now_).message()),
              HasSubstr("missing.last_seen_zone"));
  auto f = GoodFound();
  f.found_at = now_ + std::chrono::hours(1);
  EXPECT_THAT(std::string(ValidateFound(f, venue_, now_).message()),
              HasSubstr("found.found_at: is in the future"));
}

TEST_F(ReportTest, RejectsHugeTextAndBadUtf8) {
  auto r = GoodMissing();
  r.child.features = std::string(10'000, 'x');
  auto s = ValidateMissing(r, venue_, now_);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(s.message()), HasSubstr("missing.child.features: 10000 characters"));
  r = GoodMissing();
  r.child.clothing.shoes.text = "\xFF\xFE";
  EXPECT_THAT(std::string(ValidateMissing(r, venue_, now_).message()),
              HasSubstr("missing.child.clothing.shoes.text: is not valid UTF-8"));
  // 500 CJK characters are 1500 bytes but within the limit.
  r = GoodMissing();
  std::string cjk;
  for (int i = 0; i < 500; ++i) cjk += "企";
  r.child.features = cjk;
  EXPECT_TRUE(ValidateMissing(r, venue_, now_).ok());
}

TEST_F(ReportTest, ErrorsNeverEchoPersonalData) {
  auto r = GoodMissing();
  r.restricted.guardian_phone = "138 0013 8000 call me";
  auto s = ValidateMissing(r, venue_, now_);
  EXPECT_THAT(std::string(s.message()), HasSubstr("missing.restricted.guardian_phone"));
  EXPECT_EQ(std::string(s.message()).find("138"), std::string::npos);
  r = GoodMissing();
  r.restricted.child_name = "王" + std::string(600, 'x');
  s = ValidateMissing(r, venue_, now_);
  EXPECT_THAT(std::string(s.message()), HasSubstr("missing.restricted.child_name"));
  EXPECT_EQ(std::string(s.message()).find("王"), std::string::npos);
}

}  // namespace
}  // namespace cs::cases
