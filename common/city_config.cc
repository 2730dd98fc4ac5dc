// LoadCity: the city file and its venue files -> cs::City, with the cross-venue checks.
#include <fstream>
#include <set>
#include <sstream>

#include "common/city.h"
#include "common/config.h"
#include "common/yaml_reader.h"

namespace cs {
namespace {

bool KeySafe(const std::string& id) {
  if (id.empty()) return false;
  for (char c : id)
    if (!(isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_')) return false;
  return true;
}

absl::StatusOr<City> CityFrom(absl::StatusOr<YamlReader> doc, const std::string& base_file) {
  if (!doc.ok()) return doc.status();
  City city;
  YamlReader head = doc->Child("city");
  city.id = head.Required<std::string>("id");
  city.name_zh = head.Required<std::string>("name_zh");
  city.name_en = head.Required<std::string>("name_en");
  if (!KeySafe(city.id)) head.Fail("id", "only letters, digits, '-' and '_'");
  std::set<std::string> venue_ids;
  for (const auto& file : head.ScalarSequence<std::string>("venues")) {
    auto venue = LoadVenue(ResolveRelative(base_file, file));
    if (!venue.ok()) return venue.status();
    if (!venue_ids.insert(venue->id).second) {
      head.Fail("venues", "venue id '" + venue->id + "' appears twice");
      continue;
    }
    city.venues.push_back(*std::move(venue));
  }
  if (city.venues.empty()) head.Fail("venues", "a city needs at least one venue");
  for (auto h : head.Sequence("transport_hubs")) {
    TransportHub hub;
    hub.venue_id = h.Required<std::string>("venue");
    hub.zone_id = h.Required<std::string>("zone");
    const Venue* venue = city.FindVenue(hub.venue_id);
    if (venue == nullptr) {
      h.Fail("venue", "not a venue of the city");
    } else if (venue->FindZone(hub.zone_id) == nullptr) {
      h.Fail("zone", "not a zone of that venue");
    }
    city.hubs.push_back(std::move(hub));
  }
  if (auto status = doc->Finish(); !status.ok()) return status;
  return city;
}

}  // namespace

absl::StatusOr<City> LoadCity(const std::string& path) {
  return CityFrom(YamlReader::LoadFile(path), path);
}

absl::StatusOr<City> ParseCity(const std::string& yaml, const std::string& base_file) {
  return CityFrom(YamlReader::LoadString(yaml, base_file), base_file);
}

}  // namespace cs
