// The last reading of a value that lives in the store, kept in process so that reads do not
// wait behind ingest writes in Redis (issue 19: occupancy reads under load).
//
// A reading is offered with the store's revision of the value (0 where it has none), the time
// it was taken, and the epoch the reader saw before it asked the store. Fresh() hands the value
// out while it is no older than max_age; after that the caller reads the store again and offers
// what it got. An offer is ignored when it is older than what is held (a lower revision), or
// when Invalidate() was called after the reader's epoch was taken: the reading may predate a
// write this process just made (a correction, a density report), which must be visible to the
// next read here. Writes by other replicas are seen at the latest after max_age, or sooner when
// this process commits a batch (the commit answers with the counts after it).
//
// Thread-safety: every method may be called from any thread.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <utility>

#include "common/clock.h"

namespace cs::crowd {

template <typename T>
class LiveReading {
 public:
  explicit LiveReading(Duration max_age) : max_age_(max_age) {}

  // The epoch to pass to Offer for a reading started now.
  uint64_t Epoch() const {
    std::lock_guard<std::mutex> lock(mu_);
    return epoch_;
  }

  void Offer(T value, uint64_t revision, TimePoint taken_at, uint64_t epoch) {
    std::lock_guard<std::mutex> lock(mu_);
    if (epoch != epoch_) return;
    if (held_ && revision < revision_) return;
    value_ = std::move(value);
    revision_ = revision;
    taken_at_ = taken_at;
    held_ = true;
  }

  // The value while the reading is no older than max_age at `now`.
  std::optional<T> Fresh(TimePoint now) const {
    std::lock_guard<std::mutex> lock(mu_);
    if (!held_ || now - taken_at_ > max_age_) return std::nullopt;
    return value_;
  }

  // Forgets the reading and refuses offers begun before now.
  void Invalidate() {
    std::lock_guard<std::mutex> lock(mu_);
    ++epoch_;
    held_ = false;
  }

 private:
  const Duration max_age_;
  mutable std::mutex mu_;
  uint64_t epoch_ = 0;       // guarded by mu_
  bool held_ = false;        // guarded by mu_
  uint64_t revision_ = 0;    // guarded by mu_
  TimePoint taken_at_{};     // guarded by mu_
  T value_{};                // guarded by mu_
};

}  // namespace cs::crowd
