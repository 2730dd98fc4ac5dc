// UTF-8 helpers for the desk: decode to code points (for diffs and tokenizing) and encode back.
// Thread-safety: pure functions, safe from any thread.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/string_view.h"

namespace cs::appeals {

// Decodes `text` into code points. Invalid or truncated sequences become U+FFFD, one per bad
// byte, so that untrusted input never stops the caller.
std::vector<char32_t> DecodeUtf8(std::string_view text);

// Appends the UTF-8 encoding of `cp` to `out`. Values past U+10FFFF become U+FFFD.
void AppendUtf8(char32_t cp, std::string& out);

std::string EncodeUtf8(const std::vector<char32_t>& cps, size_t begin, size_t end);

// True for CJK unified ideographs (basic block, extensions A-F and compatibility ideographs).
bool IsCjkIdeograph(char32_t cp);

// Debian's abseil has its own string_view type: this bridges std::string_view into absl calls.
inline absl::string_view Av(std::string_view s) { return absl::string_view(s.data(), s.size()); }

}  // namespace cs::appeals
