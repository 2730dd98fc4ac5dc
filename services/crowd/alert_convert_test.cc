#include "services/crowd/alert_convert.h"

#include <gtest/gtest.h>

#include "services/crowd/core/test_venue.h"

namespace cs::crowd {
namespace {

namespace v1 = crowdsafe::v1;

Alert Density() {
  Alert a;
  a.id = "t1-ocean-1";
  a.venue = "ocean";
  a.zone = "penguin";
  a.region = "cam1/queue";
  a.rule = "density.critical";
  a.severity = Severity::kCritical;
  a.value = 6.0;
  a.threshold = 5.5;
  a.raised_at = testing::FestivalMorning();
  return a;
}

// The rule id travels in its own field now that the messages are words (it used to be parsed
// from the English message's prefix), with the acknowledgement's note and the clearing time.
TEST(AlertConvertTest, RoundTripKeepsRuleNoteAndClearing) {
  Venue venue = testing::SmallVenue();
  Alert a = Density();
  a.state = AlertState::kCleared;
  a.acked_by = "desk1";
  a.acked_at = a.raised_at + std::chrono::minutes(1);
  a.ack_note = "patrol sent";
  a.cleared_at = a.raised_at + std::chrono::minutes(5);
  a.value = 3.2;
  v1::Alert p = AlertToProto(a, venue);
  EXPECT_EQ(p.rule_id(), "density.critical");
  EXPECT_EQ(p.rule(), v1::ALERT_RULE_DENSITY);
  EXPECT_EQ(p.acknowledged_note(), "patrol sent");
  EXPECT_EQ(p.message_zh(), "企鹅馆观景大厅密度回落至 3.2 人/㎡，低于危急线 5.5，已解除");
  EXPECT_EQ(p.message_en().find("density.critical"), std::string::npos);
  Alert back = AlertFromProto(p);
  EXPECT_EQ(back.rule, "density.critical");
  EXPECT_EQ(back.ack_note, "patrol sent");
  EXPECT_EQ(back.cleared_at, a.cleared_at);
  EXPECT_EQ(back.acked_at, a.acked_at);
}

// Alerts stored by an older crowd-service have no rule_id: their rule is read from the
// message's prefix, so an upgrade still restores them.
TEST(AlertConvertTest, LegacyAlertsKeepTheirRule) {
  v1::Alert old;
  old.set_alert_id("t1-ocean-1");
  old.set_message_en("capacity.red: zone penguin at 101.00 >= 100.00");
  EXPECT_EQ(AlertFromProto(old).rule, "capacity.red");
}

TEST(AlertConvertTest, IncidentCarriesItsCurrentAlertAndAction) {
  Venue venue = testing::SmallVenue();
  venue.playbook = {{"density.critical", "any", "暂停{zone}的入口放行：{gates}", "Hold {gates}"}};
  Alert warn = Density();
  warn.id = "t1-ocean-0";
  warn.rule = "density.warn";
  warn.severity = Severity::kWarning;
  warn.threshold = 4;
  auto incidents = GroupIncidents({warn, Density()});
  ASSERT_EQ(incidents.size(), 1u);
  v1::Incident p = IncidentToProto(incidents[0], venue);
  EXPECT_EQ(p.incident_id(), "inc-t1-ocean-0");
  EXPECT_EQ(p.kind(), "density");
  EXPECT_EQ(p.severity(), v1::SEVERITY_CRITICAL);
  EXPECT_EQ(p.current().rule_id(), "density.critical");
  EXPECT_EQ(p.current().message_en(), "Penguin Pavilion viewing hall: 6.0 persons/m², over the critical 5.5");
  EXPECT_EQ(p.alerts_size(), 2);
  EXPECT_EQ(p.history_size(), 2);
  EXPECT_EQ(p.suggested_action_en(), "Hold pl-pe, pe-wh");
}

}  // namespace
}  // namespace cs::crowd
