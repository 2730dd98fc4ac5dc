#include "services/crowd/core/density.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "absl/strings/str_cat.h"

namespace cs::crowd {

char FruinWalkwayLevel(double d) {
  if (d < 0.31) return 'A';
  if (d < 0.43) return 'B';
  if (d < 0.72) return 'C';
  if (d < 1.08) return 'D';
  if (d < 2.17) return 'E';
  return 'F';
}

const char* SeverityName(Severity s) {
  switch (s) {
    case Severity::kInfo:
      return "INFO";
    case Severity::kWarning:
      return "WARNING";
    case Severity::kCritical:
      return "CRITICAL";
  }
  return "INFO";
}

std::optional<Severity> DensitySeverity(double d, const DensityThresholds& t) {
  if (d >= t.critical) return Severity::kCritical;
  if (d >= t.warn) return Severity::kWarning;
  return std::nullopt;
}

absl::StatusOr<DensityReport> ValidateDensityReport(const Venue& venue, DensityReport r,
                                                    TimePoint now, Duration max_skew) {
  const Region* region = venue.FindRegion(r.region_id);
  if (region == nullptr) return absl::InvalidArgumentError("region_id: unknown region");
  if (!(r.count >= 0) || !std::isfinite(r.count)) {
    return absl::InvalidArgumentError(absl::StrCat("count: ", r.count, " must be >= 0"));
  }
  if (r.area_m2 == 0) r.area_m2 = region->area_m2;
  if (!(r.area_m2 > 0) || !std::isfinite(r.area_m2)) {
    return absl::InvalidArgumentError(
        "area_m2: must be > 0 (the region is not calibrated and the report gives no area)");
  }
  if (r.time > now + max_skew || r.time < now - max_skew) {
    return absl::InvalidArgumentError("time: more than the allowed skew away from now");
  }
  r.density = r.count / r.area_m2;
  r.level = FruinWalkwayLevel(r.density);
  return r;
}

ZoneFusion FuseZone(const Venue& venue, const std::string& zone_id, int64_t gate_occupancy,
                    const std::vector<DensityReport>& reports, TimePoint now,
                    const DriftThresholds& thresholds) {
  ZoneFusion f;
  f.zone_id = zone_id;
  f.gate_occupancy = gate_occupancy;
  std::map<std::string, const DensityReport*> newest;
  for (const auto& r : reports) {
    if (now - r.time > thresholds.max_report_age) continue;
    const Region* region = venue.FindRegion(r.region_id);
    if (region == nullptr || region->zone_id != zone_id) continue;
    auto& slot = newest[r.region_id];
    if (slot == nullptr || slot->time < r.time) slot = &r;
  }
  if (newest.empty()) return f;
  double count = 0;
  for (const auto& [id, r] : newest) {
    count += r->count;
    f.covered_m2 += r->area_m2;
  }
  f.camera_density = f.covered_m2 > 0 ? count / f.covered_m2 : 0;
  const Zone* zone = venue.FindZone(zone_id);
  // Extrapolate only when the cameras see part of the zone; never scale below what they count.
  f.camera_estimate =
      (zone != nullptr && zone->area_m2 > f.covered_m2) ? f.camera_density * zone->area_m2 : count;
  const double diff = std::abs(*f.camera_estimate - static_cast<double>(gate_occupancy));
  const double base = std::max<double>(static_cast<double>(gate_occupancy), 1.0);
  f.drift = diff > static_cast<double>(thresholds.absolute) && diff / base > thresholds.relative;
  return f;
}

}  // namespace cs::crowd
