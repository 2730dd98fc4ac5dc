// The venue the benches run against: config/venues/ocean.yaml under the source tree, found from
// the current directory (run from the repository root) or CS_SOURCE_DIR. One place, so every
// bench finds it, and says how to fix it, the same way.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>

#include "common/config.h"  // LoadVenue

namespace cs::bench {

// The model venue, or nothing after printing why to stderr.
inline std::optional<cs::Venue> LoadOceanVenue() {
  const char* src = std::getenv("CS_SOURCE_DIR");
  auto venue = cs::LoadVenue(std::string(src ? src : ".") + "/config/venues/ocean.yaml");
  if (!venue.ok()) {
    std::fprintf(stderr, "venue: %s (run from the repo root or set CS_SOURCE_DIR)\n",
                 venue.status().ToString().c_str());
    return std::nullopt;
  }
  return *std::move(venue);
}

}  // namespace cs::bench
