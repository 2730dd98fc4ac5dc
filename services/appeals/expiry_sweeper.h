// Runs a sweep (AppealWorkflow::ExpireStale through the service) every `period` on its own
// thread, so idle drafts really expire at the expires_at the API shows. Several replicas may
// sweep at once: each expiry is a compare-and-set, so the losers just skip that appeal.
// Thread-safety: Start/Stop from one owning thread; the sweep runs on the sweeper's thread.
#pragma once

#include <chrono>
#include <functional>

#include "absl/status/statusor.h"
#include "common/periodic_loop.h"

namespace cs::appeals {

class ExpirySweeper {
 public:
  using Sweep = std::function<absl::StatusOr<int>()>;
  ExpirySweeper(Sweep sweep, std::chrono::milliseconds period);

  // The first sweep runs one period after Start. A failed sweep (Redis down) is logged and
  // retried at the next period.
  void Start() { loop_.Start(); }
  // Waits for a sweep in progress to finish, and joins. Idempotent.
  void Stop() { loop_.Stop(); }

 private:
  void SweepOnce();

  Sweep sweep_;
  PeriodicLoop loop_;  // last: stopped (in its destructor) before sweep_ goes
};

}  // namespace cs::appeals
