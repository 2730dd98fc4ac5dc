// Internal to the matcher: the precomputed per-case profile, its compact copy for the
// prefilter and the per-query tables. Not part of the public API.
// Thread-safety: plain data, guarded by MatchIndex's lock.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "services/cases/core/colour.h"
#include "services/cases/core/feature_slots.h"
#include "services/cases/core/feature_terms.h"
#include "services/cases/core/garment_kinds.h"
#include "services/cases/core/matcher.h"

namespace cs::cases {

namespace matcher_internal {
// A second colour of a garment that agrees as well (both sides name two colours, of other
// families than the first pair) raises the garment's weight for the match by this share.
constexpr double kSecondColourShare = 0.5;
constexpr int kGarments = 4;
constexpr int kMaxColours = 4;
constexpr const char* kGarmentNames[kGarments] = {"top", "bottom", "hat", "shoes"};
}  // namespace matcher_internal

using matcher_internal::kGarmentNames;
using matcher_internal::kSecondColourShare;
using matcher_internal::kGarments;
using matcher_internal::kMaxColours;

struct MatchIndex::Profile {
  std::string id;
  CaseKind kind = CaseKind::kMissing;
  Sex sex = Sex::kUnknown;
  int age_min = -1, age_max = -1;
  int height = 0, height_tol = 0;
  std::array<std::vector<NamedColour>, kGarments> colours{};  // at most kMaxColours each
  std::array<std::vector<uint8_t>, kGarments> palette{};  // each colour's nearest palette entry
  // Whether each colour is exactly its palette entry (a lexicon word), so its CIEDE2000 to
  // another such colour is looked up in MatchIndex::palette_de_ instead of computed.
  std::array<std::vector<bool>, kGarments> on_palette{};
  int zone = -1;
  int64_t seen_ms = 0;
  FeatureTerms features;
  std::vector<SlotClaim> slots;  // side, place and colour of the things the features name
  FeatureTerms details;  // what the garment descriptions say beyond colours
  std::array<std::vector<GarmentKind>, kGarments> kinds{};  // exclusive garment kinds per slot
  std::array<std::vector<uint64_t>, kGarments> motifs{};    // pictures named on each garment
  std::vector<uint64_t> all_terms;  // features and details asserted, sorted, unique
  std::vector<uint64_t> languages;  // from the language field and the features text
  std::vector<std::pair<uint64_t, std::string>> language_names;
};

// Only what the prefilter reads, stored contiguously: scanning 10,000 of these stays in
// cache. Colours are quantised to the lexicon palette so the prefilter looks colour scores up
// in a per-query table; feature terms and languages are folded into bit signatures.
struct MatchIndex::Compact {
  uint8_t kind = 0, sex = 0;
  int8_t age_min = -1, age_max = -1;
  int16_t height = 0, height_tol = 0;
  int16_t zone = -1;
  std::array<uint8_t, kGarments> n{};
  std::array<std::array<uint8_t, 2>, kGarments> pal{};  // first two colours, palette index
  std::array<std::array<int8_t, 2>, kGarments> fam{};   // and their families
  std::array<std::array<bool, 2>, kGarments> base{};    // and whether each is a base colour
  std::array<bool, kGarments> two{};  // the first two are two colours (families and words differ)
  uint32_t languages = 0;     // one bit per language id (hashed); 0 unknown
  // 1: every language a variety of Chinese; 2: all Mandarin; 4: names no language (unknown);
  // 8: an unnamed variety of Chinese (LanguageSide)
  uint32_t lang_flags = 0;
  uint64_t terms = 0;         // one bit per asserted feature term (hashed)
  int64_t seen_ms = 0;
};

// Per-query tables for the prefilter: evidence by palette colour, by age gap, by height gap.
struct MatchIndex::QueryTables {
  std::array<std::array<float, 64>, kGarments> colour{};
  std::array<std::array<bool, 16>, kGarments> family{};       // the query has a colour of it
  std::array<std::array<bool, 16>, kGarments> family_base{};  // ... a base colour of it
  std::array<std::array<float, 16>, kGarments> family_floor{}; // evidence of a shade vs its base
  std::array<float, 32> age{};
  std::array<float, 256> height{};
  // Time evidence by whole minute elapsed from last seen to found, kTimeFirstMinute onwards;
  // outside the table CheapScore calls evidence::Time.
  static constexpr int kTimeFirstMinute = -60;
  std::array<float, 600> time{};
  // Place evidence per candidate zone, as a step function of the elapsed minutes: `reachable`
  // from `walk_from` minutes on, -0.2 (carried by a crowd) from `carried_from`, else -0.6 —
  // the same steps evidence::Place takes, precomputed once per query.
  struct ZonePlace {
    bool known = false;
    float reachable = 0, carried = 0, beyond = 0;  // weighted evidence of each step
    double walk_from = 0, carried_from = 0;        // minutes
  };
  std::vector<ZonePlace> place;  // by zone index
  // The most CheapRest can give for this query against any report: the pruning bound.
  double rest_max = 0;
};

// Whether one colour was read from inside the other's word ("黄" from the text "土黄色" beside
// the colour word "土黄"): the same colour twice, not a second colour of the garment.
inline bool SameWord(const NamedColour& a, const NamedColour& b) {
  return !a.word.empty() && !b.word.empty() &&
         (a.word.find(b.word) != std::string::npos || b.word.find(a.word) != std::string::npos);
}

// The prefilter's copy of a profile (matcher_prefilter.cc).
MatchIndex::Compact ToCompact(const MatchIndex::Profile& p);

// The evidence functions both halves of the matcher share (matcher_evidence.cc). Each returns
// a signed strength in -1..1: 1 full agreement, 0 neutral, -1 full contradiction.
namespace evidence {
double AgeGap(int gap_years);
double HeightGap(int gap_cm, const MatchConfig& cfg);
double Colour(double similarity);
// Elapsed minutes from the (estimated) last-seen time to the found time.
double Time(double elapsed_minutes, const MatchConfig& cfg);
// Walking metres between the zones after `elapsed_minutes`; `reach_m` is set to what a child
// walks in that time.
double Place(double walk_m, double elapsed_minutes, const MatchConfig& cfg, double* reach_m);
// Signed evidence on the weights: strength × (for or against).
inline double Weigh(double strength, const Evidence& w) {
  return strength >= 0 ? strength * w.for_match : strength * w.against;
}
}  // namespace evidence

}  // namespace cs::cases
