#include "services/cases/core/escalation.h"

#include <gtest/gtest.h>

#include "services/cases/core/test_venue.h"

namespace cs::cases {
namespace {

using std::chrono::minutes;

std::vector<ActionType> Types(const std::vector<DueAction>& v) {
  std::vector<ActionType> out;
  for (const auto& a : v) out.push_back(a.type);
  return out;
}

class EscalationTest : public ::testing::Test {
 protected:
  Venue venue_ = testing::OceanTestVenue();
  ManualClock clock_{FromMillis(1'770'000'000'000)};
  Case Missing() {
    Case c;
    c.id = "case-7";
    c.kind = CaseKind::kMissing;
    c.zone_id = "penguin";
    c.filed_at = clock_.Now();
    return c;
  }
  // What the lead's timer does: fire, then record the key.
  void FireAll(Case& c) {
    for (const auto& a : DueActions(c, venue_, clock_.Now())) c.fired_actions.push_back(a.key);
  }
};

TEST_F(EscalationTest, MissingChildTimeline) {
  Case c = Missing();
  auto due = DueActions(c, venue_, clock_.Now());
  ASSERT_EQ(Types(due), std::vector<ActionType>{ActionType::kBroadcastZones});
  EXPECT_EQ(due[0].key, "case-7/broadcast-zones");
  EXPECT_EQ(due[0].zones, (std::vector<std::string>{"penguin", "parade", "whale"}));
  FireAll(c);
  EXPECT_TRUE(DueActions(c, venue_, clock_.Now()).empty());  // idempotent
  EXPECT_EQ(NextDue(c, clock_.Now()), c.filed_at + minutes(10));

  clock_.Advance(minutes(10));
  due = DueActions(c, venue_, clock_.Now());
  ASSERT_EQ(Types(due),
            (std::vector<ActionType>{ActionType::kBroadcastVenue, ActionType::kWatchExitGates}));
  EXPECT_EQ(due[0].zones.size(), venue_.zones.size());
  EXPECT_EQ(due[1].gates, (std::vector<std::string>{"main-t01", "main-exit", "th-exit"}));
  FireAll(c);

  clock_.Advance(minutes(19));
  EXPECT_TRUE(DueActions(c, venue_, clock_.Now()).empty());
  clock_.Advance(minutes(1));
  EXPECT_EQ(Types(DueActions(c, venue_, clock_.Now())),
            std::vector<ActionType>{ActionType::kRequestMissingAppeal});
  FireAll(c);
  EXPECT_FALSE(NextDue(c, clock_.Now()).has_value());
}

TEST_F(EscalationTest, RestartCatchesUpOnEveryMissedStepOnce) {
  Case c = Missing();
  clock_.Advance(minutes(45));  // the service was down
  EXPECT_EQ(DueActions(c, venue_, clock_.Now()).size(), 4u);
  FireAll(c);
  EXPECT_TRUE(DueActions(c, venue_, clock_.Now()).empty());
}

TEST_F(EscalationTest, FoundChildUnclaimedAppealAndConfigurableDurations) {
  Case c = Missing();
  c.kind = CaseKind::kFound;
  clock_.Advance(minutes(14));
  EXPECT_TRUE(DueActions(c, venue_, clock_.Now()).empty());
  clock_.Advance(minutes(1));
  EXPECT_EQ(Types(DueActions(c, venue_, clock_.Now())),
            std::vector<ActionType>{ActionType::kRequestFoundAppeal});
  EscalationConfig fast;
  fast.found_appeal_after = minutes(5);
  Case f = Missing();
  f.kind = CaseKind::kFound;
  EXPECT_TRUE(DueActions(f, venue_, f.filed_at + minutes(4), fast).empty());
  EXPECT_EQ(DueActions(f, venue_, f.filed_at + minutes(5), fast).size(), 1u);
}

TEST_F(EscalationTest, StopsOnceMatchedAndAsksForFollowUpAfterAppeal) {
  Case c = Missing();
  c.state = CaseState::kMatchConfirmed;
  clock_.Advance(minutes(40));
  EXPECT_TRUE(DueActions(c, venue_, clock_.Now()).empty());
  c.state = CaseState::kReunited;
  c.reunited_at = clock_.Now();
  EXPECT_TRUE(DueActions(c, venue_, clock_.Now()).empty());  // no appeal went out
  c.appeal_published = true;
  auto due = DueActions(c, venue_, clock_.Now());
  ASSERT_EQ(Types(due), std::vector<ActionType>{ActionType::kRequestFollowUp});
  FireAll(c);
  c.state = CaseState::kClosed;
  EXPECT_TRUE(DueActions(c, venue_, clock_.Now()).empty());
}

// The timer index orders cases by NextWake: the earliest thing owed, even if already past.
TEST_F(EscalationTest, NextWakeIsTheEarliestThingOwed) {
  Case c = Missing();
  const TimePoint filed = c.filed_at;
  EXPECT_EQ(NextWake(c), filed);  // T+0 not fired yet
  clock_.Advance(minutes(1));
  FireAll(c);
  EXPECT_EQ(NextWake(c), filed + minutes(10));
  clock_.Advance(minutes(40));  // nothing fired meanwhile: still owed from T+10
  EXPECT_EQ(NextWake(c), filed + minutes(10));
  FireAll(c);
  EXPECT_FALSE(NextWake(c).has_value()) << "a missing case owes nothing after its appeal";
  c.state = CaseState::kReunited;
  c.reunited_at = clock_.Now();
  c.appeal_published = true;
  EXPECT_EQ(NextWake(c), *c.reunited_at);  // the follow-up
  FireAll(c);
  c.state = CaseState::kClosed;
  c.closed_at = clock_.Now();
  RetentionConfig keep;
  EXPECT_EQ(NextWake(c, {}, keep), *c.closed_at + keep.keep_after_close);  // the purge
}

}  // namespace
}  // namespace cs::cases

