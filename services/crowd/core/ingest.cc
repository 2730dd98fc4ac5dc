#include "services/crowd/core/ingest.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace cs::crowd {
namespace {

absl::Status Bad(size_t i, const char* field, const std::string& why) {
  return absl::InvalidArgumentError(absl::StrCat("events[", i, "].", field, ": ", why));
}

int64_t Seconds(Duration d) { return std::chrono::duration_cast<std::chrono::seconds>(d).count(); }

}  // namespace

void AddMove(const Gate& gate, Direction dir, int64_t count,
             std::map<std::string, int64_t>& deltas) {
  const std::string& from = dir == Direction::kIn ? gate.from_zone : gate.to_zone;
  const std::string& to = dir == Direction::kIn ? gate.to_zone : gate.from_zone;
  if (from != kOutside) deltas[from] -= count;
  if (to != kOutside) deltas[to] += count;
}

absl::StatusOr<BatchPlan> PlanBatch(const Venue& venue, const SeqState& state,
                                    std::span<const GateEvent> events, TimePoint now,
                                    const IngestLimits& limits) {
  if (events.size() > limits.max_batch) {
    return absl::InvalidArgumentError(
        absl::StrCat("events: batch of ", events.size(), " exceeds max_batch ", limits.max_batch));
  }
  BatchPlan plan;
  plan.apply_minute = MinuteOf(now);
  // Work on copies of the touched trackers so a rejection leaves nothing half-applied.
  SeqState& work = plan.new_state;
  for (size_t i = 0; i < events.size(); ++i) {
    const GateEvent& e = events[i];
    const Gate* gate = venue.FindGate(e.gate_id);
    if (gate == nullptr) return Bad(i, "gate_id", "unknown gate");
    if (e.direction != Direction::kIn && e.direction != Direction::kOut) {
      return Bad(i, "direction", "must be IN or OUT");
    }
    if (e.count < 1) return Bad(i, "count", "must be >= 1");
    if (e.count > limits.max_count) {
      return Bad(i, "count", absl::StrCat("must be at most ", limits.max_count, " per event"));
    }
    if (e.seq < 1) return Bad(i, "seq", "must be >= 1");
    if (e.event_time > now + limits.max_future_skew) {
      return Bad(i, "event_time",
                 absl::StrCat("more than max_future_skew (", Seconds(limits.max_future_skew),
                              " s) ahead of the server's clock"));
    }
    if (now - e.event_time > limits.max_age) {
      return Bad(i, "event_time",
                 absl::StrCat("older than max_age (", Seconds(limits.max_age), " s)"));
    }
    auto it = work.find(e.gate_id);
    if (it == work.end()) {
      auto prior = state.find(e.gate_id);
      it = work.emplace(e.gate_id, prior == state.end() ? GateSeqState{} : prior->second).first;
    }
    GateSeqState& t = it->second;
    if (e.seq <= t.contiguous) {
      if (e.seq <= t.contiguous - limits.window) {
        return Bad(i, "seq",
                   absl::StrCat("behind the window of ", limits.window,
                                " (already counted and forgotten)"));
      }
      ++plan.duplicates;
      continue;
    }
    if (e.seq > t.contiguous + limits.window) {
      return Bad(i, "seq",
                 absl::StrCat("beyond the window of ", limits.window,
                              " past the gate's highest contiguous seq"));
    }
    if (t.above.count(e.seq) > 0) {
      ++plan.duplicates;
      continue;
    }
    if (e.seq == t.contiguous + 1) {
      t.contiguous = e.seq;
      while (!t.above.empty() && *t.above.begin() == t.contiguous + 1) {
        t.contiguous = *t.above.begin();
        t.above.erase(t.above.begin());
      }
    } else {
      t.above.insert(e.seq);
    }
    plan.accepted.push_back(i);

    // Late events land in the minute of their event_time, not of arrival.
    const int64_t minute = MinuteOf(e.event_time);
    InOut& gm = plan.gate_minutes[{e.gate_id, minute}];
    (e.direction == Direction::kIn ? gm.in : gm.out) += e.count;
    const std::string& from = e.direction == Direction::kIn ? gate->from_zone : gate->to_zone;
    const std::string& to = e.direction == Direction::kIn ? gate->to_zone : gate->from_zone;
    if (from == to) continue;  // a gate inside one zone moves nobody
    if (from == kOutside)
      plan.zone_minutes[{kVenueKey, minute}].in += e.count;
    else
      plan.zone_minutes[{from, minute}].out += e.count;
    if (to == kOutside)
      plan.zone_minutes[{kVenueKey, minute}].out += e.count;
    else
      plan.zone_minutes[{to, minute}].in += e.count;
    AddMove(*gate, e.direction, e.count, plan.occupancy_delta);
  }
  return plan;
}

std::map<std::string, int64_t> AckOf(const SeqState& state) {
  std::map<std::string, int64_t> ack;
  for (const auto& [gate, t] : state) ack[gate] = t.contiguous;
  return ack;
}

}  // namespace cs::crowd
