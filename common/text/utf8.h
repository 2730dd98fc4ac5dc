// UTF-8 decoding and encoding, written once for every service. Untrusted text never stops a
// caller: an invalid byte (overlong form, surrogate, value above U+10FFFF, stray continuation,
// truncated sequence) decodes to U+FFFD and the scan moves on by that one byte, so counts and
// cuts are defined for any input. Callers that must refuse bad text check IsValidUtf8 first.
//
// Example:
//   size_t len = 0;
//   for (size_t i = 0; i < s.size(); i += len) { char32_t cp = cs::DecodeUtf8At(s, i, &len); }
//
// Thread-safety: pure functions over caller-owned data; safe from any thread.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace cs {

inline constexpr char32_t kReplacementChar = 0xFFFD;

// Decodes one code point starting at `pos` (< s.size()). Sets `*len` to the bytes consumed: the
// sequence length, or 1 with kReplacementChar for an invalid byte.
char32_t DecodeUtf8At(std::string_view s, size_t pos, size_t* len);

// Every code point of `s`; each invalid byte becomes one kReplacementChar.
std::u32string DecodeUtf8(std::string_view s);

// Appends the UTF-8 encoding of `cp`; surrogates and values above U+10FFFF become U+FFFD.
void AppendUtf8(char32_t cp, std::string& out);
std::string EncodeUtf8(std::u32string_view cps);

// True when `s` is well-formed UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF).
bool IsValidUtf8(std::string_view s);

// Number of code points (what a person sees as characters); invalid bytes count one each.
size_t CodePointCount(std::string_view s);

// The longest prefix of `s` with at most `max_code_points` code points, cut on a code point
// boundary.
std::string_view TruncateCodePoints(std::string_view s, size_t max_code_points);

// True for CJK unified ideographs (basic block, extensions A-F and compatibility ideographs).
bool IsCjkIdeograph(char32_t cp);

}  // namespace cs
