// Colours for matching: CIE L*a*b* (D65), the CIEDE2000 difference, and a lexicon that maps
// Chinese and English colour words ("藏青", "navy", "深蓝色外套") to Lab.
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

struct NamedColour {
  std::string canonical;  // English canonical name, e.g. "navy"
  Lab lab;
};

// The distinct canonical colours of the lexicon (~30), in a fixed order. The matcher's
// prefilter quantises every colour to its nearest palette entry.
const std::vector<NamedColour>& Palette();

// Index into Palette() of the entry nearest to `lab` (CIEDE2000).
int NearestPaletteIndex(const Lab& lab);

// Exact lookup of one colour word (case-insensitive for ASCII; a trailing "色" is allowed).
std::optional<NamedColour> LookupColour(std::string_view word);

// All colour words found in a free description, in order, longest match first at each
// position ("深蓝色外套" -> dark blue, not blue; "navy jacket, white shirt" -> navy, white).
// English words match only on word boundaries ("bored" holds no "red").
std::vector<NamedColour> FindColours(std::string_view text);

}  // namespace cs::cases
