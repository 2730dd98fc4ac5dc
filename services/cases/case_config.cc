#include "services/cases/case_config.h"

#include "common/photo/photo_limits_config.h"

namespace cs::cases {

void ParseCasesSection(YamlReader& root, CaseConfig& out) {
  auto section = root.OptionalChild("cases");
  if (!section) return;
  const int days = section->Optional<int>(
      "retention_days",
      static_cast<int>(std::chrono::duration_cast<std::chrono::hours>(
                           out.loop.retention.keep_after_close).count() / 24));
  if (days < 1 || days > 3650) section->Fail("retention_days", "must be 1..3650");
  out.loop.retention.keep_after_close = std::chrono::hours(24 * days);
  out.service.notify_threshold =
      section->Optional<double>("notify_threshold", out.service.notify_threshold);
  if (!(out.service.notify_threshold > 0 && out.service.notify_threshold <= 1))
    section->Fail("notify_threshold", "must be in (0, 1]");

  if (auto photos = section->OptionalChild("photos")) {
    cs::photo::ParsePhotoLimits(*photos, out.service.photo);
  }

  if (auto follow = section->OptionalChild("index_follow")) {
    // The poll period is the staleness bound of other replicas' cases (index_follower.h).
    const int poll_ms = follow->Optional<int>("poll_ms", 50);
    if (poll_ms < 5 || poll_ms > 10000) follow->Fail("poll_ms", "must be 5..10000");
    out.follower.poll = std::chrono::milliseconds(poll_ms);
    const int resync_s = follow->Optional<int>("resync_s", 300);
    if (resync_s < 1 || resync_s > 86400) follow->Fail("resync_s", "must be 1..86400");
    out.follower.resync = std::chrono::seconds(resync_s);
  }

  out.city_file = section->Optional<std::string>("city_file", "");

  auto escalation = section->OptionalChild("escalation");
  if (!escalation) return;
  auto seconds = [&](const char* key, Duration fallback) {
    double s = escalation->Optional<double>(key, std::chrono::duration<double>(fallback).count());
    if (!(s >= 0 && s <= 86400)) escalation->Fail(key, "must be 0..86400 seconds");
    return std::chrono::duration_cast<Duration>(std::chrono::duration<double>(s));
  };
  EscalationConfig& e = out.loop.schedule;
  e.venue_wide_after = seconds("venue_wide_after_s", e.venue_wide_after);
  e.missing_appeal_after = seconds("missing_appeal_after_s", e.missing_appeal_after);
  e.found_appeal_after = seconds("found_appeal_after_s", e.found_appeal_after);
  e.city_wide_after = seconds("city_wide_after_s", e.city_wide_after);
  if (e.missing_appeal_after < e.venue_wide_after)
    escalation->Fail("missing_appeal_after_s", "must not come before venue_wide_after_s");
  const int tick_ms = escalation->Optional<int>("tick_ms", 1000);
  if (tick_ms < 10 || tick_ms > 60000) escalation->Fail("tick_ms", "must be 10..60000");
  out.loop.tick = std::chrono::milliseconds(tick_ms);
}

}  // namespace cs::cases
