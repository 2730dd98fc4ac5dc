#include "services/crowd/core/incidents.h"

#include <gtest/gtest.h>

#include "services/crowd/core/test_venue.h"

namespace cs::crowd {
namespace {

using std::chrono::minutes;

class IncidentsTest : public ::testing::Test {
 protected:
  TimePoint t0_ = testing::FestivalMorning();

  Alert Raised(const std::string& id, const std::string& rule, const std::string& zone,
               Severity sev, double threshold, int minute) {
    Alert a;
    a.id = id;
    a.venue = "ocean";
    a.zone = zone;
    a.rule = rule;
    a.severity = sev;
    a.threshold = threshold;
    a.value = threshold + 1;
    a.raised_at = t0_ + minutes(minute);
    return a;
  }
  Alert Cleared(Alert a, int minute) {
    a.state = AlertState::kCleared;
    a.cleared_at = t0_ + minutes(minute);
    return a;
  }
};

// Yellow at 14:02, orange at 14:09, red at 14:15 for one zone: one incident at red, with its
// history in order.
TEST_F(IncidentsTest, TiersOfOneZoneAreOneIncident) {
  auto incidents = GroupIncidents({
      Raised("a3", "capacity.red", "penguin", Severity::kCritical, 100, 15),
      Raised("a1", "capacity.yellow", "penguin", Severity::kWarning, 80, 2),
      Raised("a2", "capacity.orange", "penguin", Severity::kWarning, 90, 9),
  });
  ASSERT_EQ(incidents.size(), 1u);
  const Incident& inc = incidents[0];
  EXPECT_EQ(inc.id, "inc-a1");
  EXPECT_EQ(inc.kind, "capacity");
  EXPECT_EQ(inc.severity, Severity::kCritical);
  EXPECT_EQ(inc.state, AlertState::kRaised);
  EXPECT_EQ(inc.alerts[inc.current].id, "a3");
  ASSERT_EQ(inc.history.size(), 3u);
  EXPECT_EQ(inc.history[0].rule, "capacity.yellow");
  EXPECT_EQ(inc.history[1].rule, "capacity.orange");
  EXPECT_EQ(inc.history[2].rule, "capacity.red");
  EXPECT_EQ(inc.opened_at, t0_ + minutes(2));
}

// Orange over yellow when both are warnings: the higher line speaks for the incident, even when
// the yellow was raised later (it was still in its cooldown when the orange came).
TEST_F(IncidentsTest, HigherLineOfEqualSeveritySpeaks) {
  auto incidents = GroupIncidents({
      Raised("a2", "capacity.orange", "penguin", Severity::kWarning, 90, 2),
      Raised("a1", "capacity.yellow", "penguin", Severity::kWarning, 80, 9),
  });
  ASSERT_EQ(incidents.size(), 1u);
  EXPECT_EQ(incidents[0].alerts[incidents[0].current].id, "a2");
}

// A density surge raises a warning and a critical for the same region: the warning folds into
// the critical's incident. Other zones and other kinds stay apart.
TEST_F(IncidentsTest, WarningFoldsIntoCriticalAndKindsStayApart) {
  Alert warn = Raised("d1", "density.warn", "penguin", Severity::kWarning, 4, 1);
  Alert crit = Raised("d2", "density.critical", "penguin", Severity::kCritical, 5.5, 1);
  warn.region = crit.region = "cam1/queue";
  auto incidents = GroupIncidents({warn, crit,
                                   Raised("c1", "capacity.yellow", "penguin", Severity::kWarning, 80, 0),
                                   Raised("w1", "density.warn", "whale", Severity::kWarning, 4, 3)});
  ASSERT_EQ(incidents.size(), 3u);
  EXPECT_EQ(incidents[0].kind, "density");  // the critical one comes first
  EXPECT_EQ(incidents[0].zone, "penguin");
  EXPECT_EQ(incidents[0].alerts.size(), 2u);
  EXPECT_EQ(incidents[0].severity, Severity::kCritical);
}

// After every alert has cleared the incident is over; the next raise opens a new one.
TEST_F(IncidentsTest, NewIncidentAfterAFullClear) {
  auto incidents = GroupIncidents({
      Cleared(Raised("a1", "capacity.yellow", "penguin", Severity::kWarning, 80, 0), 10),
      Raised("a2", "capacity.yellow", "penguin", Severity::kWarning, 80, 30),
  });
  ASSERT_EQ(incidents.size(), 2u);
  EXPECT_EQ(incidents[0].id, "inc-a2");  // open first
  EXPECT_TRUE(incidents[0].open());
  EXPECT_EQ(incidents[1].id, "inc-a1");
  EXPECT_EQ(incidents[1].state, AlertState::kCleared);
  EXPECT_EQ(incidents[1].cleared_at, t0_ + minutes(10));
}

// A lower level that cleared while a higher one is still open stays in the incident.
TEST_F(IncidentsTest, PartialClearKeepsTheIncidentOpen) {
  auto incidents = GroupIncidents({
      Cleared(Raised("a1", "capacity.yellow", "penguin", Severity::kWarning, 80, 0), 20),
      Raised("a2", "capacity.red", "penguin", Severity::kCritical, 100, 5),
  });
  ASSERT_EQ(incidents.size(), 1u);
  EXPECT_TRUE(incidents[0].open());
  EXPECT_FALSE(incidents[0].cleared_at.has_value());
  EXPECT_EQ(incidents[0].history.back().state, AlertState::kCleared);
}

// Acknowledged only when no open alert needs it; the latest note is kept with who and when.
TEST_F(IncidentsTest, AcknowledgementAndNote) {
  Alert a1 = Raised("a1", "capacity.yellow", "penguin", Severity::kWarning, 80, 0);
  a1.state = AlertState::kAcknowledged;
  a1.acked_by = "desk1";
  a1.acked_at = t0_ + minutes(1);
  a1.ack_note = "patrol sent";
  Alert a2 = Raised("a2", "capacity.orange", "penguin", Severity::kWarning, 90, 5);
  a2.state = AlertState::kEscalated;
  a2.escalation_level = 1;
  auto incidents = GroupIncidents({a1, a2});
  ASSERT_EQ(incidents.size(), 1u);
  EXPECT_EQ(incidents[0].state, AlertState::kEscalated);
  EXPECT_EQ(incidents[0].escalation_level, 1);
  EXPECT_EQ(incidents[0].UnacknowledgedAlerts(), std::vector<std::string>{"a2"});
  EXPECT_EQ(incidents[0].acked_by, "desk1");
  EXPECT_EQ(incidents[0].ack_note, "patrol sent");
  EXPECT_EQ(incidents[0].history[1].state, AlertState::kAcknowledged);
  EXPECT_EQ(incidents[0].history[1].note, "patrol sent");

  a2.state = AlertState::kAcknowledged;
  a2.acked_by = "desk2";
  a2.acked_at = t0_ + minutes(6);
  a2.ack_note = "gates held";
  auto acked = GroupIncidents({a1, a2});
  EXPECT_EQ(acked[0].state, AlertState::kAcknowledged);
  EXPECT_EQ(acked[0].history.size(), 4u);  // two raises, two acknowledgements
  EXPECT_EQ(acked[0].acked_by, "desk2");
  EXPECT_EQ(acked[0].ack_note, "gates held");
  EXPECT_TRUE(acked[0].UnacknowledgedAlerts().empty());
}

// One acknowledgement of the incident (both alerts, same desk, same note, same moment) is one
// step of its history.
TEST_F(IncidentsTest, OneAcknowledgementOfTheIncidentIsOneStep) {
  std::vector<Alert> alerts;
  for (const char* id : {"d1", "d2"}) {
    Alert a = Raised(id, "density.warn", "penguin", Severity::kWarning, 4, 0);
    a.state = AlertState::kAcknowledged;
    a.acked_by = "desk1";
    a.acked_at = t0_ + minutes(3);
    a.ack_note = "gates held";
    alerts.push_back(a);
  }
  auto incidents = GroupIncidents(alerts);
  ASSERT_EQ(incidents.size(), 1u);
  ASSERT_EQ(incidents[0].history.size(), 3u);
  EXPECT_EQ(incidents[0].history[2].state, AlertState::kAcknowledged);
  EXPECT_EQ(incidents[0].history[2].note, "gates held");
}

TEST_F(IncidentsTest, PlaybookSuggestsTheActionWithNamedGates) {
  Venue venue = testing::SmallVenue();
  venue.playbook = {
      {"capacity.red", "venue", "停止售票", "Stop ticket sales"},
      {"density.critical", "any", "暂停{zone}的入口放行：{gates}", "Hold the inflow gates of {zone}: {gates}"},
  };
  auto density = GroupIncidents({Raised("d1", "density.critical", "penguin", Severity::kCritical, 5.5, 0)});
  Words w = SuggestedAction(venue, density[0]);
  // SmallVenue: pl-pe (plaza -> penguin) and pe-wh (penguin <-> whale) touch the penguin zone.
  EXPECT_EQ(w.zh, "暂停企鹅馆的入口放行：pl-pe、pe-wh");
  EXPECT_EQ(w.en, "Hold the inflow gates of Penguin Pavilion: pl-pe, pe-wh");
  // capacity.red is advised for the venue only: a zone's red has no step here.
  auto zone_red = GroupIncidents({Raised("c1", "capacity.red", "penguin", Severity::kCritical, 100, 0)});
  EXPECT_TRUE(SuggestedAction(venue, zone_red[0]).en.empty());
  auto venue_red = GroupIncidents({Raised("c2", "capacity.red", "", Severity::kCritical, 100, 0)});
  EXPECT_EQ(SuggestedAction(venue, venue_red[0]).en, "Stop ticket sales");
  // Over: no advice.
  auto over = GroupIncidents({Cleared(Raised("c3", "capacity.red", "", Severity::kCritical, 100, 0), 5)});
  EXPECT_TRUE(SuggestedAction(venue, over[0]).en.empty());
}

}  // namespace
}  // namespace cs::crowd
