#include "services/crowd/core/crowd_store.h"

#include <algorithm>

namespace cs::crowd {

absl::StatusOr<SeqState> InMemoryCrowdStore::ReadSeq(const std::string& venue,
                                                     const std::vector<std::string>& gate_ids) {
  std::lock_guard<std::mutex> lock(mu_);
  SeqState out;
  const SeqState& all = venues_[venue].seq;
  for (const auto& id : gate_ids) {
    auto it = all.find(id);
    if (it != all.end()) out[id] = it->second;
  }
  return out;
}

void InMemoryCrowdStore::RecordPeak(VenueData& v, const std::string& zone, int64_t minute,
                                    int64_t occupancy) {
  MinuteCounts& m = v.zone_minutes[{zone, minute}];
  m.minute = minute;
  m.peak = std::max(m.peak, occupancy);
}

absl::StatusOr<CommitOutcome> InMemoryCrowdStore::CommitBatch(const std::string& venue,
                                                              const SeqState& read,
                                                              const BatchPlan& plan) {
  std::lock_guard<std::mutex> lock(mu_);
  VenueData& v = venues_[venue];
  for (const auto& [gate, unused] : plan.new_state) {
    auto now_it = v.seq.find(gate);
    auto read_it = read.find(gate);
    GateSeqState now_state = now_it == v.seq.end() ? GateSeqState{} : now_it->second;
    GateSeqState read_state = read_it == read.end() ? GateSeqState{} : read_it->second;
    if (!(now_state == read_state)) return CommitOutcome{};
  }
  for (const auto& [gate, t] : plan.new_state) v.seq[gate] = t;
  for (const auto& [key, io] : plan.gate_minutes) {
    MinuteCounts& m = v.gate_minutes[key];
    m.minute = key.second;
    m.in += io.in;
    m.out += io.out;
  }
  for (const auto& [key, io] : plan.zone_minutes) {
    MinuteCounts& m = v.zone_minutes[key];
    m.minute = key.second;
    m.in += io.in;
    m.out += io.out;
  }
  for (const auto& [zone, d] : plan.occupancy_delta) {
    v.occupancy[zone] += d;
    RecordPeak(v, zone, plan.apply_minute, v.occupancy[zone]);
  }
  if (!plan.occupancy_delta.empty()) {
    int64_t total = 0;
    for (const auto& [zone, occ] : v.occupancy) total += occ;
    RecordPeak(v, kVenueKey, plan.apply_minute, total);
  }
  ++v.occupancy_revision;
  return CommitOutcome{true, RevisedOccupancy{v.occupancy_revision, v.occupancy}};
}

absl::StatusOr<RevisedOccupancy> InMemoryCrowdStore::ReadRevisedOccupancy(
    const std::string& venue) {
  std::lock_guard<std::mutex> lock(mu_);
  const VenueData& v = venues_[venue];
  return RevisedOccupancy{v.occupancy_revision, v.occupancy};
}

absl::StatusOr<std::map<std::string, int64_t>> InMemoryCrowdStore::ReadOccupancy(
    const std::string& venue) {
  std::lock_guard<std::mutex> lock(mu_);
  return venues_[venue].occupancy;
}

absl::StatusOr<int64_t> InMemoryCrowdStore::SetOccupancy(const std::string& venue,
                                                         const std::string& zone, int64_t value,
                                                         AuditRecord audit) {
  std::lock_guard<std::mutex> lock(mu_);
  VenueData& v = venues_[venue];
  int64_t before = v.occupancy[zone];
  v.occupancy[zone] = value;
  ++v.occupancy_revision;
  audit.before = before;
  audit.after = value;
  v.audit.push_back(std::move(audit));
  return before;
}

absl::StatusOr<std::vector<MinuteCounts>> InMemoryCrowdStore::ReadMinutes(const std::string& venue,
                                                                          const std::string& id,
                                                                          bool is_gate,
                                                                          int64_t from_minute,
                                                                          int64_t to_minute) {
  std::lock_guard<std::mutex> lock(mu_);
  const VenueData& v = venues_[venue];
  const auto& minutes = is_gate ? v.gate_minutes : v.zone_minutes;
  std::vector<MinuteCounts> out;
  for (auto it = minutes.lower_bound({id, from_minute});
       it != minutes.end() && it->first.first == id && it->first.second < to_minute; ++it) {
    out.push_back(it->second);
  }
  return out;
}

absl::Status InMemoryCrowdStore::DropMinutesBefore(const std::string& venue, int64_t minute) {
  std::lock_guard<std::mutex> lock(mu_);
  VenueData& v = venues_[venue];
  for (auto* minutes : {&v.gate_minutes, &v.zone_minutes}) {
    std::erase_if(*minutes, [minute](const auto& kv) { return kv.first.second < minute; });
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<AuditRecord>> InMemoryCrowdStore::ReadAudit(const std::string& venue) {
  std::lock_guard<std::mutex> lock(mu_);
  return venues_[venue].audit;
}

}  // namespace cs::crowd
