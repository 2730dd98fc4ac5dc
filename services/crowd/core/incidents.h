// One incident per problem. The alerts of one zone (or the whole venue) and one kind (capacity,
// density, gate flow, a life-safety kind) whose lifetimes overlap form one incident: yellow, then
// orange, then red for the penguin pavilion is one incident at red with a history, and a density
// warning superseded by a critical folds into the critical's incident. Once every alert of it
// has cleared the incident is over; the next alert of that zone and kind opens a new one.
//
// Incidents are not stored: they are computed from the stored alerts (the one source of truth),
// so every replica of crowd-service answers the same, with no state to hand over under the
// alert lease. Their ids are stable while they last ("inc-" + the id of the first alert).
//
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/venue.h"
#include "services/crowd/core/alert_log.h"
#include "services/crowd/core/alert_text.h"

namespace cs::crowd {

struct IncidentStep {
  TimePoint at;
  std::string alert_id;
  std::string rule;
  Severity severity = Severity::kInfo;
  AlertState state = AlertState::kRaised;  // what happened: raised, acknowledged or cleared
  std::string actor;                       // acknowledged: who
  std::string note;                        // acknowledged: the note
};

struct Incident {
  std::string id;     // "inc-" + alerts.front().id
  std::string venue;
  std::string zone;   // empty: venue-wide
  std::string kind;   // IncidentKind of its alerts
  Severity severity = Severity::kInfo;     // highest open (highest of all once cleared)
  AlertState state = AlertState::kRaised;  // see crowd.proto's Incident.state
  std::vector<Alert> alerts;               // oldest first
  size_t current = 0;                      // index in alerts: what the incident says now
  std::vector<IncidentStep> history;       // oldest first
  TimePoint opened_at;
  std::optional<TimePoint> cleared_at;
  std::string acked_by;  // the latest acknowledgement
  std::optional<TimePoint> acked_at;
  std::string ack_note;
  int escalation_level = 0;

  bool open() const { return state != AlertState::kCleared; }
  // The ids of its alerts that still need acknowledging (raised or escalated).
  std::vector<std::string> UnacknowledgedAlerts() const;
};

// "capacity.red" -> "capacity"; "density.warn" -> "density"; a life-safety rule stays whole
// ("life_safety.medical"), since two kinds of threat are two problems.
std::string IncidentKind(const std::string& rule);

// Groups alerts (any order, cleared ones included) into incidents: open ones first, then by
// severity (highest first), then newest first.
std::vector<Incident> GroupIncidents(std::vector<Alert> alerts);

// The playbook's advice for the incident's current level: the first step of the venue's
// playbook whose rule is the current alert's and whose scope fits, with {zone} and {gates}
// filled in. Empty words when none fits or the incident is over.
Words SuggestedAction(const Venue& venue, const Incident& incident);

}  // namespace cs::crowd
