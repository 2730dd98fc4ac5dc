#include "services/crowd/alert_convert.h"

#include "common/grpc/time_convert.h"
#include "services/crowd/core/alert_engine.h"

namespace cs::crowd {
namespace v1 = crowdsafe::v1;

void TimeToProto(TimePoint t, google::protobuf::Timestamp* out) { *out = ToProtoTime(t); }
TimePoint TimeFromProto(const google::protobuf::Timestamp& t) { return FromProtoTime(t); }

v1::Alert AlertToProto(const Alert& a) {
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
  switch (a.severity) {
    case Severity::kInfo: out.set_severity(v1::SEVERITY_INFO); break;
    case Severity::kWarning: out.set_severity(v1::SEVERITY_WARNING); break;
    case Severity::kCritical: out.set_severity(v1::SEVERITY_CRITICAL); break;
  }
  switch (a.state) {
    case AlertState::kRaised: out.set_state(v1::ALERT_RAISED); break;
    case AlertState::kAcknowledged: out.set_state(v1::ALERT_ACKNOWLEDGED); break;
    case AlertState::kEscalated: out.set_state(v1::ALERT_ESCALATED); break;
    case AlertState::kCleared: out.set_state(v1::ALERT_CLEARED); break;
  }
  out.set_value(a.value);
  out.set_threshold(a.threshold);
  // The core's message holds ids and numbers only; it serves both languages until the
  // dashboard issue brings translated templates.
  out.set_message_en(a.message);
  out.set_message_zh(a.message);
  TimeToProto(a.raised_at, out.mutable_raised_at());
  out.set_acknowledged_by(a.acked_by);
  if (a.acked_at) TimeToProto(*a.acked_at, out.mutable_acknowledged_at());
  out.set_escalation_level(a.escalation_level);
  return out;
}

Alert AlertFromProto(const v1::Alert& a) {
  Alert out;
  out.id = a.alert_id();
  out.venue = a.venue_id();
  out.zone = a.zone_id();
  if (!a.region_id().empty()) out.region = a.region_id();
  if (!a.gate_id().empty()) out.gate = a.gate_id();
  out.message = a.message_en();
  out.rule = out.message.substr(0, out.message.find(':'));
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
  out.escalation_level = a.escalation_level();
  return out;
}

}  // namespace cs::crowd
