// Drift correction of occupancy: the reset at closing time, a manual correction and a
// correction from camera counts. Each writes one audit record per zone through the store.
//
// Thread-safety: holds no mutable state; safe to share if the store is.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/clock.h"
#include "common/venue.h"
#include "services/crowd/core/crowd_store.h"
#include "services/crowd/core/density.h"

namespace cs::crowd {

// Minutes east of UTC for the venue's time zone. China, Hong Kong, Macau and Taiwan have no
// DST, so a fixed +8 h is exact for them; "UTC" and "+HH:MM"/"-HH:MM" are also accepted.
absl::StatusOr<int> UtcOffsetMinutes(const std::string& timezone);

// The most recent local closing time (venue.closing_time, "HH:MM") at or before `now`.
absl::StatusOr<TimePoint> LastClosingAtOrBefore(const Venue& venue, TimePoint now);

const char* CorrectionKindName(CorrectionKind kind);

class Corrector {
 public:
  Corrector(const Venue& venue, CrowdStore* store, const Clock* clock)
      : venue_(venue), store_(store), clock_(clock) {}

  // Sets every zone to 0 once per closing: a no-op (empty result) when the audit already holds
  // a closing reset at or after the latest closing time, so it is safe to call every minute.
  absl::StatusOr<std::vector<AuditRecord>> ResetAtClosing();

  // Sets `zone` to `value`. actor and reason are required (the desk must say why).
  absl::StatusOr<AuditRecord> Manual(const std::string& zone, int64_t value,
                                     const std::string& actor, const std::string& reason);

  // Sets the zone to the rounded camera estimate of `fusion`. FailedPrecondition without one.
  absl::StatusOr<AuditRecord> FromCamera(const ZoneFusion& fusion, const std::string& actor,
                                         const std::string& reason);

 private:
  absl::StatusOr<AuditRecord> Set(const std::string& zone, int64_t value, const std::string& actor,
                                  const std::string& reason, CorrectionKind kind);

  const Venue& venue_;
  CrowdStore* store_;
  const Clock* clock_;
};

}  // namespace cs::crowd
