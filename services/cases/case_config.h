// The optional `cases:` section of config/services/cases.yaml: escalation timers, retention and
// the desk's candidate threshold. Defaults follow DESIGN.md's lost-child rules.
//
//   cases:
//     escalation: {venue_wide_after_s: 600, missing_appeal_after_s: 1800,
//                  found_appeal_after_s: 900, tick_ms: 1000}
//     retention_days: 30          # personal data purged this long after a case closes
//     notify_threshold: 0.6       # candidates at or above this score are announced to the desk
//     photos: {max_bytes: 5242880, max_pixels: 16000000}   # common/photo/photo_limits_config.h
//     index_follow: {poll_ms: 50, resync_s: 300}   # other replicas' writes into the match index
//     city_file: zhuhai.yaml      # a city of venues (common/city.h), relative to the venue
//                                 # file's folder; escalation.city_wide_after_s (1800) widens
//                                 # a missing case to the city's other venues and its hubs
//
// Thread-safety: plain values.
#pragma once

#include "common/yaml_reader.h"
#include "services/cases/case_service.h"
#include "services/cases/escalation_loop.h"
#include "services/cases/index_follower.h"

namespace cs::cases {

struct CaseConfig {
  EscalationLoopOptions loop;
  CaseServiceOptions service;
  IndexFollowerOptions follower;
  std::string city_file;  // empty: the venue alone
};

void ParseCasesSection(YamlReader& root, CaseConfig& out);

}  // namespace cs::cases
