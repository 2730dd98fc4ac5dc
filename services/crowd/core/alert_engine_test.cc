#include "services/crowd/core/alert_engine.h"

#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/crowd/core/test_venue.h"

namespace cs::crowd {
namespace {

using std::chrono::seconds;

Observation Capacity(const std::string& zone, double percent) {
  return {"ocean", zone, "", "", Metric::kCapacityPercent, percent};
}

class AlertEngineTest : public ::testing::Test {
 protected:
  // Only the orange tier (90 %, WARNING) unless a test builds its own engine.
  std::vector<AlertEvent> Eval(const Observation& obs) {
    auto events = engine_.Evaluate(obs, clock_.Now());
    EXPECT_TRUE(events.ok()) << events.status();
    return events.ok() ? *events : std::vector<AlertEvent>{};
  }
  // Holds `percent` until an alert is raised (after the 30 s persistence); returns its id.
  std::string RaiseOrange(const std::string& zone = "penguin") {
    EXPECT_TRUE(Eval(Capacity(zone, 95)).empty());
    clock_.Advance(seconds(30));
    auto events = Eval(Capacity(zone, 95));
    EXPECT_EQ(events.size(), 1u);
    return events.empty() ? "" : events[0].alert.id;
  }

  ManualClock clock_{testing::FestivalMorning()};
  AlertLog log_;
  AlertEngine engine_{
      {{"capacity.orange", Metric::kCapacityPercent, 90, Severity::kWarning, std::nullopt}},
      AlertConfig{},
      &log_};
};

TEST_F(AlertEngineTest, LevelMustPersistBeforeRaising) {
  EXPECT_TRUE(Eval(Capacity("penguin", 95)).empty());
  clock_.Advance(seconds(20));
  EXPECT_TRUE(Eval(Capacity("penguin", 85)).empty());  // dipped: the clock restarts
  clock_.Advance(seconds(20));
  EXPECT_TRUE(Eval(Capacity("penguin", 95)).empty());
  clock_.Advance(seconds(29));
  EXPECT_TRUE(Eval(Capacity("penguin", 96)).empty());
  clock_.Advance(seconds(1));
  auto events = Eval(Capacity("penguin", 97));
  ASSERT_EQ(events.size(), 1u);
  const Alert& a = events[0].alert;
  EXPECT_EQ(a.state, AlertState::kRaised);
  EXPECT_EQ(a.rule, "capacity.orange");
  EXPECT_EQ(a.zone, "penguin");
  EXPECT_EQ(a.severity, Severity::kWarning);
  EXPECT_DOUBLE_EQ(a.value, 97);
  EXPECT_DOUBLE_EQ(a.threshold, 90);
  EXPECT_EQ(a.raised_at, clock_.Now());
  // Still high: no second alert.
  clock_.Advance(seconds(5));
  EXPECT_TRUE(Eval(Capacity("penguin", 99)).empty());
  EXPECT_EQ(engine_.OpenAlerts().size(), 1u);
}

TEST_F(AlertEngineTest, HysteresisClearsOnlyBelowTheLowerLevel) {
  std::string id = RaiseOrange();
  EXPECT_TRUE(Eval(Capacity("penguin", 85)).empty());  // below 90 but above 81
  EXPECT_TRUE(Eval(Capacity("penguin", 81)).empty());
  auto events = Eval(Capacity("penguin", 80.9));
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].alert.id, id);
  EXPECT_EQ(events[0].alert.state, AlertState::kCleared);
  EXPECT_TRUE(engine_.OpenAlerts().empty());
}

