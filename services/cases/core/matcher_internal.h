// Internal to the matcher: the precomputed per-case profile, its compact copy for the
// prefilter and the per-query tables. Not part of the public API.
// Thread-safety: plain data, guarded by MatchIndex's lock.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "services/cases/core/matcher.h"

namespace cs::cases {

namespace matcher_internal {
constexpr int kGarments = 4;
constexpr int kMaxColours = 4;
constexpr const char* kGarmentNames[kGarments] = {"top", "bottom", "hat", "shoes"};
constexpr double kUnknown = 0.5;  // a feature missing on either side neither helps nor hurts
}  // namespace matcher_internal

using matcher_internal::kGarmentNames;
using matcher_internal::kGarments;
using matcher_internal::kMaxColours;
using matcher_internal::kUnknown;

struct MatchIndex::Profile {
  std::string id;
  CaseKind kind = CaseKind::kMissing;
  Sex sex = Sex::kUnknown;
  int age_min = -1, age_max = -1;
  int height = 0, height_tol = 0;
  std::array<std::array<Lab, kMaxColours>, kGarments> colours{};
  std::array<std::string, kGarments> colour_names{};  // for explanations
  std::array<uint8_t, kGarments> n_colours{};
  int zone = -1;
  int64_t seen_ms = 0;
  std::vector<uint64_t> feature_grams;
  std::string language;  // normalised
};

// Only what the prefilter reads, 32 bytes, stored contiguously: scanning 10,000 of these
// stays in cache, where chasing 10,000 heap profiles did not. Colours are quantised to the
// lexicon palette so the prefilter looks colour scores up in a per-query table.
struct MatchIndex::Compact {
  uint8_t kind = 0, sex = 0;
  int8_t age_min = -1, age_max = -1;
  int16_t height = 0, height_tol = 0;
  int16_t zone = -1;
  std::array<uint8_t, kGarments> n{};
  uint32_t language = 0;  // hash of the normalised language; 0 unknown
  int64_t seen_ms = 0;
  std::array<std::array<uint8_t, 2>, kGarments> pal{};  // first two colours, palette index
};

// Per-query tables for the prefilter: score by palette colour, by age gap, by height gap.
struct MatchIndex::QueryTables {
  std::array<std::array<float, 64>, kGarments> colour{};
  std::array<float, 32> age{};
  std::array<float, 256> height{};
};

// The prefilter's copy of a profile (matcher_prefilter.cc).
MatchIndex::Compact ToCompact(const MatchIndex::Profile& p);

}  // namespace cs::cases
