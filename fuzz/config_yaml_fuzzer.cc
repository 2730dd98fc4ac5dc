// Fuzz target for the service config reader (config/services/*.yaml, common/config.cc): any
// text is refused with a status or parsed into a config; yaml-cpp exceptions must not escape,
// and a config that parsed must name its service and venue file.
#include <cstddef>
#include <cstdint>
#include <string>

#include "common/config.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 64 * 1024) return 0;
  const std::string yaml(reinterpret_cast<const char*>(data), size);
  auto config = cs::ParseServiceConfig(yaml, "fuzz.yaml");
  if (!config.ok()) return 0;
  if (config->service.empty() || config->venue_file.empty()) __builtin_trap();
  return 0;
}
