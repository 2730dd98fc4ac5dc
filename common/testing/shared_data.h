// Where a test finds the project's shared evaluation data: `../shared/data/` beside the source
// tree (CS_SOURCE_DIR, set by cs_add_test). It exists on the team's machines and in CI, not in a
// user's clone, so a test that reads it checks `std::filesystem::exists` first and GTEST_SKIPs
// saying the folder is absent.
//
// Thread-safety: pure.
#pragma once

#include <cstdlib>
#include <string>
#include <string_view>

namespace cs::testing {

inline std::string SharedDataPath(std::string_view relative) {
  const char* root = std::getenv("CS_SOURCE_DIR");
  return std::string(root != nullptr ? root : ".") + "/../shared/data/" + std::string(relative);
}

}  // namespace cs::testing
