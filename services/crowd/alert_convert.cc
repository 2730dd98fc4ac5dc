#include "services/crowd/alert_convert.h"

#include "common/grpc/time_convert.h"
#include "services/crowd/core/alert_engine.h"
#include "services/crowd/core/alert_text.h"

namespace cs::crowd {
namespace v1 = crowdsafe::v1;

void TimeToProto(TimePoint t, google::protobuf::Timestamp* out) { *out = ToProtoTime(t); }
TimePoint TimeFromProto(const google::protobuf::Timestamp& t) { return FromProtoTime(t); }

namespace {

v1::Severity SeverityToProto(Severity s) {
  switch (s) {
    case Severity::kInfo: return v1::SEVERITY_INFO;
    case Severity::kWarning: return v1::SEVERITY_WARNING;
    case Severity::kCritical: return v1::SEVERITY_CRITICAL;
  }
  return v1::SEVERITY_UNSPECIFIED;
}

v1::AlertState StateToProto(AlertState s) {
  switch (s) {
    case AlertState::kRaised: return v1::ALERT_RAISED;
    case AlertState::kAcknowledged: return v1::ALERT_ACKNOWLEDGED;
    case AlertState::kEscalated: return v1::ALERT_ESCALATED;
    case AlertState::kCleared: return v1::ALERT_CLEARED;
  }
  return v1::ALERT_STATE_UNSPECIFIED;
}

}  // namespace

v1::Alert AlertToProto(const Alert& a, const Venue& venue) {
  v1::Alert out;
  out.set_alert_id(a.id);
  out.set_venue_id(a.venue);
  out.set_zone_id(a.zone);
  out.set_region_id(a.region.value_or(""));
  out.set_gate_id(a.gate.value_or(""));
  const std::string& rule = a.rule;
  if (rule.rfind("capacity", 0) == 0) out.set_rule(v1::ALERT_RULE_CAPACITY);
  else if (rule.rfind("density", 0) == 0) out.set_rule(v1::ALERT_RULE_DENSITY);
  else if (rule.rfind("gateflow", 0) == 0) out.set_rule(v1::ALERT_RULE_GATE_FLOW);
  else if (rule.rfind("drift", 0) == 0) out.set_rule(v1::ALERT_RULE_DRIFT);
  else if (rule.rfind(kExternalRulePrefix, 0) == 0) out.set_rule(v1::ALERT_RULE_LIFE_SAFETY);
  out.set_severity(SeverityToProto(a.severity));
  out.set_state(StateToProto(a.state));
  out.set_value(a.value);
  out.set_threshold(a.threshold);
  out.set_rule_id(a.rule);
  const Words words = DescribeAlert(venue, a);
  out.set_message_zh(words.zh);
  out.set_message_en(words.en);
  TimeToProto(a.raised_at, out.mutable_raised_at());
  out.set_acknowledged_by(a.acked_by);
  if (a.acked_at) TimeToProto(*a.acked_at, out.mutable_acknowledged_at());
  out.set_acknowledged_note(a.ack_note);
  out.set_escalation_level(a.escalation_level);
  if (a.cleared_at) TimeToProto(*a.cleared_at, out.mutable_cleared_at());
  return out;
}

Alert AlertFromProto(const v1::Alert& a) {
  Alert out;
  out.id = a.alert_id();
  out.venue = a.venue_id();
  out.zone = a.zone_id();
  if (!a.region_id().empty()) out.region = a.region_id();
  if (!a.gate_id().empty()) out.gate = a.gate_id();
  out.rule = a.rule_id();
  // Alerts stored before rule_id existed carried the rule in their message's prefix
  // ("density.critical: zone ..."): they are still restored after an upgrade.
  if (out.rule.empty()) out.rule = a.message_en().substr(0, a.message_en().find(':'));
  out.severity = a.severity() == v1::SEVERITY_CRITICAL  ? Severity::kCritical
                 : a.severity() == v1::SEVERITY_WARNING ? Severity::kWarning
                                                        : Severity::kInfo;
  switch (a.state()) {
    case v1::ALERT_ACKNOWLEDGED: out.state = AlertState::kAcknowledged; break;
    case v1::ALERT_ESCALATED: out.state = AlertState::kEscalated; break;
    case v1::ALERT_CLEARED: out.state = AlertState::kCleared; break;
    default: out.state = AlertState::kRaised;
  }
  out.value = a.value();
  out.threshold = a.threshold();
  out.raised_at = TimeFromProto(a.raised_at());
  out.acked_by = a.acknowledged_by();
  if (a.has_acknowledged_at()) out.acked_at = TimeFromProto(a.acknowledged_at());
  out.ack_note = a.acknowledged_note();
  out.escalation_level = a.escalation_level();
  if (a.has_cleared_at()) out.cleared_at = TimeFromProto(a.cleared_at());
  return out;
}

v1::Incident IncidentToProto(const Incident& in, const Venue& venue) {
  v1::Incident out;
  out.set_incident_id(in.id);
  out.set_venue_id(in.venue);
  out.set_zone_id(in.zone);
  out.set_kind(in.kind);
  out.set_severity(SeverityToProto(in.severity));
  out.set_state(StateToProto(in.state));
  for (const Alert& a : in.alerts) *out.add_alerts() = AlertToProto(a, venue);
  if (!in.alerts.empty()) *out.mutable_current() = out.alerts(static_cast<int>(in.current));
  for (const IncidentStep& step : in.history) {
    auto* s = out.add_history();
    TimeToProto(step.at, s->mutable_at());
    s->set_alert_id(step.alert_id);
    s->set_rule_id(step.rule);
    s->set_severity(SeverityToProto(step.severity));
    s->set_state(StateToProto(step.state));
    s->set_actor(step.actor);
    s->set_note(step.note);
  }
  const Words action = SuggestedAction(venue, in);
  out.set_suggested_action_zh(action.zh);
  out.set_suggested_action_en(action.en);
  TimeToProto(in.opened_at, out.mutable_opened_at());
  if (in.cleared_at) TimeToProto(*in.cleared_at, out.mutable_cleared_at());
  out.set_acknowledged_by(in.acked_by);
  if (in.acked_at) TimeToProto(*in.acked_at, out.mutable_acknowledged_at());
  out.set_acknowledged_note(in.ack_note);
  out.set_escalation_level(in.escalation_level);
  return out;
}

}  // namespace cs::crowd
