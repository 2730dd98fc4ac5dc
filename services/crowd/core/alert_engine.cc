#include "services/crowd/core/alert_engine.h"

#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace cs::crowd {

std::vector<AlertRule> DefaultRules(const DensityThresholds& density) {
  return {
      {"capacity.best", Metric::kBestPercent, 100, Severity::kInfo, std::nullopt},
      {"capacity.yellow", Metric::kCapacityPercent, 80, Severity::kWarning, std::nullopt},
      {"capacity.orange", Metric::kCapacityPercent, 90, Severity::kWarning, std::nullopt},
      {"capacity.red", Metric::kCapacityPercent, 100, Severity::kCritical, std::nullopt},
      {"density.warn", Metric::kDensity, density.warn, Severity::kWarning, std::nullopt},
      {"density.critical", Metric::kDensity, density.critical, Severity::kCritical, std::nullopt},
      {"gateflow.over", Metric::kGateUtilisation, 1.0, Severity::kWarning, std::nullopt},
      {"gateflow.critical", Metric::kGateUtilisation, 1.2, Severity::kCritical, std::nullopt},
  };
}

std::vector<Observation> CapacityObservations(const Venue& venue, const OccupancyPicture& p) {
  std::vector<Observation> out;
  for (const auto& z : p.zones) {
    if (z.capacity > 0)
      out.push_back({venue.id, z.id, "", "", Metric::kCapacityPercent, z.percent});
  }
  if (p.venue.capacity > 0) {
    out.push_back({venue.id, "", "", "", Metric::kCapacityPercent, p.venue.percent});
  }
  if (venue.best_capacity > 0) {
    out.push_back({venue.id, "", "", "", Metric::kBestPercent,
                   100.0 * static_cast<double>(p.venue.occupancy) / venue.best_capacity});
  }
  return out;
}

Observation DensityObservation(const Venue& venue, const DensityReport& report) {
  const Region* region = venue.FindRegion(report.region_id);
  return {venue.id,         region == nullptr ? "" : region->zone_id,
          report.region_id, "",
          Metric::kDensity, report.density};
}

Observation GateFlowObservation(const Venue& venue, const GateFlowReport& report) {
  const Gate* gate = venue.FindGate(report.gate_id);
  std::string zone;
  if (gate != nullptr) zone = gate->to_zone != kOutside ? gate->to_zone : gate->from_zone;
  if (zone == kOutside) zone.clear();
  return {venue.id, zone, "", report.gate_id, Metric::kGateUtilisation, report.utilisation};
}

AlertEngine::AlertEngine(std::vector<AlertRule> rules, AlertConfig config, AlertLog* log)
    : rules_(std::move(rules)), config_(config), log_(log) {}

AlertEvent AlertEngine::Emit(TimePoint now, const Alert& alert) { return log_->Append(now, alert); }

absl::StatusOr<std::vector<AlertEvent>> AlertEngine::Evaluate(const Observation& obs,
                                                              TimePoint now) {
  if (obs.venue.empty()) return absl::InvalidArgumentError("observation.venue: required");
  if (!std::isfinite(obs.value) || obs.value < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("observation.value: ", obs.value, " must be a finite number >= 0"));
  }
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<AlertEvent> events;
  for (const AlertRule& rule : rules_) {
    if (rule.metric != obs.metric) continue;
    Track& t = tracks_[{rule.id, obs.venue, obs.zone, obs.region, obs.gate}];
    const double clear_below = rule.clear_below.value_or(rule.raise_at * config_.hysteresis);
    if (!t.open_alert.empty()) {
      Alert& a = alerts_[t.open_alert];
      a.value = obs.value;
      if (obs.value < clear_below) {
        a.state = AlertState::kCleared;
        a.cleared_at = now;
        events.push_back(Emit(now, a));
        t.open_alert.clear();
        t.cleared_at = now;
        t.above_since.reset();
      }
      continue;
    }
    if (obs.value < rule.raise_at) {
      t.above_since.reset();  // the level did not hold
      continue;
    }
    if (!t.above_since) t.above_since = now;
    if (now - *t.above_since < config_.persist) continue;
    if (t.cleared_at && now - *t.cleared_at < config_.cooldown) continue;  // stays pending
    Alert a;
    a.id = absl::StrCat(config_.id_prefix, obs.venue, "-", next_id_++);
    a.venue = obs.venue;
    a.zone = obs.zone;
    if (!obs.region.empty()) a.region = obs.region;
    if (!obs.gate.empty()) a.gate = obs.gate;
    a.rule = rule.id;
    a.severity = rule.severity;
    a.state = AlertState::kRaised;
    a.value = obs.value;
    a.threshold = rule.raise_at;
    a.raised_at = now;
    alerts_[a.id] = a;
    t.open_alert = a.id;
    if (config_.max_escalations > 0) escalation_due_.emplace(now + config_.escalate_after, a.id);
    events.push_back(Emit(now, a));
  }
  for (auto& e : TickLocked(now)) events.push_back(std::move(e));
  return events;
}

