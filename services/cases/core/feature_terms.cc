#include "services/cases/core/feature_terms.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "common/text/phrase_table.h"
#include "common/text/utf8.h"
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

// A language id carries its family in the top bit, so comparing needs no table.
constexpr uint64_t kChineseBit = uint64_t{1} << 63;
// A term carries in the next bit whether it is a free word (not a phrase of the table).
constexpr uint64_t kFreeBit = uint64_t{1} << 62;
// ... and in the next whether it is a common trait (below).
constexpr uint64_t kTraitBit = uint64_t{1} << 61;
// A language id (never a feature term, so the bit may be shared) carries in this bit that its
// field named no language the officer could tell (OwnLanguageId).
constexpr uint64_t kUnnamedLanguageBit = uint64_t{1} << 62;

// Looks that many children share, so a guardian who does not mention one says nothing against
// it: hair styles, build, skin. Shared, they are weak evidence, unlike a mark (a mole, braces,
// glasses) that few children have.
bool IsCommonTraitId(std::string_view id) {
  static constexpr std::string_view kTraits[] = {
      "feature.short_hair", "feature.long_hair", "feature.ponytail", "feature.pigtails",
      "feature.bun",        "feature.fringe",    "feature.crew_cut", "feature.curly_hair",
      "feature.bowl_cut",   "feature.chubby",    "feature.slim",     "feature.tanned",
      "feature.fair_skin"};
  return std::find(std::begin(kTraits), std::end(kTraits), id) != std::end(kTraits);
}

// The length of hair a phrase implies (0: none). Hair can be tied up and let down, not grown:
// a ponytail or a bun needs long hair, a crew cut or a bowl cut is short.
int HairLengthOf(std::string_view id) {
  if (id == "feature.short_hair" || id == "feature.crew_cut" || id == "feature.bowl_cut")
    return kHairShort;
  if (id == "feature.long_hair" || id == "feature.ponytail" || id == "feature.pigtails" ||
      id == "feature.bun")
    return kHairLong;
  return 0;
}

// Whether a pattern phrase is a picture (a character, an animal, a thing) rather than a style
// of the cloth (stripes, a print of any kind, lace) or a brand: a top has one picture that
// guardian and officer both see, while a style or a brand goes with any picture.
bool IsMotifId(std::string_view id) {
  static constexpr std::string_view kNotMotifs[] = {
      "pattern.striped", "pattern.plaid",      "pattern.dots",     "pattern.floral",
      "pattern.cartoon", "pattern.print",      "pattern.sequins",  "pattern.camouflage",
      "pattern.hooded",  "pattern.lace",       "pattern.reflective", "pattern.tie_dye",
      "pattern.bow",     "pattern.number",     "pattern.nike",     "pattern.adidas",
      "pattern.converse", "pattern.skechers",  "pattern.vans",     "pattern.north_face"};
  return id.substr(0, 8) == "pattern." &&
         std::find(std::begin(kNotMotifs), std::end(kNotMotifs), id) == std::end(kNotMotifs);
}

// A kind of a thing is also the thing: an officer who sees a watch on the wrist does not know
// it is a phone watch, so "儿童手表" shares "a watch" with "有手表".
// Likewise a character is its animal to an officer who does not know the character: Hello
// Kitty on a hoodie is "a cat" in the officer's words, Lotso "a bear", Miffy "a rabbit".
std::string_view GeneralOf(std::string_view id) {
  static constexpr std::pair<std::string_view, std::string_view> kGeneral[] = {
      {"feature.phone_watch", "feature.watch"}, {"pattern.hello_kitty", "pattern.cat"},
      {"pattern.doraemon", "pattern.cat"},      {"pattern.lotso", "pattern.bear"},
      {"pattern.pooh", "pattern.bear"},         {"pattern.boonie_bears", "pattern.bear"},
      {"pattern.miffy", "pattern.rabbit"},      {"pattern.my_melody", "pattern.rabbit"}};
  for (const auto& [kind, general] : kGeneral)
    if (id == kind) return general;
  return {};
}

// States of the moment an officer notes ("一直哭"), not the child's description: never a term.
bool IsPassingState(std::string_view id) { return id == "feature.crying"; }

// Character pairs that only say "a child" ("小女孩", "孩子", "小朋友") or only where on the child
// something is ("头发", "手里", "脸上", "自己"): not a feature. Every report that describes hair
// says 头发, so sharing it says nothing; the word after it (短, 卷, 湿) is what describes.
bool IsGenericPair(std::string_view pair) {
  static constexpr std::string_view kGeneric[] = {
      "小女", "小男", "宝宝", "寶寶", "朋友", "小朋", "儿子", "兒子", "女儿", "女兒", "女生", "男生",
      "头发", "頭髮", "头上", "頭上", "手上", "手里", "手裡", "脸上", "臉上", "身上", "自己",
      "前面", "后面", "後面", "上面", "下面", "左边", "右边", "左邊", "右邊", "旁边", "旁邊"};
  if (pair.find("孩") != std::string_view::npos) return true;
  return std::find(std::begin(kGeneric), std::end(kGeneric), pair) != std::end(kGeneric);
}

