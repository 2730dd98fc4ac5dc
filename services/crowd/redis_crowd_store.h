// CrowdStore on Redis. All keys of a venue share the hash tag {venue:<id>}, so every script below
// touches one Redis Cluster slot.
//
//   cs:{venue:V}:seq               hash gate → "contiguous[:s1,s2,…]" (the gate's tracker)
//   cs:{venue:V}:occ               hash zone → persons
//   cs:{venue:V}:occ_rev           integer raised by every script that writes occ
//   cs:{venue:V}:gmin:<gate>:<day> hash "<minute>i" / "<minute>o" → persons (day = epoch day)
//   cs:{venue:V}:zmin:<zone>:<day> hash "<minute>i" / "<minute>o" / "<minute>p" (p = peak)
//   cs:{venue:V}:mindays           zset of the minute hashes above, scored by day (retention)
//   cs:{venue:V}:audit             stream of occupancy corrections
//
// CommitBatch is one Lua script: it compares every touched gate's stored tracker with the one
// the plan was made from and applies the whole plan only if all match, so a batch is counted
// once or not at all, and Redis has it before the caller acknowledges. It answers with the
// counts after the batch and their revision, so the service's live picture needs no read.
//
// Thread-safety: as thread-safe as the RedisClient it uses (HiredisClient is).
#pragma once

#include "common/redis/redis_client.h"
#include "services/crowd/core/crowd_store.h"

namespace cs::crowd {

class RedisCrowdStore final : public CrowdStore {
 public:
  explicit RedisCrowdStore(RedisClient& redis) : redis_(redis) {}

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

  // The tracker's wire form, e.g. "41" or "41:43,47". Exposed for tests.
  static std::string EncodeSeq(const GateSeqState& state);
  static absl::StatusOr<GateSeqState> DecodeSeq(const std::string& text);

 private:
  RedisClient& redis_;
};

}  // namespace cs::crowd
