#include "services/appeals/drafting/description_builder.h"

#include <algorithm>
#include <array>

#include "absl/strings/str_join.h"
#include "common/privacy/chinese_names.h"
#include "common/text/utf8.h"

namespace cs::appeals {
using privacy::IsHan;
using text::Phrase;
using text::PhraseKind;
using text::PhraseMatch;

namespace {

using View = std::u32string_view;

// Words that carry nothing once the structure is written out: verbs of wearing, measure words,
// the child itself (the appeal already says 男孩/女孩), connectives.
constexpr std::array<View, 66> kFillerWords = {
    U"手里拿着", U"手裏拿著", U"拿着",    U"拿著",   U"背着",   U"背著", U"识讲", U"識講",
    U"会说",     U"會說",     U"右手",    U"左手",   U"一颗",   U"一顆", U"一个", U"一個",
    U"扎着",     U"紮著",     U"扎",      U"紮",     U"梳",     U"说",   U"說",   U"讲",
    U"講",       U"有",       U"穿着",    U"穿著",   U"上穿",   U"下穿", U"脚穿", U"腳穿",
    U"头戴",     U"頭戴",     U"戴着",    U"戴著",   U"一件",   U"一条", U"一條", U"一双",
    U"一雙",     U"一顶",     U"一頂",    U"小男孩", U"小女孩", U"男孩", U"女孩", U"孩子",
    U"小朋友",   U"穿",       U"戴",      U"件",     U"条",     U"條",   U"双",   U"雙",
    U"顶",       U"頂",       U"wearing", U"with",   U"and",    U"the",  U"an",   U"a",
    U"颜色",     U"顏色"};
constexpr View kFillerChars = U"色的和与與及、，,.·;；:：()（） \t";

bool IsLatinLetter(char32_t c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Garments named in the plural in English take no article ("blue jeans", "white trainers").
bool IsPlural(std::string_view en) {
  return !en.empty() && en.back() == 's' && en != "dress" && en != "princess dress";
}

std::string WithArticle(const std::string& phrase, bool plural) {
  if (phrase.empty() || plural) return phrase;
  const char c = static_cast<char>(std::tolower(static_cast<unsigned char>(phrase[0])));
  return (std::string_view("aeiou").find(c) != std::string_view::npos ? "an " : "a ") + phrase;
}

// The pieces of `text` outside `matches` that still say something once filler is gone.
std::vector<std::string> Remainder(std::string_view text, const std::vector<PhraseMatch>& matches) {
  std::vector<std::string> pieces;
  std::string piece;
  size_t pos = 0;
  auto flush = [&] {
    std::u32string s = DecodeUtf8(piece);
    piece.clear();
    std::u32string lower = s;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](char32_t c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; });
    std::u32string kept;
    for (size_t i = 0; i < lower.size();) {
      bool filler = false;
      for (View w : kFillerWords) {
        const bool latin = w[0] < 0x80;
        if (View(lower).substr(i, w.size()) != w) continue;
        // A Latin filler word must stand alone ("a" is not inside "Paw").
        if (latin && ((i > 0 && IsLatinLetter(lower[i - 1])) ||
                      (i + w.size() < lower.size() && IsLatinLetter(lower[i + w.size()])))) {
          continue;
        }
        i += w.size();
        filler = true;
        break;
      }
      if (filler) continue;
      if (kFillerChars.find(lower[i]) == View::npos) kept.push_back(s[i]);
      ++i;
    }
    if (!kept.empty()) {
      // Keep the original spacing of what is left, trimmed.
      std::u32string trimmed = s;
      while (!trimmed.empty() && kFillerChars.find(trimmed.back()) != View::npos)
        trimmed.pop_back();
      size_t b = 0;
      while (b < trimmed.size() && kFillerChars.find(trimmed[b]) != View::npos) ++b;
      pieces.push_back(EncodeUtf8(View(trimmed).substr(b)));
    }
  };
  for (const PhraseMatch& m : matches) {
    piece.append(text.substr(pos, m.begin - pos));
    flush();
    pos = m.end;
  }
  piece.append(text.substr(pos));
  flush();
  return pieces;
}

void AddUnique(std::vector<const Phrase*>& out, const Phrase* p) {
  if (std::find(out.begin(), out.end(), p) == out.end()) out.push_back(p);
}

}  // namespace

bool HasHan(std::string_view s) {
  for (char32_t c : DecodeUtf8(s)) {
    if (IsHan(c)) return true;
  }
  return false;
}