// The varieties of Chinese among the phrase table's languages. Two of them do not exclude each
// other for a child (a Sichuan child also speaks Mandarin); English against Mandarin does.
bool IsChineseLanguageId(std::string_view id) {
  static constexpr std::string_view kChinese[] = {
      "language.mandarin", "language.cantonese",    "language.hokkien",   "language.teochew",
      "language.hakka",    "language.shanghainese", "language.sichuanese"};
  return std::find(std::begin(kChinese), std::end(kChinese), id) != std::end(kChinese);
}

uint64_t LanguageId(std::string_view phrase_id) {
  const uint64_t h = Hash("p", phrase_id) & ~(kChineseBit | kUnnamedLanguageBit);
  return IsChineseLanguageId(phrase_id) ? h | kChineseBit : h;
}

// A language field the table does not know ("河南话", "方言"): its own text is the id, and a
// name ending in 话 ("speech") is a Chinese dialect. A text that names no language ("不会说",
// "听不懂", "婴儿", "无", "unknown", "听不懂的方言") says the officer could not tell which: it
// carries kUnnamedLanguageBit, and the matcher treats it as unknown, not as another language
// (a "方言" without a name is still some variety of Chinese).
uint64_t OwnLanguageId(const std::string& lowered) {
  const uint64_t h = Hash("lang", lowered) & ~(kChineseBit | kUnnamedLanguageBit);
  auto ends = [&](std::string_view tail) {
    return lowered.size() >= tail.size() &&
           std::string_view(lowered).substr(lowered.size() - tail.size()) == tail;
  };
  auto has = [&](std::string_view part) { return lowered.find(part) != std::string::npos; };
  // "不会说话" (cannot talk) ends in 话 but names no dialect.
  static constexpr std::string_view kNegations[] = {"不", "没", "沒", "无", "無", "冇", "未"};
  bool negated = false;
  for (std::string_view n : kNegations) negated = negated || has(n);
  const bool named = !negated && (ends("话") || ends("話") || ends("语") || ends("語"));
  const bool chinese = has("方言") || has("dialect") || (named && (ends("话") || ends("話")));
  return h | (chinese ? kChineseBit : 0) | (named ? 0 : kUnnamedLanguageBit);
}

// Words that state the absence of what follows them ("没戴眼镜", "no glasses").
bool NegatedBefore(std::string_view text, size_t begin) {
  // 冇 is Cantonese for "has no" ("額頭冇疤").
  static constexpr std::string_view kCjk[] = {"没", "沒", "不", "无", "無", "未", "冇"};
  // A negation ends at its clause: "口齿不清，偏胖" (lisps, chubby) says nothing absent.
  static constexpr std::string_view kClauseEnd[] = {"，", "。", "、", "；", "！", "？", "：",
                                                    ",", ";", ".", "!", "?", ":"};
  // The two code points before the phrase ("没有戴眼镜" reaches 没 past 有).
  size_t pos = begin;
  for (int back = 0; back < 3 && pos > 0; ++back) {
    size_t start = pos - 1;
    while (start > 0 && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80) --start;
    const std::string_view cp = text.substr(start, pos - start);
    for (std::string_view e : kClauseEnd)
      if (cp == e) return false;
    for (std::string_view n : kCjk)
      if (cp == n) return true;
    pos = start;
  }
  static constexpr std::string_view kEnglish[] = {"no ", "not ", "without ", "never ", "no longer "};
  const std::string lower = absl::AsciiStrToLower(
      absl::string_view(text.data(), begin).substr(begin > 12 ? begin - 12 : 0));
  for (std::string_view n : kEnglish)
    if (lower.size() >= n.size() && std::string_view(lower).substr(lower.size() - n.size()) == n)
      return true;
  return false;
}

// "普通话听不懂", "普通话不会": a language named and then denied.
bool DeniedAfter(std::string_view text, size_t end) {
  static constexpr std::string_view kDenied[] = {"听不", "聽不", "不会", "不會", "不懂", "不太"};
  const std::string_view rest = text.substr(end, 9);
  for (std::string_view d : kDenied)
    if (rest.find(d) != std::string_view::npos && rest.find(d) <= 3) return true;
  return false;
}

