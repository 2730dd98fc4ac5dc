#include "services/crowd/core/incidents.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "services/crowd/core/alert_engine.h"

namespace cs::crowd {

namespace {

bool IsOpen(const Alert& a) { return a.state != AlertState::kCleared; }

// Which alert speaks for the incident: the open one of the highest level (severity, then the
// higher line: orange over yellow), the newest among equals; once all have cleared, the last
// to clear, whose words say where the level ended.
size_t CurrentOf(const std::vector<Alert>& alerts) {
  size_t best = 0;
  bool any_open = false;
  for (size_t i = 0; i < alerts.size(); ++i) {
    const Alert& a = alerts[i];
    if (IsOpen(a)) {
      const Alert& b = alerts[best];
      if (!any_open || std::tie(a.severity, a.threshold, a.raised_at) >=
                           std::tie(b.severity, b.threshold, b.raised_at)) {
        best = i;
      }
      any_open = true;
    } else if (!any_open) {
      if (alerts[i].cleared_at.value_or(TimePoint{}) >= alerts[best].cleared_at.value_or(TimePoint{}))
        best = i;
    }
  }
  return best;
}

Incident Summarise(std::vector<Alert> alerts) {
  Incident inc;
  inc.id = "inc-" + alerts.front().id;
  inc.venue = alerts.front().venue;
  inc.zone = alerts.front().zone;
  inc.kind = IncidentKind(alerts.front().rule);
  inc.opened_at = alerts.front().raised_at;
  bool any_open = false, needs_ack = false, escalated = false;
  for (const Alert& a : alerts) {
    inc.history.push_back({a.raised_at, a.id, a.rule, a.severity, AlertState::kRaised, "", ""});
    if (a.acked_at) {
      inc.history.push_back(
          {*a.acked_at, a.id, a.rule, a.severity, AlertState::kAcknowledged, a.acked_by, a.ack_note});
      if (!inc.acked_at || *a.acked_at >= *inc.acked_at) {
        inc.acked_at = a.acked_at;
        inc.acked_by = a.acked_by;
        inc.ack_note = a.ack_note;
      }
    }
    if (a.cleared_at) {
      inc.history.push_back({*a.cleared_at, a.id, a.rule, a.severity, AlertState::kCleared, "", ""});
      if (!inc.cleared_at || *a.cleared_at > *inc.cleared_at) inc.cleared_at = a.cleared_at;
    }
    if (IsOpen(a)) {
      any_open = true;
      needs_ack |= a.state == AlertState::kRaised || a.state == AlertState::kEscalated;
      escalated |= a.state == AlertState::kEscalated;
      inc.escalation_level = std::max(inc.escalation_level, a.escalation_level);
    }
  }
  std::stable_sort(inc.history.begin(), inc.history.end(),
                   [](const IncidentStep& x, const IncidentStep& y) { return x.at < y.at; });
  // Acknowledging the incident acknowledges each of its alerts: one step in the history, not
  // one per alert.
  auto same_ack = [](const IncidentStep& x, const IncidentStep& y) {
    return x.state == AlertState::kAcknowledged && y.state == AlertState::kAcknowledged &&
           x.actor == y.actor && x.note == y.note && y.at - x.at < std::chrono::seconds(1);
  };
  inc.history.erase(std::unique(inc.history.begin(), inc.history.end(), same_ack),
                    inc.history.end());
  inc.alerts = std::move(alerts);
  inc.current = CurrentOf(inc.alerts);
  if (any_open) {
    inc.cleared_at.reset();
    inc.severity = inc.alerts[inc.current].severity;
    inc.state = !needs_ack   ? AlertState::kAcknowledged
                : escalated ? AlertState::kEscalated
                            : AlertState::kRaised;
  } else {
    for (const Alert& a : inc.alerts) inc.severity = std::max(inc.severity, a.severity);
    inc.state = AlertState::kCleared;
  }
  return inc;
}

// "main-t01、main-t02" or, for a long row of turnstiles, "main-t01 … main-t24 (24)".
Words GateList(const std::vector<std::string>& gates) {
  if (gates.size() > 4) {
    std::string span = absl::StrCat(gates.front(), " … ", gates.back());
    return {absl::StrCat(span, "（共 ", gates.size(), " 个）"),
            absl::StrCat(span, " (", gates.size(), " gates)")};
  }
  return {absl::StrJoin(gates, "、"), absl::StrJoin(gates, ", ")};
}

}  // namespace

std::vector<std::string> Incident::UnacknowledgedAlerts() const {
  std::vector<std::string> out;
  for (const Alert& a : alerts) {
    if (a.state == AlertState::kRaised || a.state == AlertState::kEscalated) out.push_back(a.id);
  }
  return out;
}

std::string IncidentKind(const std::string& rule) {
  if (rule.rfind(kExternalRulePrefix, 0) == 0) return rule;
  return rule.substr(0, rule.find('.'));
}

std::vector<Incident> GroupIncidents(std::vector<Alert> alerts) {
  // venue, zone, kind -> its alerts
  std::map<std::tuple<std::string, std::string, std::string>, std::vector<Alert>> by_subject;
  for (Alert& a : alerts) by_subject[{a.venue, a.zone, IncidentKind(a.rule)}].push_back(std::move(a));
  std::vector<Incident> out;
  for (auto& [key, list] : by_subject) {
    std::sort(list.begin(), list.end(), [](const Alert& x, const Alert& y) {
      return std::tie(x.raised_at, x.id) < std::tie(y.raised_at, y.id);
    });
    // Sweep in raise order: an alert raised while the current group is still open (or in the
    // very moment its last alert cleared) belongs to it; after a full clear a new group starts.
    std::vector<Alert> group;
    bool group_open = false;
    TimePoint group_end{};
    for (Alert& a : list) {
      if (!group.empty() && !group_open && a.raised_at > group_end) {
        out.push_back(Summarise(std::move(group)));
        group.clear();
        group_end = TimePoint{};
      }
      if (IsOpen(a)) group_open = true;
      else group_end = std::max(group_end, a.cleared_at.value_or(a.raised_at));
      group.push_back(std::move(a));
    }
    if (!group.empty()) out.push_back(Summarise(std::move(group)));
  }
  std::sort(out.begin(), out.end(), [](const Incident& x, const Incident& y) {
    return std::make_tuple(x.open(), x.severity, x.opened_at) >
           std::make_tuple(y.open(), y.severity, y.opened_at);
  });
  return out;
}

Words SuggestedAction(const Venue& venue, const Incident& incident) {
  if (!incident.open() || incident.alerts.empty()) return {};
  const std::string& rule = incident.alerts[incident.current].rule;
  const std::string scope = incident.zone.empty() ? "venue" : "zone";
  for (const PlaybookStep& step : venue.playbook) {
    if (step.rule != rule || (step.scope != "any" && step.scope != scope)) continue;
    Alert subject;  // the incident's place, without its region: the action is for the zone
    subject.venue = incident.venue;
    subject.zone = incident.zone;
    Words zone = SubjectOf(venue, subject);
    Words gates = GateList(venue.InflowGates(incident.zone));
    return {absl::StrReplaceAll(step.action_zh, {{"{zone}", zone.zh}, {"{gates}", gates.zh}}),
            absl::StrReplaceAll(step.action_en, {{"{zone}", zone.en}, {"{gates}", gates.en}})};
  }
  return {};
}

}  // namespace cs::crowd
