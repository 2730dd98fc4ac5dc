#include "services/crowd/core/civil_date.h"

#include <gtest/gtest.h>

namespace cs::crowd {
namespace {

TEST(CivilDateTest, RoundTripsEveryDayOfSeveralYears) {
  const int64_t first = *DaysFromDate("2023-01-01");
  for (int64_t d = first; d < first + 3 * 366; ++d) {
    const std::string text = DateOfDays(d);
    ASSERT_EQ(DaysFromDate(text), d) << text;
  }
  EXPECT_EQ(DaysFromDate("1970-01-01"), std::nullopt);  // before 2000: not a venue day
  EXPECT_EQ(*DaysFromDate("2000-01-01"), 10957);
}

// Issue 18 (8): GetSummary took 2024-02-30.
TEST(CivilDateTest, DatesThatDoNotExistAreRefused) {
  for (const char* bad : {"2024-02-30", "2023-02-29", "2024-04-31", "2024-13-01", "2024-00-10",
                          "2024-1-01", "2024/01/01", "2024-01-01x", "", "2999-01-01"}) {
    EXPECT_EQ(DaysFromDate(bad), std::nullopt) << bad;
  }
  EXPECT_TRUE(DaysFromDate("2024-02-29").has_value());  // a leap day
  EXPECT_TRUE(DaysFromDate("2000-02-29").has_value());  // divisible by 400
  EXPECT_FALSE(DaysFromDate("2100-02-29").has_value());  // divisible by 100 only
}

TEST(CivilDateTest, LocalDateOfAVenueMidnight) {
  // Midnight in Zhuhai (UTC+8) on 2026-02-17 is 16:00 UTC the day before.
  const TimePoint midnight = FromMillis((*DaysFromDate("2026-02-17") * 1440 - 480) * 60'000);
  EXPECT_EQ(DateText(midnight, 480), "2026-02-17");
}

}  // namespace
}  // namespace cs::crowd
