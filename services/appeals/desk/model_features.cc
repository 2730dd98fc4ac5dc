#include "services/appeals/desk/model_features.h"

#include <fstream>
#include <sstream>
#include <unordered_set>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/text/utf8.h"
#include "services/appeals/desk/ngram_model.h"

namespace cs::appeals {
namespace {

// Written Cantonese to Mandarin, as OpenCC's t2s leaves it (係 arrives as 系, 搵 as 揾). Two-
// character entries come first so they win over their first character (唔该 is 谢谢, not 不该).
// Only words whose Cantonese sense is the common one: 行 (walk, but 银行), 企 (stand, but 企鹅)
// and 返 stay as they are.
constexpr std::pair<std::u32string_view, std::u32string_view> kCantonese[] = {
    {U"唔该", U"谢谢"}, {U"点解", U"为什么"}, {U"边度", U"哪里"}, {U"边个", U"谁"},
    {U"而家", U"现在"}, {U"乜嘢", U"什么"},   {U"呢度", U"这里"}, {U"呢个", U"这个"},
    {U"呢啲", U"这些"}, {U"嗰度", U"那里"},   {U"细路", U"小孩"}, {U"细佬", U"弟弟"},
    {U"老豆", U"爸爸"}, {U"老窦", U"爸爸"},   {U"搞掂", U"搞定"}, {U"佢哋", U"他们"},
    {U"冇", U"没"},     {U"唔", U"不"},       {U"嘅", U"的"},     {U"咗", U"了"},
    {U"喺", U"在"},     {U"佢", U"他"},       {U"哋", U"们"},     {U"睇", U"看"},
    {U"俾", U"给"},     {U"畀", U"给"},       {U"嘢", U"东西"},   {U"咩", U"什么"},
    {U"乜", U"什么"},   {U"啲", U"些"},       {U"嚟", U"来"},     {U"揾", U"找"},
    {U"搵", U"找"},     {U"咁", U"这么"},     {U"仲", U"还"},     {U"攰", U"累"},
    {U"瞓", U"睡"},     {U"嗰", U"那"},       {U"系", U"是"},     {U"食", U"吃"},
    {U"冧", U"塌"},     {U"啱", U"刚"},
};

bool IsIgnorable(char32_t c) { return c == 0xFE0F || c == 0x200D; }

bool IsLatinWordChar(char32_t c) { return (c >= U'a' && c <= U'z') || (c >= U'0' && c <= U'9'); }

// '?' for a question mark, '!' for an exclamation mark, '.' for an ellipsis, 0 for anything else.
char MarkKind(char32_t c) {
  switch (c) {
    case U'?':
    case U'？':
      return '?';
    case U'!':
    case U'！':
      return '!';
    case U'…':
      return '.';
    default:
      return 0;
  }
}

bool IsHan(char32_t c) { return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF); }

}  // namespace

std::string FoldCantonese(std::string_view simplified) {
  const std::u32string in = DecodeUtf8(simplified);
  std::u32string out;
  out.reserve(in.size());
  for (size_t i = 0; i < in.size();) {
    if (IsIgnorable(in[i])) {
      ++i;
      continue;
    }
    bool replaced = false;
    for (const auto& [from, to] : kCantonese) {
      if (std::u32string_view(in).substr(i, from.size()) == from) {
        out += to;
        i += from.size();
        replaced = true;
        break;
      }
    }
    if (!replaced) out.push_back(in[i++]);
  }
  return EncodeUtf8(out);
}

std::vector<std::string> MarkGrams(std::string_view folded) {
  const std::u32string in = DecodeUtf8(folded);
  std::vector<std::string> grams;
  std::unordered_set<std::string> seen;
  auto add = [&](std::string g) {
    if (seen.insert(g).second) grams.push_back(std::move(g));
  };
  char last_kind = 0;  // the kind of the last mark if nothing but spaces and emoji follow it
  for (size_t i = 0; i < in.size();) {
    const char kind = MarkKind(in[i]);
    if (kind == 0) {
      // Letters, digits and Han characters end the run; emoji and spaces after a mark do not.
      if (IsHan(in[i]) || IsLatinWordChar(in[i]) || (in[i] >= U'A' && in[i] <= U'Z')) {
        last_kind = 0;
      }
      ++i;
      continue;
    }
    size_t end = i;
    bool mixed = false;
    while (end < in.size() && MarkKind(in[end]) != 0) {
      mixed = mixed || MarkKind(in[end]) != kind;
      ++end;
    }
    const std::string k(1, kind);
    add("¶" + k);
    if (end - i >= 2 && kind != '.') add(mixed ? std::string("¶?!") : "¶" + k + k);
    // The character before the run (skipping spaces): a Han sentence-final particle or word.
    size_t before = i;
    while (before > 0 && in[before - 1] == U' ') --before;
    if (before > 0 && IsHan(in[before - 1])) {
      std::string g = "¶";
      AppendUtf8(in[before - 1], g);
      add(g + k);
    }
    last_kind = kind;
    i = end;
  }
  // "..." written with full stops is an ellipsis too.
  if (folded.find("...") != std::string_view::npos) add("¶.");
  if (last_kind != 0) add(std::string("¶end") + last_kind);
  return grams;
}

