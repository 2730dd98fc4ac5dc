#include "tools/sim/scenario.h"

#include <gtest/gtest.h>

#include "common/config.h"
#include "common/testing/child_process.h"

namespace cs::sim {
namespace {

Venue OceanPark() {
  auto v = LoadVenue(testing::SourcePath("config/venues/ocean.yaml"));
  EXPECT_TRUE(v.ok()) << v.status();
  return v.ok() ? *v : Venue{};
}

struct DayStats {
  int64_t in = 0, out = 0, peak = 0;
  int peak_minute = 0;
  int64_t penguin_before_show = 0, penguin_at_show = 0;
  bool conserved = true;
};

DayStats RunDay(const Venue& venue, ScenarioOptions options) {
  Scenario s(venue, options);
  DayStats d;
  std::map<std::string, int64_t> occ;
  for (const auto& z : venue.zones) occ[z.id] = 0;
  while (!s.Done()) {
    Minute m = s.Step();
    for (const auto& f : m.gates) {
      const Gate* g = venue.FindGate(f.gate_id);
      if (g->from_zone == kOutside) {
        d.in += f.in;
        d.out += f.out;
      } else {
        occ[g->from_zone] += f.out - f.in;
      }
      occ[g->to_zone] += f.in - f.out;
    }
    // The flows the simulator sends must explain its occupancy exactly.
    if (occ != m.occupancy) d.conserved = false;
    int64_t total = s.VenueOccupancy();
    if (total > d.peak) {
      d.peak = total;
      d.peak_minute = m.minute_of_day;
    }
    if (m.minute_of_day == 13 * 60 + 20) d.penguin_before_show = m.occupancy["penguin"];
    if (m.minute_of_day == 13 * 60 + 55) d.penguin_at_show = m.occupancy["penguin"];
  }
  return d;
}

TEST(ScenarioTest, AHolidayDayAddsUpAndPeaksAround) {
  Venue venue = OceanPark();
  DayStats d = RunDay(venue, ScenarioOptions{});
  EXPECT_TRUE(d.conserved) << "gate flows do not explain zone occupancy";
  EXPECT_NEAR(static_cast<double>(d.in), 150000, 150000 * 0.03);
  EXPECT_EQ(d.in - d.out, 0) << "somebody is still inside after closing";
  // Arrivals peak late morning; with dwell times the crowd peaks around midday.
  EXPECT_GE(d.peak_minute, 11 * 60);
  EXPECT_LE(d.peak_minute, 16 * 60);
  EXPECT_GT(d.penguin_at_show, d.penguin_before_show * 13 / 10) << "no surge before the show";
}

TEST(ScenarioTest, SameSeedSameDay) {
  Venue venue = OceanPark();
  Scenario a(venue, {}), b(venue, {});
  for (int i = 0; i < 200; ++i) {
    EXPECT_EQ(a.Step().occupancy, b.Step().occupancy);
  }
}

}  // namespace
}  // namespace cs::sim
