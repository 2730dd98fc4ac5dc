// Runs the appeal-photo retention pass (desk/photo_retention.h) every `period` on its own
// thread (common/periodic_loop.h), logging what it purged. A failed pass (Redis down) is logged
// and retried at the next period; a case-service that cannot answer leaves its cases for later.
// Thread-safety: Start/Stop from one owning thread; the pass runs on the worker's thread.
#pragma once

#include <chrono>

#include "common/periodic_loop.h"
#include "services/appeals/desk/photo_retention.h"

namespace cs::appeals {

class PhotoRetentionWorker {
 public:
  PhotoRetentionWorker(PhotoRetention retention, std::chrono::milliseconds period);

  void Start() { loop_.Start(); }  // the first pass one period later
  void Stop() { loop_.Stop(); }    // waits for a pass in progress, then joins

 private:
  void PassOnce();

  PhotoRetention retention_;
  PeriodicLoop loop_;  // last: stopped (in its destructor) before retention_ goes
};

}  // namespace cs::appeals
