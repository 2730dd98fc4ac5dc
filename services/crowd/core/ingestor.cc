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
    // Only the first attempt trusts the cache: a refusal means it was stale.
    std::optional<SeqState> cached = attempt == 0 ? Cached(gates) : std::nullopt;
    absl::StatusOr<SeqState> read =
        cached ? absl::StatusOr<SeqState>(*std::move(cached)) : store_->ReadSeq(venue_.id, gates);
    if (!read.ok()) return read.status();
    absl::StatusOr<BatchPlan> plan = PlanBatch(venue_, *read, events, clock_->Now(), limits_);
    if (!plan.ok()) return plan.status();
    absl::StatusOr<CommitOutcome> committed = store_->CommitBatch(venue_.id, *read, *plan);
    if (!committed.ok()) {
      // Unknown outcome (a timeout may have applied it): read the store next time.
      Forget(gates);
      return committed.status();
    }
    if (!*committed) {
      Forget(gates);
      continue;
    }
    Remember(plan->new_state);
    BatchAck ack;
    ack.accepted = static_cast<int64_t>(plan->accepted.size());
    ack.duplicates = plan->duplicates;
    ack.contiguous = AckOf(plan->new_state);
    ack.occupancy = std::move(committed->occupancy);
    return ack;
  }
  return absl::AbortedError("events: too many concurrent writers for these gates; retry");
}

std::optional<SeqState> Ingestor::Cached(const std::vector<std::string>& gates) const {
  std::lock_guard<std::mutex> lock(mu_);
  SeqState out;
  for (const auto& gate : gates) {
    auto it = cache_.find(gate);
    if (it == cache_.end()) return std::nullopt;
    out.emplace(gate, it->second);
  }
  return out;
}

void Ingestor::Remember(const SeqState& committed) {
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& [gate, state] : committed) cache_[gate] = state;
}

void Ingestor::Forget(const std::vector<std::string>& gates) {
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& gate : gates) cache_.erase(gate);
}

}  // namespace cs::crowd