bool IsCjk(char32_t c) { return (c >= 0x3400 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF); }

// Function characters of Chinese (particles, pronouns, degree words, "has", "is"): a character
// pair holding one says how a sentence is built, not what the child looks like ("得很" of
// "梳得很整齐", "有耳" of "有耳洞"), so two reports sharing it share nothing about the child.
bool IsFunctionCharacter(char32_t c) {
  static constexpr char32_t kFunction[] = {
      U'的', U'了', U'得', U'地', U'着', U'著', U'很', U'挺', U'太', U'是', U'有', U'在', U'个',
      U'個', U'也', U'都', U'就', U'还', U'還', U'和', U'跟', U'说', U'說', U'会', U'會', U'要',
      U'他', U'她', U'它', U'我', U'你', U'们', U'們', U'这', U'這', U'那', U'吗', U'嗎', U'呢',
      U'吧', U'啊', U'把', U'被', U'给', U'給', U'让', U'讓', U'又', U'再', U'比', U'较', U'較',
      // Numbers and measure words ("一根大辫子" shares 一根 with any "一根…"), and the verbs of
      // wearing and holding ("扎半", "拿塑" say how, not what).
      U'一', U'两', U'兩', U'二', U'三', U'根', U'条', U'條', U'只', U'隻', U'件', U'颗', U'顆',
      U'扎', U'紮', U'拿', U'戴', U'穿', U'梳'};
  return std::find(std::begin(kFunction), std::end(kFunction), c) != std::end(kFunction);
}
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

// True when the pair starting at cps[i] follows a word of "has no" ("没有望远镜", "冇疤") with at
// most one character between (有, 戴, 带). Only words of absence: 不 of "不肯说话" or "不太高"
// qualifies how, and states nothing absent.
bool FreePairNegated(const std::u32string& cps, size_t i) {
  for (size_t back = 1; back <= 2 && back <= i; ++back) {
    const char32_t c = cps[i - back];
    if (c == U'没' || c == U'沒' || c == U'冇' || c == U'无' || c == U'無') return true;
    if (back == 1 && c != U'有' && c != U'戴' && c != U'带' && c != U'帶') return false;
  }
  return false;
}

