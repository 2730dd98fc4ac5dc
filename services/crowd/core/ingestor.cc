#include "services/crowd/core/ingestor.h"

#include <set>
#include <vector>

namespace cs::crowd {

absl::StatusOr<BatchAck> Ingestor::Ingest(std::span<const GateEvent> events) {
  if (events.size() > limits_.max_batch) {
    // Refuse floods before touching the store.
    return PlanBatch(venue_, {}, events, clock_->Now(), limits_).status();
  }
  std::set<std::string> unique;
  for (const auto& e : events) unique.insert(e.gate_id);
  std::vector<std::string> gates(unique.begin(), unique.end());
  for (int attempt = 0; attempt < kMaxAttempts; ++attempt) {
    absl::StatusOr<SeqState> read = store_->ReadSeq(venue_.id, gates);
    if (!read.ok()) return read.status();
    absl::StatusOr<BatchPlan> plan = PlanBatch(venue_, *read, events, clock_->Now(), limits_);
    if (!plan.ok()) return plan.status();
    absl::StatusOr<bool> committed = store_->CommitBatch(venue_.id, *read, *plan);
    if (!committed.ok()) return committed.status();
    if (!*committed) continue;
    BatchAck ack;
    ack.accepted = static_cast<int64_t>(plan->accepted.size());
    ack.duplicates = plan->duplicates;
    ack.contiguous = AckOf(plan->new_state);
    return ack;
  }
  return absl::AbortedError("events: too many concurrent writers for these gates; retry");
}

}  // namespace cs::crowd
