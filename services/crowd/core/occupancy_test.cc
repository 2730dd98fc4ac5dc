#include "services/crowd/core/occupancy.h"

#include <vector>

#include "gtest/gtest.h"
#include "services/crowd/core/crowd_store.h"
#include "services/crowd/core/ingestor.h"
#include "services/crowd/core/test_venue.h"

namespace cs::crowd {
namespace {

using testing::In;

TEST(CapacityTierTest, FollowsLbt034Thresholds) {
  EXPECT_EQ(TierFor(599, 1000, 600), CapacityTier::kNormal);
  EXPECT_EQ(TierFor(600, 1000, 600), CapacityTier::kBestNotice);
  EXPECT_EQ(TierFor(799, 1000, 600), CapacityTier::kBestNotice);
  EXPECT_EQ(TierFor(800, 1000, 600), CapacityTier::kYellow);
  EXPECT_EQ(TierFor(899, 1000, 600), CapacityTier::kYellow);
  EXPECT_EQ(TierFor(900, 1000, 600), CapacityTier::kOrange);
  EXPECT_EQ(TierFor(999, 1000, 600), CapacityTier::kOrange);
  EXPECT_EQ(TierFor(1000, 1000, 600), CapacityTier::kRed);
  EXPECT_EQ(TierFor(5000, 0, 0), CapacityTier::kNormal);  // unknown limit
  EXPECT_STREQ(TierName(CapacityTier::kOrange), "orange");
}

std::vector<MinuteCounts> Steady(int64_t now_minute, int n, int64_t in, int64_t out) {
  std::vector<MinuteCounts> m;
  for (int k = n - 1; k >= 0; --k) m.push_back({now_minute - k, in, out, 0});
  return m;
}

TEST(OccupancyTrendTest, NetFlowAveragesRecentMinutesAndCountsGapsAsZero) {
  auto m = Steady(100, 5, 30, 10);  // +20/min over minutes 96..100
  EXPECT_DOUBLE_EQ(NetFlowPerMinute(m, 100, 5), 20.0);
  EXPECT_DOUBLE_EQ(NetFlowPerMinute(m, 100, 10), 10.0);  // five empty minutes
  EXPECT_DOUBLE_EQ(NetFlowPerMinute(m, 200, 5), 0.0);
}

TEST(OccupancyTrendTest, SlopeAndTimeToCapacityFromARisingTrend) {
  auto m = Steady(100, 10, 50, 20);  // +30 persons per minute
  const double slope = OccupancySlope(700, m, 100, 10);
  EXPECT_NEAR(slope, 30.0, 1e-9);
  auto eta = MinutesToCapacity(700, 1000, slope);
  ASSERT_TRUE(eta.has_value());
  EXPECT_NEAR(*eta, 10.0, 1e-9);
}

TEST(OccupancyTrendTest, NoForecastWhenFlatFallingOrFull) {
  EXPECT_DOUBLE_EQ(OccupancySlope(500, {}, 100, 10), 0.0);
  EXPECT_FALSE(MinutesToCapacity(500, 1000, 0.0).has_value());
  auto falling = Steady(100, 10, 5, 25);
  EXPECT_LT(OccupancySlope(500, falling, 100, 10), 0);
  EXPECT_FALSE(MinutesToCapacity(500, 1000, OccupancySlope(500, falling, 100, 10)).has_value());
  EXPECT_FALSE(MinutesToCapacity(1000, 1000, 50).has_value());
}

TEST(OccupancyPictureTest, ReadsZonesAndVenueFromTheStore) {
  Venue venue = testing::SmallVenue();
  InMemoryCrowdStore store;
  TimePoint t = testing::FestivalMorning();
  ManualClock clock(t);
  Ingestor ingestor(venue, &store, &clock);
  // Ten minutes of 100 in through the main gate, 10 of them on to the penguins.
  int64_t seq = 1, pe_seq = 1;
  for (int k = 0; k < 10; ++k) {
    std::vector<GateEvent> batch = {In("main-in", 100, seq++, clock.Now()),
                                    In("pl-pe", 10, pe_seq++, clock.Now())};
    ASSERT_TRUE(ingestor.Ingest(batch).ok());
    if (k < 9) clock.Advance(std::chrono::minutes(1));
  }
  auto p = ReadPicture(venue, store, clock.Now());
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->venue.occupancy, 1000);
  EXPECT_EQ(p->venue.tier, CapacityTier::kRed);
  EXPECT_TRUE(p->venue.ticket_sales_stop);
  EXPECT_DOUBLE_EQ(p->venue.percent, 100.0);
  ASSERT_EQ(p->zones.size(), 3u);
  EXPECT_EQ(p->zones[0].id, "plaza");
  EXPECT_EQ(p->zones[0].occupancy, 900);
  EXPECT_EQ(p->zones[1].occupancy, 100);
  EXPECT_DOUBLE_EQ(p->zones[1].percent, 50.0);
  EXPECT_EQ(p->zones[2].occupancy, 0);
  EXPECT_DOUBLE_EQ(p->venue.net_flow_per_min, 100.0);
  EXPECT_DOUBLE_EQ(p->zones[1].net_flow_per_min, 10.0);
  EXPECT_FALSE(p->venue.minutes_to_capacity.has_value());  // already full
  ASSERT_TRUE(p->zones[1].minutes_to_capacity.has_value());
  EXPECT_GT(*p->zones[1].minutes_to_capacity, 5.0);
  EXPECT_LT(*p->zones[1].minutes_to_capacity, 15.0);
}

}  // namespace
}  // namespace cs::crowd
