#include "services/appeals/desk/text_tokens.h"

#include <cctype>

#include "common/text/utf8.h"

namespace cs::appeals {

std::vector<std::string> Tokenize(std::string_view text, TokenMode mode) {
  const std::u32string cps = DecodeUtf8(text);
  std::vector<std::string> tokens;
  std::vector<std::string> unigrams;
  size_t i = 0;
  while (i < cps.size()) {
    char32_t c = cps[i];
    if (c < 0x80 && (std::isalnum(static_cast<int>(c)) != 0)) {
      std::string word;
      while (i < cps.size() && cps[i] < 0x80 && std::isalnum(static_cast<int>(cps[i])) != 0) {
        word.push_back(static_cast<char>(std::tolower(static_cast<int>(cps[i]))));
        ++i;
      }
      if (word.size() <= 64) tokens.push_back(std::move(word));  // longer: noise, not a word
      continue;
    }
    if (IsCjkIdeograph(c)) {
      size_t start = i;
      while (i < cps.size() && IsCjkIdeograph(cps[i])) ++i;
      const size_t len = i - start;
      if (mode != TokenMode::kUnigrams) {
        for (size_t k = start; k + 1 < i; ++k) tokens.push_back(EncodeUtf8(cps.substr(k, 2)));
      }
      if (mode != TokenMode::kQuery || len == 1) {
        for (size_t k = start; k < i; ++k) unigrams.push_back(EncodeUtf8(cps.substr(k, 1)));
      }
      continue;
    }
    ++i;  // punctuation, spaces, other scripts: separators
  }
  tokens.insert(tokens.end(), std::make_move_iterator(unigrams.begin()),
                std::make_move_iterator(unigrams.end()));
  return tokens;
}

}  // namespace cs::appeals