std::vector<std::string> LatinWordGrams(const TriageText& text, int n) {
  std::vector<std::string> grams;
  std::unordered_set<std::string> seen;
  for (const auto& clause : text.clauses) {
    const std::u32string& s = clause.text;
    for (size_t i = 0; i < s.size();) {
      if (!IsLatinWordChar(s[i])) {
        ++i;
        continue;
      }
      size_t j = i;
      while (j < s.size() && IsLatinWordChar(s[j])) ++j;
      std::u32string word = U"_" + s.substr(i, j - i) + U"_";
      for (size_t b = 0; b < word.size(); ++b) {
        for (int len = 4; len <= n && b + static_cast<size_t>(len) <= word.size(); ++len) {
          if (len >= static_cast<int>(word.size())) break;  // the whole word: a sound gram has it
          std::string g = "‹";
          for (size_t k = b; k < b + static_cast<size_t>(len); ++k) AppendUtf8(word[k], g);
          g += "›";
          if (seen.insert(g).second) grams.push_back(std::move(g));
        }
      }
      i = j;
    }
  }
  return grams;
}

std::vector<std::string> SoundNgrams(const TriageText& text, int n, const PinyinTable& sounds) {
  std::vector<std::string> grams;
  std::unordered_set<std::string> seen;
  for (const auto& clause : text.clauses) {
    // The clause as syllables; an empty string marks a break (no gram spans it).
    std::vector<std::string> syllables;
    std::string word;
    auto end_word = [&] {
      if (!word.empty()) syllables.push_back(std::move(word));
      word.clear();
    };
    for (char32_t c : clause.text) {
      if (IsLatinWordChar(c)) {
        AppendUtf8(c, word);
        continue;
      }
      end_word();
      const std::string_view syllable = sounds.Syllable(c);
      if (!syllable.empty()) {
        syllables.emplace_back(syllable);
      } else if (c != U' ') {
        syllables.emplace_back();
      }
    }
    end_word();
    for (size_t i = 0; i < syllables.size(); ++i) {
      std::string gram = "♪";
      for (size_t k = i; k < syllables.size() && k < i + n; ++k) {
        if (syllables[k].empty()) break;
        if (k > i) gram += ' ';
        gram += syllables[k];
        if (seen.insert(gram).second) grams.push_back(gram);
      }
    }
  }
  return grams;
}

std::vector<std::string> ModelFeatures(std::string_view text, const ScriptFolder& fold,
                                       const ModelFeatureSpec& spec, const PinyinTable* sounds) {
  ScriptFolder folder = fold;
  if (spec.cantonese) {
    folder = [&fold](std::string_view s) { return FoldCantonese(fold ? fold(s) : std::string(s)); };
  }
  const TriageText prepared = PrepareTriageText(text, folder);
  std::vector<std::string> features = CharNgrams(prepared, spec.max_n);
  if (spec.latin_n >= 4) {
    for (auto& g : LatinWordGrams(prepared, spec.latin_n)) features.push_back(std::move(g));
  }
  if (spec.marks) {
    for (auto& g : MarkGrams(folder ? folder(text) : std::string(text))) {
      features.push_back(std::move(g));
    }
  }
  if (spec.sound_n > 0 && sounds != nullptr) {
    for (auto& g : SoundNgrams(prepared, spec.sound_n, *sounds)) features.push_back(std::move(g));
  }
  return features;
}


void AppendFeatureRecords(const ModelFeatureSpec& spec, std::string& out) {
  absl::StrAppend(&out, "max_n\t", spec.max_n, "\n");
  if (spec.sound_n > 0) absl::StrAppend(&out, "sound_n\t", spec.sound_n, "\n");
  if (spec.cantonese) absl::StrAppend(&out, "cantonese\t1\n");
  if (spec.marks) absl::StrAppend(&out, "marks\t1\n");
  if (spec.latin_n > 0) absl::StrAppend(&out, "latin_n\t", spec.latin_n, "\n");
}

bool ReadFeatureRecord(const std::vector<absl::string_view>& f, ModelFeatureSpec& spec,
                       std::string& error) {
  auto int_in = [&](int& out, int lo, int hi) {
    if (f.size() != 2 || !absl::SimpleAtoi(f[1], &out) || out < lo || out > hi) {
      error = absl::StrCat(f[0], " must be ", lo, "..", hi);
    }
  };
  auto flag = [&](bool& out) {
    if (f.size() != 2 || (f[1] != "0" && f[1] != "1")) {
      error = absl::StrCat(f[0], " must be 0 or 1");
    } else {
      out = f[1] == "1";
    }
  };
  if (f[0] == "max_n") {
    int_in(spec.max_n, 1, 5);
  } else if (f[0] == "sound_n") {
    int_in(spec.sound_n, 0, 5);
  } else if (f[0] == "latin_n") {
    int_in(spec.latin_n, 0, 8);
  } else if (f[0] == "cantonese") {
    flag(spec.cantonese);
  } else if (f[0] == "marks") {
    flag(spec.marks);
  } else {
    return false;
  }
  return true;
}


absl::StatusOr<std::string> ReadModelFile(const std::string& path, absl::string_view what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", what, " ", path));
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

}  // namespace cs::appeals
