// A holiday day at a venue, minute by minute, as aggregate flows between zones: the simulator's
// model. Arrivals follow a curve that peaks late morning and queue at the turnstiles (about 660
// persons per hour each, Green Guide); visitors drift between neighbouring zones, are pulled to
// the penguin pavilion before its shows and to parade street for the parade, and leave in an
// evening wave before closing. Deterministic for a given seed.
//
// Thread-safety: not thread-safe; one Scenario per simulator.
#pragma once

#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "common/venue.h"

namespace cs::sim {

struct ScenarioOptions {
  int64_t visitors = 150000;   // arrivals over the whole day
  int open_minute = 8 * 60 + 30;   // 08:30 local
  int close_minute = 22 * 60;      // 22:00 local
  int peak_minute = 10 * 60 + 45;  // arrival peak, late morning
  std::vector<int> penguin_shows = {10 * 60 + 30, 14 * 60, 16 * 60 + 30};  // feeding shows
  int parade_minute = 15 * 60;
  double turnstile_per_min = 11.0;  // 660 per hour
  uint32_t seed = 20260217;        // Spring Festival
};

// People through one gate in one minute.
struct GateFlowMinute {
  std::string gate_id;
  int64_t in = 0;   // from_zone → to_zone
  int64_t out = 0;  // to_zone → from_zone
};

// A camera region's true head count in one minute (what a perfect camera would see).
struct RegionCount {
  std::string region_id;
  std::string zone_id;
  double count = 0;
  double area_m2 = 0;
};

struct Minute {
  int minute_of_day = 0;
  std::vector<GateFlowMinute> gates;     // only gates with traffic
  std::vector<RegionCount> regions;
  std::map<std::string, int64_t> occupancy;  // per zone, after this minute
  int64_t queue_outside = 0;                  // waiting at the turnstiles
  std::vector<std::string> events;            // "penguin show", "parade", ...
};

class Scenario {
 public:
  Scenario(const Venue& venue, ScenarioOptions options);
  bool Done() const { return minute_ > options_.close_minute + 30; }
  // Advances one minute and returns what happened in it.
  Minute Step();
  int minute_of_day() const { return minute_; }
  int64_t arrived() const { return arrived_; }
  int64_t VenueOccupancy() const;

 private:
  double ArrivalShare(int minute) const;  // share of the day's visitors arriving this minute
  double Attraction(const std::string& zone_id, int minute) const;
  int64_t Draw(double mean);              // Poisson-ish integer draw

  const Venue& venue_;
  ScenarioOptions options_;
  std::mt19937 rng_;
  int minute_;
  double arrival_norm_ = 1;
  double queue_ = 0;
  int64_t arrived_ = 0;
  std::map<std::string, int64_t> occ_;
  double mean_capacity_ = 0;
  std::map<std::string, double> exit_distance_;  // metres to the nearest exit's zone
  std::vector<const Gate*> entrances_;  // outside → zone, with turnstiles
  std::vector<const Gate*> exits_;      // outside ↔ zone, exit-watched
};

// "HH:MM" for a minute of the day.
std::string ClockText(int minute_of_day);

}  // namespace cs::sim
