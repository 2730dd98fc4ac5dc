// Ingests batches of gate events for one venue: plan against the stored trackers, commit
// atomically, retry when a concurrent batch for the same gates won the race.
//
// One Redis round trip per batch in the steady state (issue 19): the trackers this ingestor
// committed last are kept, and a batch whose gates are all known plans against them without
// reading the store. That is safe because the commit compares every gate of the batch with the
// tracker it was planned against: a tracker moved by another replica, a restart or a reset makes
// the commit refuse, and the batch is planned again from a fresh read. So a cached tracker can
// cost a retry, never a wrong count. Keep one Ingestor per venue for the life of the service.
//
// Thread-safety: safe to call from many threads if the store is (the cache has its own mutex).
#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <span>
#include <vector>
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
  std::optional<RevisedOccupancy> occupancy;  // the counts just after the batch, if the store says
};

class Ingestor {
 public:
  Ingestor(const Venue& venue, CrowdStore* store, const Clock* clock, IngestLimits limits = {})
      : venue_(venue), store_(store), clock_(clock), limits_(limits) {}

  // InvalidArgument (nothing stored) for a bad batch; Aborted after repeated conflicts.
  absl::StatusOr<BatchAck> Ingest(std::span<const GateEvent> events);

 private:
  static constexpr int kMaxAttempts = 8;
  // The cached trackers of every gate in `gates`, or nothing when one is not cached.
  std::optional<SeqState> Cached(const std::vector<std::string>& gates) const;
  void Remember(const SeqState& committed);
  void Forget(const std::vector<std::string>& gates);

  const Venue& venue_;
  CrowdStore* store_;
  const Clock* clock_;
  IngestLimits limits_;
  mutable std::mutex mu_;
  SeqState cache_;  // guarded by mu_; only the venue's gates (they are checked before planning)
};

}  // namespace cs::crowd
