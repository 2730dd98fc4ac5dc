// Reads the distinguishing-features text of a report into comparable terms: phrase ids from
// the shared phrase table (so "戴眼镜" and "glasses" are one term, and "粵語", "粤语" and
// "Cantonese" one language), the phrases stated absent ("没戴眼镜", "no glasses"), and the
// words the table does not know (a nickname "豆豆", "Leo") as character pairs or English words.
// Thread-safety: pure functions; the phrase table is read-only.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace cs::text {
class PhraseTable;
}

namespace cs::cases {

inline constexpr int kHairShort = 1;  // short hair, a crew cut, a bowl cut
inline constexpr int kHairLong = 2;   // long hair, a ponytail, pigtails, a bun

// True when both texts state a hair length and the lengths exclude each other.
bool HairLengthsExclude(int a, int b);

struct FeatureTerms {
  std::vector<uint64_t> asserted;  // sorted, unique: phrase ids and free words
  std::vector<uint64_t> negated;   // sorted, unique: phrase ids stated absent
  std::vector<uint64_t> languages; // sorted, unique: language ids mentioned, not negated
  // The pictures the text names on a garment (a cat, a unicorn, Elsa, a shark: pattern phrases
  // that are motifs, not a style such as stripes or a brand), sorted, unique, not negated. Two
  // reports that both name the print of one garment and share none of it describe two garments.
  std::vector<uint64_t> motifs;
  // The hair's length as the text states it (kHairShort | kHairLong; both or neither: unknown).
  // Hair does not grow in an afternoon: a crew cut against a ponytail is two children.
  int hair = 0;
  // For explanations: a readable name of each term above ("feature.glasses", "豆豆").
  std::vector<std::pair<uint64_t, std::string>> names;

  const std::string* NameOf(uint64_t term) const;
};

// Terms of a free features text. `phrases` may be null (free words only). With
// `skip_colours` colour phrases are read but give no term (a garment's colours are compared on
// their own; its description adds what else it says: "小火车", "NASA", "背带裤").
FeatureTerms ReadFeatureTerms(std::string_view text, const text::PhraseTable* phrases,
                              bool skip_colours = false);

// The language ids of a report's language field ("粵語" → the id of Cantonese), with every
// spelling the phrase table holds; without a table (or for a name it does not hold) the
// lower-cased, trimmed text itself stands as the id (a Chinese dialect when it ends in 话).
std::vector<uint64_t> ReadLanguageField(std::string_view text, const text::PhraseTable* phrases,
                                        std::vector<std::pair<uint64_t, std::string>>* names);

// The term a phrase of the table gives in FeatureTerms::asserted ("feature.mole" → its id).
uint64_t FeaturePhraseTerm(std::string_view phrase_id);

// True when the words right before byte `begin` of `text` state the absence of what follows
// ("没戴眼镜", "冇疤", "no glasses"); a negation ends at its clause.
bool StatedAbsentBefore(std::string_view text, size_t begin);

// True for a term the phrase table did not read (a character pair, an English word): weaker
// evidence than a phrase, since one phrase shared yields several pairs.
bool IsFreeWord(uint64_t term);
// True for a phrase of a look many children share (short hair, a ponytail, chubby): a guardian
// not mentioning it says nothing, so sharing it is weak evidence.
bool IsCommonTrait(uint64_t term);

// True when a language id is a variety of Chinese (Mandarin, Cantonese, a dialect): those are
// compatible with each other for a child, unlike English against Mandarin.
bool IsChineseVariety(uint64_t language);
// True for the id of Mandarin (普通话, 國語, 汉语, ...): agreeing on it says little.
bool IsMandarin(uint64_t language);
// True for a language field that names no language ("不会说", "听不懂", "婴儿", "无", "方言"):
// the officer could not tell which, so it is unknown, not a language of its own.
bool IsUnnamedLanguage(uint64_t language);

// One report's languages, as the comparison needs them.
struct LanguageSide {
  bool chinese = false;          // every one a variety of Chinese
  bool mandarin = false;         // every one Mandarin
  bool unknown = false;          // only a field that names no language, not even "方言"
  bool unnamed_chinese = false;  // "方言", "听不懂的方言": some variety of Chinese, unnamed
};
LanguageSide DescribeLanguages(const std::vector<uint64_t>& languages);
// The strength (-1..0) of two reports' languages that share none: an unknown side is neutral,
// Chinese against another language full evidence against, an unnamed dialect or Mandarin
// against a variety of Chinese neutral, two named varieties weak evidence against.
double LanguageDifference(const LanguageSide& a, const LanguageSide& b);

}  // namespace cs::cases
