// Proposes matches between missing and found reports: ranks the open reports of the other
// kind (or of the same kind, to spot duplicates) and explains the score per feature. It never
// merges and never excludes: a mismatch lowers the score and adds a warning; a person confirms.
// Thread-safety: MatchIndex is safe for concurrent Match() calls and Upsert()/Remove() calls
// from any thread (a reader-writer lock guards the index).
#pragma once

#include <cstdint>
#include <memory>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/venue.h"
#include "services/cases/core/case.h"

namespace cs::cases {

struct MatchWeights {
  double sex = 1.0;
  double age = 1.5;
  double height = 1.5;
  double top = 1.0;  // tops come off (a jacket) or go on: the lightest garment but hats
  double bottom = 2.0;
  double hat = 0.5;
  double shoes = 2.5;     // rarely changed, so they weigh most
  double features = 2.0;  // a specific mark ("缺门牙") is the strongest single clue
  double language = 0.5;
  double time_place = 3.0;  // near and soon is the strongest cue among thousands of reports
};

// Defaults were tuned on bench/cases_match_bench.cc with --seed 7 and are reported on
// --seed 42 (docs/benchmarks.md, "Lost-child matching").
struct MatchConfig {
  MatchWeights weights;
  double child_speed_mps = 1.0;  // a walking child
  double speed_slack = 1.5;      // runs, gets carried, takes a shuttle: reachable × slack
  Duration time_skew = std::chrono::minutes(5);  // clock and memory error on "last seen"
  double near_m = 150;                           // within this walk is "near"; 4× this is far
  double recent_minutes = 30;    // found within this time after last seen is "soon"; 4× late
  double colour_same_de = 5.0;   // CIEDE2000 at or below this counts as the same colour
  double colour_diff_de = 40.0;  // at or above this, a different colour (score 0)
  int height_full_cm = 4;        // beyond both tolerances, this much still scores 1
  int height_zero_cm = 15;       // ... and this much scores 0
  int age_zero_years = 3;        // an age gap this wide scores 0
  // Sex, age, height, bottom and shoe colour score from this floor (clear mismatch) to 1:
  // observers misjudge them, so one mismatch lowers a true match but must not sink it.
  double mismatch_floor = 0.4;
  size_t shortlist = 32;  // cheap prefilter keeps this many for full scoring
};

struct FeatureScore {
  std::string feature;  // "sex", "age", "height", "top", "bottom", "hat", "shoes",
                        // "features", "language", "time_place"
  double score = 0;     // 1 agrees, 0.5 unknown on either side, 0 (mismatch_floor for
                        // stable features) disagrees; time_place -1 when impossible
  double weight = 0;
  std::string explanation;  // "height 112 vs 118 cm (±5): 6 cm apart" — never personal data
};

struct Candidate {
  std::string case_id;
  double total = 0;  // Σ weight·score / Σ weight, in -1..1
  std::vector<FeatureScore> features;
  std::vector<std::string> warnings;  // "sex differs", "time/place impossible", ...
};

enum class MatchTarget { kOppositeKind, kSameKind };

// Holds precomputed profiles (Lab vectors, bigrams, zone index) of open reports.
class MatchIndex {
 public:
  explicit MatchIndex(const Venue& venue, MatchConfig config = {});
  ~MatchIndex();

  // Adds or replaces the profile of `c` (typically on filing and on every edit).
  void Upsert(const Case& c);
  // Drops a case (on a confirmed match, cancel, close). Unknown ids are ignored.
  void Remove(const std::string& case_id);
  size_t size() const;

  // The best `top_n` candidates for `query` among indexed cases of the target kind, best
  // first, excluding the query itself. Every candidate is considered: a table-driven
  // prefilter (colours quantised to the lexicon palette, no text) scores all of them and
  // keeps `shortlist`; the full model (CIEDE2000 on every colour, text overlap) ranks those,
  // and only the returned candidates get explanation strings.
  std::vector<Candidate> Match(const Case& query, size_t top_n = 5,
                               MatchTarget target = MatchTarget::kOppositeKind) const;

  struct Profile;      // internal, precomputed per case
  struct Compact;      // internal, the prefilter's cache-friendly copy of a profile
  struct QueryTables;  // internal, per-query lookup tables for the prefilter

 private:
  const Venue& venue_;
  MatchConfig config_;
  std::unordered_map<std::string, int> zone_index_;
  std::vector<float> walk_m_;  // all-pairs walking metres, -1 when unreachable
  mutable std::shared_mutex mu_;
  std::vector<std::unique_ptr<Profile>> profiles_;  // guarded by mu_
  std::vector<Compact> compact_;                    // guarded by mu_; same slots as profiles_
  std::unordered_map<std::string, size_t> slot_;    // guarded by mu_

  std::unique_ptr<Profile> BuildProfile(const Case& c) const;
  QueryTables BuildTables(const Profile& q) const;
  float CheapScore(const Compact& q, const Compact& c, const QueryTables& t) const;
  Candidate FullScore(const Profile& q, const Profile& c, bool explain) const;
  float Walk(int from, int to) const;
};

}  // namespace cs::cases
