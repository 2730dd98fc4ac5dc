// Colours for matching: CIE L*a*b* (D65), the CIEDE2000 difference, and a lexicon that maps
// Chinese (Simplified and Traditional) and English colour words ("藏青", "navy", "深藍色外套")
// to Lab, with a base family ("blue") so that a shade and its base colour compare as close.
// Words the lexicon does not hold are read from the base colour character in them ("湖蓝" →
// 蓝, "奶白" → 白, "pale lilac" → lilac made lighter) and marked so the matcher can say so.
// Thread-safety: pure functions over an immutable built-in table; safe from any thread.
//
// Why CIEDE2000: CIE76 (plain Euclidean Lab) overstates differences between saturated colours
// and understates them between blues and greys, which is exactly where clothing words crowd
// (navy / dark blue / 藏青 / black). CIEDE2000 corrects hue and chroma weighting and is the
// CIE-recommended metric. It costs ~20 trig calls, so the matcher's prefilter looks scores
// up in a per-query table over the lexicon palette instead of calling it per candidate.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cs::cases {

struct Lab {
  float l = 0, a = 0, b = 0;
};

// 8-bit sRGB -> CIE Lab (D65 white), using the sRGB transfer curve.
Lab SrgbToLab(int r, int g, int b);

// CIEDE2000 colour difference (kL = kC = kH = 1). ~1 is barely visible; > 30 a different colour.
double DeltaE2000(const Lab& x, const Lab& y);

// Base colour families: a shade belongs to the family of its base word (浅蓝, 天蓝, 藏青 and
// navy are all "blue"). kNoFamily for a colour read from a photo.
constexpr int kNoFamily = -1;
const char* FamilyName(int family);  // "blue"; "" for kNoFamily
int FamilyCount();

struct NamedColour {
  std::string canonical;  // English canonical name, "navy"; for a word read from its base,
                          // the base's name ("blue")
  Lab lab;
  int family = kNoFamily;
  std::string word;        // the word as written (Traditional folded to Simplified), "湖蓝"
  bool from_base = false;  // not in the lexicon: read from its base colour character
};

// The distinct canonical colours of the lexicon (~40), in a fixed order. The matcher's
// prefilter quantises every colour to its nearest palette entry.
const std::vector<NamedColour>& Palette();

// Index into Palette() of the entry nearest to `lab` (CIEDE2000).
int NearestPaletteIndex(const Lab& lab);

// Exact lookup of one colour word (case-insensitive for ASCII; a trailing "色" is allowed;
// Traditional characters are folded first, so "藍色" is blue).
std::optional<NamedColour> LookupColour(std::string_view word);

// One word given as a colour (a report's colour list): the lexicon first, else read from the
// base colour characters it holds, last one as the head ("紫红" is a red with some purple,
// "湖蓝" a blue, marked from_base), with shade modifiers (浅/淡 lighter, 深/暗 darker, 亮/荧光
// brighter). White or black beside another colour names two colours ("蓝白" → blue, white).
// Empty when the word holds no colour at all ("彩色", "透明", "plaid").
std::vector<NamedColour> ReadColourWord(std::string_view word);

// All colour words found in a free description, in order, longest match first at each
// position ("深蓝色外套" -> dark blue, not blue; "navy jacket, white shirt" -> navy, white).
// English words match only on word boundaries ("bored" holds no "red"). A shade modifier or
// a second colour character right before a base character shapes it ("淺紫" → light purple,
// "粉紫" → a pinkish purple) and marks it from_base when the compound is not in the lexicon.
std::vector<NamedColour> FindColours(std::string_view text);

// True for a family's base colour ("blue", "蓝") and for a word read from its base character:
// what a terse report says for any shade of the family.
bool IsBaseColour(const NamedColour& c);

// Similarity of two colours for matching, 0..1: 1 up to `same_de` (CIEDE2000), falling to 0 at
// `diff_de`; a shade and its base colour (浅蓝 vs 蓝) score at least `family_floor`. Two
// different shades of one family (navy vs sky blue) are compared by CIEDE2000 alone.
double ColourSimilarity(const NamedColour& x, const NamedColour& y, double same_de = 6,
                        double diff_de = 40, double family_floor = 0.8);
// The same from a CIEDE2000 difference of x and y already computed (the matcher looks up the
// differences between lexicon colours in a table).
double ColourSimilarityGivenDe(const NamedColour& x, const NamedColour& y, double de,
                               double same_de, double diff_de, double family_floor);

}  // namespace cs::cases
