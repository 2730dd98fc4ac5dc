#include "services/cases/core/colour.h"

#include <cmath>
#include <numbers>

namespace cs::cases {
namespace {

struct Entry {
  std::string_view word;
  std::string_view canonical;
  int r, g, b;  // a typical garment sRGB for the word
};

// Synonyms share one sRGB so that "藏青" and "navy" compare as equal. Values are typical
// fabric colours picked by eye from common swatches, not standards.
constexpr Entry kLexicon[] = {
    {"大红", "red", 215, 20, 30},
    {"红", "red", 200, 30, 40},
    {"酒红", "burgundy", 120, 25, 45},
    {"玫红", "rose", 220, 40, 120},
    {"粉红", "pink", 245, 160, 185},
    {"粉", "pink", 245, 160, 185},
    {"深蓝", "dark blue", 25, 45, 110},
    {"藏青", "navy", 25, 35, 80},
    {"藏蓝", "navy", 25, 35, 80},
    {"海军蓝", "navy", 25, 35, 80},
    {"宝蓝", "royal blue", 40, 80, 200},
    {"天蓝", "sky blue", 110, 180, 235},
    {"浅蓝", "light blue", 160, 200, 235},
    {"淡蓝", "light blue", 160, 200, 235},
    {"蓝", "blue", 35, 85, 190},
    {"军绿", "olive", 90, 100, 50},
    {"墨绿", "dark green", 25, 70, 45},
    {"深绿", "dark green", 25, 70, 45},
    {"浅绿", "light green", 140, 210, 140},
    {"绿", "green", 40, 150, 70},
    {"黄", "yellow", 245, 210, 40},
    {"橙", "orange", 240, 130, 35},
    {"橘", "orange", 240, 130, 35},
    {"紫", "purple", 120, 65, 160},
    {"米白", "beige", 225, 212, 185},
    {"米色", "beige", 225, 212, 185},
    {"白", "white", 242, 242, 242},
    {"黑", "black", 25, 25, 28},
    {"深灰", "dark grey", 70, 70, 72},
    {"浅灰", "light grey", 190, 190, 192},
    {"灰", "grey", 128, 128, 130},
    {"棕", "brown", 115, 75, 45},
    {"褐", "brown", 115, 75, 45},
    {"咖啡", "brown", 115, 75, 45},
    {"卡其", "khaki", 190, 170, 120},
    {"银", "silver", 192, 192, 198},
    {"金", "gold", 210, 170, 55},
    {"red", "red", 200, 30, 40},
    {"burgundy", "burgundy", 120, 25, 45},
    {"maroon", "burgundy", 120, 25, 45},
    {"pink", "pink", 245, 160, 185},
    {"navy blue", "navy", 25, 35, 80},
    {"navy", "navy", 25, 35, 80},
    {"dark blue", "dark blue", 25, 45, 110},
    {"royal blue", "royal blue", 40, 80, 200},
    {"light blue", "light blue", 160, 200, 235},
    {"sky blue", "sky blue", 110, 180, 235},
    {"blue", "blue", 35, 85, 190},
    {"dark green", "dark green", 25, 70, 45},
    {"army green", "olive", 90, 100, 50},
    {"olive", "olive", 90, 100, 50},
    {"light green", "light green", 140, 210, 140},
    {"green", "green", 40, 150, 70},
    {"yellow", "yellow", 245, 210, 40},
    {"orange", "orange", 240, 130, 35},
    {"purple", "purple", 120, 65, 160},
    {"violet", "purple", 120, 65, 160},
    {"white", "white", 242, 242, 242},
    {"cream", "beige", 225, 212, 185},
    {"beige", "beige", 225, 212, 185},
    {"black", "black", 25, 25, 28},
    {"dark grey", "dark grey", 70, 70, 72},
    {"dark gray", "dark grey", 70, 70, 72},
    {"light grey", "light grey", 190, 190, 192},
    {"light gray", "light grey", 190, 190, 192},
    {"grey", "grey", 128, 128, 130},
    {"gray", "grey", 128, 128, 130},
    {"brown", "brown", 115, 75, 45},
    {"coffee", "brown", 115, 75, 45},
    {"khaki", "khaki", 190, 170, 120},
    {"silver", "silver", 192, 192, 198},
    {"gold", "gold", 210, 170, 55},
};

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

NamedColour ToNamed(const Entry& e) { return {std::string(e.canonical), SrgbToLab(e.r, e.g, e.b)}; }

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
  auto exact = [](std::string_view w) -> std::optional<NamedColour> {
    for (const Entry& e : kLexicon)
      if (e.word.size() == w.size() && MatchesAt(w, 0, e.word)) return ToNamed(e);
    return std::nullopt;
  };
  if (auto c = exact(word)) return c;  // "米色" is itself a word
  constexpr std::string_view kSe = "色";
  if (word.size() > kSe.size() && word.substr(word.size() - kSe.size()) == kSe)
    return exact(word.substr(0, word.size() - kSe.size()));
  return std::nullopt;
}

std::vector<NamedColour> FindColours(std::string_view text) {
  std::vector<NamedColour> out;
  for (size_t pos = 0; pos < text.size();) {
    const Entry* best = nullptr;
    for (const Entry& e : kLexicon) {
      if ((best == nullptr || e.word.size() > best->word.size()) && MatchesAt(text, pos, e.word))
        best = &e;
    }
    if (best != nullptr) {
      out.push_back(ToNamed(*best));
      pos += best->word.size();
    } else {
      // Step one whole UTF-8 character so a match never starts mid-character.
      const auto c = static_cast<unsigned char>(text[pos]);
      pos += c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    }
  }
  return out;
}

}  // namespace cs::cases
