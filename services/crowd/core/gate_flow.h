// Gate flow against the UK Green Guide: 82 persons per metre per minute on the level, 66 on
// stairs, about 660 per hour per turnstile. Reports the utilisation ratio (1.0 = at the limit).
//
// Thread-safety: pure functions over values, except ReadGateFlows which calls the store.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/venue.h"
#include "services/crowd/core/crowd_store.h"

namespace cs::crowd {

struct GreenGuide {
  double level_per_m_per_min = 82;
  double stairs_per_m_per_min = 66;
  double turnstile_per_hour = 660;
};

struct GateFlowReport {
  std::string gate_id;
  double persons_per_min = 0;
  double per_metre_per_min = 0;  // 0 when the gate has no width
  double capacity_per_min = 0;   // turnstiles x 660/60 if any, else width x level/stairs rate
  double utilisation = 0;        // persons_per_min / capacity_per_min
};

// InvalidArgument when the flow is negative or the gate has neither turnstiles nor width.
absl::StatusOr<GateFlowReport> AssessGateFlow(const Gate& gate, double persons_per_min,
                                              const GreenGuide& guide = {});

// Flow of every gate in one stored minute (in + out of that minute), in venue order. Gates that
// cannot be assessed (no width, no turnstiles) are skipped.
absl::StatusOr<std::vector<GateFlowReport>> ReadGateFlows(const Venue& venue, CrowdStore& store,
                                                          int64_t minute,
                                                          const GreenGuide& guide = {});

}  // namespace cs::crowd
