#include "services/crowd/core/correction.h"

#include <cmath>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace cs::crowd {
namespace {

// Parses "HH:MM" into minutes; -1 when malformed.
int ParseHhMm(const std::string& s) {
  if (s.size() != 5 || s[2] != ':') return -1;
  int h = 0, m = 0;
  if (!absl::SimpleAtoi(s.substr(0, 2), &h) || !absl::SimpleAtoi(s.substr(3, 2), &m)) return -1;
  if (h < 0 || h > 23 || m < 0 || m > 59) return -1;
  return h * 60 + m;
}

}  // namespace

absl::StatusOr<int> UtcOffsetMinutes(const std::string& tz) {
  for (const char* plus8 : {"Asia/Shanghai", "Asia/Hong_Kong", "Asia/Macau", "Asia/Taipei",
                            "Asia/Chongqing", "Asia/Urumqi", "PRC"}) {
    // Urumqi officially keeps Beijing time as well.
    if (tz == plus8) return 8 * 60;
  }
  if (tz == "UTC" || tz == "Etc/UTC") return 0;
  if (tz.size() == 6 && (tz[0] == '+' || tz[0] == '-')) {
    int hm = ParseHhMm(tz.substr(1));
    if (hm >= 0) return tz[0] == '+' ? hm : -hm;
  }
  return absl::InvalidArgumentError(absl::StrCat("venue.timezone: '", tz, "' is not supported"));
}

absl::StatusOr<TimePoint> LastClosingAtOrBefore(const Venue& venue, TimePoint now) {
  auto offset = UtcOffsetMinutes(venue.timezone);
  if (!offset.ok()) return offset.status();
  const int closing = ParseHhMm(venue.closing_time);
  if (closing < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("venue.closing_time: '", venue.closing_time, "' is not HH:MM"));
  }
  const int64_t local_min = MinuteOf(now) + *offset;
  const int64_t day = local_min >= 0 ? local_min / 1440 : (local_min - 1439) / 1440;
  int64_t close_local = day * 1440 + closing;
  if (close_local > local_min) close_local -= 1440;
  return MinuteStart(close_local - *offset);
}

const char* CorrectionKindName(CorrectionKind kind) {
  switch (kind) {
    case CorrectionKind::kClosingReset:
      return "closing_reset";
    case CorrectionKind::kManual:
      return "manual";
    case CorrectionKind::kCamera:
      return "camera";
  }
  return "manual";
}

absl::StatusOr<AuditRecord> Corrector::Set(const std::string& zone, int64_t value,
                                           const std::string& actor, const std::string& reason,
                                           CorrectionKind kind) {
  if (venue_.FindZone(zone) == nullptr) return absl::InvalidArgumentError("zone: unknown zone");
  if (value < 0) return absl::InvalidArgumentError(absl::StrCat("value: ", value, " is < 0"));
  if (actor.empty()) return absl::InvalidArgumentError("actor: required");
  if (reason.empty()) return absl::InvalidArgumentError("reason: required");
  AuditRecord rec{clock_->Now(), actor, zone, 0, value, reason, kind};
  auto before = store_->SetOccupancy(venue_.id, zone, value, rec);
  if (!before.ok()) return before.status();
  rec.before = *before;
  return rec;
}

absl::StatusOr<std::vector<AuditRecord>> Corrector::ResetAtClosing() {
  auto closing = LastClosingAtOrBefore(venue_, clock_->Now());
  if (!closing.ok()) return closing.status();
  auto audit = store_->ReadAudit(venue_.id);
  if (!audit.ok()) return audit.status();
  for (const auto& rec : *audit) {
    if (rec.kind == CorrectionKind::kClosingReset && rec.time >= *closing) {
      return std::vector<AuditRecord>{};
    }
  }
  std::vector<AuditRecord> out;
  const std::string reason = absl::StrCat("closing reset after ", venue_.closing_time);
  for (const auto& zone : venue_.zones) {
    auto rec = Set(zone.id, 0, "system", reason, CorrectionKind::kClosingReset);
    if (!rec.ok()) return rec.status();
    out.push_back(*rec);
  }
  return out;
}

absl::StatusOr<AuditRecord> Corrector::Manual(const std::string& zone, int64_t value,
                                              const std::string& actor, const std::string& reason) {
  return Set(zone, value, actor, reason, CorrectionKind::kManual);
}

absl::StatusOr<AuditRecord> Corrector::FromCamera(const ZoneFusion& fusion,
                                                  const std::string& actor,
                                                  const std::string& reason) {
  if (!fusion.camera_estimate.has_value()) {
    return absl::FailedPreconditionError("camera_estimate: no fresh camera report for the zone");
  }
  return Set(fusion.zone_id, std::llround(*fusion.camera_estimate), actor, reason,
             CorrectionKind::kCamera);
}

}  // namespace cs::crowd