DescribedPart DescribeGarment(std::string_view description, const std::vector<std::string>& chips,
                              const text::PhraseTable& table, std::string_view noun_zh,
                              std::string_view noun_en) {
  DescribedPart out;
  std::vector<const Phrase*> colours, patterns, garments;
  std::vector<std::string> unknown_chips;
  for (const std::string& chip : chips) {
    const Phrase* p = table.Find(chip);
    if (p != nullptr && p->kind == PhraseKind::kColour) {
      AddUnique(colours, p);
    } else if (!chip.empty()) {
      unknown_chips.push_back(chip);
    }
  }
  const std::vector<PhraseMatch> matches = table.Scan(description);
  std::vector<PhraseMatch> used;
  for (const PhraseMatch& m : matches) {
    switch (m.phrase->kind) {
      case PhraseKind::kColour:
        AddUnique(colours, m.phrase);
        break;
      case PhraseKind::kPattern:
        AddUnique(patterns, m.phrase);
        break;
      case PhraseKind::kGarment:
        AddUnique(garments, m.phrase);
        break;
      default:
        continue;  // a feature inside a garment's text stays in the remainder
    }
    used.push_back(m);
  }
  const std::vector<std::string> rest = Remainder(description, used);
  const bool structured = rest.empty() && unknown_chips.empty() && garments.size() <= 1;

  // English from the table; a phrase without English goes to `untranslated`.
  std::vector<std::string> en_colours;
  for (const Phrase* c : colours) {
    if (c->en.empty()) {
      out.untranslated.push_back(c->zh_hans);
    } else {
      en_colours.push_back(c->en);
    }
  }
  std::vector<std::string> en_words;
  if (!en_colours.empty()) en_words.push_back(absl::StrJoin(en_colours, " and "));
  for (const Phrase* p : patterns) {
    if (p->en.empty())
      out.untranslated.push_back(p->zh_hans);
    else
      en_words.push_back(p->en);
  }
  std::string noun = garments.empty() ? std::string(noun_en) : garments.front()->en;
  if (!garments.empty() && noun.empty()) out.untranslated.push_back(garments.front()->zh_hans);
  if (!noun.empty()) en_words.push_back(noun);
  for (size_t g = 1; g < garments.size(); ++g) {
    if (!garments[g]->en.empty()) en_words.push_back("and " + garments[g]->en);
  }
  for (const std::string& chip : unknown_chips) out.untranslated.push_back(chip);
  for (const std::string& piece : rest) {
    if (HasHan(piece)) out.untranslated.push_back(piece);
  }

  if (structured) {
    // 粉色 + 连帽 + 外套: one phrase per garment, each colour once.
    std::vector<std::string> zh_colours;
    for (const Phrase* c : colours) zh_colours.push_back(c->zh_hans);
    out.zh = absl::StrJoin(zh_colours, "、");
    if (zh_colours.size() > 1) out.zh += "相间的";
    for (const Phrase* p : patterns) out.zh += p->zh_hans;
    out.zh += garments.empty() ? std::string(noun_zh) : garments.front()->zh_hans;
  } else {
    // The text as typed, with a chip's colour in front when the text does not say it already.
    std::string prefix;
    for (const Phrase* c : colours) {
      const bool in_text = std::any_of(used.begin(), used.end(),
                                       [&](const PhraseMatch& m) { return m.phrase == c; });
      if (!in_text) prefix += c->zh_hans;
    }
    for (const std::string& chip : unknown_chips) prefix += chip;
    // The colour goes right before the garment it describes: 胸前印有小鲸鱼的 + 深蓝色 + 卫衣.
    std::string body(description);
    size_t at = 0;
    for (const PhraseMatch& m : used) {
      if (m.phrase->kind == PhraseKind::kGarment) {
        at = m.begin;
        break;
      }
    }
    body.insert(at, prefix);
    // The verb is the appeal's (clothing_phrase.h writes 上穿/下穿/头戴/脚穿): a typed one goes.
    for (View lead : {View(U"上穿"), View(U"下穿"), View(U"脚穿"), View(U"腳穿"), View(U"穿着"),
                      View(U"穿著"), View(U"穿"), View(U"头戴"), View(U"頭戴"), View(U"戴着"),
                      View(U"戴著"), View(U"戴")}) {
      const std::string l = EncodeUtf8(lead);
      if (body.starts_with(l)) {
        body = body.substr(l.size());
        break;
      }
    }
    out.zh = body == prefix && !prefix.empty() ? prefix + std::string(noun_zh) : body;
  }
  if (!HasHan(description) && !description.empty() && !structured) {
    out.en = std::string(description);  // typed in English: the English is the text itself
    out.untranslated.clear();
  } else if (!en_words.empty()) {
    const bool plural = garments.empty() ? IsPlural(noun_en) : IsPlural(garments.front()->en);
    out.en = WithArticle(absl::StrJoin(en_words, " "), plural);
  }
  if (description.empty() && colours.empty()) out = {};  // nothing said about this garment
  return out;
}

DescribedPart DescribeText(std::string_view text, const text::PhraseTable& table) {
  DescribedPart out;
  out.zh = std::string(text);
  if (text.empty()) return out;
  if (!HasHan(text)) {
    out.en = std::string(text);
    return out;
  }
  const std::vector<PhraseMatch> matches = table.Scan(text);
  std::vector<std::string> en, languages;
  size_t languages_at = 0;  // where "speaks ..." goes among the other phrases
  for (const PhraseMatch& m : matches) {
    const Phrase& p = *m.phrase;
    if (p.en.empty()) {
      out.untranslated.push_back(p.zh_hans);
    } else if (p.kind == PhraseKind::kLanguage) {
      // The table names the language ("Cantonese"); as a feature it is one the child speaks.
      if (languages.empty()) languages_at = en.size();
      if (std::find(languages.begin(), languages.end(), p.en) == languages.end()) {
        languages.push_back(p.en);
      }
    } else {
      // A garment among the features ("背着小书包") is a thing, with its article like the
      // table's features ("a balloon").
      std::string phrase = p.kind == PhraseKind::kGarment ? WithArticle(p.en, IsPlural(p.en)) : p.en;
      if (std::find(en.begin(), en.end(), phrase) == en.end()) en.push_back(std::move(phrase));
    }
  }
  if (!languages.empty()) {
    en.insert(en.begin() + static_cast<long>(languages_at),
              "speaks " + absl::StrJoin(languages, " and "));
  }
  for (const std::string& piece : Remainder(text, matches)) {
    if (HasHan(piece)) out.untranslated.push_back(piece);
  }
  out.en = absl::StrJoin(en, ", ");
  return out;
}

}  // namespace cs::appeals
