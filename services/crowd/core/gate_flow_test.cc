#include "services/crowd/core/gate_flow.h"

#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/crowd/core/ingestor.h"
#include "services/crowd/core/test_venue.h"

namespace cs::crowd {
namespace {

using ::testing::HasSubstr;

TEST(GateFlowTest, LevelRouteUses82PerMetrePerMinute) {
  Gate g{"g", "a", "b", 3.0, 0, false, false};
  auto r = AssessGateFlow(g, 123);
  ASSERT_TRUE(r.ok());
  EXPECT_DOUBLE_EQ(r->per_metre_per_min, 41.0);
  EXPECT_DOUBLE_EQ(r->capacity_per_min, 246.0);
  EXPECT_DOUBLE_EQ(r->utilisation, 0.5);
}

TEST(GateFlowTest, StairsUse66) {
  Gate g{"g", "a", "b", 2.0, 0, true, false};
  auto r = AssessGateFlow(g, 198);
  ASSERT_TRUE(r.ok());
  EXPECT_DOUBLE_EQ(r->capacity_per_min, 132.0);
  EXPECT_DOUBLE_EQ(r->utilisation, 1.5);
}

TEST(GateFlowTest, TurnstilesGovernAt660PerHourEach) {
  Gate g{"g", kOutside, "a", 6.0, 4, false, false};
  auto r = AssessGateFlow(g, 44);
  ASSERT_TRUE(r.ok());
  EXPECT_DOUBLE_EQ(r->capacity_per_min, 44.0);  // 4 x 660 / 60
  EXPECT_DOUBLE_EQ(r->utilisation, 1.0);
  EXPECT_NEAR(r->per_metre_per_min, 44.0 / 6.0, 1e-12);
}

TEST(GateFlowTest, BadInputNamesTheField) {
  Gate g{"g", "a", "b", 3.0, 0, false, false};
  EXPECT_THAT(AssessGateFlow(g, -1).status().message(), HasSubstr("persons_per_min"));
  Gate none{"g", "a", "b", 0, 0, false, false};
  EXPECT_THAT(AssessGateFlow(none, 1).status().message(), HasSubstr("gate.width_m"));
}

TEST(GateFlowTest, ReadsOneMinuteOfEveryGateFromTheStore) {
  Venue venue = testing::SmallVenue();
  InMemoryCrowdStore store;
  ManualClock clock(testing::FestivalMorning());
  Ingestor ingestor(venue, &store, &clock);
  std::vector<GateEvent> batch = {testing::In("pl-pe", 200, 1, clock.Now()),
                                  testing::Out("pl-pe", 46, 2, clock.Now())};
  ASSERT_TRUE(ingestor.Ingest(batch).ok());
  auto flows = ReadGateFlows(venue, store, MinuteOf(clock.Now()));
  ASSERT_TRUE(flows.ok());
  ASSERT_EQ(flows->size(), 4u);
  EXPECT_EQ((*flows)[2].gate_id, "pl-pe");
  EXPECT_DOUBLE_EQ((*flows)[2].persons_per_min, 246.0);
  EXPECT_DOUBLE_EQ((*flows)[2].utilisation, 1.0);
  EXPECT_DOUBLE_EQ((*flows)[0].persons_per_min, 0.0);
}

}  // namespace
}  // namespace cs::crowd
