// The escalation schedule for a case, as a pure function of (case, venue, now): which actions
// are due and not yet done. Each action has a stable key so the caller can record it once
// (e.g. Redis SET NX) and survive restarts without firing twice.
// Thread-safety: pure function; safe from any thread.
#pragma once

#include <string>
#include <vector>

#include "common/city.h"
#include "common/clock.h"
#include "common/venue.h"
#include "services/cases/core/case.h"
#include "services/cases/core/retention.h"

namespace cs::cases {

struct EscalationConfig {
  Duration venue_wide_after = std::chrono::minutes(10);      // whole venue + exit-gate watch
  Duration missing_appeal_after = std::chrono::minutes(30);  // draft a 寻人 appeal
  Duration found_appeal_after = std::chrono::minutes(15);    // draft a 认领 appeal
  // A city of venues (common/city.h): a missing child's case widens to every other venue of the
  // city and its transport hubs after this long. nullptr, or a city of one venue: no widening.
  Duration city_wide_after = std::chrono::minutes(30);
  const City* city = nullptr;  // outlives the schedule (loaded once at start-up)
};

enum class ActionType {
  kBroadcastZones,        // T+0 missing: last-seen zone + neighbours
  kBroadcastVenue,        // T+10 min missing: all zones
  kWatchExitGates,        // T+10 min missing: watchers at venue.ExitGates()
  kRequestMissingAppeal,  // T+30 min missing
  kRequestFoundAppeal,    // found child unclaimed 15 min
  kRequestFollowUp,       // reunited after an appeal went out: "已找到，感谢转发"
  kBroadcastCity,         // T+30 min missing, in a city: every other venue + transport hubs
};
const char* ActionTypeName(ActionType t);

struct DueAction {
  std::string key;  // "case-7/broadcast-zones"; fire once per key
  ActionType type;
  TimePoint due_at;
  std::vector<std::string> zones;  // for broadcasts
  std::vector<std::string> gates;  // for exit watches
  // City broadcasts: the other venues of the city, and the hubs among the city's zones.
  std::vector<std::string> venues;
  std::vector<TransportHub> hubs;
};

// Actions due at `now` whose key is not in c.fired_actions, in due order. Escalation runs
// only while the case is active (OPEN or MATCH_PROPOSED); the follow-up is due once the case
// is REUNITED or CLOSED after a reunion and c.appeal_published is set.
std::vector<DueAction> DueActions(const Case& c, const Venue& venue, TimePoint now,
                                  const EscalationConfig& config = {});

// The earliest time anything is owed for `c`, due or not yet: an escalation action not yet
// fired, the follow-up after a reunion, or the retention purge. The timer index orders cases
// by it; nullopt when nothing is ever owed again (the case leaves the index).
std::optional<TimePoint> NextWake(const Case& c, const EscalationConfig& config = {},
                                  const RetentionConfig& retention = {});

// When the next not-yet-due action of an active case falls due (for the timer), or nullopt.
std::optional<TimePoint> NextDue(const Case& c, TimePoint now, const EscalationConfig& config = {});

}  // namespace cs::cases
