// The optional `crowd:` section of config/services/crowd.yaml: alert hygiene timings.
//
//   crowd:
//     alerts: {persist_s: 30, cooldown_s: 120, escalate_after_s: 60, hysteresis: 0.9}
//     retention_days: 400
//     disabled_rules: [gateflow.over]   # ids from DefaultRules(); none by default
//     lease_ms: 3000   # the venue's alert lease: a dead holder is replaced within this
//
// Thread-safety: plain values.
#pragma once

#include <string>
#include <vector>

#include "common/yaml_reader.h"
#include "services/crowd/core/alert_engine.h"

namespace cs::crowd {

struct CrowdConfig {
  AlertConfig alerts;
  int retention_days = 400;  // per-minute history kept this long (a year and a festival)
  std::vector<std::string> disabled_rules;  // rule ids of DefaultRules() to leave out
  // Time to live of the venue's alert lease (renewed every 100 ms); see docs/architecture.md.
  int lease_ms = 3000;
  // How old the in-process occupancy and density readings may be before a read asks Redis
  // again (issue 19). Bounds how late another replica's writes show in this one's reads.
  int live_max_age_ms = 250;
};

void ParseCrowdSection(YamlReader& root, CrowdConfig& out);

}  // namespace cs::crowd
