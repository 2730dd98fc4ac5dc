// Redis key names. Every key carries a hash tag for its venue or its case, so that moving to
// Redis Cluster keeps all of one venue's (or one case's) keys in one slot and changes no key:
//   VenueKey("ocean", "occ")   → "cs:{venue:ocean}:occ"
//   CaseKey("c-42", "audit")   → "cs:{case:c-42}:audit"
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

namespace cs {

inline std::string VenueKey(std::string_view venue_id, std::string_view suffix) {
  std::string key = "cs:{venue:";
  key.append(venue_id).append("}:").append(suffix);
  return key;
}

inline std::string CaseKey(std::string_view case_id, std::string_view suffix) {
  std::string key = "cs:{case:";
  key.append(case_id).append("}:").append(suffix);
  return key;
}

// The hash tag Redis Cluster would hash for `key`: the text between the first '{' and the next
// '}', or the whole key when there is none (mirrors the cluster specification's rule).
inline std::string_view HashTagOf(std::string_view key) {
  auto open = key.find('{');
  if (open == std::string_view::npos) return key;
  auto close = key.find('}', open + 1);
  if (close == std::string_view::npos || close == open + 1) return key;
  return key.substr(open + 1, close - open - 1);
}

}  // namespace cs
