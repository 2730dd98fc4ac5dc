// Which Han characters read alike: each character's most common toneless pinyin syllable, from a
// Rime dictionary (Debian's rime-data-luna-pinyin, /usr/share/rime-data/luna_pinyin.dict.yaml,
// lines "字<TAB>pinyin[<TAB>weight%]"). The phrase scorer uses it to find a phrase written with
// homophones, the commonest slip of a pinyin input method ("割婉" for "割腕").
// Thread-safety: immutable after Load; safe from several threads.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"

namespace cs::appeals {

class PinyinTable {
 public:
  // NotFound when the file cannot be opened; InvalidArgument when it holds no single-character
  // entries (not a Rime dictionary).
  static absl::StatusOr<std::shared_ptr<const PinyinTable>> Load(const std::string& path);
  // For tests: (character, syllable) pairs; a later pair for the same character is ignored.
  static std::shared_ptr<const PinyinTable> FromEntries(
      const std::vector<std::pair<char32_t, std::string>>& entries);

  // A stand-in shared by every character with the same syllable (腕 and 婉 give the same one, in
  // Unicode's private use plane 15); `c` itself for a character the table does not know.
  char32_t SoundOf(char32_t c) const;
  // The syllable ("wan"), or "" when unknown.
  std::string_view Syllable(char32_t c) const;
  size_t size() const { return sound_.size(); }

 private:
  void Add(char32_t c, const std::string& syllable);
  std::unordered_map<char32_t, char32_t> sound_;
  std::unordered_map<std::string, char32_t> id_of_;
  std::vector<std::string> syllables_;
};

}  // namespace cs::appeals
