#include "services/cases/core/colour.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "absl/strings/str_replace.h"
#include "common/text/utf8.h"

namespace cs::cases {
namespace {

enum Family { kRed, kPink, kBlue, kGreen, kYellow, kOrange, kPurple, kWhite, kBlack, kGrey,
              kBrown, kBeige, kSilver, kGold, kFamilies };
constexpr const char* kFamilyNames[kFamilies] = {
    "red",   "pink",  "blue",  "green", "yellow", "orange", "purple",
    "white", "black", "grey",  "brown", "beige",  "silver", "gold"};

struct Entry {
  std::string_view word;
  std::string_view canonical;
  Family family;
  int r, g, b;  // a typical garment sRGB for the word
};

// Synonyms share one sRGB so that "藏青" and "navy" compare as equal. Values are typical
// fabric colours picked by eye from common swatches, not standards. Single characters are the
// base colours a compound falls back to; Traditional forms are folded before lookup.
constexpr Entry kLexicon[] = {
    {"大红", "red", kRed, 215, 20, 30},
    {"红", "red", kRed, 200, 30, 40},
    {"酒红", "burgundy", kRed, 120, 25, 45},
    {"枣红", "burgundy", kRed, 120, 25, 45},
    {"玫红", "rose", kPink, 220, 40, 120},
    {"桃红", "rose", kPink, 220, 40, 120},
    {"粉红", "pink", kPink, 245, 160, 185},
    {"粉", "pink", kPink, 245, 160, 185},
    {"深蓝", "dark blue", kBlue, 25, 45, 110},
    {"藏青", "navy", kBlue, 25, 35, 80},
    {"藏蓝", "navy", kBlue, 25, 35, 80},
    {"海军蓝", "navy", kBlue, 25, 35, 80},
    {"宝蓝", "royal blue", kBlue, 40, 80, 200},
    {"天蓝", "sky blue", kBlue, 110, 180, 235},
    {"湖蓝", "sky blue", kBlue, 60, 150, 200},
    {"浅蓝", "light blue", kBlue, 160, 200, 235},
    {"淡蓝", "light blue", kBlue, 160, 200, 235},
    {"牛仔蓝", "denim", kBlue, 70, 100, 150},
    {"蓝", "blue", kBlue, 35, 85, 190},
    {"军绿", "olive", kGreen, 90, 100, 50},
    {"迷彩", "olive", kGreen, 90, 100, 50},
    {"墨绿", "dark green", kGreen, 25, 70, 45},
    {"深绿", "dark green", kGreen, 25, 70, 45},
    {"浅绿", "light green", kGreen, 140, 210, 140},
    {"薄荷绿", "mint", kGreen, 170, 230, 200},
    {"绿", "green", kGreen, 40, 150, 70},
    {"黄", "yellow", kYellow, 245, 210, 40},
    {"橙", "orange", kOrange, 240, 130, 35},
    {"橘", "orange", kOrange, 240, 130, 35},
    {"紫", "purple", kPurple, 120, 65, 160},
    {"米白", "off-white", kWhite, 225, 212, 185},
    {"米色", "beige", kBeige, 225, 212, 185},
    {"白", "white", kWhite, 242, 242, 242},
    {"黑", "black", kBlack, 25, 25, 28},
    {"深灰", "dark grey", kGrey, 70, 70, 72},
    {"浅灰", "light grey", kGrey, 190, 190, 192},
    {"灰", "grey", kGrey, 128, 128, 130},
    {"棕", "brown", kBrown, 115, 75, 45},
    {"褐", "brown", kBrown, 115, 75, 45},
    {"咖啡", "brown", kBrown, 115, 75, 45},
    {"咖", "brown", kBrown, 115, 75, 45},
    {"啡", "brown", kBrown, 115, 75, 45},  // Cantonese
    {"卡其", "khaki", kBeige, 190, 170, 120},
    {"银", "silver", kSilver, 192, 192, 198},
    {"金", "gold", kGold, 210, 170, 55},
    {"red", "red", kRed, 200, 30, 40},
    {"scarlet", "red", kRed, 215, 20, 30},
    {"crimson", "red", kRed, 180, 20, 50},
    {"burgundy", "burgundy", kRed, 120, 25, 45},
    {"maroon", "burgundy", kRed, 120, 25, 45},
    {"wine", "burgundy", kRed, 120, 25, 45},
    {"pink", "pink", kPink, 245, 160, 185},
    {"rose", "rose", kPink, 220, 40, 120},
    {"hot pink", "rose", kPink, 220, 40, 120},
    {"magenta", "rose", kPink, 220, 40, 120},
    {"fuchsia", "rose", kPink, 220, 40, 120},
    {"coral", "coral", kPink, 245, 120, 100},
    {"peach", "peach", kPink, 250, 190, 160},
    {"navy blue", "navy", kBlue, 25, 35, 80},
    {"navy", "navy", kBlue, 25, 35, 80},
    {"dark blue", "dark blue", kBlue, 25, 45, 110},
    {"royal blue", "royal blue", kBlue, 40, 80, 200},
    {"light blue", "light blue", kBlue, 160, 200, 235},
    {"baby blue", "light blue", kBlue, 160, 200, 235},
    {"sky blue", "sky blue", kBlue, 110, 180, 235},
    {"denim", "denim", kBlue, 70, 100, 150},
    {"turquoise", "teal", kBlue, 60, 190, 190},
    {"teal", "teal", kBlue, 0, 128, 128},
    {"cyan", "teal", kBlue, 60, 190, 190},
    {"blue", "blue", kBlue, 35, 85, 190},
    {"dark green", "dark green", kGreen, 25, 70, 45},
    {"army green", "olive", kGreen, 90, 100, 50},
    {"olive", "olive", kGreen, 90, 100, 50},
    {"camo", "olive", kGreen, 90, 100, 50},
    {"camouflage", "olive", kGreen, 90, 100, 50},
    {"light green", "light green", kGreen, 140, 210, 140},
    {"mint", "mint", kGreen, 170, 230, 200},
    {"lime", "light green", kGreen, 160, 220, 60},
    {"green", "green", kGreen, 40, 150, 70},
    {"yellow", "yellow", kYellow, 245, 210, 40},
    {"mustard", "yellow", kYellow, 210, 170, 40},
    {"orange", "orange", kOrange, 240, 130, 35},
    {"purple", "purple", kPurple, 120, 65, 160},
    {"violet", "purple", kPurple, 120, 65, 160},
    {"lilac", "lilac", kPurple, 195, 165, 215},
    {"lavender", "lilac", kPurple, 195, 165, 215},
    {"white", "white", kWhite, 242, 242, 242},
    {"off-white", "off-white", kWhite, 225, 212, 185},
    {"ivory", "off-white", kWhite, 235, 228, 205},
    {"cream", "beige", kBeige, 225, 212, 185},
    {"beige", "beige", kBeige, 225, 212, 185},
    {"tan", "khaki", kBeige, 190, 160, 115},
    {"camel", "khaki", kBeige, 190, 150, 100},
    {"black", "black", kBlack, 25, 25, 28},
    {"charcoal", "dark grey", kGrey, 70, 70, 72},
    {"dark grey", "dark grey", kGrey, 70, 70, 72},
    {"dark gray", "dark grey", kGrey, 70, 70, 72},
    {"light grey", "light grey", kGrey, 190, 190, 192},
    {"light gray", "light grey", kGrey, 190, 190, 192},
    {"grey", "grey", kGrey, 128, 128, 130},
    {"gray", "grey", kGrey, 128, 128, 130},
    {"brown", "brown", kBrown, 115, 75, 45},
    {"coffee", "brown", kBrown, 115, 75, 45},
    {"chocolate", "brown", kBrown, 90, 55, 35},
    {"khaki", "khaki", kBeige, 190, 170, 120},
    {"silver", "silver", kSilver, 192, 192, 198},
    {"gold", "gold", kGold, 210, 170, 55},
};

// Traditional (and a few variant) forms of the characters colour words are made of.
const std::vector<std::pair<std::string, std::string>>& TraditionalFolds() {
  static const auto* kFolds = new std::vector<std::pair<std::string, std::string>>{
      {"紅", "红"}, {"黃", "黄"}, {"藍", "蓝"}, {"綠", "绿"}, {"銀", "银"}, {"淺", "浅"},
      {"軍", "军"}, {"熒", "荧"}, {"寶", "宝"}, {"鮮", "鲜"}, {"醬", "酱"}, {"棗", "枣"},
      {"咖啡色", "咖啡"}, {"灰色", "灰"}, {"顏色", ""}, {"颜色", ""}};
  return *kFolds;
}

std::string Fold(std::string_view s) {
  return absl::StrReplaceAll(absl::string_view(s.data(), s.size()), TraditionalFolds());
}

// Shade modifiers a compound may carry before its base colour, and what they do.
enum class Shade { kNone, kLighter, kDarker, kBrighter };
struct Modifier {
  std::string_view word;
  Shade shade;
};
constexpr Modifier kModifiers[] = {
    {"浅", Shade::kLighter},   {"淡", Shade::kLighter},    {"奶", Shade::kLighter},
    {"粉", Shade::kLighter},   {"深", Shade::kDarker},     {"暗", Shade::kDarker},
    {"亮", Shade::kBrighter},  {"鲜", Shade::kBrighter},   {"荧光", Shade::kBrighter},
    {"light ", Shade::kLighter}, {"pale ", Shade::kLighter}, {"pastel ", Shade::kLighter},
    {"dark ", Shade::kDarker}, {"deep ", Shade::kDarker},  {"bright ", Shade::kBrighter},
    {"neon ", Shade::kBrighter}};

Lab ApplyShade(Lab c, Shade s) {
  switch (s) {
    case Shade::kLighter:
      c.l += (95 - c.l) * 0.45f, c.a *= 0.6f, c.b *= 0.6f;
      break;
    case Shade::kDarker:
      c.l *= 0.6f, c.a *= 0.8f, c.b *= 0.8f;
      break;
    case Shade::kBrighter:
      c.a *= 1.2f, c.b *= 1.2f;
      break;
    case Shade::kNone:
      break;
  }
  return c;
}

Lab Mix(const Lab& head, const Lab& tint, float tint_share) {
  const float k = 1 - tint_share;
  return {head.l * k + tint.l * tint_share, head.a * k + tint.a * tint_share,
          head.b * k + tint.b * tint_share};
}

bool IsAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// Does `word` occur at text[pos] (ASCII case-insensitively)?
bool MatchesAt(std::string_view text, size_t pos, std::string_view word) {
  if (pos + word.size() > text.size()) return false;
  for (size_t k = 0; k < word.size(); ++k)
    if (Lower(text[pos + k]) != word[k]) return false;
  if (IsAsciiAlpha(word[0])) {
    if (pos > 0 && IsAsciiAlpha(text[pos - 1])) return false;
    const size_t end = pos + word.size();
    if (end < text.size() && IsAsciiAlpha(text[end])) return false;
  }
  return true;
}

// Does `word` end exactly at text[end) (for modifiers written before a colour)?
bool EndsAt(std::string_view text, size_t end, std::string_view word) {
  if (word.size() > end) return false;
  const size_t pos = end - word.size();
  for (size_t k = 0; k < word.size(); ++k)
    if (Lower(text[pos + k]) != word[k]) return false;
  return !IsAsciiAlpha(word[0]) || pos == 0 || !IsAsciiAlpha(text[pos - 1]);
}

NamedColour ToNamed(const Entry& e) {
  return {std::string(e.canonical), SrgbToLab(e.r, e.g, e.b), e.family, std::string(e.word),
          false};
}

const Entry* LongestAt(std::string_view text, size_t pos) {
  const Entry* best = nullptr;
  for (const Entry& e : kLexicon)
    if ((best == nullptr || e.word.size() > best->word.size()) && MatchesAt(text, pos, e.word))
      best = &e;
  return best;
}

// Colours only when a word stands alone as a colour: in free text "米" is a metre or Mickey
// (米老鼠) and "青" a frog (青蛙).
constexpr Entry kWordOnly[] = {
    {"米", "beige", kBeige, 225, 212, 185},
    {"青", "teal", kBlue, 0, 128, 128},
};

const Entry* Exact(std::string_view w) {
  for (const Entry& e : kLexicon)
    if (e.word.size() == w.size() && MatchesAt(w, 0, e.word)) return &e;
  for (const Entry& e : kWordOnly)
    if (e.word == w) return &e;
  return nullptr;
}

double Linearise(int c8) {
  const double c = c8 / 255.0;
  return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}

double LabF(double t) {
  constexpr double kDelta = 6.0 / 29.0;
  return t > kDelta * kDelta * kDelta ? std::cbrt(t) : t / (3 * kDelta * kDelta) + 4.0 / 29.0;
}

double Deg(double rad) { return rad * 180.0 / std::numbers::pi; }
double Rad(double deg) { return deg * std::numbers::pi / 180.0; }

}  // namespace

Lab SrgbToLab(int r, int g, int b) {
  const double rl = Linearise(r), gl = Linearise(g), bl = Linearise(b);
  // sRGB -> XYZ (D65), then normalise by the D65 white point.
  const double x = (0.4124564 * rl + 0.3575761 * gl + 0.1804375 * bl) / 0.95047;
  const double y = 0.2126729 * rl + 0.7151522 * gl + 0.0721750 * bl;
  const double z = (0.0193339 * rl + 0.1191920 * gl + 0.9503041 * bl) / 1.08883;
  const double fx = LabF(x), fy = LabF(y), fz = LabF(z);
  return {static_cast<float>(116 * fy - 16), static_cast<float>(500 * (fx - fy)),
          static_cast<float>(200 * (fy - fz))};
}

// Follows Sharma, Wu & Dalal (2005), "The CIEDE2000 color-difference formula:
// implementation notes", including their hue-angle conventions.
double DeltaE2000(const Lab& x, const Lab& y) {
  const double l1 = x.l, a1 = x.a, b1 = x.b, l2 = y.l, a2 = y.a, b2 = y.b;
  const double c1 = std::hypot(a1, b1), c2 = std::hypot(a2, b2);
  const double c_bar = (c1 + c2) / 2;
  const double c_bar7 = std::pow(c_bar, 7);
  const double g = 0.5 * (1 - std::sqrt(c_bar7 / (c_bar7 + std::pow(25.0, 7))));
  const double a1p = (1 + g) * a1, a2p = (1 + g) * a2;
  const double c1p = std::hypot(a1p, b1), c2p = std::hypot(a2p, b2);
  auto hue = [](double b, double ap) {
    if (b == 0 && ap == 0) return 0.0;
    double h = Deg(std::atan2(b, ap));
    return h < 0 ? h + 360 : h;
  };
  const double h1p = hue(b1, a1p), h2p = hue(b2, a2p);

  const double dlp = l2 - l1;
  const double dcp = c2p - c1p;
  double dhp = 0;
  if (c1p * c2p != 0) {
    dhp = h2p - h1p;
    if (dhp > 180) dhp -= 360;
    if (dhp < -180) dhp += 360;
  }
  const double d_big_hp = 2 * std::sqrt(c1p * c2p) * std::sin(Rad(dhp / 2));

  const double lp_bar = (l1 + l2) / 2;
  const double cp_bar = (c1p + c2p) / 2;
  double hp_bar = h1p + h2p;
  if (c1p * c2p != 0) {
    if (std::abs(h1p - h2p) <= 180) {
      hp_bar /= 2;
    } else {
      hp_bar = (h1p + h2p < 360) ? (hp_bar + 360) / 2 : (hp_bar - 360) / 2;
    }
  }
  const double t = 1 - 0.17 * std::cos(Rad(hp_bar - 30)) + 0.24 * std::cos(Rad(2 * hp_bar)) +
                   0.32 * std::cos(Rad(3 * hp_bar + 6)) - 0.20 * std::cos(Rad(4 * hp_bar - 63));
  const double d_theta = 30 * std::exp(-std::pow((hp_bar - 275) / 25, 2));
  const double cp_bar7 = std::pow(cp_bar, 7);
  const double rc = 2 * std::sqrt(cp_bar7 / (cp_bar7 + std::pow(25.0, 7)));
  const double lsq = (lp_bar - 50) * (lp_bar - 50);
  const double sl = 1 + 0.015 * lsq / std::sqrt(20 + lsq);
  const double sc = 1 + 0.045 * cp_bar;
  const double sh = 1 + 0.015 * cp_bar * t;
  const double rt = -std::sin(Rad(2 * d_theta)) * rc;
  const double tl = dlp / sl, tc = dcp / sc, th = d_big_hp / sh;
  return std::sqrt(tl * tl + tc * tc + th * th + rt * tc * th);
}

const char* FamilyName(int family) {
  return family >= 0 && family < kFamilies ? kFamilyNames[family] : "";
}
int FamilyCount() { return kFamilies; }

const std::vector<NamedColour>& Palette() {
  static const std::vector<NamedColour> kPalette = [] {
    std::vector<NamedColour> out;
    for (const Entry& e : kLexicon) {
      bool seen = false;
      for (const auto& c : out) seen = seen || c.canonical == e.canonical;
      if (!seen) out.push_back(ToNamed(e));
    }
    return out;
  }();
  return kPalette;
}

int NearestPaletteIndex(const Lab& lab) {
  const auto& palette = Palette();
  int best = 0;
  double best_de = 1e9;
  for (size_t i = 0; i < palette.size(); ++i) {
    const double de = DeltaE2000(lab, palette[i].lab);
    if (de < best_de) best_de = de, best = static_cast<int>(i);
  }
  return best;
}

std::optional<NamedColour> LookupColour(std::string_view word) {
  const std::string w = Fold(word);
  if (const Entry* e = Exact(w)) return ToNamed(*e);  // "米色" is itself a word
  constexpr std::string_view kSe = "色";
  if (w.size() > kSe.size() && std::string_view(w).substr(w.size() - kSe.size()) == kSe)
    if (const Entry* e = Exact(std::string_view(w).substr(0, w.size() - kSe.size())))
      return ToNamed(*e);
  return std::nullopt;
}

std::vector<NamedColour> ReadColourWord(std::string_view word) {
  if (auto c = LookupColour(word)) {
    c->word = std::string(word);
    return {*std::move(c)};
  }
  // Not a lexicon word: read the colours in it ("湖蓝" → 蓝, "蓝白" → 蓝 and 白).
  std::vector<NamedColour> parts = FindColours(word);
  const std::string folded = Fold(word);
  if (parts.size() == 1 && parts[0].word != folded) {
    parts[0].word = folded;
    parts[0].from_base = true;
  }
  return parts;
}

std::vector<NamedColour> FindColours(std::string_view raw) {
  const std::string folded = Fold(raw);
  const std::string_view text = folded;
  std::vector<NamedColour> out;
  size_t prev_end = std::string_view::npos;  // where the previous colour ended
  for (size_t pos = 0; pos < text.size();) {
    const Entry* e = LongestAt(text, pos);
    if (e == nullptr) {
      // Step one whole UTF-8 character so a match never starts mid-character.
      size_t len = 0;
      DecodeUtf8At(text, pos, &len);
      pos += len;
      continue;
    }
    NamedColour c = ToNamed(*e);
    size_t start = pos;
    // A modifier right before the base ("淺紫", "pale lilac") shapes it; the lexicon's own
    // compounds ("浅蓝") were taken whole by the longest match.
    for (const Modifier& m : kModifiers) {
      if (start == prev_end) break;  // "粉紫": 粉 was a colour, mixed in below
      if (EndsAt(text, start, m.word)) {
        c.lab = ApplyShade(c.lab, m.shade);
        c.from_base = true;
        start -= m.word.size();
        break;
      }
    }
    const bool two_colours =  // "蓝白", "红黑": two colours side by side, not a shade
        !out.empty() && (out.back().family == kWhite || out.back().family == kBlack ||
                         c.family == kWhite || c.family == kBlack);
    if (prev_end == pos && !out.empty() && !IsAsciiAlpha(text[pos]) && !two_colours) {
      // Two colour characters in a row make one compound, head last: "紫红" is a purplish red.
      const NamedColour tint = out.back();
      out.pop_back();
      c.lab = Mix(c.lab, tint.lab, 0.3f);
      c.from_base = true;
      c.word = tint.word + c.word;
    } else {
      c.word = std::string(text.substr(start, pos + e->word.size() - start));
    }
    out.push_back(std::move(c));
    pos += e->word.size();
    prev_end = pos;
  }
  return out;
}

bool IsBaseColour(const NamedColour& c) {
  return c.from_base || (c.family != kNoFamily && c.canonical == FamilyName(c.family));
}

double ColourSimilarity(const NamedColour& x, const NamedColour& y, double same_de,
                        double diff_de, double family_floor) {
  return ColourSimilarityGivenDe(x, y, DeltaE2000(x.lab, y.lab), same_de, diff_de, family_floor);
}

double ColourSimilarityGivenDe(const NamedColour& x, const NamedColour& y, double de,
                               double same_de, double diff_de, double family_floor) {
  double s = de <= same_de ? 1 : de >= diff_de ? 0 : 1 - (de - same_de) / (diff_de - same_de);
  if (x.family != kNoFamily && x.family == y.family && (IsBaseColour(x) || IsBaseColour(y)))
    s = std::max(s, family_floor);
  return s;
}

}  // namespace cs::cases
