// Fuzz target for the venue file reader (config/venues/*.yaml): any text is either refused with
// a status or gives a venue that keeps the promises LoadVenue makes (ids unique, gates join
// known zones, capacities positive). yaml-cpp exceptions must not escape.
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>

#include "common/config.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 64 * 1024) return 0;  // a venue file is a few kilobytes
  const std::string yaml(reinterpret_cast<const char*>(data), size);
  auto venue = cs::ParseVenue(yaml, "fuzz.yaml");
  if (!venue.ok()) return 0;
  if (venue->max_capacity <= 0 || venue->best_capacity <= 0 ||
      venue->best_capacity > venue->max_capacity || venue->zones.empty()) {
    __builtin_trap();
  }
  std::set<std::string> zones;
  for (const auto& z : venue->zones) {
    if (!zones.insert(z.id).second) __builtin_trap();
  }
  for (const auto& g : venue->gates) {
    for (const std::string* end : {&g.from_zone, &g.to_zone}) {
      if (*end != cs::kOutside && !zones.count(*end)) __builtin_trap();
    }
  }
  return 0;
}
