#include "services/crowd/core/alert_text.h"

#include <gtest/gtest.h>

#include "services/crowd/core/test_venue.h"

namespace cs::crowd {
namespace {

Alert Make(const std::string& rule, const std::string& zone, double value, double threshold) {
  Alert a;
  a.id = "a1";
  a.venue = "ocean";
  a.zone = zone;
  a.rule = rule;
  a.value = value;
  a.threshold = threshold;
  return a;
}

class AlertTextTest : public ::testing::Test {
 protected:
  Venue venue_ = testing::SmallVenue();
};

// The issue's own example: names from the venue config, one decimal, no ids.
TEST_F(AlertTextTest, DensityNamesTheZoneAndRegion) {
  Alert a = Make("density.critical", "penguin", 6.0, 5.5);
  a.region = "cam1/queue";
  Words w = DescribeAlert(venue_, a);
  EXPECT_EQ(w.zh, "企鹅馆观景大厅密度 6.0 人/㎡，超过危急线 5.5");
  EXPECT_EQ(w.en, "Penguin Pavilion viewing hall: 6.0 persons/m², over the critical 5.5");
}

TEST_F(AlertTextTest, NoRuleIdOrRawIdInTheWords) {
  for (const char* rule : {"density.warn", "density.critical", "capacity.yellow", "capacity.red",
                           "gateflow.over", "life_safety.crowd_crush"}) {
    Alert a = Make(rule, "penguin", 4.5, 4.0);
    a.region = "cam1/queue";
    for (const std::string& text : {DescribeAlert(venue_, a).zh, DescribeAlert(venue_, a).en}) {
      EXPECT_EQ(text.find(rule), std::string::npos) << text;
      EXPECT_EQ(text.find("penguin"), std::string::npos) << text;
      EXPECT_EQ(text.find("cam1"), std::string::npos) << text;
    }
  }
}

// A region without names in the config: the zone's name alone, never the region's id.
TEST_F(AlertTextTest, UnnamedRegionFallsBackToTheZone) {
  Alert a = Make("density.warn", "penguin", 4.24, 4.0);
  a.region = "cam1/floor";
  Words w = DescribeAlert(venue_, a);
  EXPECT_EQ(w.zh, "企鹅馆密度 4.2 人/㎡，超过警戒线 4.0");
  EXPECT_EQ(w.en, "Penguin Pavilion: 4.2 persons/m², over the warning level 4.0");
}

TEST_F(AlertTextTest, CapacityNamesTheTierLine) {
  Words w = DescribeAlert(venue_, Make("capacity.yellow", "penguin", 88.23, 80));
  EXPECT_EQ(w.zh, "企鹅馆承载 88%，超过黄色线 80%");
  EXPECT_EQ(w.en, "Penguin Pavilion: 88% of capacity, over the yellow line 80%");
  Words venue = DescribeAlert(venue_, Make("capacity.red", "", 101, 100));
  EXPECT_EQ(venue.en, "Ocean Park: 101% of capacity, over the red line 100%");
}

// Issue 15: "ALERT WARNING CLEARED penguin: capacity.yellow: zone penguin at 88.23 >= 80.00"
// read as still over. A cleared alert says where the level is now.
TEST_F(AlertTextTest, ClearedSaysWhereTheLevelIsNow) {
  Alert a = Make("capacity.yellow", "penguin", 70.6, 80);
  a.state = AlertState::kCleared;
  Words w = DescribeAlert(venue_, a);
  EXPECT_EQ(w.zh, "企鹅馆承载回落至 71%，低于黄色线 80%，已解除");
  EXPECT_EQ(w.en, "Penguin Pavilion: back to 71% of capacity, under the yellow line 80% (cleared)");
  Alert d = Make("density.critical", "penguin", 3.2, 5.5);
  d.region = "cam1/queue";
  d.state = AlertState::kCleared;
  EXPECT_EQ(DescribeAlert(venue_, d).en,
            "Penguin Pavilion viewing hall: down to 3.2 persons/m², under the critical 5.5 (cleared)");
}

// Issue 15: "capacity.best: venue ocean at 113.02 >= 100.00" while the venue was at 82 %: the
// notice measures against the best capacity; the words give the head count and the share of
// the maximum instead. SmallVenue: best 600, max 1000; 113 % of 600 = 678 = 68 % of the max.
TEST_F(AlertTextTest, BestCapacityGivesTheShareOfTheMaximum) {
  Words w = DescribeAlert(venue_, Make("capacity.best", "", 113.0, 100));
  EXPECT_EQ(w.zh, "海洋公园在园约 678 人，超过最佳承载量 600 人（最大承载量的 68%）");
  EXPECT_EQ(w.en, "Ocean Park: about 678 inside, over the best capacity of 600 (68% of the maximum)");
}

TEST_F(AlertTextTest, GateFlowInPercentOfTheGreenGuide) {
  Alert a = Make("gateflow.over", "penguin", 1.1, 1.0);
  a.gate = "pl-pe";
  Words w = DescribeAlert(venue_, a);
  EXPECT_EQ(w.en, "Penguin Pavilion, gate pl-pe: flow at 110% of the Green Guide limit, over the warning line 100%");
  EXPECT_EQ(w.zh, "企鹅馆闸机 pl-pe 流量达 Green Guide 上限的 110%，超过警戒线 100%");
}

TEST_F(AlertTextTest, LifeSafetyInWords) {
  Words w = DescribeAlert(venue_, Make("life_safety.crowd_crush", "penguin", 0, 0));
  EXPECT_EQ(w.zh, "企鹅馆：新闻办收到危及生命的信息（人群拥挤踩踏），请立即处置");
  EXPECT_EQ(w.en, "Penguin Pavilion: the press desk reports a threat to life (a crowd crush); act now");
}

TEST(WithThousandsTest, GroupsDigits) {
  EXPECT_EQ(WithThousands(0), "0");
  EXPECT_EQ(WithThousands(999), "999");
  EXPECT_EQ(WithThousands(60000), "60,000");
  EXPECT_EQ(WithThousands(1234567), "1,234,567");
}

}  // namespace
}  // namespace cs::crowd
