// Runs a sweep (AppealWorkflow::ExpireStale through the service) every `period` on its own
// thread, so idle drafts really expire at the expires_at the API shows. Several replicas may
// sweep at once: each expiry is a compare-and-set, so the losers just skip that appeal.
// Thread-safety: Start/Stop from one owning thread; the sweep runs on the sweeper's thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"

namespace cs::appeals {

class ExpirySweeper {
 public:
  using Sweep = std::function<absl::StatusOr<int>()>;
  ExpirySweeper(Sweep sweep, std::chrono::milliseconds period);
  ~ExpirySweeper();  // Stop()
  ExpirySweeper(const ExpirySweeper&) = delete;
  ExpirySweeper& operator=(const ExpirySweeper&) = delete;

  // The first sweep runs one period after Start. A failed sweep (Redis down) is logged and
  // retried at the next period.
  void Start();
  // Wakes the thread, waits for a sweep in progress to finish, and joins. Idempotent.
  void Stop();

 private:
  void Run();

  Sweep sweep_;
  std::chrono::milliseconds period_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

}  // namespace cs::appeals