// Character pairs of Chinese runs and whole English words, skipping code points in `masked`
// (the spans the phrase table already read). A pair stated absent goes to `negated`.
void AddFreeWords(FeatureTerms& t, const std::u32string& cps,
                  const std::vector<bool>& masked) {
  std::string word;
  auto flush_word = [&] {
    if (word.size() >= 3 && !IsStopWord(word)) Add(t, t.asserted, Hash("w", word) | kFreeBit, word);
    word.clear();
  };
  for (size_t i = 0; i < cps.size(); ++i) {
    const char32_t c = cps[i];
    if (IsLatin(c) && !masked[i]) {
      word += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
      continue;
    }
    flush_word();
    if (i + 1 < cps.size() && IsCjk(c) && IsCjk(cps[i + 1]) && !masked[i] && !masked[i + 1] &&
        !IsFunctionCharacter(c) && !IsFunctionCharacter(cps[i + 1])) {
      std::string pair;
      AppendUtf8(c, pair);
      AppendUtf8(cps[i + 1], pair);
      if (!IsGenericPair(pair))
        Add(t, FreePairNegated(cps, i) ? t.negated : t.asserted, Hash("g", pair) | kFreeBit, pair);
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

FeatureTerms ReadFeatureTerms(std::string_view text, const text::PhraseTable* phrases,
                              bool skip_colours) {
  FeatureTerms t;
  const std::u32string cps = DecodeUtf8(text);
  std::vector<bool> masked(cps.size(), false);
  if (phrases != nullptr) {
    // Byte offset of each code point, to mask what the table read.
    std::vector<size_t> offset;
    offset.reserve(cps.size() + 1);
    for (size_t i = 0, at = 0; i < cps.size(); ++i) {
      offset.push_back(at);
      std::string one;
      AppendUtf8(cps[i], one);
      at += one.size();
    }
    for (const text::PhraseMatch& m : phrases->Scan(text)) {
      const text::Phrase& p = *m.phrase;
      if (p.kind == text::PhraseKind::kPlace) continue;  // where it was found, not the child
      for (size_t i = 0; i < cps.size(); ++i)
        if (offset[i] >= m.begin && offset[i] < m.end) masked[i] = true;
      const std::string name = p.en.empty() ? p.id : p.en;
      if (p.kind == text::PhraseKind::kLanguage) {
        if (NegatedBefore(text, m.begin) || DeniedAfter(text, m.end)) continue;
        const uint64_t id = LanguageId(p.id);
        t.languages.push_back(id);
        if (t.NameOf(id) == nullptr) t.names.emplace_back(id, name);
        continue;
      }
      if (skip_colours && p.kind == text::PhraseKind::kColour) continue;
      if (IsPassingState(p.id)) continue;
      const bool negated = NegatedBefore(text, m.begin);
      const uint64_t id = FeaturePhraseTerm(p.id);
      Add(t, negated ? t.negated : t.asserted, id, name);
      if (!negated) t.hair |= HairLengthOf(p.id);
      if (!negated && p.kind == text::PhraseKind::kPattern && IsMotifId(p.id)) t.motifs.push_back(id);
      // Only what is present implies its general kind: no phone watch may still be a watch.
      if (const std::string_view general = GeneralOf(p.id); !general.empty() && !negated) {
        const text::Phrase* g = phrases->FindById(general);
        const uint64_t general_id = Hash("p", general) & ~(kFreeBit | kTraitBit);
        Add(t, t.asserted, general_id, g != nullptr && !g->en.empty() ? g->en : std::string(general));
        if (IsMotifId(general)) t.motifs.push_back(general_id);
      }
    }
  }
  AddFreeWords(t, cps, masked);
  SortUnique(t.asserted);
  SortUnique(t.negated);
  SortUnique(t.languages);
  SortUnique(t.motifs);
  return t;
}

std::vector<uint64_t> ReadLanguageField(std::string_view text, const text::PhraseTable* phrases,
                                        std::vector<std::pair<uint64_t, std::string>>* names) {
  std::vector<uint64_t> out;
  const std::string own =
      absl::AsciiStrToLower(absl::StripAsciiWhitespace(absl::string_view(text.data(), text.size())));
  if (own.empty()) return out;
  if (phrases != nullptr) {
    // "粵語", "Cantonese and English": every language the field names, in any script.
    for (const text::PhraseMatch& m : phrases->Scan(text, text::PhraseKind::kLanguage)) {
      const uint64_t id = LanguageId(m.phrase->id);
      out.push_back(id);
      if (names != nullptr) names->emplace_back(id, m.phrase->en.empty() ? m.phrase->id : m.phrase->en);
    }
  }
  if (out.empty()) {
    const uint64_t id = OwnLanguageId(own);
    out.push_back(id);
    if (names != nullptr) names->emplace_back(id, own);
  }
  SortUnique(out);
  return out;
}

bool HairLengthsExclude(int a, int b) {
  const bool a_known = a == kHairShort || a == kHairLong;
  const bool b_known = b == kHairShort || b == kHairLong;
  return a_known && b_known && a != b;
}

uint64_t FeaturePhraseTerm(std::string_view phrase_id) {
  return (Hash("p", phrase_id) & ~(kFreeBit | kTraitBit)) |
         (IsCommonTraitId(phrase_id) ? kTraitBit : 0);
}

bool StatedAbsentBefore(std::string_view text, size_t begin) { return NegatedBefore(text, begin); }

bool IsFreeWord(uint64_t term) { return (term & kFreeBit) != 0; }

bool IsCommonTrait(uint64_t term) { return (term & (kFreeBit | kTraitBit)) == kTraitBit; }

bool IsChineseVariety(uint64_t language) { return (language & kChineseBit) != 0; }

bool IsMandarin(uint64_t language) { return language == LanguageId("language.mandarin"); }

bool IsUnnamedLanguage(uint64_t language) { return (language & kUnnamedLanguageBit) != 0; }

LanguageSide DescribeLanguages(const std::vector<uint64_t>& languages) {
  LanguageSide side;
  side.chinese = side.mandarin = !languages.empty();
  bool all_unnamed = !languages.empty();
  for (uint64_t l : languages) {
    side.chinese = side.chinese && IsChineseVariety(l);
    side.mandarin = side.mandarin && IsMandarin(l);
    all_unnamed = all_unnamed && IsUnnamedLanguage(l);
    side.unnamed_chinese = side.unnamed_chinese || (IsUnnamedLanguage(l) && IsChineseVariety(l));
  }
  side.unknown = all_unnamed && !side.chinese;
  return side;
}

double LanguageDifference(const LanguageSide& a, const LanguageSide& b) {
  if (a.unknown || b.unknown) return 0.0;              // one side could not tell: neutral
  if (!(a.chinese && b.chinese)) return -1.0;          // Chinese against English, ...
  if (a.unnamed_chinese || b.unnamed_chinese) return 0.0;  // "a dialect" against a named one
  if (a.mandarin || b.mandarin) return 0.0;            // a dialect at home, Mandarin outside
  return -0.2;                                         // two named varieties of Chinese
}

}  // namespace cs::cases
