// Runs the escalation schedule of core/escalation.h against the stored cases, and the retention
// purge of core/retention.h. Timers come due from the store's timer index (a Redis sorted set
// of case ids ordered by when something is next owed, see RedisCaseStore::SetWakeTime), so an
// idle service reads one range per tick and does work in proportion to what is due, not to what
// is open. The index and the schedule live in Redis, so the timers survive a restart: the
// schedule is a function of the stored case, and each action's key is recorded in the case
// (Case::fired_actions) once it has gone out.
//
// Every replica runs the loop, and each action is announced exactly once across them and across
// restarts: CaseEventLog::AnnounceOnce claims the action's key and appends its event (and appeal
// request) in one Lua script, and only then is the key recorded in the case. Two loops racing
// for a case both reach the script; one announces, the other finds the claim and only records
// the key. A crash between the script and the case write loses nothing: the next attempt finds
// the action still due, the claim already taken, and records it. Appeal requests also carry
// request_id "<case>/<kind>", and appeal-service drafts once per id.
//
// Thread-safety: Escalate/Tick may be called from RPC threads and from other replicas while the
// loop runs; writes to a case go through the store's compare-and-set and are retried on a lost
// race.
#pragma once

#include <map>
#include <string>

#include "absl/status/status.h"
#include "common/clock.h"
#include "common/periodic_loop.h"
#include "common/venue.h"
#include "services/cases/case_events.h"
#include "services/cases/core/escalation.h"
#include "services/cases/core/retention.h"
#include "services/cases/redis_case_store.h"

namespace cs::cases {

struct EscalationLoopOptions {
  EscalationConfig schedule;
  RetentionConfig retention;
  Duration tick = std::chrono::seconds(1);  // how often the timer index is read
  size_t due_batch = 256;                    // cases handled per read of the index
};

class EscalationLoop {
 public:
  // Registers the schedule with `store` (SetWakeTime), so every Put keeps the timer index.
  EscalationLoop(const Venue& venue, RedisCaseStore& store, CaseEventLog& events,
                 const Clock& clock, EscalationLoopOptions options = {});
  ~EscalationLoop();

  // Starts the loop (common/periodic_loop.h, one round every options.tick). The first start on
  // a Redis whose timer index was never built (cases stored before it existed) runs one
  // Sweep() first; when Redis cannot answer, the loop logs it and tries again every round
  // before it ticks. The first tick follows at once, off the caller's thread.
  void Start();
  void Stop();

  // A city of venues (options.schedule.city): the event logs of the city's other venues, by
  // venue id, where the T+30 city broadcast of this venue's cases goes (one announcement per
  // venue, claimed in that venue's log, so each goes out once). Set before Start().
  void SetCityLogs(std::map<std::string, CaseEventLog*> logs) { city_logs_ = std::move(logs); }

  // Fires whatever is due for one case now (used right after a filing and a handover, so the
  // T+0 broadcast and the follow-up do not wait for the next tick). Returns how many this call
  // announced (actions announced before, by any replica, are recorded but not counted).
  absl::StatusOr<int> Escalate(const std::string& case_id);
  // Handles every case the timer index says is due now (in batches of due_batch): fires its
  // due actions, purges it when its retention is over, and reschedules it. Returns how many
  // cases it handled.
  absl::StatusOr<int> Tick();
  // A pass over every case of the venue, due or not: the same handling, and each case's entry
  // in the timer index rebuilt. Needed once for cases stored before the index existed.
  // Returns how many cases were purged.
  absl::StatusOr<int> Sweep();

 private:
  // Builds the action's event (and appeal request) and announces it once (AnnounceOnce);
  // true when this call announced it.
  absl::StatusOr<bool> Announce(const Case& c, const DueAction& action);
  // The city broadcast: a venue-wide event in each other venue's log (naming its hub zones),
  // each claimed there once; true when this call announced any.
  absl::StatusOr<bool> AnnounceToCity(const Case& c, const DueAction& action);
  // Fires what is due for one case, purges it when due and reschedules it. Sets *purged.
  absl::Status Handle(const std::string& case_id, bool* purged);
  // Builds the timer index with one Sweep() if it was never built; an error when Redis cannot
  // say (retried every tick until it can).
  absl::Status EnsureWakeIndex();
  // One round of the loop: the index check, then Tick; errors are logged and retried next round.
  void Round();

  const Venue& venue_;
  RedisCaseStore& store_;
  CaseEventLog& events_;
  std::map<std::string, CaseEventLog*> city_logs_;
  const Clock& clock_;
  const EscalationLoopOptions options_;
  // Whether the timer index is known to hold every case; only the loop's rounds (and Start,
  // before them) touch it.
  bool wake_index_ready_ = false;
  PeriodicLoop loop_;
};

}  // namespace cs::cases
