// History of gate and zone counts in per-minute buckets: range queries, retention, and daily
// and multi-day summaries ("how many visitors over the Spring Festival week" is one call).
//
// Thread-safety: holds no mutable state; safe to share if the store is.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/clock.h"
#include "common/venue.h"
#include "services/crowd/core/alert_log.h"
#include "services/crowd/core/crowd_store.h"

namespace cs::crowd {

struct DaySummary {
  TimePoint day_start;               // local midnight of the venue's time zone
  int64_t visitors_in = 0;           // entries from outside into any zone
  int64_t visitors_out = 0;          // exits to outside
  int64_t peak_occupancy = 0;        // venue-wide
  std::optional<TimePoint> peak_at;  // start of the minute of the peak
  int64_t alerts_info = 0, alerts_warning = 0, alerts_critical = 0;  // raised that day
};

struct RangeSummary {
  std::vector<DaySummary> days;
  int64_t visitors_in = 0;
  int64_t visitors_out = 0;
  int64_t peak_occupancy = 0;
  std::optional<TimePoint> peak_at;
  int64_t alerts = 0;
};

class History {
 public:
  History(const Venue& venue, CrowdStore* store, int retention_days = 400)
      : venue_(venue), store_(store), retention_days_(retention_days) {}

  // Minutes of a gate or zone (or kVenueKey) in [from, to), ascending and sparse.
  // InvalidArgument for an unknown id or from > to.
  absl::StatusOr<std::vector<MinuteCounts>> GateMinutes(const std::string& gate_id, TimePoint from,
                                                        TimePoint to) const;
  absl::StatusOr<std::vector<MinuteCounts>> ZoneMinutes(const std::string& zone_id, TimePoint from,
                                                        TimePoint to) const;

  // Summary of `days` local days starting on the local day containing `first_day`. Alert
  // counts come from the RAISED events in `alert_events` (pass the log's page; may be empty).
  absl::StatusOr<RangeSummary> Summarize(TimePoint first_day, int days,
                                         const std::vector<AlertEvent>& alert_events) const;

  // Drops minutes older than retention_days before `now`.
  absl::Status EnforceRetention(TimePoint now) const;

 private:
  absl::StatusOr<std::vector<MinuteCounts>> Minutes(const std::string& id, bool is_gate,
                                                    TimePoint from, TimePoint to) const;
  const Venue& venue_;
  CrowdStore* store_;
  int retention_days_;
};

}  // namespace cs::crowd
