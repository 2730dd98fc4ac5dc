#include "services/appeals/drafting/description_builder.h"

#include <algorithm>
#include <array>

#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
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
// "只会说" goes before "只会" and "会说" (the first that matches is taken); the Latin verbs are
// the English filler a guardian types ("speaks English only", "wears glasses").
constexpr std::array<View, 81> kFillerWords = {
    U"只会说",   U"只會說",   U"只会讲",  U"只會講", U"只说",   U"只說", U"只讲", U"只講",
    U"只会",     U"只會",     U"speaks",  U"speak",  U"wears",  U"has",  U"only",
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
bool IsAsciiAlnum(char c) { return IsLatinLetter(static_cast<unsigned char>(c)) || (c >= '0' && c <= '9'); }

std::string LowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// Appends a Chinese phrase; two Latin words side by side keep a space ("Vans 帆布鞋" no, but
// "Vans T恤" yes: a brand the press office keeps in Latin before a garment written with a T).
void AppendZh(std::string& out, std::string_view piece) {
  if (!out.empty() && !piece.empty() && IsAsciiAlnum(out.back()) && IsAsciiAlnum(piece.front())) {
    out += ' ';
  }
  out += piece;
}

// Latin that Chinese writes in Latin too: one letter with or without digits (A区, B2出口, 3D),
// or words all in capitals (NBA, LED, lettering printed on a garment: "SINCE 1998").
bool IsLatinCode(std::string_view run) {
  size_t letters = 0;
  bool upper = true;
  for (char c : run) {
    if (IsLatinLetter(static_cast<unsigned char>(c))) {
      ++letters;
      upper = upper && c >= 'A' && c <= 'Z';
    } else if (!(c >= '0' && c <= '9') && c != ' ') {
      return false;  // a hyphen, an apostrophe: English words, not a code
    }
  }
  return (letters == 1 && run.find(' ') == std::string_view::npos) || upper;
}

// A unit after a number ("90cm", "3kg") is written so in Chinese too.
bool IsUnitAfterNumber(std::string_view run, const std::string& before) {
  if (before.empty() || !(before.back() >= '0' && before.back() <= '9')) return false;
  const std::string unit = LowerAscii(run);
  return unit == "cm" || unit == "mm" || unit == "m" || unit == "kg" || unit == "g";
}

// True when every word of a Latin run is filler ("with a", "and the").
bool AllFiller(std::string_view run);

// Cue verbs that introduce a thing printed or carried; left hanging when the thing was Latin
// and is left out ("印有Spiderman的T恤" → "T恤").
constexpr std::string_view kIntroducers[] = {"印有", "印着", "印著", "印了", "带有", "帶有",
                                             "写着", "寫著", "有"};

// The Chinese of a text typed in Chinese with Latin words in it. A Latin spelling of a phrase
// (from `matches`) becomes the phrase's Chinese form; a Latin code stays; other Latin words are
// left out (with a 的 they were attached by and a verb that introduced them) and listed in
// `untranslated_zh`. Text without a Latin letter is returned as it is.
std::string ChineseOfMixed(std::string_view text, const std::vector<PhraseMatch>& matches,
                           std::vector<std::string>& untranslated_zh) {
  std::string out;
  bool dropped = false;
  auto gap = [&](std::string_view g) {
    for (size_t i = 0; i < g.size();) {
      if (!IsLatinLetter(static_cast<unsigned char>(g[i]))) {
        out += g[i++];
        continue;
      }
      // A run of Latin words: letters and digits, joined by single spaces, - ' . or &.
      size_t end = i, j = i;
      while (j < g.size()) {
        const char c = g[j];
        if (IsAsciiAlnum(c)) {
          end = ++j;
        } else if ((c == ' ' || c == '-' || c == '\'' || c == '.' || c == '&') &&
                   j + 1 < g.size() && IsAsciiAlnum(g[j + 1])) {
          ++j;
        } else {
          break;
        }
      }
      const std::string_view run = g.substr(i, end - i);
      i = end;
      if (IsLatinCode(run) || IsUnitAfterNumber(run, out)) {
        out += run;  // as typed, spacing too ("3D", "B2出口")
        continue;
      }
      dropped = true;
      if (!AllFiller(run) &&
          std::find(untranslated_zh.begin(), untranslated_zh.end(), run) == untranslated_zh.end()) {
        untranslated_zh.emplace_back(run);
      }
      while (!out.empty() && out.back() == ' ') out.pop_back();
      while (i < g.size() && g[i] == ' ') ++i;
      if (g.substr(i).starts_with("的")) {
        i += std::string_view("的").size();
        for (std::string_view verb : kIntroducers) {
          if (std::string_view(out).ends_with(verb)) {
            out.resize(out.size() - verb.size());
            break;
          }
        }
      }
    }
  };
  size_t pos = 0;
  for (const PhraseMatch& m : matches) {
    gap(text.substr(pos, m.begin - pos));
    const std::string_view span = text.substr(m.begin, m.end - m.begin);
    // A phrase typed in Latin takes the table's Chinese; one typed in Chinese stays as typed.
    if (!HasLatinLetter(span)) {
      out += span;
    } else {
      // "speaks English": the verb was English filler, so the language takes its own.
      const bool spoken = std::string_view(out).ends_with("说") ||
                          std::string_view(out).ends_with("說") ||
                          std::string_view(out).ends_with("讲") ||
                          std::string_view(out).ends_with("講");
      if (m.phrase->kind == PhraseKind::kLanguage && !spoken) {
        while (!out.empty() && out.back() == ' ') out.pop_back();
        out += "会说";
      }
      AppendZh(out, m.phrase->zh_hans);
    }
    pos = m.end;
  }
  gap(text.substr(pos));
  if (!dropped) return out;
  // What a left-out word leaves behind: doubled or hanging separators.
  std::u32string s = DecodeUtf8(out), tidy;
  constexpr View kSeparators = U"，、,;；。 ";
  for (char32_t c : s) {
    const bool sep = kSeparators.find(c) != View::npos;
    if (sep && (tidy.empty() || kSeparators.find(tidy.back()) != View::npos)) continue;
    tidy.push_back(c);
  }
  while (!tidy.empty() && kSeparators.find(tidy.back()) != View::npos) tidy.pop_back();
  return EncodeUtf8(tidy);
}

// The table's phrases in `text` and the venue's own names, which win where they overlap.
std::vector<PhraseMatch> ScanWithPlaces(std::string_view text, const text::PhraseTable& table,
                                        const VenuePlaces& places) {
  std::vector<PhraseMatch> found;
  if (!places.empty()) {
    const std::string lowered = LowerAscii(text);
    for (const Phrase& p : places) {
      const std::string name = LowerAscii(p.en);
      if (name.empty()) continue;
      for (size_t at = lowered.find(name); at != std::string::npos;
           at = lowered.find(name, at + name.size())) {
        const size_t end = at + name.size();
        const bool whole = (at == 0 || !IsAsciiAlnum(lowered[at - 1])) &&
                           (end == lowered.size() || !IsAsciiAlnum(lowered[end]));
        if (whole) found.push_back({&p, at, end});
      }
    }
  }
  if (found.empty()) return table.Scan(text);
  auto overlaps = [&](const PhraseMatch& m) {
    return std::any_of(found.begin(), found.end(),
                       [&](const PhraseMatch& f) { return m.begin < f.end && f.begin < m.end; });
  };
  std::vector<PhraseMatch> out;
  for (const PhraseMatch& m : table.Scan(text)) {
    if (!overlaps(m)) out.push_back(m);
  }
  // Longest first where two names start together ("Ocean Park" inside "Ocean Park Hotel").
  std::sort(found.begin(), found.end(), [](const PhraseMatch& a, const PhraseMatch& b) {
    return a.begin != b.begin ? a.begin < b.begin : a.end > b.end;
  });
  for (const PhraseMatch& f : found) {
    if (std::none_of(out.begin(), out.end(), [&](const PhraseMatch& m) {
          return m.phrase->kind == PhraseKind::kPlace && m.begin < f.end && f.begin < m.end;
        })) {
      out.push_back(f);
    }
  }
  std::sort(out.begin(), out.end(),
            [](const PhraseMatch& a, const PhraseMatch& b) { return a.begin < b.begin; });
  return out;
}

// A text that says the child speaks only these languages ("只会说粤语", "speaks English only").
bool SaysOnly(std::string_view text) {
  for (std::string_view cue : {"只会", "只會", "只说", "只說", "只讲", "只講"}) {
    if (text.find(cue) != std::string_view::npos) return true;
  }
  const std::string lowered = LowerAscii(text);
  for (size_t at = lowered.find("only"); at != std::string::npos;
       at = lowered.find("only", at + 4)) {
    if ((at == 0 || !IsAsciiAlnum(lowered[at - 1])) &&
        (at + 4 == lowered.size() || !IsAsciiAlnum(lowered[at + 4]))) {
      return true;
    }
  }
  return false;
}

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

bool AllFiller(std::string_view run) { return Remainder(run, {}).empty(); }

void AddUniqueText(std::vector<std::string>& out, std::string s) {
  if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(std::move(s));
}

// The Latin pieces of `text` that no phrase covers, one per clause ("only, Minecraft bag" is
// "Minecraft bag": the filler clause goes), for the Chinese versions' `untranslated`.
std::vector<std::string> LatinPieces(std::string_view text, const std::vector<PhraseMatch>& matches) {
  std::vector<std::string> out;
  for (const std::string& piece : Remainder(text, matches)) {
    for (absl::string_view clause : absl::StrSplit(piece, absl::ByAnyChar(",;/"))) {
      clause = absl::StripAsciiWhitespace(clause);
      const std::string text_of(clause.data(), clause.size());
      if (!text_of.empty() && !AllFiller(text_of)) AddUniqueText(out, text_of);
    }
  }
  return out;
}

void AddUnique(std::vector<const Phrase*>& out, const Phrase* p) {
  if (std::find(out.begin(), out.end(), p) == out.end()) out.push_back(p);
}


// A garment's Chinese from its structure: 粉色 + 连帽 + 外套, two colours as 红、白相间的.
std::string GarmentZh(const std::vector<const Phrase*>& colours,
                      const std::vector<const Phrase*>& patterns,
                      const std::vector<const Phrase*>& garments, std::string_view noun_zh) {
  std::vector<std::string> zh_colours;
  for (const Phrase* c : colours) zh_colours.push_back(c->zh_hans);
  std::string zh = absl::StrJoin(zh_colours, "、");
  if (zh_colours.size() > 1) zh += "相间的";
  for (const Phrase* p : patterns) AppendZh(zh, p->zh_hans);
  AppendZh(zh, garments.empty() ? noun_zh : std::string_view(garments.front()->zh_hans));
  for (size_t g = 1; g < garments.size(); ++g) zh += "和" + garments[g]->zh_hans;
  return zh;
}

}  // namespace

