// The optional `crowd:` section of config/services/crowd.yaml: alert hygiene timings.
//
//   crowd:
//     alerts: {persist_s: 30, cooldown_s: 120, escalate_after_s: 60, hysteresis: 0.9}
//
// Thread-safety: plain values.
#pragma once

#include "common/yaml_reader.h"
#include "services/crowd/core/alert_engine.h"

namespace cs::crowd {

struct CrowdConfig {
  AlertConfig alerts;
};

void ParseCrowdSection(YamlReader& root, CrowdConfig& out);

}  // namespace cs::crowd
