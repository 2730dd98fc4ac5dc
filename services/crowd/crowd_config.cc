#include "services/crowd/crowd_config.h"

namespace cs::crowd {

void ParseCrowdSection(YamlReader& root, CrowdConfig& out) {
  auto section = root.OptionalChild("crowd");
  if (!section) return;
  out.retention_days = section->Optional<int>("retention_days", out.retention_days);
  if (out.retention_days < 1 || out.retention_days > 3650) section->Fail("retention_days", "must be 1..3650");
  out.disabled_rules = section->ScalarSequence<std::string>("disabled_rules");
  for (const auto& id : out.disabled_rules) {
    bool known = false;
    for (const auto& rule : DefaultRules()) known |= rule.id == id;
    if (!known) section->Fail("disabled_rules", "unknown rule '" + id + "'");
  }
  out.lease_ms = section->Optional<int>("lease_ms", out.lease_ms);
  if (out.lease_ms < 1000 || out.lease_ms > 60000) section->Fail("lease_ms", "must be 1000..60000");
  out.live_max_age_ms = section->Optional<int>("live_max_age_ms", out.live_max_age_ms);
  if (out.live_max_age_ms < 0 || out.live_max_age_ms > 5000)
    section->Fail("live_max_age_ms", "must be 0..5000");
  auto alerts = section->OptionalChild("alerts");
  if (!alerts) return;
  auto seconds = [&](const char* key, Duration fallback) {
    double s = alerts->Optional<double>(key, std::chrono::duration<double>(fallback).count());
    if (!(s >= 0 && s <= 86400)) alerts->Fail(key, "must be 0..86400 seconds");
    return std::chrono::duration_cast<Duration>(std::chrono::duration<double>(s));
  };
  out.alerts.persist = seconds("persist_s", out.alerts.persist);
  out.alerts.cooldown = seconds("cooldown_s", out.alerts.cooldown);
  out.alerts.escalate_after = seconds("escalate_after_s", out.alerts.escalate_after);
  out.alerts.hysteresis = alerts->Optional<double>("hysteresis", out.alerts.hysteresis);
  if (!(out.alerts.hysteresis > 0 && out.alerts.hysteresis <= 1)) {
    alerts->Fail("hysteresis", "must be in (0, 1]");
  }
}

}  // namespace cs::crowd
