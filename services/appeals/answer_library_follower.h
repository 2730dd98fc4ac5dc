// Keeps this replica's answer library index (AnswerLibrary, loaded once at start) in step with
// the edits made on any replica. Every version appended to the Redis store bumps one change
// counter in the same script (RedisAnswerStore::ChangeCount); the follower GETs it every
// `period` (1 s) and, when it moved, reads every entry's latest version and reloads the index
// from that read. Staleness bound: one period plus one reload (the library is hundreds of
// entries; docs/architecture.md). An edit on a replica whose index is behind is refused by the
// store's version check (ABORTED) rather than lost, and goes through after the next reload.
//
// The library reads through this class (it is the library's AnswerStore): writes and history go
// straight to Redis, and AllLatest answers the snapshot the follower read last, so a Redis
// failure during a reload leaves the index as it was instead of emptying it.
//
// Thread-safety: the AnswerStore methods are thread-safe; Prime/Start/Stop from the owning
// thread; CheckOnce runs on the loop's thread (or a test's, without Start).
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "common/periodic_loop.h"
#include "services/appeals/desk/answer_library.h"
#include "services/appeals/redis_inbox_store.h"

namespace cs::appeals {

class AnswerLibraryFollower final : public AnswerStore {
 public:
  explicit AnswerLibraryFollower(RedisAnswerStore& store,
                                 std::chrono::milliseconds period = std::chrono::seconds(1));
  ~AnswerLibraryFollower() override;  // Stop()

  // AnswerStore.
  absl::Status Append(const AnswerEntry& entry, const AnswerAudit& audit) override;
  absl::StatusOr<std::vector<AnswerEntry>> History(const std::string& id) const override;
  absl::StatusOr<std::vector<AnswerAudit>> AuditLog(const std::string& id) const override;
  // The snapshot read last (by Prime or a reload); empty before the first successful read.
  std::vector<AnswerEntry> AllLatest() const override;

  // Reads the counter and every entry, for the library's first Load. An error when Redis
  // cannot answer; the snapshot is then empty and the first CheckOnce that can read fills it.
  absl::Status Prime();
  // Follows changes into `library` (which loads through this store) until Stop.
  void Start(AnswerLibrary* library);
  void Stop();
  // One check: when the counter moved since the last read, reads every entry and reloads
  // `library`. True when it reloaded; an error (index untouched) when Redis cannot answer.
  absl::StatusOr<bool> CheckOnce(AnswerLibrary& library);

 private:
  // Reads the counter, then the entries (so an edit between the two reloads again next time).
  absl::Status ReadSnapshot();

  RedisAnswerStore& store_;
  mutable std::mutex mu_;
  std::vector<AnswerEntry> snapshot_ ABSL_GUARDED_BY(mu_);
  int64_t seen_changes_ ABSL_GUARDED_BY(mu_) = -1;  // -1: never read
  AnswerLibrary* library_ = nullptr;                // set by Start, read by the loop
  PeriodicLoop loop_;
};

}  // namespace cs::appeals
