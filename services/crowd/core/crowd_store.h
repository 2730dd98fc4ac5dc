// The narrow store the crowd core needs (live occupancy, gate trackers, minute buckets, audit),
// plus an in-memory implementation for tests and benchmarks. The Redis one lives elsewhere.
//
// Thread-safety: implementations must be safe to call from many threads; each call is atomic
// on its own (see the notes per method). InMemoryCrowdStore uses one mutex.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/clock.h"
#include "services/crowd/core/ingest.h"

namespace cs::crowd {

// One stored minute of a gate or zone. For gates peak is 0.
struct MinuteCounts {
  int64_t minute = 0;  // epoch minute, UTC
  int64_t in = 0;
  int64_t out = 0;
  int64_t peak = 0;  // highest occupancy seen while this minute was current (zones, venue)
};

enum class CorrectionKind { kClosingReset, kManual, kCamera };

// One audited change of occupancy. Carries no personal data: actors are staff ids.
struct AuditRecord {
  TimePoint time;
  std::string actor;
  std::string zone;
  int64_t before = 0;
  int64_t after = 0;
  std::string reason;
  CorrectionKind kind = CorrectionKind::kManual;
};

// Zone counts with the store's occupancy revision. Every write of counts (a batch, a
// correction) raises the revision in the same atomic step, so of two readings the one with the
// higher revision is the newer (LiveReading uses it; issue 19).
struct RevisedOccupancy {
  uint64_t revision = 0;
  std::map<std::string, int64_t> counts;  // zones never touched are absent = 0
};

// What CommitBatch did. When applied, `occupancy` is every zone's count just after the batch,
// read in the same atomic step, where the store can give it at no extra round trip.
struct CommitOutcome {
  bool applied = false;
  std::optional<RevisedOccupancy> occupancy;
  explicit operator bool() const { return applied; }
};

class CrowdStore {
 public:
  virtual ~CrowdStore() = default;

  // Trackers of the given gates; gates never seen come back absent.
  virtual absl::StatusOr<SeqState> ReadSeq(const std::string& venue,
                                           const std::vector<std::string>& gate_ids) = 0;

  // Applies a plan all or nothing: the trackers in plan.new_state, occupancy deltas, gate and
  // zone minute increments, and for every zone touched (and kVenueKey) peak = max(peak,
  // occupancy after the deltas) in minute plan.apply_minute. Returns false and changes nothing
  // when any touched gate's tracker no longer equals `read` (a concurrent batch won): the
  // caller re-reads and re-plans. Redis: WATCH the tracker keys, then MULTI/EXEC, or a Lua
  // script that checks and applies.
  virtual absl::StatusOr<CommitOutcome> CommitBatch(const std::string& venue, const SeqState& read,
                                                    const BatchPlan& plan) = 0;

  // Current occupancy per zone (zones never touched are absent = 0).
  virtual absl::StatusOr<std::map<std::string, int64_t>> ReadOccupancy(
      const std::string& venue) = 0;

  // The same with the revision, read atomically with the counts.
  virtual absl::StatusOr<RevisedOccupancy> ReadRevisedOccupancy(const std::string& venue) = 0;

  // Sets one zone's occupancy and appends `audit` (with before filled in by the store) in one
  // atomic step; returns the value replaced. Redis: a Lua script (GET, SET, XADD).
  virtual absl::StatusOr<int64_t> SetOccupancy(const std::string& venue, const std::string& zone,
                                               int64_t value, AuditRecord audit) = 0;

  // Stored minutes of gate or zone `id` in [from_minute, to_minute), ascending, sparse.
  virtual absl::StatusOr<std::vector<MinuteCounts>> ReadMinutes(const std::string& venue,
                                                                const std::string& id, bool is_gate,
                                                                int64_t from_minute,
                                                                int64_t to_minute) = 0;

  // Retention: forgets minutes before `minute`.
  virtual absl::Status DropMinutesBefore(const std::string& venue, int64_t minute) = 0;

  virtual absl::StatusOr<std::vector<AuditRecord>> ReadAudit(const std::string& venue) = 0;
};

class InMemoryCrowdStore final : public CrowdStore {
 public:
  absl::StatusOr<SeqState> ReadSeq(const std::string& venue,
                                   const std::vector<std::string>& gate_ids) override;
  absl::StatusOr<CommitOutcome> CommitBatch(const std::string& venue, const SeqState& read,
                                            const BatchPlan& plan) override;
  absl::StatusOr<std::map<std::string, int64_t>> ReadOccupancy(const std::string& venue) override;
  absl::StatusOr<RevisedOccupancy> ReadRevisedOccupancy(const std::string& venue) override;
  absl::StatusOr<int64_t> SetOccupancy(const std::string& venue, const std::string& zone,
                                       int64_t value, AuditRecord audit) override;
  absl::StatusOr<std::vector<MinuteCounts>> ReadMinutes(const std::string& venue,
                                                        const std::string& id, bool is_gate,
                                                        int64_t from_minute,
                                                        int64_t to_minute) override;
  absl::Status DropMinutesBefore(const std::string& venue, int64_t minute) override;
  absl::StatusOr<std::vector<AuditRecord>> ReadAudit(const std::string& venue) override;

 private:
  struct VenueData {
    SeqState seq;
    std::map<std::string, int64_t> occupancy;
    uint64_t occupancy_revision = 0;
    std::map<MinuteKey, MinuteCounts> gate_minutes;
    std::map<MinuteKey, MinuteCounts> zone_minutes;
    std::vector<AuditRecord> audit;
  };
  void RecordPeak(VenueData& v, const std::string& zone, int64_t minute, int64_t occupancy);

  std::mutex mu_;
  std::map<std::string, VenueData> venues_;  // guarded by mu_
};

}  // namespace cs::crowd
