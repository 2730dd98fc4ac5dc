// UTF-8 decoding and encoding for the drafting core; invalid bytes never crash, they decode to
// U+FFFD one byte at a time so callers can count or drop them.
//
// Thread-safety: free functions over caller-owned data; safe from any thread.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace cs::text {

inline constexpr char32_t kReplacementChar = 0xFFFD;

// Decodes one code point starting at `pos`. Sets `*len` to the bytes consumed (>= 1).
// Overlong forms, surrogates, values above U+10FFFF and truncated sequences yield
// kReplacementChar with *len == 1, so a scan always moves forward.
char32_t DecodeUtf8At(std::string_view s, size_t pos, size_t* len);

// Appends the UTF-8 encoding of `cp` (kReplacementChar for invalid scalar values).
void AppendUtf8(char32_t cp, std::string* out);

std::string EncodeUtf8(std::u32string_view cps);
std::u32string DecodeUtf8(std::string_view s);

// Number of code points (invalid bytes count one each).
size_t CodePointCount(std::string_view s);

// The longest prefix of `s` with at most `max_code_points` code points, cut on a code point
// boundary.
std::string_view TruncateCodePoints(std::string_view s, size_t max_code_points);

}  // namespace cs::text
