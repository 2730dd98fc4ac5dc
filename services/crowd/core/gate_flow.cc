#include "services/crowd/core/gate_flow.h"

#include "absl/strings/str_cat.h"

namespace cs::crowd {

absl::StatusOr<GateFlowReport> AssessGateFlow(const Gate& gate, double persons_per_min,
                                              const GreenGuide& guide) {
  if (!(persons_per_min >= 0)) {
    return absl::InvalidArgumentError(
        absl::StrCat("persons_per_min: ", persons_per_min, " must be >= 0"));
  }
  GateFlowReport r;
  r.gate_id = gate.id;
  r.persons_per_min = persons_per_min;
  const double rate = gate.stairs ? guide.stairs_per_m_per_min : guide.level_per_m_per_min;
  if (gate.width_m > 0) r.per_metre_per_min = persons_per_min / gate.width_m;
  // A turnstile bank is slower than the clear width it sits in, so it governs when present.
  if (gate.turnstiles > 0) {
    r.capacity_per_min = gate.turnstiles * guide.turnstile_per_hour / 60.0;
  } else if (gate.width_m > 0) {
    r.capacity_per_min = gate.width_m * rate;
  } else {
    return absl::InvalidArgumentError(
        absl::StrCat("gate.width_m: gate ", gate.id, " has no width and no turnstiles to assess"));
  }
  r.utilisation = r.capacity_per_min > 0 ? persons_per_min / r.capacity_per_min : 0;
  return r;
}

absl::StatusOr<std::vector<GateFlowReport>> ReadGateFlows(const Venue& venue, CrowdStore& store,
                                                          int64_t minute, const GreenGuide& guide) {
  std::vector<GateFlowReport> out;
  for (const auto& gate : venue.gates) {
    auto minutes = store.ReadMinutes(venue.id, gate.id, /*is_gate=*/true, minute, minute + 1);
    if (!minutes.ok()) return minutes.status();
    double flow = 0;
    for (const auto& m : *minutes) flow += static_cast<double>(m.in + m.out);
    auto report = AssessGateFlow(gate, flow, guide);
    if (report.ok()) out.push_back(*report);
  }
  return out;
}

}  // namespace cs::crowd
