// NFKC-like normalisation used before every PII scan: full-width forms fold to ASCII, exotic
// digits fold to 0-9, zero-width and bidi controls vanish, and each output character remembers
// the byte range of the input it came from so findings can point back into the original.
//
// Thread-safety: pure functions; safe from any thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace cs::privacy {

struct NormalizedText {
  std::u32string text;          // folded code points
  std::vector<uint32_t> begin;  // byte offset in the source of text[i]
  std::vector<uint32_t> end;    // one past its last byte
};

// Zero-width (U+200B..U+200F, U+2060..U+2064, U+FEFF, soft hyphen, variation selectors, tags).
bool IsZeroWidth(char32_t c);
// Bidi embeddings, overrides and isolates (U+202A..U+202E, U+2066..U+2069, U+061C).
bool IsBidiControl(char32_t c);
// C0, DEL and C1 controls.
bool IsControl(char32_t c);

// Folds one code point: U+FF01..U+FF5E to ASCII, U+3000 and other spaces to ' ', circled,
// mathematical, Arabic-Indic and Devanagari digits to '0'..'9', controls to ' '. Returns c
// unchanged otherwise.
char32_t FoldChar(char32_t c);

// Decodes (invalid bytes become U+FFFD), drops zero-width and bidi characters, folds the rest.
NormalizedText Normalize(std::string_view utf8);

inline char32_t AsciiLower(char32_t c) { return (c >= 'A' && c <= 'Z') ? c + 32 : c; }

}  // namespace cs::privacy
