// What the n-gram model (ngram_model.h) reads of a message, beyond the characters the rules see:
// Cantonese written words folded to their Mandarin equivalents (唔 -> 不, 冇 -> 没有, 喺 -> 在), so
// a threat written in Cantonese shares grams with the Mandarin ones the model was trained on; and
// "sound grams", runs of 1..n syllables (Han characters read through the pinyin table, Latin
// words as written), so "割婉", "割腕" and "ge wan" share a feature. The trainer and the service
// call the same ModelFeatures, so a model never meets features it was not trained on.
// Thread-safety: pure functions of their inputs.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/appeals/desk/pinyin_table.h"
#include "services/appeals/desk/triage_text.h"

namespace cs::appeals {

// Recorded in the model file (ngram_model.h), so the service extracts what the trainer did.
struct ModelFeatureSpec {
  int max_n = 3;           // character grams 1..max_n
  int sound_n = 0;         // syllable grams 1..sound_n; 0: none
  bool cantonese = false;  // FoldCantonese before the grams
  bool marks = false;      // MarkGrams: the question and exclamation marks the clauses drop
  int latin_n = 0;         // LatinWordGrams up to this length (4 or more); 0: none

  friend bool operator==(const ModelFeatureSpec&, const ModelFeatureSpec&) = default;
};

// The feature records both model files carry (ngram_model.h, linear_model.h), one per line:
// "max_n\t3", "sound_n\t2", "cantonese\t1", "marks\t1", "latin_n\t4" (the last four only when
// set, so a model without them keeps the file it always had).
void AppendFeatureRecords(const ModelFeatureSpec& spec, std::string& out);
// Reads one such record into `spec`; false when `fields` (a line split at tabs) is not one.
// `error` is set when it is one and malformed.
bool ReadFeatureRecord(const std::vector<absl::string_view>& fields, ModelFeatureSpec& spec,
                       std::string& error);
// The whole of a model file: NOT_FOUND naming `what` and the path when it cannot be read.
absl::StatusOr<std::string> ReadModelFile(const std::string& path, absl::string_view what);

// English words are longer than Chinese ones, so 1-3 character grams of them are letter runs
// every class shares ("ing", "the"). These are the 4..n-letter grams (n = 4: the 4-grams) inside
// each Latin word, the word's edges marked ("_brea", "eath_", "swell"), so "breathing" and
// "breathe", "swelling" and "swells" share features. Written "‹gram›" apart from the character
// grams.
std::vector<std::string> LatinWordGrams(const TriageText& text, int n);

// What the clause split throws away and a complaint is often told by: which marks end the
// sentences (？ asks, ！ exclaims, ？？ / ?! / ！！ protest), each also with the character
// before it ("吗?" asks sincerely, "吧?" and "啊!" protest, "了!" reports), and whether the
// text ends on one. Written "¶?", "¶吗?", "¶??", "¶…", "¶end?" (¶ never occurs in a message's
// grams, so these never collide with character grams). `folded` is the message after script
// folding (so 嗎 and 吗 are one feature); full-width and ASCII marks read alike.
std::vector<std::string> MarkGrams(std::string_view folded);

// Written Cantonese words and particles to Mandarin, longest first, on text already folded to
// Simplified; also drops emoji variation selectors and joiners (U+FE0F, U+200D), so "😭️" and
// "😭" are one gram.
std::string FoldCantonese(std::string_view simplified);

// Each run of 1..n syllables inside one clause, once, as "♪syllable syllable". A Han character
// the table does not know, and anything else that is not a Latin letter or digit, ends a run.
std::vector<std::string> SoundNgrams(const TriageText& text, int n, const PinyinTable& sounds);

// The model's features of a raw message: character grams (CharNgrams) of the prepared text
// (script folded by `fold`, then FoldCantonese when spec.cantonese), then its sound grams when
// spec.sound_n > 0 and `sounds` is given (without the table they are left out: the model still
// works, with less to go on).
std::vector<std::string> ModelFeatures(std::string_view text, const ScriptFolder& fold,
                                       const ModelFeatureSpec& spec, const PinyinTable* sounds);

}  // namespace cs::appeals
