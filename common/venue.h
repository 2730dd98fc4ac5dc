// The venue model: zones joined by gates, cameras looking at regions of zones.
// Plain data plus graph queries; loaded from config/ by common/config, shared by
// crowd-service (occupancy), case-service (time/place fit) and vision (regions).
//
// Thread-safety: immutable after construction; safe to share across threads.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cs {

// The pseudo-zone on the far side of an entrance or exit gate.
inline constexpr const char* kOutside = "outside";

struct Zone {
  std::string id;          // "penguin", stable key used in Redis and on the wire
  std::string name_zh;     // "企鹅馆"
  std::string name_en;     // "Penguin Pavilion"
  int64_t capacity = 0;    // persons; the zone's own safe capacity
  double area_m2 = 0;      // walkable ground area, m²
  double x_m = 0, y_m = 0; // centroid on the site plan, metres; used for walking distance
};

struct Gate {
  std::string id;          // "main-t01"
  std::string from_zone;   // an IN count moves people from_zone -> to_zone; kOutside allowed
  std::string to_zone;
  double width_m = 0;      // clear width, metres (Green Guide flow is per metre)
  int turnstiles = 0;      // 0 for an open gateway
  bool stairs = false;     // Green Guide: 66 p/m/min on stairs instead of 82 on the level
  bool exit_watch = false; // an exit of the venue: watched at T+10 min of a missing case
};

struct Region {
  std::string id;          // unique within the venue, e.g. "cam-penguin-1/queue"
  std::string zone_id;
  double area_m2 = 0;      // ground area covered, m²; 0 when the camera is uncalibrated
  std::string name_zh = {};  // "观景大厅"; empty: messages name the zone only
  std::string name_en = {};  // "viewing hall" (follows the zone's name: "Penguin Pavilion viewing hall")
};

struct Camera {
  std::string id;
  std::string calibration_file;  // vision calibration YAML, relative to config/
  std::vector<Region> regions;
};

// Where staff take a found child; the patrol app's default "held at".
struct LostChildCentre {
  std::string name_zh, name_en;
  std::string zone_id;
};

// One entry of the venue's playbook: what the desk is advised to do when an incident of `rule`
// reaches its level. {zone} is replaced by the zone's name, {gates} by the gates leading into it.
struct PlaybookStep {
  std::string rule;         // an alert rule id: "capacity.red", "density.critical"
  std::string scope = "any";  // "venue" (venue-wide alerts), "zone" (zone alerts) or "any"
  std::string action_zh, action_en;
};

struct Venue {
  std::string id;                // "ocean"; used in Redis hash tags cs:{venue:ocean}:...
  std::string name_zh, name_en;
  int64_t max_capacity = 0;      // licensed maximum (LB/T 034 "maximum capacity")
  int64_t best_capacity = 0;     // LB/T 034 "best capacity": a notice, not an alarm
  std::string timezone = "Asia/Shanghai";
  std::string closing_time = "22:00";  // local HH:MM; occupancy resets after it
  std::vector<Zone> zones;
  std::vector<Gate> gates;
  std::vector<Camera> cameras;
  LostChildCentre lost_child_centre;  // empty names when the venue file has none
  std::vector<PlaybookStep> playbook;  // in file order; the first that fits applies

  const Zone* FindZone(const std::string& id) const;
  const Gate* FindGate(const std::string& id) const;
  const Region* FindRegion(const std::string& id) const;

  // Zones that share a gate with `zone_id` (never kOutside), sorted by id.
  std::vector<std::string> Neighbours(const std::string& zone_id) const;

  // Shortest walk between two zones in metres along the gate graph, summing the
  // straight-line distances between the centroids of consecutive zones.
  // nullopt when either zone is unknown or they are not connected.
  std::optional<double> WalkMetres(const std::string& from, const std::string& to) const;

  // Gates that lead into `zone_id` from another zone or from outside (IN counts enter it),
  // excluding exits (exit_watch), in file order.
  std::vector<std::string> InflowGates(const std::string& zone_id) const;

  // Gates whose exit_watch flag is set.
  std::vector<std::string> ExitGates() const;
};

}  // namespace cs