TEST_F(AlertEngineTest, CooldownDelaysReRaiseOfTheSameRuleAndSubject) {
  std::string first = RaiseOrange();
  ASSERT_EQ(Eval(Capacity("penguin", 50)).size(), 1u);  // cleared at t_c
  const TimePoint cleared = clock_.Now();
  clock_.Advance(seconds(10));
  EXPECT_TRUE(Eval(Capacity("penguin", 95)).empty());
  clock_.Advance(seconds(30));  // persisted, but cooling down
  EXPECT_TRUE(Eval(Capacity("penguin", 95)).empty());
  // Another subject is not affected by penguin's cooldown.
  EXPECT_EQ(RaiseOrange("whale").empty(), false);
  clock_.Set(cleared + seconds(119));
  EXPECT_TRUE(Eval(Capacity("penguin", 95)).empty());
  clock_.Set(cleared + seconds(120));
  auto events = Eval(Capacity("penguin", 95));
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].alert.state, AlertState::kRaised);
  EXPECT_NE(events[0].alert.id, first);
}

TEST_F(AlertEngineTest, EscalatesTwiceWhenNobodyAcknowledges) {
  std::string id = RaiseOrange();
  const TimePoint raised = clock_.Now();
  EXPECT_TRUE(engine_.Tick(raised + seconds(59)).empty());
  auto e1 = engine_.Tick(raised + seconds(60));
  ASSERT_EQ(e1.size(), 1u);
  EXPECT_EQ(e1[0].alert.state, AlertState::kEscalated);
  EXPECT_EQ(e1[0].alert.escalation_level, 1);
  EXPECT_TRUE(engine_.Tick(raised + seconds(119)).empty());
  auto e2 = engine_.Tick(raised + seconds(120));
  ASSERT_EQ(e2.size(), 1u);
  EXPECT_EQ(e2[0].alert.escalation_level, 2);
  EXPECT_TRUE(engine_.Tick(raised + seconds(3600)).empty());  // at most twice
  // An escalated alert can still be acknowledged.
  auto ack = engine_.Acknowledge(id, "desk-07", raised + seconds(200));
  ASSERT_TRUE(ack.ok());
  EXPECT_EQ(ack->alert.state, AlertState::kAcknowledged);
  EXPECT_EQ(ack->alert.escalation_level, 2);
}

