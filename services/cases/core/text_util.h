// Small text helpers shared by the case core: character bigrams for fuzzy text overlap, XML
// escaping. UTF-8 decoding is common/text/utf8.h. Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace cs::cases {

// Character n-grams of `s` as sorted, unique 64-bit keys, ignoring spaces and punctuation
// and ASCII case: every bigram, plus every non-ASCII character on its own (a CJK character
// carries meaning; a Latin letter does not). Works without word breaks: "左脸有痣" and
// "脸上有颗痣" share 脸, 有, 痣 though they share no bigram.
std::vector<uint64_t> TextGrams(std::string_view s);

// |a ∩ b| / |a ∪ b| over two sorted unique key lists; 0 when both are empty.
double Jaccard(const std::vector<uint64_t>& a, const std::vector<uint64_t>& b);

// Escapes &, <, >, " and ' for XML text and attributes and drops the code points XML 1.0
// forbids (C0 controls other than tab/LF/CR, U+FFFE/U+FFFF) and invalid UTF-8 bytes.
std::string XmlEscape(std::string_view s);

}  // namespace cs::cases
