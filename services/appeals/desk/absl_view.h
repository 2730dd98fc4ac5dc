// Debian's abseil has its own string_view type (not std::string_view): Av bridges a
// std::string_view into absl calls without a copy. Thread-safety: a pure function.
#pragma once

#include <string_view>

#include "absl/strings/string_view.h"

namespace cs::appeals {

inline absl::string_view Av(std::string_view s) { return absl::string_view(s.data(), s.size()); }

}  // namespace cs::appeals
