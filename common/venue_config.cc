// LoadVenue: the venue file → cs::Venue, with the cross-checks a typo would otherwise slip past.
#include <set>

#include "common/config.h"

namespace cs {

namespace {

absl::StatusOr<Venue> VenueFrom(absl::StatusOr<YamlReader> doc) {
  if (!doc.ok()) return doc.status();
  Venue v;
  YamlReader head = doc->Child("venue");
  v.id = head.Required<std::string>("id");
  v.name_zh = head.Required<std::string>("name_zh");
  v.name_en = head.Required<std::string>("name_en");
  v.max_capacity = head.Required<int64_t>("max_capacity");
  v.best_capacity = head.Optional<int64_t>("best_capacity", v.max_capacity * 8 / 10);
  v.timezone = head.Optional<std::string>("timezone", v.timezone);
  v.closing_time = head.Optional<std::string>("closing_time", v.closing_time);
  if (v.max_capacity <= 0) head.Fail("max_capacity", "must be > 0");
  if (v.best_capacity <= 0 || v.best_capacity > v.max_capacity)
    head.Fail("best_capacity", "must be in 1..max_capacity");
  for (char c : v.id)
    if (!(isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_'))
      head.Fail("id", "only letters, digits, '-' and '_' (it is part of Redis keys)");

  std::set<std::string> zone_ids;
  for (auto z : doc->Sequence("zones")) {
    Zone zone;
    zone.id = z.Required<std::string>("id");
    zone.name_zh = z.Required<std::string>("name_zh");
    zone.name_en = z.Required<std::string>("name_en");
    zone.capacity = z.Required<int64_t>("capacity");
    zone.area_m2 = z.Required<double>("area_m2");
    zone.x_m = z.Optional<double>("x_m", 0);
    zone.y_m = z.Optional<double>("y_m", 0);
    if (zone.capacity <= 0) z.Fail("capacity", "must be > 0");
    if (zone.area_m2 <= 0) z.Fail("area_m2", "must be > 0");
    if (zone.id == kOutside) z.Fail("id", "'outside' is reserved");
    if (!zone_ids.insert(zone.id).second) z.Fail("id", "duplicate zone id '" + zone.id + "'");
    v.zones.push_back(zone);
  }
  if (zone_ids.empty()) doc->Fail("zones", "a venue needs at least one zone");

  if (auto centre = head.OptionalChild("lost_child_centre")) {
    v.lost_child_centre.name_zh = centre->Required<std::string>("name_zh");
    v.lost_child_centre.name_en = centre->Required<std::string>("name_en");
    v.lost_child_centre.zone_id = centre->Required<std::string>("zone");
    if (!zone_ids.count(v.lost_child_centre.zone_id))
      centre->Fail("zone", "unknown zone '" + v.lost_child_centre.zone_id + "'");
  }

  std::set<std::string> gate_ids;
  for (auto g : doc->Sequence("gates")) {
    Gate gate;
    gate.id = g.Required<std::string>("id");
    gate.from_zone = g.Required<std::string>("from");
    gate.to_zone = g.Required<std::string>("to");
    gate.width_m = g.Required<double>("width_m");
    gate.turnstiles = g.Optional<int>("turnstiles", 0);
    gate.stairs = g.Optional<bool>("stairs", false);
    gate.exit_watch = g.Optional<bool>("exit_watch", false);
    if (gate.width_m <= 0) g.Fail("width_m", "must be > 0");
    if (gate.from_zone != kOutside && !zone_ids.count(gate.from_zone))
      g.Fail("from", "unknown zone '" + gate.from_zone + "'");
    if (gate.to_zone != kOutside && !zone_ids.count(gate.to_zone))
      g.Fail("to", "unknown zone '" + gate.to_zone + "'");
    if (gate.from_zone == gate.to_zone) g.Fail("to", "a gate must join two different zones");
    if (!gate_ids.insert(gate.id).second) g.Fail("id", "duplicate gate id '" + gate.id + "'");
    v.gates.push_back(gate);
  }

  std::set<std::string> region_ids;
  for (auto c : doc->Sequence("cameras")) {
    Camera cam;
    cam.id = c.Required<std::string>("id");
    cam.calibration_file = c.Optional<std::string>("calibration", "");
    for (auto r : c.Sequence("regions")) {
      Region region;
      region.id = r.Required<std::string>("id");
      region.zone_id = r.Required<std::string>("zone");
      region.area_m2 = r.Optional<double>("area_m2", 0);
      region.name_zh = r.Optional<std::string>("name_zh", "");
      region.name_en = r.Optional<std::string>("name_en", "");
      if (!zone_ids.count(region.zone_id)) r.Fail("zone", "unknown zone '" + region.zone_id + "'");
      if (region.area_m2 < 0) r.Fail("area_m2", "must be >= 0");
      if (!region_ids.insert(region.id).second) r.Fail("id", "duplicate region id '" + region.id + "'");
      cam.regions.push_back(region);
    }
    v.cameras.push_back(cam);
  }
  for (auto p : doc->Sequence("playbook")) {
    PlaybookStep step;
    step.rule = p.Required<std::string>("rule");
    step.scope = p.Optional<std::string>("scope", step.scope);
    step.action_zh = p.Required<std::string>("action_zh");
    step.action_en = p.Required<std::string>("action_en");
    if (step.scope != "any" && step.scope != "venue" && step.scope != "zone")
      p.Fail("scope", "must be venue, zone or any");
    if (step.action_zh.empty()) p.Fail("action_zh", "required");
    if (step.action_en.empty()) p.Fail("action_en", "required");
    v.playbook.push_back(step);
  }
  if (auto status = doc->Finish(); !status.ok()) return status;
  return v;
}

}  // namespace

absl::StatusOr<Venue> LoadVenue(const std::string& path) {
  return VenueFrom(YamlReader::LoadFile(path));
}

absl::StatusOr<Venue> ParseVenue(const std::string& yaml, const std::string& name) {
  return VenueFrom(YamlReader::LoadString(yaml, name));
}

}  // namespace cs
