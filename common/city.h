// A city of venues (issue 17; config/venues/zhuhai.yaml): the venues one police force runs on one
// system, and the transport hubs through which a lost child may leave them. Each venue keeps its
// own desk and data, partitioned by its hash tag {venue:<id>}; the city is what crosses venues
// (the command centre's view, lost-child matching widened at T+30 min).
//
// Thread-safety: plain data, immutable after loading.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/venue.h"

namespace cs {

// A zone of one of the city's venues that serves as a transport hub (a port, a bus or rail
// station): named in every city-wide broadcast.
struct TransportHub {
  std::string venue_id;
  std::string zone_id;
};

struct City {
  std::string id;  // "zhuhai"
  std::string name_zh, name_en;
  std::vector<Venue> venues;  // in file order; ids unique
  std::vector<TransportHub> hubs;

  const Venue* FindVenue(const std::string& venue_id) const {
    for (const auto& v : venues)
      if (v.id == venue_id) return &v;
    return nullptr;
  }
};

// Loads a city file and every venue file it names (relative to the city file's folder), with
// LoadVenue's checks on each and these across them: at least one venue, venue ids unique, every
// hub a known zone of a city venue, the city id usable in keys. INVALID_ARGUMENT names the field.
absl::StatusOr<City> LoadCity(const std::string& path);

// LoadCity's checks on YAML text; venue files are read relative to `base_file`'s folder.
absl::StatusOr<City> ParseCity(const std::string& yaml, const std::string& base_file);

}  // namespace cs
