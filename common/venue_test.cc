#include "common/venue.h"

#include <gtest/gtest.h>

namespace cs {
namespace {

Venue ThreeZonesInALine() {
  Venue v;
  v.id = "test";
  v.zones = {{"a", "甲", "A", 100, 100, 0, 0}, {"b", "乙", "B", 100, 100, 30, 40},
             {"c", "丙", "C", 100, 100, 30, 100}, {"island", "岛", "Island", 10, 10, 500, 500}};
  v.gates = {{"g-in", kOutside, "a", 2.0, 2, false, true},
             {"g-ab", "a", "b", 3.0, 0, false, false},
             {"g-bc", "b", "c", 3.0, 0, true, false}};
  return v;
}

TEST(VenueTest, NeighboursFollowGatesAndSkipOutside) {
  Venue v = ThreeZonesInALine();
  EXPECT_EQ(v.Neighbours("a"), std::vector<std::string>({"b"}));
  EXPECT_EQ(v.Neighbours("b"), std::vector<std::string>({"a", "c"}));
  EXPECT_TRUE(v.Neighbours("island").empty());
}

TEST(VenueTest, WalkMetresSumsCentroidHops) {
  Venue v = ThreeZonesInALine();
  EXPECT_DOUBLE_EQ(*v.WalkMetres("a", "b"), 50.0);   // 3-4-5 triangle
  EXPECT_DOUBLE_EQ(*v.WalkMetres("a", "c"), 110.0);  // 50 + 60
  EXPECT_DOUBLE_EQ(*v.WalkMetres("c", "c"), 0.0);
  EXPECT_FALSE(v.WalkMetres("a", "island").has_value());
  EXPECT_FALSE(v.WalkMetres("a", "nowhere").has_value());
}

TEST(VenueTest, ExitGatesAreTheWatchedOnes) {
  EXPECT_EQ(ThreeZonesInALine().ExitGates(), std::vector<std::string>({"g-in"}));
}

}  // namespace
}  // namespace cs