bool HasHan(std::string_view s) {
  for (char32_t c : DecodeUtf8(s)) {
    if (IsHan(c)) return true;
  }
  return false;
}

bool HasLatinLetter(std::string_view s) {
  return std::any_of(s.begin(), s.end(),
                     [](char c) { return IsLatinLetter(static_cast<unsigned char>(c)); });
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
  for (const std::string& chip : unknown_chips) {
    if (!HasHan(chip)) en_colours.push_back(chip);
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
  // A chip the table does not know: one in Chinese has no English yet, any other ("teal") is
  // the English as typed and has no Chinese yet.
  for (const std::string& chip : unknown_chips) {
    (HasHan(chip) ? out.untranslated : out.untranslated_zh).push_back(chip);
  }
  for (const std::string& piece : rest) {
    if (HasHan(piece)) out.untranslated.push_back(piece);
  }
  // Typed in English: the Chinese is written from what the table knows, the rest has no
  // Chinese yet (never pasted into the Chinese).
  const bool typed_in_latin = !HasHan(description) && HasLatinLetter(description);
  if (typed_in_latin) {
    for (std::string& piece : LatinPieces(description, used)) {
      AddUniqueText(out.untranslated_zh, std::move(piece));
    }
  }

  if (structured || typed_in_latin) {
    // 粉色 + 连帽 + 外套: one phrase per garment, each colour once.
    out.zh = GarmentZh(colours, patterns, garments, noun_zh);
  } else {
    // The text as typed, with a chip's colour in front when the text does not say it already.
    std::string prefix;
    for (const Phrase* c : colours) {
      const bool in_text = std::any_of(used.begin(), used.end(),
                                       [&](const PhraseMatch& m) { return m.phrase == c; });
      if (!in_text) prefix += c->zh_hans;
    }
    for (const std::string& chip : unknown_chips) {
      if (HasHan(chip)) prefix += chip;
    }
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
    // English words among the Chinese ("印有Spiderman的T恤"): the table's Chinese, or left out.
    if (HasLatinLetter(out.zh)) {
      out.zh = ChineseOfMixed(out.zh, table.Scan(out.zh), out.untranslated_zh);
    }
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

namespace {

// The Chinese of a text typed in English: the phrases the table (and the venue) knows, in the
// order typed, the languages as one 会说 (只会说 when the text says "only"); the rest, in Latin,
// has no Chinese yet.
DescribedPart ChineseOfLatin(std::string_view text, const text::PhraseTable& table,
                             const VenuePlaces& places) {
  DescribedPart out;
  out.en = std::string(text);
  const std::vector<PhraseMatch> matches = ScanWithPlaces(text, table, places);
  std::vector<std::string> zh, languages;
  size_t languages_at = 0;
  for (const PhraseMatch& m : matches) {
    const Phrase& p = *m.phrase;
    if (p.kind == PhraseKind::kLanguage) {
      if (languages.empty()) languages_at = zh.size();
      AddUniqueText(languages, p.zh_hans);
    } else {
      AddUniqueText(zh, p.zh_hans);
    }
  }
  if (!languages.empty()) {
    zh.insert(zh.begin() + static_cast<long>(languages_at),
              (SaysOnly(text) ? "只会说" : "会说") + absl::StrJoin(languages, "和"));
  }
  out.zh = absl::StrJoin(zh, "，");
  out.untranslated_zh = LatinPieces(text, matches);
  return out;
}

}  // namespace

DescribedPart DescribeText(std::string_view text, const text::PhraseTable& table,
                           const VenuePlaces& places) {
  DescribedPart out;
  out.zh = std::string(text);
  if (text.empty()) return out;
  if (!HasHan(text)) {
    if (HasLatinLetter(text)) return ChineseOfLatin(text, table, places);
    out.en = std::string(text);
    return out;
  }
  const std::vector<PhraseMatch> matches = table.Scan(text);
  // English words among the Chinese ("戴眼镜，speaks English"): the table's Chinese, or left out.
  if (HasLatinLetter(text)) {
    out.zh = ChineseOfMixed(text, ScanWithPlaces(text, table, places), out.untranslated_zh);
  }
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
              (SaysOnly(text) ? "speaks only " : "speaks ") + absl::StrJoin(languages, " and "));
  }
  for (const std::string& piece : Remainder(text, matches)) {
    if (HasHan(piece)) out.untranslated.push_back(piece);
  }
  out.en = absl::StrJoin(en, ", ");
  return out;
}

}  // namespace cs::appeals
