// Search tokens for Chinese and English text: CJK character bigrams (with unigrams as a
// fallback) and lower-cased ASCII words. No dictionary needed, so new place names still match.
// Thread-safety: pure functions, safe from any thread.
//
// Example:
//   Tokenize("企鹅馆 Lost child", TokenMode::kIndex)
//   // {"企鹅", "鹅馆", "lost", "child", "企", "鹅", "馆"}
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace cs::appeals {

enum class TokenMode {
  kIndex,     // bigrams + every unigram + words: a document can be found either way
  kQuery,     // bigrams + words; a lone CJK character (a run of one) is kept as a unigram
  kUnigrams,  // unigrams + words: the fallback when bigrams find nothing
};

std::vector<std::string> Tokenize(std::string_view text, TokenMode mode);

}  // namespace cs::appeals
