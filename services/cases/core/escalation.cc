#include "services/cases/core/escalation.h"

#include <algorithm>

namespace cs::cases {

const char* ActionTypeName(ActionType t) {
  switch (t) {
    case ActionType::kBroadcastZones:
      return "broadcast-zones";
    case ActionType::kBroadcastVenue:
      return "broadcast-venue";
    case ActionType::kWatchExitGates:
      return "watch-exit-gates";
    case ActionType::kRequestMissingAppeal:
      return "missing-appeal";
    case ActionType::kRequestFoundAppeal:
      return "found-appeal";
    case ActionType::kRequestFollowUp:
      return "follow-up";
    case ActionType::kBroadcastCity:
      return "broadcast-city";
  }
  return "unknown";
}

namespace {

struct Step {
  ActionType type;
  Duration after;
};

bool InACity(const EscalationConfig& cfg) { return cfg.city != nullptr && cfg.city->venues.size() > 1; }

std::vector<Step> Schedule(CaseKind kind, const EscalationConfig& cfg) {
  if (kind == CaseKind::kMissing) {
    std::vector<Step> steps = {{ActionType::kBroadcastZones, Duration::zero()},
                               {ActionType::kBroadcastVenue, cfg.venue_wide_after},
                               {ActionType::kWatchExitGates, cfg.venue_wide_after},
                               {ActionType::kRequestMissingAppeal, cfg.missing_appeal_after}};
    if (InACity(cfg)) steps.push_back({ActionType::kBroadcastCity, cfg.city_wide_after});
    return steps;
  }
  return {{ActionType::kRequestFoundAppeal, cfg.found_appeal_after}};
}

// Every venue of the city but the case's own (already covered venue-wide at T+10), and the
// hubs in those venues.
void FillCityTargets(const City& city, const std::string& own_venue, DueAction& a) {
  for (const auto& v : city.venues)
    if (v.id != own_venue) a.venues.push_back(v.id);
  for (const auto& hub : city.hubs)
    if (hub.venue_id != own_venue) a.hubs.push_back(hub);
}

std::string Key(const Case& c, ActionType t) { return c.id + "/" + ActionTypeName(t); }

bool Fired(const Case& c, const std::string& key) {
  return std::find(c.fired_actions.begin(), c.fired_actions.end(), key) != c.fired_actions.end();
}

}  // namespace

std::vector<DueAction> DueActions(const Case& c, const Venue& venue, TimePoint now,
                                  const EscalationConfig& cfg) {
  std::vector<DueAction> out;
  if (IsActive(c.state)) {
    for (const Step& s : Schedule(c.kind, cfg)) {
      const TimePoint due = c.filed_at + s.after;
      std::string key = Key(c, s.type);
      if (due > now || Fired(c, key)) continue;
      DueAction a{std::move(key), s.type, due, {}, {}, {}, {}};
      if (s.type == ActionType::kBroadcastZones) {
        a.zones.push_back(c.zone_id);
        for (auto& n : venue.Neighbours(c.zone_id)) a.zones.push_back(std::move(n));
      } else if (s.type == ActionType::kBroadcastVenue) {
        for (const auto& z : venue.zones) a.zones.push_back(z.id);
      } else if (s.type == ActionType::kWatchExitGates) {
        a.gates = venue.ExitGates();
      } else if (s.type == ActionType::kBroadcastCity) {
        FillCityTargets(*cfg.city, venue.id, a);
      }
      out.push_back(std::move(a));
    }
  }
  const bool reunited = c.reunited_at.has_value() &&
                        (c.state == CaseState::kReunited || c.state == CaseState::kClosed);
  if (reunited && c.appeal_published) {
    std::string key = Key(c, ActionType::kRequestFollowUp);
    if (!Fired(c, key))
      out.push_back({std::move(key), ActionType::kRequestFollowUp, *c.reunited_at, {}, {}, {}, {}});
  }
  return out;
}

std::optional<TimePoint> NextDue(const Case& c, TimePoint now, const EscalationConfig& cfg) {
  if (!IsActive(c.state)) return std::nullopt;
  std::optional<TimePoint> best;
  for (const Step& s : Schedule(c.kind, cfg)) {
    const TimePoint due = c.filed_at + s.after;
    if (due <= now || Fired(c, Key(c, s.type))) continue;
    if (!best || due < *best) best = due;
  }
  return best;
}

std::optional<TimePoint> NextWake(const Case& c, const EscalationConfig& cfg,
                                  const RetentionConfig& retention) {
  std::optional<TimePoint> best;
  auto consider = [&best](TimePoint t) {
    if (!best || t < *best) best = t;
  };
  if (IsActive(c.state))
    for (const Step& s : Schedule(c.kind, cfg))
      if (!Fired(c, Key(c, s.type))) consider(c.filed_at + s.after);
  const bool reunited = c.reunited_at.has_value() &&
                        (c.state == CaseState::kReunited || c.state == CaseState::kClosed);
  if (reunited && c.appeal_published && !Fired(c, Key(c, ActionType::kRequestFollowUp)))
    consider(*c.reunited_at);
  if (auto purge = PurgeDueAt(c, retention)) consider(*purge);
  return best;
}

}  // namespace cs::cases