TEST_F(AlertEngineTest, AcknowledgementStopsEscalation) {
  std::string id = RaiseOrange();
  const TimePoint raised = clock_.Now();
  auto ack = engine_.Acknowledge(id, "desk-07", raised + seconds(10));
  ASSERT_TRUE(ack.ok()) << ack.status();
  EXPECT_EQ(ack->alert.acked_by, "desk-07");
  EXPECT_EQ(ack->alert.acked_at, raised + seconds(10));
  EXPECT_TRUE(engine_.Tick(raised + seconds(600)).empty());
  EXPECT_EQ(engine_.Find(id)->escalation_level, 0);
  EXPECT_EQ(engine_.Acknowledge(id, "desk-08", raised + seconds(11)).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(engine_.Acknowledge("ocean-999", "desk-08", raised).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(engine_.Acknowledge(id, "", raised).status().code(),
            absl::StatusCode::kInvalidArgument);
  // An acknowledged alert still clears, and a cleared one cannot be acknowledged.
  clock_.Set(raised + seconds(20));
  ASSERT_EQ(Eval(Capacity("penguin", 10)).size(), 1u);
  EXPECT_EQ(engine_.Acknowledge(id, "desk-07", clock_.Now()).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

// The press desk's life-safety alerts ride the same machinery: critical, on the log, and
// escalated when nobody acknowledges them within a minute.
TEST_F(AlertEngineTest, ExternalLifeSafetyAlertEscalatesAfterOneMinuteUnacknowledged) {
  auto raised = engine_.RaiseExternal({"msg-1", "ocean", "plaza", "crowd_crush"}, clock_.Now());
  ASSERT_TRUE(raised.ok()) << raised.status();
  ASSERT_TRUE(raised->created);
  const Alert& a = raised->event.alert;
  EXPECT_EQ(a.rule, "life_safety.crowd_crush");
  EXPECT_EQ(a.zone, "plaza");
  EXPECT_EQ(a.severity, Severity::kCritical);
  EXPECT_EQ(a.state, AlertState::kRaised);
  EXPECT_EQ(log_.LastCursor(), raised->event.cursor);

  clock_.Advance(seconds(59));
  EXPECT_TRUE(engine_.Tick(clock_.Now()).empty());
  clock_.Advance(seconds(1));
  auto escalated = engine_.Tick(clock_.Now());
  ASSERT_EQ(escalated.size(), 1u);
  EXPECT_EQ(escalated[0].alert.id, a.id);
  EXPECT_EQ(escalated[0].alert.state, AlertState::kEscalated);
  EXPECT_EQ(escalated[0].alert.escalation_level, 1);
}

TEST_F(AlertEngineTest, ExternalAlertAcknowledgedInTimeDoesNotEscalateAndRetriesAreIdempotent) {
  auto raised = engine_.RaiseExternal({"msg-2", "ocean", "", "self_harm"}, clock_.Now());
  ASSERT_TRUE(raised.ok());
  const int64_t cursor = log_.LastCursor();
  auto again = engine_.RaiseExternal({"msg-2", "ocean", "", "self_harm"}, clock_.Now());
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->created);
  EXPECT_EQ(again->event.alert.id, raised->event.alert.id);
  EXPECT_EQ(log_.LastCursor(), cursor);  // nothing new on the stream

  clock_.Advance(seconds(40));
  ASSERT_TRUE(engine_.Acknowledge(raised->event.alert.id, "desk.wang", clock_.Now()).ok());
  clock_.Advance(seconds(300));
  EXPECT_TRUE(engine_.Tick(clock_.Now()).empty());
  EXPECT_FALSE(engine_.RaiseExternal({"", "ocean", "", "self_harm"}, clock_.Now()).ok());
}

TEST_F(AlertEngineTest, RejectsMalformedObservations) {
  Observation no_venue = Capacity("penguin", 95);
  no_venue.venue.clear();
  EXPECT_THAT(engine_.Evaluate(no_venue, clock_.Now()).status().message(),
              ::testing::HasSubstr("observation.venue"));
  EXPECT_THAT(engine_.Evaluate(Capacity("penguin", -1), clock_.Now()).status().message(),
              ::testing::HasSubstr("observation.value"));
  EXPECT_EQ(log_.LastCursor(), 0);
}

TEST(AlertDefaultsTest, DensityAndGateFlowRulesPerRegionAndGate) {
  ManualClock clock(testing::FestivalMorning());
  AlertLog log;
  AlertConfig config;
  config.persist = seconds(10);
  AlertEngine engine(DefaultRules(DensityThresholds{3.0, 3.57}), config, &log);
  Observation dense{"ocean", "penguin", "cam1/queue", "", Metric::kDensity, 3.6};
  Observation gate{"ocean", "plaza", "", "pl-pe", Metric::kGateUtilisation, 1.1};
  ASSERT_TRUE(engine.Evaluate(dense, clock.Now()).ok());
  ASSERT_TRUE(engine.Evaluate(gate, clock.Now()).ok());
  clock.Advance(seconds(10));
  auto d = engine.Evaluate(dense, clock.Now());
  auto g = engine.Evaluate(gate, clock.Now());
  ASSERT_EQ(d->size(), 2u);  // warn (3.0) and critical (3.57)
  EXPECT_EQ((*d)[0].alert.rule, "density.warn");
  EXPECT_EQ((*d)[1].alert.severity, Severity::kCritical);
  EXPECT_EQ((*d)[1].alert.region, "cam1/queue");
  ASSERT_EQ(g->size(), 1u);  // 1.1: over the Green Guide, under 1.2
  EXPECT_EQ((*g)[0].alert.gate, "pl-pe");
  EXPECT_EQ((*g)[0].alert.severity, Severity::kWarning);
}

TEST(AlertDefaultsTest, CapacityObservationsCoverZonesVenueAndBestCapacity) {
  Venue venue = testing::SmallVenue();
  OccupancyPicture p =
      BuildPicture(venue, {{"plaza", 500}, {"penguin", 190}}, {}, testing::FestivalMorning());
  auto obs = CapacityObservations(venue, p);
  ASSERT_EQ(obs.size(), 5u);  // 3 zones, venue, venue best-capacity
  EXPECT_EQ(obs[1].zone, "penguin");
  EXPECT_DOUBLE_EQ(obs[1].value, 95.0);
  EXPECT_EQ(obs[3].zone, "");
  EXPECT_DOUBLE_EQ(obs[3].value, 69.0);
  EXPECT_EQ(obs[4].metric, Metric::kBestPercent);
  EXPECT_DOUBLE_EQ(obs[4].value, 115.0);  // 690 of best 600
}

TEST(AlertDefaultsTest, ObservationsFromDensityAndGateFlowReports) {
  Venue venue = testing::SmallVenue();
  auto report =
      ValidateDensityReport(venue, {"cam1/floor", 100, 0, 0, 'A', testing::FestivalMorning()},
                            testing::FestivalMorning());
  ASSERT_TRUE(report.ok());
  Observation d = DensityObservation(venue, *report);
  EXPECT_EQ(d.zone, "penguin");
  EXPECT_EQ(d.region, "cam1/floor");
  EXPECT_DOUBLE_EQ(d.value, 4.0);
  auto flow = AssessGateFlow(*venue.FindGate("exit"), 656);
  ASSERT_TRUE(flow.ok());
  Observation g = GateFlowObservation(venue, *flow);
  EXPECT_EQ(g.zone, "plaza");  // the exit leads outside: its zone is the inner side
  EXPECT_EQ(g.gate, "exit");
  EXPECT_DOUBLE_EQ(g.value, 2.0);  // 656 over 4 m x 82
}

}  // namespace
TEST(AlertEngineRestoreTest, RestoredAlertCanBeAcknowledgedEscalatesAndClears) {
  AlertLog log;
  AlertConfig config;
  AlertEngine engine(DefaultRules(), config, &log);
  Alert a;
  a.id = "boot1-v-7";
  a.venue = "v";
  a.zone = "penguin";
  a.region = "cam/queue";
  a.rule = "density.critical";
  a.severity = Severity::kCritical;
  a.state = AlertState::kRaised;
  a.value = 6;
  a.threshold = 5.5;
  a.raised_at = FromMillis(1'000'000);
  ASSERT_TRUE(engine.Restore(a).ok());
  ASSERT_TRUE(engine.Find("boot1-v-7").has_value());
  // Escalates on its original schedule.
  auto ticked = engine.Tick(a.raised_at + config.escalate_after);
  ASSERT_EQ(ticked.size(), 1u);
  EXPECT_EQ(ticked[0].alert.state, AlertState::kEscalated);
  // The same subject does not raise a second alert while the restored one is open...
  Observation obs{"v", "penguin", "cam/queue", "", Metric::kDensity, 6.0};
  auto again = engine.Evaluate(obs, a.raised_at + std::chrono::minutes(5));
  ASSERT_TRUE(again.ok());
  for (const auto& e : *again) EXPECT_NE(e.alert.state, AlertState::kRaised);
  // ...it can be acknowledged, and it clears below the hysteresis level.
  EXPECT_TRUE(engine.Acknowledge("boot1-v-7", "desk.wang", a.raised_at + std::chrono::minutes(6)).ok());
  obs.value = 1.0;
  auto cleared = engine.Evaluate(obs, a.raised_at + std::chrono::minutes(7));
  ASSERT_TRUE(cleared.ok());
  bool saw_clear = false;
  for (const auto& e : *cleared) saw_clear |= e.alert.id == "boot1-v-7" && e.alert.state == AlertState::kCleared;
  EXPECT_TRUE(saw_clear);
  a.rule = "no.such.rule";
  EXPECT_EQ(engine.Restore(a).code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace cs::crowd
