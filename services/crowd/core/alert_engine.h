// The alert engine: rules over capacity, density and gate flow observations, with hygiene
// (persistence, hysteresis, cooldown), acknowledgement and escalation. Every state change is
// appended to an AlertLog. Driven by Evaluate(observation, now) and Tick(now).
//
// Thread-safety: all methods are safe to call concurrently (one internal mutex). Events reach
// the AlertLog while that mutex is held, so an AlertLog listener must not call back into it.
#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "absl/status/statusor.h"
#include "common/clock.h"
#include "services/crowd/core/alert_log.h"
#include "services/crowd/core/density.h"
#include "services/crowd/core/gate_flow.h"
#include "services/crowd/core/occupancy.h"

namespace cs::crowd {

enum class Metric {
  kCapacityPercent,  // occupancy / max capacity x 100 (zone or venue)
  kBestPercent,      // occupancy / best capacity x 100 (venue notice)
  kDensity,          // persons/m² (region, or zone when no region)
  kGateUtilisation,  // gate flow / Green Guide capacity (1.0 = at the limit)
};

struct AlertRule {
  std::string id;  // "capacity.red"
  Metric metric = Metric::kCapacityPercent;
  double raise_at = 0;  // raises when value >= raise_at for the persistence time
  Severity severity = Severity::kWarning;
  std::optional<double> clear_below;  // default raise_at x AlertConfig::hysteresis
};

struct AlertConfig {
  // A level must hold this long before it raises.
  Duration persist = std::chrono::seconds(30);
  // Clears below hysteresis x raise_at (unless the rule sets clear_below).
  double hysteresis = 0.9;
  // After a clear, the same rule and subject wait this long before raising again.
  Duration cooldown = std::chrono::seconds(120);
  // Unacknowledged this long (x level) -> the next escalation level, up to max_escalations.
  Duration escalate_after = std::chrono::seconds(60);
  int max_escalations = 2;
  // Prepended to alert ids so that ids stay unique across restarts (the service uses its boot
  // time); empty in tests.
  std::string id_prefix;
};

// LB/T 034 tiers (best notice INFO, yellow 80 WARNING, orange 90 WARNING, red 100 CRITICAL),
// density warn/critical, gate flow over the Green Guide (>= 1.0 WARNING, >= 1.2 CRITICAL).
std::vector<AlertRule> DefaultRules(const DensityThresholds& density = {});

struct Observation {
  std::string venue;
  std::string zone;    // empty = venue-wide
  std::string region;  // optional
  std::string gate;    // optional
  Metric metric = Metric::kCapacityPercent;
  double value = 0;
};

// Capacity observations for every zone with a capacity and for the venue (plus the best-capacity
// one when the venue has a best capacity).
std::vector<Observation> CapacityObservations(const Venue& venue, const OccupancyPicture& p);

// The density observation of a validated report: subject is its region (and the region's zone).
Observation DensityObservation(const Venue& venue, const DensityReport& report);

// The utilisation observation of a gate; its zone is the inner side (to_zone unless outside).
Observation GateFlowObservation(const Venue& venue, const GateFlowReport& report);

// An alert raised from outside the rules (the press desk's life-safety messages). Its rule id is
// kExternalRulePrefix + kind ("life_safety.crowd_crush"); it is critical, escalates like any
// alert when unacknowledged, and never clears by itself (only a person closes it by acking).
inline constexpr const char* kExternalRulePrefix = "life_safety.";
struct ExternalAlert {
  std::string source_id;  // idempotency key: the same source raises one alert
  std::string venue;
  std::string zone;       // empty: venue-wide
  std::string kind;       // "self_harm", "violence", "child_danger", "medical", "crowd_crush", ...
};

// The alert an external raise creates, with id id_prefix + "ext-" + source_id (so a retry finds
// it). InvalidArgument for an empty source, venue or kind. AlertEngine::RaiseExternal uses it;
// so does a replica that stores the raise in Redis directly (services/crowd/alert_loop.cc).
absl::StatusOr<Alert> ExternalAlertOf(const ExternalAlert& in, TimePoint now,
                                      const std::string& id_prefix);

class AlertEngine {
 public:
  AlertEngine(std::vector<AlertRule> rules, AlertConfig config, AlertLog* log);

  // Feeds one observation: may start pending, raise or clear alerts of the matching rules, and
  // runs Tick(now). Returns the events emitted. InvalidArgument for a malformed observation.
  absl::StatusOr<std::vector<AlertEvent>> Evaluate(const Observation& obs, TimePoint now);

  // Escalates unacknowledged alerts whose time has come. Returns the events emitted.
  std::vector<AlertEvent> Tick(TimePoint now);

  // Raises an external alert, or returns the one `source_id` already raised (then `created` is
  // false and nothing is emitted). InvalidArgument for an empty source, venue or kind.
  struct ExternalRaise {
    AlertEvent event;  // the raise, or for a repeat the alert as it stands now (cursor 0)
    bool created = false;
  };
  absl::StatusOr<ExternalRaise> RaiseExternal(const ExternalAlert& in, TimePoint now);

  // NotFound for an unknown id; FailedPrecondition when already acknowledged or cleared.
  absl::StatusOr<AlertEvent> Acknowledge(const std::string& alert_id, const std::string& actor,
                                         TimePoint now);

  // Takes back an alert that was open before a restart (from the store), so that it can still
  // be acknowledged, escalate and clear. Cleared alerts are ignored. InvalidArgument when the
  // alert names a rule this engine does not have.
  absl::Status Restore(const Alert& alert);
  std::vector<Alert> OpenAlerts() const;  // not cleared, by id
  std::optional<Alert> Find(const std::string& alert_id) const;

 private:
  // rule id, venue, zone, region, gate
  using SubjectKey = std::tuple<std::string, std::string, std::string, std::string, std::string>;
  struct Track {
    std::optional<TimePoint> above_since;
    std::string open_alert;  // empty when none
    std::optional<TimePoint> cleared_at;
  };

  std::vector<AlertEvent> TickLocked(TimePoint now);
  AlertEvent Emit(TimePoint now, const Alert& alert);

  const std::vector<AlertRule> rules_;
  const AlertConfig config_;
  AlertLog* log_;

  mutable std::mutex mu_;
  int64_t next_id_ = 1;                  // guarded by mu_
  std::map<SubjectKey, Track> tracks_;   // guarded by mu_
  std::map<std::string, Alert> alerts_;  // guarded by mu_; by id, cleared ones kept
  // Next escalation time -> alert id, so Tick costs O(due) rather than O(all alerts). Entries
  // of alerts acknowledged or cleared meanwhile are dropped when they come due.
  std::multimap<TimePoint, std::string> escalation_due_;  // guarded by mu_
};

}  // namespace cs::crowd
