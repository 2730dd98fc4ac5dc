#include "services/crowd/core/history.h"

#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/crowd/core/ingestor.h"
#include "services/crowd/core/test_venue.h"

namespace cs::crowd {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using testing::FestivalMidnight;
using testing::In;

// Seven festival days: each day d at 10:00 local 100 x (d+1) enter, at 15:00 50 x (d+1) leave.
class HistoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (int d = 0; d < 7; ++d) {
      clock_.Set(FestivalMidnight() + hours(24 * d + 10));
      std::vector<GateEvent> in = {In("main-in", 100 * (d + 1), d + 1, clock_.Now())};
      ASSERT_TRUE(ingestor_.Ingest(in).ok());
      clock_.Set(FestivalMidnight() + hours(24 * d + 15));
      std::vector<GateEvent> out = {In("exit", 50 * (d + 1), d + 1, clock_.Now())};
      ASSERT_TRUE(ingestor_.Ingest(out).ok());
    }
  }

  Venue venue_ = testing::SmallVenue();
  ManualClock clock_{FestivalMidnight()};
  InMemoryCrowdStore store_;
  Ingestor ingestor_{venue_, &store_, &clock_};
  History history_{venue_, &store_, 3};
};

TEST_F(HistoryTest, SpringFestivalWeekIsOneCall) {
  std::vector<AlertEvent> alerts;
  Alert a;
  a.venue = "ocean";
  a.severity = Severity::kCritical;
  a.state = AlertState::kRaised;
  a.raised_at = FestivalMidnight() + hours(24 * 2 + 11);
  alerts.push_back({1, a.raised_at, a});
  a.state = AlertState::kEscalated;  // the same alert escalating: not a new alert
  alerts.push_back({2, a.raised_at, a});
  a.state = AlertState::kRaised;
  a.venue = "lake";  // another venue
  alerts.push_back({3, a.raised_at, a});

  // Any time on the first day picks that local day.
  auto week = history_.Summarize(FestivalMidnight() + hours(13), 7, alerts);
  ASSERT_TRUE(week.ok()) << week.status();
  ASSERT_EQ(week->days.size(), 7u);
  int64_t expected_in = 0, inside = 0, best_peak = 0;
  for (int d = 0; d < 7; ++d) {
    const DaySummary& day = week->days[d];
    EXPECT_EQ(day.day_start, FestivalMidnight() + hours(24 * d));
    EXPECT_EQ(day.visitors_in, 100 * (d + 1));
    EXPECT_EQ(day.visitors_out, 50 * (d + 1));
    inside += 100 * (d + 1);
    EXPECT_EQ(day.peak_occupancy, inside) << "day " << d;
    EXPECT_EQ(day.peak_at, FestivalMidnight() + hours(24 * d + 10));
    inside -= 50 * (d + 1);
    expected_in += 100 * (d + 1);
    best_peak = std::max(best_peak, day.peak_occupancy);
  }
  EXPECT_EQ(week->visitors_in, expected_in);
  EXPECT_EQ(week->peak_occupancy, best_peak);
  EXPECT_EQ(week->peak_at, FestivalMidnight() + hours(24 * 6 + 10));
  EXPECT_EQ(week->days[2].alerts_critical, 1);
  EXPECT_EQ(week->alerts, 1);
}

TEST_F(HistoryTest, RangeQueriesReturnStoredMinutes) {
  const TimePoint day3 = FestivalMidnight() + hours(24 * 3);
  auto gate = history_.GateMinutes("main-in", day3, day3 + hours(24));
  ASSERT_TRUE(gate.ok());
  ASSERT_EQ(gate->size(), 1u);
  EXPECT_EQ((*gate)[0].in, 400);
  EXPECT_EQ(MinuteStart((*gate)[0].minute), day3 + hours(10));
  auto zone = history_.ZoneMinutes("plaza", day3, day3 + hours(24));
  ASSERT_TRUE(zone.ok());
  ASSERT_EQ(zone->size(), 2u);
  EXPECT_EQ((*zone)[0].in, 400);
  EXPECT_EQ((*zone)[1].out, 200);
  // A range that starts inside the minute still includes it; an empty range has nothing.
  EXPECT_EQ(
      history_
          .GateMinutes("main-in", day3 + hours(10) + std::chrono::seconds(30), day3 + hours(11))
          ->size(),
      1u);
  EXPECT_TRUE(history_.GateMinutes("main-in", day3, day3 + hours(9))->empty());
}

TEST_F(HistoryTest, LateEventsLandInTheirOwnMinute) {
  clock_.Set(FestivalMidnight() + hours(24 * 6 + 16));
  const TimePoint late = clock_.Now() - minutes(42);
  std::vector<GateEvent> batch = {In("main-in", 9, 8, late)};
  ASSERT_TRUE(ingestor_.Ingest(batch).ok());
  auto m = history_.GateMinutes("main-in", late, late + minutes(1));
  ASSERT_EQ(m->size(), 1u);
  EXPECT_EQ((*m)[0].in, 9);
  EXPECT_EQ((*m)[0].minute, MinuteOf(late));
}

TEST_F(HistoryTest, BadQueriesNameTheField) {
  const TimePoint t = FestivalMidnight();
  EXPECT_THAT(history_.GateMinutes("nope", t, t).status().message(),
              ::testing::HasSubstr("gate_id"));
  EXPECT_THAT(history_.ZoneMinutes("nope", t, t).status().message(),
              ::testing::HasSubstr("zone_id"));
  EXPECT_THAT(history_.ZoneMinutes("plaza", t + hours(1), t).status().message(),
              ::testing::HasSubstr("from"));
  EXPECT_THAT(history_.Summarize(t, 0, {}).status().message(), ::testing::HasSubstr("days"));
  EXPECT_THAT(history_.Summarize(t, 100'000, {}).status().message(), ::testing::HasSubstr("days"));
}

TEST_F(HistoryTest, RetentionDropsOldMinutes) {
  // Retention 3 days, enforced on day 6 at 15:00: days 0..2 and day 3 before 15:00 go.
  ASSERT_TRUE(history_.EnforceRetention(FestivalMidnight() + hours(24 * 6 + 15)).ok());
  auto week = history_.Summarize(FestivalMidnight(), 7, {});
  ASSERT_TRUE(week.ok());
  EXPECT_EQ(week->visitors_in, 500 + 600 + 700);
  EXPECT_EQ(week->days[3].visitors_in, 0);
  EXPECT_EQ(week->days[3].visitors_out, 200);
}

}  // namespace
}  // namespace cs::crowd
