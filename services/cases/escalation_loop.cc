#include "services/cases/escalation_loop.h"

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/grpc/time_convert.h"
#include "common/logging.h"
#include "services/cases/case_convert.h"

namespace cs::cases {
namespace v1 = crowdsafe::v1;

EscalationLoop::EscalationLoop(const Venue& venue, RedisCaseStore& store, CaseEventLog& events,
                               const Clock& clock, EscalationLoopOptions options)
    : venue_(venue),
      store_(store),
      events_(events),
      clock_(clock),
      options_(options),
      loop_("escalation", [this] { Round(); },
            std::chrono::duration_cast<std::chrono::milliseconds>(options_.tick)) {
  store_.SetWakeTime([schedule = options_.schedule, retention = options_.retention](const Case& c) {
    return NextWake(c, schedule, retention);
  });
}

EscalationLoop::~EscalationLoop() { Stop(); }

void EscalationLoop::Start() {
  if (auto s = EnsureWakeIndex(); !s.ok())
    CS_LOG_WARN("timer index not checked, the loop retries every tick error={}", s.ToString());
  // The first tick runs at once: timers that came due while no replica ran fire now, not one
  // period later. It runs on the loop's own thread as the first thing it does, not on the caller's.
  loop_.StartNow();
}

absl::Status EscalationLoop::EnsureWakeIndex() {
  if (wake_index_ready_) return absl::OkStatus();
  // Cases stored before the timer index existed are not in it: one full pass puts them there.
  // Redis that cannot answer is an error to retry, never "already built".
  auto built = store_.WakeIndexBuilt();
  if (!built.ok()) return built.status();
  if (!*built) {
    if (auto swept = Sweep(); !swept.ok()) return swept.status();
    if (auto s = store_.MarkWakeIndexBuilt(); !s.ok()) return s;
  }
  wake_index_ready_ = true;
  return absl::OkStatus();
}

void EscalationLoop::Stop() { loop_.Stop(); }

void EscalationLoop::Round() {
  if (auto s = EnsureWakeIndex(); !s.ok()) {
    CS_LOG_WARN("timer index not checked, retrying next tick error={}", s.ToString());
  } else if (auto n = Tick(); !n.ok()) {
    CS_LOG_WARN("escalation tick failed, retrying next tick error={}", n.status().ToString());
  }
}

absl::StatusOr<int> EscalationLoop::Tick() {
  absl::Status first_error;
  int handled = 0;
  std::vector<std::string> failed;  // skipped for the rest of this tick, retried on the next
  while (true) {
    auto due = store_.DueBy(clock_.Now(), options_.due_batch + failed.size());
    if (!due.ok()) return due.status();
    size_t fresh = 0;
    for (const std::string& id : *due) {
      if (std::find(failed.begin(), failed.end(), id) != failed.end()) continue;
      ++fresh;
      bool purged = false;
      if (auto s = Handle(id, &purged); !s.ok()) {
        failed.push_back(id);
        if (first_error.ok()) first_error = s;
        continue;
      }
      ++handled;
      if (purged) CS_LOG_INFO("retention purged case={}", id);
    }
    if (fresh == 0) break;  // nothing left that is due (or only what failed this tick)
  }
  if (!first_error.ok()) return first_error;
  return handled;
}

absl::Status EscalationLoop::Handle(const std::string& case_id, bool* purged) {
  *purged = false;
  auto c = store_.Get(case_id);
  if (absl::IsNotFound(c.status())) return store_.DropWake(case_id);  // indexed, never stored
  if (!c.ok()) return c.status();
  if (!DueActions(*c, venue_, clock_.Now(), options_.schedule).empty()) {
    if (auto fired = Escalate(case_id); !fired.ok()) return fired.status();
    c = store_.Get(case_id);
    if (!c.ok()) return c.status();
  }
  const size_t photos = c->child.photo_refs.size();
  if (PurgeIfDue(*c, clock_.Now(), options_.retention)) {
    if (auto s = store_.Put(*c, c->version); !s.ok()) return s.status();
    if (auto s = store_.DeletePhotos(case_id, photos); !s.ok())
      CS_LOG_WARN("retention photo delete failed case={} error={}", case_id, s.ToString());
    // A purged case owes nothing again, so its claims can go; a failure leaves a few bytes.
    if (auto s = events_.ForgetClaims(c->fired_actions); !s.ok())
      CS_LOG_WARN("timer claims not dropped case={} error={}", case_id, s.ToString());
    *purged = true;
    return absl::OkStatus();  // the Put rescheduled it
  }
  // Nothing (more) was due, or the entry was early: put it at its real wake time.
  return store_.RefreshWake(*c);
}

absl::StatusOr<int> EscalationLoop::Escalate(const std::string& case_id) {
  // A lost compare-and-set means someone else wrote the case: read it again and retry. The
  // retry cannot announce anything twice: AnnounceOnce refuses an action claimed before.
  for (int attempt = 0; attempt < 5; ++attempt) {
    auto c = store_.Get(case_id);
    if (!c.ok()) return c.status();
    const TimePoint now = clock_.Now();
    auto due = DueActions(*c, venue_, now, options_.schedule);
    if (due.empty()) return 0;
    int announced = 0;
    for (const DueAction& action : due) {
      auto first = Announce(*c, action);
      if (!first.ok()) return first.status();
      announced += *first ? 1 : 0;
      // Recorded whether this call or an earlier one (another replica, or this one before a
      // crash) announced it: the claim says it went out.
      c->fired_actions.push_back(action.key);
      c->audit.push_back({now, "system", Role::kSystem, "escalation", "", "", "",
                          ActionTypeName(action.type)});
      if (action.type == ActionType::kRequestMissingAppeal ||
          action.type == ActionType::kRequestFoundAppeal) {
        // The press office may publish it; a follow-up is then owed at the reunion.
        // appeal-service drafts the follow-up only if something was in fact published.
        c->appeal_published = true;
      }
    }
    auto stored = store_.Put(*c, c->version);
    if (stored.ok()) {
      CS_LOG_INFO("escalated case={} actions={} announced_here={}", case_id, due.size(),
                  announced);
      return announced;
    }
    if (!absl::IsAborted(stored.status())) return stored.status();
  }
  return absl::AbortedError("case " + case_id + ": kept changing while escalating; next tick");
}

absl::StatusOr<bool> EscalationLoop::AnnounceToCity(const Case& c, const DueAction& action) {
  bool any = false;
  for (const auto& venue_id : action.venues) {
    auto log = city_logs_.find(venue_id);
    if (log == city_logs_.end() || log->second == nullptr)
      return absl::FailedPreconditionError("city broadcast: no event log for a city venue");
    // The event names the case's own venue (venue_id) and is appended to the other venue's
    // log, so that venue's desk and patrols see a case from elsewhere in the city.
    v1::CaseEvent event = CaseEventOf(c, venue_.id, v1::CASE_EVENT_BROADCAST_VENUE, clock_.Now());
    for (const auto& hub : action.hubs)
      if (hub.venue_id == venue_id) event.add_zone_ids(hub.zone_id);
    auto first = log->second->AnnounceOnce(absl::StrCat(action.key, "/", venue_id), event, nullptr);
    if (!first.ok()) return first.status();
    any = any || *first;
  }
  return any;
}

absl::StatusOr<bool> EscalationLoop::Announce(const Case& c, const DueAction& action) {
  if (action.type == ActionType::kBroadcastCity) return AnnounceToCity(c, action);
  const TimePoint now = clock_.Now();
  v1::CaseEvent event = CaseEventOf(c, venue_.id, v1::CASE_EVENT_TYPE_UNSPECIFIED, now);
  v1::DraftAppealRequest request;
  bool appeal = false;
  switch (action.type) {
    case ActionType::kBroadcastZones:
      event.set_type(v1::CASE_EVENT_BROADCAST_ZONE);
      for (const auto& z : action.zones) event.add_zone_ids(z);
      break;
    case ActionType::kBroadcastVenue:
      event.set_type(v1::CASE_EVENT_BROADCAST_VENUE);  // no zones: the whole venue
      break;
    case ActionType::kWatchExitGates:
      event.set_type(v1::CASE_EVENT_BROADCAST_VENUE);
      for (const auto& g : action.gates) event.add_gate_ids(g);
      break;
    case ActionType::kRequestMissingAppeal:
    case ActionType::kRequestFoundAppeal:
      event.set_type(v1::CASE_EVENT_APPEAL_REQUESTED);
      event.set_appeal_kind(c.kind == CaseKind::kMissing ? "missing" : "found");
      request.set_kind(c.kind == CaseKind::kMissing ? v1::APPEAL_MISSING_CHILD
                                                    : v1::APPEAL_FOUND_CHILD);
      appeal = true;
      break;
    case ActionType::kRequestFollowUp:
      event.set_type(v1::CASE_EVENT_FOLLOW_UP_REQUESTED);
      event.set_appeal_kind("follow_up");
      request.set_kind(v1::APPEAL_FOLLOW_UP);
      appeal = true;
      break;
    case ActionType::kBroadcastCity:
      break;  // AnnounceToCity, above
  }
  if (appeal) {
    *request.mutable_snapshot() = SnapshotOf(c, venue_);
    *request.mutable_guard_only() = GuardValuesOf(c);
    request.set_request_id(absl::StrCat(c.id, "/", event.appeal_kind()));
    request.mutable_actor()->set_user_id("case-service");
    request.mutable_actor()->set_role(v1::ROLE_SYSTEM);
  }
  return events_.AnnounceOnce(action.key, event, appeal ? &request : nullptr);
}

absl::StatusOr<int> EscalationLoop::Sweep() {
  auto ids = store_.ListAll();
  if (!ids.ok()) return ids.status();
  int purged = 0;
  for (const std::string& id : *ids) {
    bool done = false;
    if (Handle(id, &done).ok() && done) ++purged;  // a failure is retried by the index
  }
  return purged;
}

}  // namespace cs::cases
