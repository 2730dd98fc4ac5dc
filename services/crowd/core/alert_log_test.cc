#include "services/crowd/core/alert_log.h"

#include <vector>

#include "gtest/gtest.h"
#include "services/crowd/core/test_venue.h"

namespace cs::crowd {
namespace {

Alert MakeAlert(const std::string& venue, const std::string& zone, Severity s, int n) {
  Alert a;
  a.id = venue + "-" + std::to_string(n);
  a.venue = venue;
  a.zone = zone;
  a.severity = s;
  return a;
}

TEST(AlertLogTest, CursorsIncreaseAndResumeWithoutGaps) {
  AlertLog log;
  TimePoint t = testing::FestivalMorning();
  for (int i = 0; i < 7; ++i) log.Append(t, MakeAlert("ocean", "penguin", Severity::kWarning, i));
  EXPECT_EQ(log.LastCursor(), 7);
  std::vector<int64_t> seen;
  int64_t cursor = 0;
  for (int page = 0; page < 10; ++page) {
    AlertPage p = log.After(cursor, {}, 3);
    EXPECT_FALSE(p.gap);
    for (const auto& e : p.events) seen.push_back(e.cursor);
    if (p.next_cursor == cursor) break;
    cursor = p.next_cursor;
  }
  EXPECT_EQ(seen, (std::vector<int64_t>{1, 2, 3, 4, 5, 6, 7}));
  // Events appended after the watcher caught up arrive on the next call.
  log.Append(t, MakeAlert("ocean", "penguin", Severity::kWarning, 8));
  AlertPage p = log.After(cursor);
  ASSERT_EQ(p.events.size(), 1u);
  EXPECT_EQ(p.events[0].cursor, 8);
}

TEST(AlertLogTest, FiltersByVenueZoneAndSeverityButCursorMovesOn) {
  AlertLog log;
  TimePoint t = testing::FestivalMorning();
  log.Append(t, MakeAlert("ocean", "penguin", Severity::kInfo, 1));
  log.Append(t, MakeAlert("ocean", "penguin", Severity::kCritical, 2));
  log.Append(t, MakeAlert("ocean", "whale", Severity::kCritical, 3));
  log.Append(t, MakeAlert("lake", "penguin", Severity::kCritical, 4));
  log.Append(t, MakeAlert("ocean", "penguin", Severity::kInfo, 5));
  AlertPage p = log.After(0, {"ocean", "penguin", Severity::kWarning});
  ASSERT_EQ(p.events.size(), 1u);
  EXPECT_EQ(p.events[0].alert.id, "ocean-2");
  EXPECT_EQ(p.next_cursor, 5);  // past the filtered-out tail
  EXPECT_EQ(log.After(0, {"ocean", "", Severity::kInfo}).events.size(), 4u);
  EXPECT_EQ(log.After(0, {"", "", Severity::kCritical}).events.size(), 3u);
}

TEST(AlertLogTest, ReportsAGapWhenTheWatcherFellBehindCapacity) {
  AlertLog log(3);
  TimePoint t = testing::FestivalMorning();
  for (int i = 0; i < 5; ++i) log.Append(t, MakeAlert("ocean", "", Severity::kInfo, i));
  AlertPage behind = log.After(1);
  EXPECT_TRUE(behind.gap);
  ASSERT_EQ(behind.events.size(), 3u);
  EXPECT_EQ(behind.events[0].cursor, 3);
  EXPECT_FALSE(log.After(2).gap);  // 3 is the oldest kept: nothing lost after 2
}

TEST(AlertLogTest, ListenerSeesEveryAppend) {
  AlertLog log;
  std::vector<int64_t> heard;
  log.SetListener([&heard](const AlertEvent& e) { heard.push_back(e.cursor); });
  log.Append(testing::FestivalMorning(), MakeAlert("ocean", "", Severity::kInfo, 1));
  log.Append(testing::FestivalMorning(), MakeAlert("ocean", "", Severity::kInfo, 2));
  EXPECT_EQ(heard, (std::vector<int64_t>{1, 2}));
}

}  // namespace
}  // namespace cs::crowd