absl::Status AlertEngine::Restore(const Alert& alert) {
  if (alert.state == AlertState::kCleared) return absl::OkStatus();
  bool known = alert.rule.rfind(kExternalRulePrefix, 0) == 0;
  for (const auto& rule : rules_) known |= rule.id == alert.rule;
  if (!known) return absl::InvalidArgumentError("alert.rule: unknown rule '" + alert.rule + "'");
  std::lock_guard<std::mutex> lock(mu_);
  alerts_[alert.id] = alert;
  Track& t = tracks_[{alert.rule, alert.venue, alert.zone, alert.region.value_or(""),
                      alert.gate.value_or("")}];
  t.open_alert = alert.id;
  t.above_since = alert.raised_at;
  if (alert.state != AlertState::kAcknowledged && alert.escalation_level < config_.max_escalations) {
    escalation_due_.emplace(alert.raised_at + config_.escalate_after * (alert.escalation_level + 1),
                            alert.id);
  }
  return absl::OkStatus();
}

absl::StatusOr<Alert> ExternalAlertOf(const ExternalAlert& in, TimePoint now,
                                      const std::string& id_prefix) {
  if (in.source_id.empty()) return absl::InvalidArgumentError("source_id: required");
  if (in.venue.empty()) return absl::InvalidArgumentError("venue: required");
  if (in.kind.empty()) return absl::InvalidArgumentError("kind: required");
  Alert a;
  // The id comes from the source, not a counter, so a retry after a lost answer (or after a
  // restart, once Restore has run) finds the first raise.
  a.id = id_prefix + "ext-" + in.source_id;
  a.venue = in.venue;
  a.zone = in.zone;
  a.rule = kExternalRulePrefix + in.kind;
  a.severity = Severity::kCritical;
  a.state = AlertState::kRaised;
  a.raised_at = now;
  return a;
}

absl::StatusOr<AlertEngine::ExternalRaise> AlertEngine::RaiseExternal(const ExternalAlert& in,
                                                                      TimePoint now) {
  auto made = ExternalAlertOf(in, now, config_.id_prefix);
  if (!made.ok()) return made.status();
  std::lock_guard<std::mutex> lock(mu_);
  const Alert& a = *made;
  if (auto it = alerts_.find(a.id); it != alerts_.end()) {
    return ExternalRaise{AlertEvent{0, now, it->second}, false};
  }
  alerts_[a.id] = a;
  if (config_.max_escalations > 0) escalation_due_.emplace(now + config_.escalate_after, a.id);
  return ExternalRaise{Emit(now, a), true};
}

std::vector<AlertEvent> AlertEngine::Tick(TimePoint now) {
  std::lock_guard<std::mutex> lock(mu_);
  return TickLocked(now);
}

std::vector<AlertEvent> AlertEngine::TickLocked(TimePoint now) {
  std::vector<AlertEvent> events;
  while (!escalation_due_.empty() && escalation_due_.begin()->first <= now) {
    std::string id = escalation_due_.begin()->second;
    escalation_due_.erase(escalation_due_.begin());
    Alert& a = alerts_[id];
    if (a.state != AlertState::kRaised && a.state != AlertState::kEscalated) continue;
    if (a.escalation_level >= config_.max_escalations) continue;
    ++a.escalation_level;
    a.state = AlertState::kEscalated;
    events.push_back(Emit(now, a));
    // Level n is due escalate_after x n after the raise: 60 s, then 120 s by default.
    if (a.escalation_level < config_.max_escalations) {
      escalation_due_.emplace(a.raised_at + config_.escalate_after * (a.escalation_level + 1), id);
    }
  }
  return events;
}

absl::StatusOr<AlertEvent> AlertEngine::Acknowledge(const std::string& alert_id,
                                                    const std::string& actor, TimePoint now) {
  if (actor.empty()) return absl::InvalidArgumentError("actor: required");
  std::lock_guard<std::mutex> lock(mu_);
  auto it = alerts_.find(alert_id);
  if (it == alerts_.end()) return absl::NotFoundError("alert_id: no such alert");
  Alert& a = it->second;
  if (a.state == AlertState::kAcknowledged) {
    return absl::FailedPreconditionError("alert_id: already acknowledged");
  }
  if (a.state == AlertState::kCleared) return absl::FailedPreconditionError("alert_id: cleared");
  a.state = AlertState::kAcknowledged;
  a.acked_by = actor;
  a.acked_at = now;
  return Emit(now, a);
}

std::vector<Alert> AlertEngine::OpenAlerts() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<Alert> out;
  for (const auto& [id, a] : alerts_) {
    if (a.state != AlertState::kCleared) out.push_back(a);
  }
  return out;
}

std::optional<Alert> AlertEngine::Find(const std::string& alert_id) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = alerts_.find(alert_id);
  if (it == alerts_.end()) return std::nullopt;
  return it->second;
}

}  // namespace cs::crowd
