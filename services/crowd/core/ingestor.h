// Ingests batches of gate events for one venue: plan against the stored trackers, commit
// atomically, retry when a concurrent batch for the same gates won the race.
//
// Thread-safety: safe to call from many threads if the store is; holds no mutable state.
#pragma once

#include <map>
#include <span>
#include <string>

#include "absl/status/statusor.h"
#include "common/clock.h"
#include "common/venue.h"
#include "services/crowd/core/crowd_store.h"
#include "services/crowd/core/ingest.h"

namespace cs::crowd {

struct BatchAck {
  int64_t accepted = 0;                       // events counted now
  int64_t duplicates = 0;                     // events already counted before (ignored)
  std::map<std::string, int64_t> contiguous;  // per gate in the batch: highest contiguous seq
};

class Ingestor {
 public:
  Ingestor(const Venue& venue, CrowdStore* store, const Clock* clock, IngestLimits limits = {})
      : venue_(venue), store_(store), clock_(clock), limits_(limits) {}

  // InvalidArgument (nothing stored) for a bad batch; Aborted after repeated conflicts.
  absl::StatusOr<BatchAck> Ingest(std::span<const GateEvent> events);

 private:
  static constexpr int kMaxAttempts = 8;
  const Venue& venue_;
  CrowdStore* store_;
  const Clock* clock_;
  IngestLimits limits_;
};

}  // namespace cs::crowd
