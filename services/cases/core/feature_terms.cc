#include "services/cases/core/feature_terms.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "services/cases/core/text_util.h"

namespace cs::cases {
namespace {

// FNV-1a: stable across runs, so a term keeps its id in logs and tests.
uint64_t Hash(std::string_view kind, std::string_view s) {
  uint64_t h = 1469598103934665603ull;
  for (char c : kind) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
  h = (h ^ 0xFF) * 1099511628211ull;
  for (char c : s) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
  return h;
}

bool IsCjk(char32_t c) { return (c >= 0x3400 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF); }
bool IsLatin(char32_t c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// English words that say nothing about a child on their own.
bool IsStopWord(const std::string& w) {
  static constexpr std::string_view kStop[] = {
      "the",  "and",  "his",  "her",  "with", "has",  "have", "was",   "are",  "for",
      "very", "only", "some", "little", "bit", "who", "she",  "he",    "they", "them",
      "that", "this", "from", "when", "will", "can",  "cannot", "not",  "but",  "our",
      "name", "named", "called", "says", "said", "speaks", "speak", "speaking", "kid",
      "child", "boy", "girl", "wearing", "wears", "left", "right", "side", "one", "two",
      "also", "about", "into", "onto", "out", "all", "any", "too", "just", "really"};
  for (std::string_view s : kStop)
    if (w == s) return true;
  return false;
}

void Add(FeatureTerms& t, std::vector<uint64_t>& into, uint64_t id, const std::string& name) {
  into.push_back(id);
  if (t.NameOf(id) == nullptr) t.names.emplace_back(id, name);
}

void SortUnique(std::vector<uint64_t>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

// Character pairs of Chinese runs and whole English words, skipping code points in `masked`
// (the spans the phrase table already read).
void AddFreeWords(FeatureTerms& t, const std::vector<char32_t>& cps,
                  const std::vector<bool>& masked) {
  std::string word;
  auto flush_word = [&] {
    if (word.size() >= 3 && !IsStopWord(word)) Add(t, t.asserted, Hash("w", word), word);
    word.clear();
  };
  for (size_t i = 0; i < cps.size(); ++i) {
    const char32_t c = cps[i];
    if (IsLatin(c) && !masked[i]) {
      word += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
      continue;
    }
    flush_word();
    if (i + 1 < cps.size() && IsCjk(c) && IsCjk(cps[i + 1]) && !masked[i] && !masked[i + 1]) {
      std::string pair;
      AppendUtf8(c, pair);
      AppendUtf8(cps[i + 1], pair);
      Add(t, t.asserted, Hash("g", pair), pair);
    }
  }
  flush_word();
}

}  // namespace

const std::string* FeatureTerms::NameOf(uint64_t term) const {
  for (const auto& [id, name] : names)
    if (id == term) return &name;
  return nullptr;
}

FeatureTerms ReadFeatureTerms(std::string_view text, const text::PhraseTable* phrases) {
  FeatureTerms t;
  const std::vector<char32_t> cps = DecodeUtf8(text);
  std::vector<bool> masked(cps.size(), false);
  (void)phrases;
  AddFreeWords(t, cps, masked);
  SortUnique(t.asserted);
  SortUnique(t.negated);
  SortUnique(t.languages);
  return t;
}

std::vector<uint64_t> ReadLanguageField(std::string_view text, const text::PhraseTable* phrases,
                                        std::vector<std::pair<uint64_t, std::string>>* names) {
  std::vector<uint64_t> out;
  (void)phrases;
  const std::string own = absl::AsciiStrToLower(absl::StripAsciiWhitespace(absl::string_view(text.data(), text.size())));
  if (own.empty()) return out;
  const uint64_t id = Hash("lang", own);
  out.push_back(id);
  if (names != nullptr) names->emplace_back(id, own);
  return out;
}

bool IsChineseVariety(uint64_t language, const text::PhraseTable* phrases) {
  (void)language;
  (void)phrases;
  return false;
}

bool IsMandarin(uint64_t language, const text::PhraseTable* phrases) {
  (void)language;
  (void)phrases;
  return false;
}

}  // namespace cs::cases
