#include "services/cases/core/feature_slots.h"

#include <algorithm>
#include <optional>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/text/phrase_table.h"
#include "services/cases/core/feature_terms.h"

namespace cs::cases {
namespace {

// The things whose side, place or colour a report states, by how robust those are. A thing
// not listed (a hair style, a trait, "does not speak") has no slot compared here.
constexpr std::string_view kMarks[] = {
    "feature.mole",         "feature.birthmark", "feature.scar",       "feature.freckles",
    "feature.dimples",      "feature.rash",      "feature.bites",      "feature.bruise",
    "feature.cast",         "feature.plaster",   "feature.face_paint", "feature.tattoo_sticker",
    "feature.missing_tooth"};
constexpr std::string_view kWorn[] = {
    "feature.glasses",     "feature.bracelet",       "feature.red_string", "feature.watch",
    "feature.phone_watch", "feature.hair_clip",      "feature.headband",   "feature.necklace",
    "feature.earrings",    "feature.longevity_lock", "feature.hairpin",    "feature.sunglasses",
    "feature.face_mask",   "feature.headphones",     "feature.helmet",     "feature.hearing_aid"};
constexpr std::string_view kCarried[] = {
    "feature.balloon",   "feature.plush_toy",   "feature.water_bottle", "feature.umbrella",
    "feature.fan",       "feature.pinwheel",    "feature.bubbles",      "feature.water_gun",
    "feature.toy_car",   "feature.toy_gun",     "feature.glow_stick",   "feature.lollipop",
    "feature.ice_cream", "feature.phone",       "feature.tablet",       "feature.scooter",
    "feature.pushchair", "feature.baby_bottle", "feature.toy"};

std::optional<SlotObject> ClassOf(std::string_view id) {
  auto in = [&](const auto& list) {
    return std::find(std::begin(list), std::end(list), id) != std::end(list);
  };
  if (in(kMarks)) return SlotObject::kMark;
  if (in(kWorn)) return SlotObject::kWorn;
  if (in(kCarried)) return SlotObject::kCarried;
  return std::nullopt;
}

// Body regions, coarse on purpose: a mole "on the cheek" and one "under the eye" are one mole
// to two people describing it; one on the face and one on the hand are two.
enum BodyRegion : uint32_t { kHead = 1, kNeck = 2, kArm = 4, kLeg = 8, kTorso = 16 };

struct RegionWord {
  std::string_view word;
  uint32_t region;
};
constexpr RegionWord kRegionWords[] = {
    {"脸", kHead},       {"颊", kHead},     {"额", kHead},       {"眉", kHead},
    {"眼", kHead},       {"鼻", kHead},     {"嘴", kHead},       {"唇", kHead},
    {"下巴", kHead},     {"腮", kHead},     {"耳", kHead},       {"脖", kNeck},
    {"颈", kNeck},       {"手", kArm},      {"臂", kArm},        {"腕", kArm},
    {"胳膊", kArm},      {"肘", kArm},      {"指", kArm},        {"腿", kLeg},
    {"脚", kLeg},        {"膝", kLeg},      {"踝", kLeg},        {"背", kTorso},
    {"肚", kTorso},      {"胸", kTorso},    {"腰", kTorso},      {"肩", kTorso},
    {"cheek", kHead},    {"face", kHead},   {"forehead", kHead}, {"brow", kHead},
    {"eye", kHead},      {"nose", kHead},   {"lip", kHead},      {"chin", kHead},
    {"mouth", kHead},    {"ear", kHead},    {"neck", kNeck},     {"arm", kArm},
    {"hand", kArm},      {"wrist", kArm},   {"elbow", kArm},     {"finger", kArm},
    {"leg", kLeg},       {"knee", kLeg},    {"foot", kLeg},      {"ankle", kLeg},
    {"back", kTorso},    {"belly", kTorso}, {"tummy", kTorso},   {"chest", kTorso},
    {"shoulder", kTorso}};

bool IsAsciiLetter(char c) { return absl::ascii_isalpha(static_cast<unsigned char>(c)); }

// Whether the ASCII word at `at` of `lower` starts a word (English words match at a word's
// start only, so "earring" is no ear and "backpack" is a back only as "back").
bool WordStart(std::string_view lower, size_t at) {
  return at == 0 || !IsAsciiLetter(lower[at - 1]);
}
bool WordEnd(std::string_view lower, size_t end) {
  return end >= lower.size() || !IsAsciiLetter(lower[end]) || lower[end] == 's';
}

uint32_t SidesIn(std::string_view seg) {
  uint32_t sides = 0;
  // 左右 is "about" ("110左右"), not a side.
  for (size_t at = seg.find("左"); at != std::string_view::npos; at = seg.find("左", at + 1))
    if (seg.substr(at, 6) != "左右") sides |= kSideLeft;
  for (size_t at = seg.find("右"); at != std::string_view::npos; at = seg.find("右", at + 1))
    if (at < 3 || seg.substr(at - 3, 6) != "左右") sides |= kSideRight;
  const std::string lower = absl::AsciiStrToLower(absl::string_view(seg.data(), seg.size()));
  for (auto [word, side] :
       {std::pair<std::string_view, uint32_t>{"left", kSideLeft}, {"right", kSideRight}})
    for (size_t at = lower.find(word); at != std::string::npos; at = lower.find(word, at + 1))
      if (WordStart(lower, at) && WordEnd(lower, at + word.size())) sides |= side;
  return sides;
}

uint32_t RegionsIn(std::string_view seg) {
  uint32_t regions = 0;
  const std::string lower = absl::AsciiStrToLower(absl::string_view(seg.data(), seg.size()));
  for (const RegionWord& r : kRegionWords) {
    const bool latin = IsAsciiLetter(r.word[0]);
    for (size_t at = lower.find(r.word); at != std::string::npos; at = lower.find(r.word, at + 1))
      if (!latin || (WordStart(lower, at) && WordEnd(lower, at + r.word.size()))) {
        regions |= r.region;
        break;
      }
  }
  return regions;
}

// Clause ends: what a report says next to a thing stays within its clause.
bool IsClauseEnd(std::string_view text, size_t at, size_t* len) {
  static constexpr std::string_view kEnds[] = {"，", "。", "、", "；", "！", "？",
                                               "\n", ",",  ";",  ".",  "!",  "?"};
  for (std::string_view e : kEnds)
    if (text.substr(at, e.size()) == e) {
      *len = e.size();
      return true;
    }
  return false;
}

// "没戴红色手表", "no red watch": the absence stated before the thing's own words.
bool StatesAbsence(std::string_view seg) {
  static constexpr std::string_view kCjk[] = {"没", "沒", "冇", "无", "無"};
  for (std::string_view n : kCjk)
    for (size_t at = seg.find(n); at != std::string_view::npos; at = seg.find(n, at + 1)) {
      const std::string_view rest = seg.substr(at + n.size());
      if (rest.substr(0, 3) != "名" && rest.substr(0, 3) != "聊") return true;  // 无名指, 无聊
    }
  const std::string lower = absl::AsciiStrToLower(absl::string_view(seg.data(), seg.size()));
  for (std::string_view n : {"no", "not", "without"})
    for (size_t at = lower.find(n); at != std::string::npos; at = lower.find(n, at + 1))
      if (WordStart(lower, at) &&
          (at + n.size() >= lower.size() || !IsAsciiLetter(lower[at + n.size()])))
        return true;
  return false;
}

void AddColours(std::vector<NamedColour>& into, std::string_view seg) {
  for (NamedColour& c : FindColours(seg)) {
    const bool have = std::any_of(into.begin(), into.end(),
                                  [&](const NamedColour& h) { return h.canonical == c.canonical; });
    if (!have) into.push_back(std::move(c));
  }
}

const char* ZhOf(SlotObject k) {
  return k == SlotObject::kMark   ? "身上的记号不会移动"
         : k == SlotObject::kWorn ? "戴的东西当天很少换"
                                  : "拿着的东西容易换";
}
const char* EnOf(SlotObject k) {
  return k == SlotObject::kMark   ? "a mark on the body does not move"
         : k == SlotObject::kWorn ? "a worn thing is rarely changed in a day"
                                  : "a carried thing is easily swapped: weak";
}

std::string SidesEn(uint32_t s) {
  return s == (kSideLeft | kSideRight) ? "both sides" : s == kSideLeft ? "the left" : "the right";
}
std::string SidesZh(uint32_t s) {
  return s == (kSideLeft | kSideRight) ? "两边" : s == kSideLeft ? "左边" : "右边";
}

std::string ColourWords(const std::vector<NamedColour>& cs) {
  std::string out;
  for (const auto& c : cs)
    absl::StrAppend(&out, out.empty() ? "" : "/", c.word.empty() ? c.canonical : c.word);
  return out;
}

}  // namespace

std::vector<SlotClaim> ReadFeatureSlots(std::string_view text, const text::PhraseTable* phrases) {
  std::vector<SlotClaim> out;
  if (phrases == nullptr || text.empty()) return out;
  // Clause boundaries, in bytes.
  std::vector<size_t> ends;
  for (size_t at = 0, len = 0; at < text.size(); ++at)
    if (IsClauseEnd(text, at, &len)) ends.push_back(at);
  auto clause_of = [&](size_t at) {
    return static_cast<size_t>(std::upper_bound(ends.begin(), ends.end(), at) - ends.begin());
  };
  auto clause_end = [&](size_t clause) {
    return clause < ends.size() ? ends[clause] : text.size();
  };
  auto clause_begin = [&](size_t clause) {
    if (clause == 0) return size_t{0};
    size_t len = 1;
    IsClauseEnd(text, ends[clause - 1], &len);
    return ends[clause - 1] + len;
  };
  const auto matches = phrases->Scan(text);
  for (size_t i = 0; i < matches.size(); ++i) {
    const text::PhraseMatch& m = matches[i];
    if (m.phrase->kind != text::PhraseKind::kFeature) continue;
    const auto kind = ClassOf(m.phrase->id);
    if (!kind || StatedAbsentBefore(text, m.begin)) continue;
    const size_t clause = clause_of(m.begin);
    // The words before it back to the previous thing of its clause (any phrase but a colour),
    // and after it, when it is the clause's last thing, to the clause's end.
    size_t from = clause_begin(clause);
    for (size_t j = 0; j < i; ++j)
      if (matches[j].phrase->kind != text::PhraseKind::kColour && matches[j].end <= m.begin &&
          clause_of(matches[j].begin) == clause)
        from = std::max(from, matches[j].end);
    bool last = true;
    for (size_t j = i + 1; j < matches.size(); ++j)
      if (matches[j].phrase->kind != text::PhraseKind::kColour &&
          clause_of(matches[j].begin) == clause && matches[j].begin >= m.end)
        last = false;
    if (StatesAbsence(text.substr(from, m.begin - from))) continue;
    const uint64_t term = FeaturePhraseTerm(m.phrase->id);
    auto it =
        std::find_if(out.begin(), out.end(), [&](const SlotClaim& c) { return c.object == term; });
    if (it == out.end()) {
      SlotClaim c;
      c.object = term;
      c.kind = *kind;
      c.name_en = m.phrase->en.empty() ? m.phrase->id : m.phrase->en;
      c.name_zh = m.phrase->zh_hans;
      out.push_back(std::move(c));
      it = out.end() - 1;
    }
    std::vector<std::string_view> segs = {text.substr(from, m.begin - from)};
    if (last) segs.push_back(text.substr(m.end, clause_end(clause) - m.end));
    for (std::string_view seg : segs) {
      it->sides |= SidesIn(seg);
      it->regions |= RegionsIn(seg);
      AddColours(it->colours, seg);
    }
  }
  return out;
}

std::vector<SlotConflict> SlotConflicts(const std::vector<SlotClaim>& a,
                                        const std::vector<SlotClaim>& b, const SlotWeights& w) {
  std::vector<SlotConflict> out;
  for (const SlotClaim& x : a)
    for (const SlotClaim& y : b) {
      if (x.object != y.object) continue;
      const bool mark = x.kind == SlotObject::kMark, worn = x.kind == SlotObject::kWorn;
      SlotConflict best;
      best.object = x.object;
      auto consider = [&](SlotKind kind, double weight, std::string en, std::string zh) {
        if (weight <= best.weight) return;
        best.kind = kind;
        best.weight = weight;
        best.explanation_en = std::move(en);
        best.explanation_zh = std::move(zh);
      };
      if (x.sides != 0 && y.sides != 0 && (x.sides & y.sides) == 0)
        consider(SlotKind::kSide,
                 mark   ? w.mark_side
                 : worn ? w.worn_side
                        : 0,
                 absl::StrCat(x.name_en, " on ", SidesEn(x.sides), " on one side and on ",
                              SidesEn(y.sides), " on the other (", EnOf(x.kind), ")"),
                 absl::StrCat(x.name_zh, "一方在", SidesZh(x.sides), "，另一方在", SidesZh(y.sides),
                              "（", ZhOf(x.kind), "）"));
      if (mark && x.regions != 0 && y.regions != 0 && (x.regions & y.regions) == 0)
        consider(SlotKind::kRegion, w.mark_region,
                 absl::StrCat(x.name_en, " on another part of the body on each side (",
                              EnOf(x.kind), ")"),
                 absl::StrCat(x.name_zh, "在两份报告中位于身体的不同部位（", ZhOf(x.kind), "）"));
      if (!x.colours.empty() && !y.colours.empty()) {
        double alike = 0;
        for (const NamedColour& p : x.colours)
          for (const NamedColour& q : y.colours) alike = std::max(alike, ColourSimilarity(p, q));
        // Below this the two colours are different colours, not two words for one (silver
        // against gold is 0.30, red against pink 0.44, navy against black above 0.7).
        constexpr double kDifferent = 0.35;
        if (alike < kDifferent)
          consider(SlotKind::kColour,
                   mark   ? w.mark_colour
                   : worn ? w.worn_colour
                          : w.carried_colour,
                   absl::StrCat(x.name_en, " ", ColourWords(x.colours), " on one side and ",
                                ColourWords(y.colours), " on the other (", EnOf(x.kind), ")"),
                   absl::StrCat(x.name_zh, "一方是", ColourWords(x.colours), "，另一方是",
                                ColourWords(y.colours), "（", ZhOf(x.kind), "）"));
      }
      if (best.weight > 0) out.push_back(std::move(best));
    }
  return out;
}

}  // namespace cs::cases
