// Runs the escalation schedule of core/escalation.h against the stored cases, and the retention
// purge of core/retention.h. Each tick reads the active cases from Redis, so the timers survive
// a restart: the schedule is a function of the stored case, and each action's key is recorded in
// the case (Case::fired_actions) once it has gone out.
//
// Delivery is at least once: an action is emitted (event or appeal request) before its key is
// stored, so a crash between the two repeats it rather than loses it. A repeated broadcast is
// harmless; appeal requests carry request_id "<case>/<kind>" and appeal-service drafts once.
//
// Thread-safety: Escalate/Tick may be called from RPC threads while the loop runs; writes to a
// case go through the store's compare-and-set and are retried on a lost race.
#pragma once

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "absl/status/status.h"
#include "common/clock.h"
#include "common/venue.h"
#include "services/cases/case_events.h"
#include "services/cases/core/escalation.h"
#include "services/cases/core/retention.h"
#include "services/cases/redis_case_store.h"

namespace cs::cases {

struct EscalationLoopOptions {
  EscalationConfig schedule;
  RetentionConfig retention;
  Duration tick = std::chrono::seconds(1);
  Duration retention_every = std::chrono::minutes(10);
};

class EscalationLoop {
 public:
  EscalationLoop(const Venue& venue, RedisCaseStore& store, CaseEventLog& events,
                 const Clock& clock, EscalationLoopOptions options = {});
  ~EscalationLoop();

  void Start();
  void Stop();

  // Fires whatever is due for one case now (used right after a filing and a handover, so the
  // T+0 broadcast and the follow-up do not wait for the next tick). Returns how many fired.
  absl::StatusOr<int> Escalate(const std::string& case_id);
  // One pass over every active case.
  absl::Status Tick();
  // A pass over every case of the venue: purges the personal data of cases closed longer than
  // the retention period, and fires what a non-active case still owes (a follow-up whose
  // handover was stored just before a crash). Returns how many cases were purged.
  absl::StatusOr<int> Sweep();

 private:
  absl::Status Emit(const Case& c, const DueAction& action);
  void Run();

  const Venue& venue_;
  RedisCaseStore& store_;
  CaseEventLog& events_;
  const Clock& clock_;
  const EscalationLoopOptions options_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;  // guarded by mu_
  std::thread thread_;
};

}  // namespace cs::cases
