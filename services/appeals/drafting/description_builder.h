// Writes the description parts of an appeal (clothing, features, where the child is now) from
// structure rather than pasting the free text: each garment becomes colour + pattern + garment,
// merged with what the free text repeats (the colour chip 粉红色 and the text 粉红色外套 give one
// 粉色外套, never 粉红色粉红色外套), and the English comes from the bilingual phrase table
// (common/text/phrase_table.h). A Chinese phrase the table cannot translate is never
// transliterated nor copied into the English: it is listed in `untranslated`, and the English
// draft needs a person to write it.
//
// The mirror for text typed in English (or with English words in it) into the Chinese fields:
// the Chinese comes from the same table ("red jacket" → 红色外套, "speaks English only" →
// 只会说英语), and a Latin phrase the table cannot put into Chinese is left out of the Chinese and
// listed in `untranslated_zh`, so both Chinese versions need a person to write it. Latin stays in
// the Chinese only where the press office chose it: a table entry whose Chinese form is itself
// Latin (`zh: Vans`), a venue name whose configured Chinese name is, and letter codes Chinese
// writes in Latin too (A区, B2出口, NBA, lettering in capitals printed on a garment, 90cm).
//
// Thread-safety: pure functions over a const PhraseTable; safe from any thread.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/text/phrase_table.h"

namespace cs::appeals {

struct DescribedPart {
  std::string zh;                         // Simplified (the drafter converts to Traditional)
  std::string en;                         // English, or "" when nothing of it could be translated
  std::vector<std::string> untranslated;  // Chinese phrases that have no English yet
  // Phrases typed in Latin that have no Chinese yet (never with a Han character: that is how the
  // appeal workflow tells them from `untranslated`, see desk/appeal_workflow.h).
  std::vector<std::string> untranslated_zh;
};

// The venue's own names from the venue config (the venue, the case's zone), as kind kPlace
// phrases: an English name typed into a Chinese field becomes the configured Chinese name.
using VenuePlaces = std::vector<text::Phrase>;

// A garment: colour words (chips) and the typed description, both already sanitised. `noun_zh`
// and `noun_en` name the garment when the description names none ("红色" + 上衣/top).
DescribedPart DescribeGarment(std::string_view description, const std::vector<std::string>& colours,
                              const text::PhraseTable& table, std::string_view noun_zh,
                              std::string_view noun_en);

// Other free text (features, where the child is now, the last-seen note): the Chinese as typed
// (sanitised); the English from the phrases the table knows, with the rest untranslated. Text
// typed in English is the English as typed, and its Chinese comes from the table and `places`.
DescribedPart DescribeText(std::string_view text, const text::PhraseTable& table,
                           const VenuePlaces& places = {});

// True when `s` holds Han characters (then it is Chinese text that needs a translation).
bool HasHan(std::string_view s);
// True when `s` holds an ASCII letter.
bool HasLatinLetter(std::string_view s);

}  // namespace cs::appeals