namespace cs::cases {
namespace {

// A city of three venues: the case's own, another, and a transport hub.
City TestCity() {
  City city;
  city.id = "test-city";
  city.venues.push_back(testing::OceanTestVenue());
  Venue resort;
  resort.id = "resort";
  resort.zones = {{"forecourt", "前广场", "Forecourt", 100, 100, 0, 0}};
  Venue port;
  port.id = "port";
  port.zones = {{"concourse", "大厅", "Concourse", 100, 100, 0, 0},
                {"rail", "铁路站", "Rail", 100, 100, 0, 0}};
  city.venues.push_back(resort);
  city.venues.push_back(port);
  city.hubs = {{"port", "rail"}};
  return city;
}

TEST(CityEscalationTest, AtThirtyMinutesAMissingCaseWidensToTheOtherVenuesAndTheHubs) {
  const City city = TestCity();
  const Venue& venue = city.venues[0];
  ManualClock clock{FromMillis(1'770'000'000'000)};
  EscalationConfig cfg;
  cfg.city = &city;
  Case c;
  c.id = "case-9";
  c.kind = CaseKind::kMissing;
  c.zone_id = "penguin";
  c.filed_at = clock.Now();
  clock.Advance(minutes(29));
  for (const auto& a : DueActions(c, venue, clock.Now(), cfg)) {
    EXPECT_NE(a.type, ActionType::kBroadcastCity);
    c.fired_actions.push_back(a.key);
  }
  // The timer wakes for the widening even after the appeal step has fired.
  EXPECT_EQ(NextDue(c, clock.Now(), cfg), c.filed_at + minutes(30));
  clock.Advance(minutes(1));
  auto due = DueActions(c, venue, clock.Now(), cfg);
  ASSERT_EQ(Types(due), (std::vector<ActionType>{ActionType::kRequestMissingAppeal,
                                                 ActionType::kBroadcastCity}));
  EXPECT_EQ(due[1].key, "case-9/broadcast-city");
  EXPECT_EQ(due[1].venues, (std::vector<std::string>{"resort", "port"}));
  ASSERT_EQ(due[1].hubs.size(), 1u);
  EXPECT_EQ(due[1].hubs[0].zone_id, "rail");
  for (const auto& a : due) c.fired_actions.push_back(a.key);
  EXPECT_TRUE(DueActions(c, venue, clock.Now(), cfg).empty());  // once
  EXPECT_FALSE(NextWake(c, cfg).has_value());
}

TEST(CityEscalationTest, NoCityOrAFoundChildDoesNotWiden) {
  const City city = TestCity();
  ManualClock clock{FromMillis(1'770'000'000'000)};
  Case c;
  c.id = "case-10";
  c.kind = CaseKind::kMissing;
  c.zone_id = "penguin";
  c.filed_at = clock.Now();
  clock.Advance(minutes(45));
  for (const auto& a : DueActions(c, city.venues[0], clock.Now()))
    EXPECT_NE(a.type, ActionType::kBroadcastCity);
  EscalationConfig cfg;
  cfg.city = &city;
  c.kind = CaseKind::kFound;
  for (const auto& a : DueActions(c, city.venues[0], clock.Now(), cfg))
    EXPECT_NE(a.type, ActionType::kBroadcastCity);
}

}  // namespace
}  // namespace cs::cases
