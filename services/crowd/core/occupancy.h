// Occupancy picture of a venue: per zone and venue-wide occupancy, capacity % and LB/T 034 tier,
// net flow per minute and a time-to-capacity forecast from recent minute buckets.
//
// Thread-safety: pure functions over values, except ReadPicture which calls the store.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/clock.h"
#include "common/venue.h"
#include "services/crowd/core/crowd_store.h"

namespace cs::crowd {

// LB/T 034-2014: a notice at best capacity, yellow at 80 %, orange at 90 %, red at 100 % of the
// maximum; at red ticket sales stop.
enum class CapacityTier { kNormal, kBestNotice, kYellow, kOrange, kRed };
const char* TierName(CapacityTier tier);

// best_capacity <= 0 means "no notice level". max_capacity <= 0 gives kNormal (unknown limit).
CapacityTier TierFor(int64_t occupancy, int64_t max_capacity, int64_t best_capacity = 0);

struct TrendOptions {
  int minutes = 10;  // how many recent minutes feed net flow and the slope
};

struct SubjectOccupancy {
  std::string id;  // zone id, or kVenueKey for the venue
  int64_t occupancy = 0;
  int64_t capacity = 0;  // zone capacity or venue max_capacity
  double percent = 0;    // occupancy / capacity * 100; 0 when capacity unknown
  CapacityTier tier = CapacityTier::kNormal;
  bool ticket_sales_stop = false;             // venue at red
  double net_flow_per_min = 0;                // mean (in - out) over the recent minutes
  double slope_per_min = 0;                   // least-squares trend of occupancy, persons/min
  std::optional<double> minutes_to_capacity;  // none when flat, falling or already full
};

struct OccupancyPicture {
  TimePoint time;
  SubjectOccupancy venue;
  std::vector<SubjectOccupancy> zones;  // in venue order
};

// Mean of (in - out) over minutes [now_minute - n + 1, now_minute]; absent minutes count 0.
double NetFlowPerMinute(const std::vector<MinuteCounts>& minutes, int64_t now_minute, int n);

// Least-squares slope (persons/min) of occupancy over the last n minutes, reconstructed
// backwards from `occupancy` now and the per-minute net flows.
double OccupancySlope(int64_t occupancy, const std::vector<MinuteCounts>& minutes,
                      int64_t now_minute, int n);

// Minutes until `capacity` at `slope`; none when slope <= 0.01/min, capacity unknown, or full.
std::optional<double> MinutesToCapacity(int64_t occupancy, int64_t capacity, double slope);

// `minutes` maps zone id (and kVenueKey) to its recent minutes; missing ids mean no traffic.
OccupancyPicture BuildPicture(const Venue& venue, const std::map<std::string, int64_t>& occupancy,
                              const std::map<std::string, std::vector<MinuteCounts>>& minutes,
                              TimePoint now, const TrendOptions& options = {});

// Reads occupancy and recent minutes from the store, then BuildPicture.
absl::StatusOr<OccupancyPicture> ReadPicture(const Venue& venue, CrowdStore& store, TimePoint now,
                                             const TrendOptions& options = {});

}  // namespace cs::crowd
