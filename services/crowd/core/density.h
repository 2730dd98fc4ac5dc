// Crowd density from camera regions: Fruin walkway levels of service, venue thresholds, and the
// fusion of camera estimates with gate-derived occupancy per zone (drift detection).
//
// Thread-safety: pure functions over values.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/clock.h"
#include "common/venue.h"

namespace cs::crowd {

// Fruin walkway levels in persons/m²: A < 0.31, B < 0.43, C < 0.72, D < 1.08, E < 2.17, F >= 2.17.
char FruinWalkwayLevel(double persons_per_m2);

enum class Severity { kInfo = 0, kWarning = 1, kCritical = 2 };
const char* SeverityName(Severity s);

// A venue can set its own; the defaults warn at 4 /m² and are critical at 5.5 /m².
struct DensityThresholds {
  double warn = 4.0;
  double critical = 5.5;
};

// nullopt below warn.
std::optional<Severity> DensitySeverity(double persons_per_m2, const DensityThresholds& t);

struct DensityReport {
  std::string region_id;
  double count = 0;    // persons estimated in the region
  double area_m2 = 0;  // 0 = take the region's calibrated area from the venue
  double density = 0;  // filled by ValidateDensityReport
  char level = 'A';    // filled by ValidateDensityReport
  TimePoint time;
};

// Checks the report against the venue, fills area (if 0), density and level. InvalidArgument
// names the field: unknown region, negative count, no area, time too far from now.
absl::StatusOr<DensityReport> ValidateDensityReport(const Venue& venue, DensityReport report,
                                                    TimePoint now,
                                                    Duration max_skew = std::chrono::minutes(5));

// When camera and gate counts disagree by more than BOTH limits the zone is flagged.
struct DriftThresholds {
  double relative = 0.25;                             // |camera - gate| / max(gate, 1)
  int64_t absolute = 50;                              // persons
  Duration max_report_age = std::chrono::minutes(2);  // older camera reports are ignored
};

struct ZoneFusion {
  std::string zone_id;
  int64_t gate_occupancy = 0;
  std::optional<double> camera_estimate;  // none without fresh reports in the zone
  double camera_density = 0;              // persons/m² over the regions seen
  double covered_m2 = 0;                  // ground the cameras see
  bool drift = false;
};

// Side by side view of one zone. The camera estimate scales the density seen in the zone's
// regions up to the zone's area (or is the plain sum of counts when the zone has no area).
// Regions are reported by `reports` (already validated); for each region the newest counts.
ZoneFusion FuseZone(const Venue& venue, const std::string& zone_id, int64_t gate_occupancy,
                    const std::vector<DensityReport>& reports, TimePoint now,
                    const DriftThresholds& thresholds = {});

}  // namespace cs::crowd
