// A bilingual phrase table: colours, garments, patterns, common features, languages and places,
// each with one stable id and its Simplified, Traditional and English forms plus the other
// spellings people use (粵語/粤语/Cantonese/廣東話 are one `language.cantonese`). The matcher
// compares reports through these ids, so a feature written in English on one side and in Chinese
// on the other is the same feature; the appeal drafter writes English from the same entries.
//
// The table is data (config/phrases.yaml); a venue or the press office extends it with a second
// file (`Extend`): an entry with an id already present replaces it.
//
// Example:
//   CS_ASSIGN_OR_RETURN(auto table, PhraseTable::LoadFile("config/phrases.yaml"));
//   const Phrase* p = table.Find("廣東話");                 // p->id == "language.cantonese"
//   for (const PhraseMatch& m : table.Scan("戴眼镜，穿蓝色外套", PhraseKind::kGarment)) ...
//
// Thread-safety: immutable after loading and extending; const methods may be called from any
// number of threads at once.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace cs {
class YamlReader;
}

namespace cs::text {

enum class PhraseKind { kColour, kGarment, kPattern, kFeature, kLanguage, kPlace };

// "colour", "garment", ... as written in the YAML file; nullopt for an unknown word.
std::optional<PhraseKind> PhraseKindFromName(std::string_view name);
std::string_view PhraseKindName(PhraseKind kind);

struct Phrase {
  std::string id;       // stable, e.g. "colour.navy", "garment.jacket", "language.cantonese"
  PhraseKind kind = PhraseKind::kFeature;
  std::string zh_hans;  // canonical Simplified Chinese, e.g. "藏青色"
  std::string zh_hant;  // canonical Traditional Chinese, e.g. "藏青色"
  std::string en;       // canonical English, e.g. "navy"; empty when nobody has translated it yet
  // Other spellings in any script (matched when scanning, never written out).
  std::vector<std::string> aliases;
  // For a colour: the id of its base colour ("colour.light_blue" → "colour.blue"); for a
  // garment: the general kind it is one of ("garment.jeans" → "garment.trousers"); else empty.
  std::string base;
};

// One phrase found in a text: [begin, end) are byte offsets into the scanned text.
struct PhraseMatch {
  const Phrase* phrase = nullptr;
  size_t begin = 0;
  size_t end = 0;
};

class PhraseTable {
 public:
  PhraseTable();  // empty
  PhraseTable(PhraseTable&&) noexcept;
  PhraseTable& operator=(PhraseTable&&) noexcept;
  ~PhraseTable();

  // Reads a YAML file of the form
  //   phrases:
  //     - {id: colour.navy, kind: colour, zh: 藏青色, hant: 藏青色, en: navy,
  //        also: [藏青, 藏蓝, navy blue], base: colour.blue}
  // `hant` defaults to `zh`; `en`, `also` and `base` are optional. Errors name file:line, and a
  // duplicate id or a spelling claimed by two ids is an error.
  static absl::StatusOr<PhraseTable> LoadFile(const std::string& path);
  static absl::StatusOr<PhraseTable> LoadString(const std::string& yaml,
                                                const std::string& name = "<string>");

  // Adds the entries of `more`; an entry whose id is already present replaces the old one.
  absl::Status Extend(const PhraseTable& more);

  // The phrase whose id, canonical form or alias is exactly `term` (surrounding spaces ignored,
  // ASCII compared case-insensitively), or nullptr.
  const Phrase* Find(std::string_view term) const;
  const Phrase* FindById(std::string_view id) const;

  // Every phrase in `text`, left to right, longest spelling first, not overlapping; only those of
  // `kind` when given. ASCII spellings match whole words only ("red" is not found in "bored").
  std::vector<PhraseMatch> Scan(std::string_view text,
                                std::optional<PhraseKind> kind = std::nullopt) const;

  size_t size() const;

 private:
  struct Index;
  static absl::StatusOr<PhraseTable> FromReader(YamlReader& doc);
  bool FindByIdBeforeIndex(const std::string& id) const;
  absl::Status Add(Phrase phrase, const std::string& where);
  void Reindex();

  std::vector<std::unique_ptr<Phrase>> phrases_;
  std::unique_ptr<Index> index_;
};

}  // namespace cs::text
