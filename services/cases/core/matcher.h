// Proposes matches between missing and found reports: ranks the open reports of the other
// kind (or of the same kind, to spot duplicates) and explains the score per feature. It never
// merges and never excludes: a mismatch lowers the score and adds a warning; a person confirms.
//
// The model weighs evidence the way a desk officer does. Each feature gives evidence for the
// match (up to its `for` weight) or against it (up to its `against` weight), and a feature not
// recorded on either side gives none. Fragile features (the sex of a toddler, a top that can
// come off, a height guessed by eye) cost little when they disagree; robust ones (shoes, a
// birthmark, a language) cost more. Candidates are ranked by their summed evidence; equal sums
// are reported as a tie, never settled by order. The first candidate is labelled "likely" when
// it stands clearly above the rest, every other one "possible", with the reason in zh and en.
//
// Thread-safety: MatchIndex is safe for concurrent Match() calls and Upsert()/Remove() calls
// from any thread (a reader-writer lock guards the index).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/venue.h"
#include "services/cases/core/case.h"
#include "services/cases/core/feature_slots.h"

namespace cs::text {
class PhraseTable;
}

namespace cs::cases {

// How much one feature can count for a match (agreement) and against it (contradiction), in
// units of evidence (roughly natural-log likelihood ratios: 1 ≈ "2.7 times as likely").
struct Evidence {
  double for_match = 1;
  double against = 1;
};

struct MatchWeights {
  // Half of all children share a sex: agreement says little. A disagreement says less than it
  // seems: on five authors' development sets the officer recorded another sex for about one
  // true child in ten, and the near distractors mostly share the true child's sex. Fitted as
  // likelihood ratios leaving one author out (bench/cases_fit_weights.py; was {0.6, 1.5} and
  // {0.4, 0.4}): every author left out gained top-1 or kept it (docs/benchmarks.md).
  Evidence sex{0.4, 0.7};
  Evidence sex_toddler{0.15, 0.1};  // under 5, in unisex clothes, a guess more than a record
  Evidence age{1.0, 1.5};
  // Estimated by eye, and among children of one age most are within a few cm of each other:
  // agreement given the age says little, a gap of 20 cm says more. Measured as likelihood
  // ratios on seven authors' development sets (docs/benchmarks.md, session 9): among the near
  // candidates, a height that agrees is only about e^0.3 times likelier for the true child than
  // a height not given (guardians often do not know it), so at 0.5 a report that merely states
  // a height outranked a true child whose guardian gave none. 0.1 (was 0.5) gained top-1 on six
  // of seven authors left out, lost one pair on one.
  Evidence height{0.1, 0.8};
  Evidence top{1.2, 0.4};      // a jacket comes off, an inner layer shows
  Evidence bottom{1.2, 1.0};
  Evidence hat{0.5, 0.2};      // hats come off and get lost
  Evidence shoes{1.5, 1.5};    // rarely changed
  Evidence features{4.0, 1.5}; // specific marks shared are strong; a stated contradiction too
  // Prints, brands, garment kinds shared ("小火车", "NASA"); against when both name a garment's
  // kind and the kinds exclude each other (a dress vs a T-shirt).
  Evidence details{2.5, 1.0};
  Evidence language{1.2, 1.5}; // a child does not change language
  Evidence time{3.0, 3.0};     // found soon after last seen: the strongest cue among thousands
  Evidence place{1.5, 1.0};    // far is weak evidence against, never a veto
};

// Defaults were tuned on the development sets: ../shared/data/descriptions/pairs.json,
// tests/testdata/descriptions/heldout_pairs.json (demoted to development, see its PROVENANCE.md)
// and tools/descgen output (bench/cases_set_match_bench); see docs/benchmarks.md.
struct MatchConfig {
  MatchWeights weights;
  double child_speed_mps = 1.0;  // a walking child
  double speed_slack = 1.5;      // runs, gets carried, takes a shuttle: reachable × slack
  double carried_factor = 3.0;   // a parade or a crowd flow carries a child this much further
  Duration time_skew = std::chrono::minutes(10);  // a guardian's last-seen time is an estimate
  // Its usual error: found up to this many minutes before the estimate still counts this
  // strength (on all four development sets about one true child in ten was found 1-5 min
  // before the guardian's estimate, none 0-2 min after it).
  double time_rough_minutes = 5;
  double time_rough_strength = 0.8;
  // Within this walk is "near": the zone itself or the edge of the next one. Every author of
  // the development sets found a third to a half of the children one gate away (a child walks
  // 250 m in four minutes, and the officer writes where the child was brought); at 150 m a
  // report in the found zone outranked the true child next door on place alone. 250 (was 150)
  // gained top-1 on five of seven authors left out and lost none (docs/benchmarks.md, session 9).
  double near_m = 250;
  // Most lost children are found within minutes; the time evidence falls from full at `soon`
  // to none at `late` (a child found 15 min after last seen is likelier than one after 75).
  double soon_minutes = 20;      // found within this time after last seen is "soon"
  double late_minutes = 200;     // by this time after last seen, time gives no evidence
  double colour_same_de = 6.0;   // CIEDE2000 at or below this counts as the same colour
  double colour_diff_de = 40.0;  // at or above this, a different colour
  double shade_floor = 0.8;      // a shade and its base colour (浅蓝 vs 蓝) are at least this close
  int height_full_cm = 0;        // a gap beyond both tolerances up to this is full agreement,
  int height_zero_cm = 10;       // falling to neutral here, and twice it full evidence against
  int toddler_age = 4;           // at or below this apparent age the sex is fragile
  // A stated hair length against the other (short hair vs a ponytail) counts this share of a
  // stated contradiction of features: hair is tied up and let down, not grown or cut, in a day.
  double hair_length_against = 1.0;
  // Both name one thing with another value (a mole on the left cheek vs the right, a silver vs
  // a gold bracelet): that share of a stated contradiction, by how robust the value is; the
  // thing then counts as no agreement either (feature_slots.h).
  SlotWeights slots;
  double likely_margin = 2.0;    // evidence the first candidate needs above the second
  double likely_min_total = 0.6; // and the least total it needs to be called likely
  double tie_epsilon = 1e-4;     // evidence sums closer than this are a tie
  // The cheap prefilter keeps this many for full scoring (32 and 200 gave the same top-1 on
  // the development sets; 32 costs half the full scoring of 64).
  size_t shortlist = 32;
  // Skip the prefilter's colour and language lookups for a report whose bound (its exact
  // sex, age, terms, time and place evidence plus the most the rest could add) is already
  // below the shortlist's last entry: the shortlist is the same as a full scan's (a test
  // checks it), at a fraction of the cost. Off only to compare against the full scan.
  bool prune_scan = true;
};

struct FeatureScore {
  std::string feature;  // "sex", "age", "height", "top", "bottom", "hat", "shoes",
                        // "features", "details", "language", "time", "place"
  // The strength of the evidence in -1..1 (1 full agreement, 0 recorded on both sides but
  // neither for nor against, -1 full contradiction); empty when one side did not record it.
  // Explicit so "not recorded" is never confused with a real neutral score.
  std::optional<double> strength;
  double evidence = 0;  // signed: > 0 for the match, < 0 against, 0 neutral or not recorded
  double score = 0.5;   // the strength on 0..1 for display (0.5 when not recorded)
  double weight = 0;    // the weight that applied (for or against)
  bool contradiction = false;  // both sides recorded it and they disagree
  std::string explanation;  // "height 112 vs 118 cm (±5): within tolerance" — no personal data
  std::string explanation_zh;  // the same in Chinese, for the desk ("身高 112±0 对 118±5 厘米：…")
};

struct Candidate {
  std::string case_id;
  double evidence = 0;  // Σ of the features' evidence; the ranking key
  double total = 0;     // 0..1 for display: 0.5 + evidence / (2 Σ for-weights), clamped
  std::vector<FeatureScore> features;
  std::vector<std::string> warnings;  // "sex differs: check, not excluded", ...
  std::string label;                  // "likely" | "possible"
  std::string label_reason_zh, label_reason_en;
  bool tied = false;  // scores the same as a neighbour in the ranking: the order says nothing
};

enum class MatchTarget { kOppositeKind, kSameKind };

// Holds precomputed profiles (Lab vectors, phrase ids, zone index) of open reports.
class MatchIndex {
 public:
  // `phrases` (may be null: features then compare by shared words only) must outlive the index.
  explicit MatchIndex(const Venue& venue, MatchConfig config = {},
                      const text::PhraseTable* phrases = nullptr);
  ~MatchIndex();

  // Adds or replaces the profile of `c` (typically on filing and on every edit).
  void Upsert(const Case& c);
  // Drops a case (on a confirmed match, cancel, close). Unknown ids are ignored.
  void Remove(const std::string& case_id);
  size_t size() const;

  // The best `top_n` candidates for `query` among indexed cases of the target kind, best
  // first, excluding the query itself, labelled and explained. When the last one returned ties
  // with the next, the tied ones are returned too (so more than top_n may come back). Every
  // candidate is considered: a table-driven prefilter scores all of them and keeps
  // `shortlist`; the full model ranks those.
  std::vector<Candidate> Match(const Case& query, size_t top_n = 5,
                               MatchTarget target = MatchTarget::kOppositeKind) const;
  // The same for a case already indexed, from the profile built when it was filed or last
  // edited (its text is not read again); nullopt when `case_id` is not indexed (closed).
  std::optional<std::vector<Candidate>> MatchIndexed(
      const std::string& case_id, size_t top_n = 5,
      MatchTarget target = MatchTarget::kOppositeKind) const;

  struct Profile;      // internal, precomputed per case
  struct Compact;      // internal, the prefilter's cache-friendly copy of a profile
  struct QueryTables;  // internal, per-query lookup tables for the prefilter

 private:
  const Venue& venue_;
  MatchConfig config_;
  const text::PhraseTable* phrases_;
  std::unordered_map<std::string, int> zone_index_;
  std::vector<float> walk_m_;  // all-pairs walking metres, -1 when unreachable
  std::vector<float> palette_similarity_;  // colour palette × palette, 0..1 (prefilter)
  std::vector<double> palette_de_;         // palette × palette CIEDE2000 (full model)
  mutable std::shared_mutex mu_;
  std::vector<std::unique_ptr<Profile>> profiles_;  // guarded by mu_
  std::vector<Compact> compact_;                    // guarded by mu_; same slots as profiles_
  std::unordered_map<std::string, size_t> slot_;    // guarded by mu_
  // How many indexed reports hold each feature term: a term most reports share is weak
  // evidence when two reports share it, a rare one strong. Guarded by mu_.
  std::unordered_map<uint64_t, int> term_reports_;
  // The same for colours: how many indexed reports name a colour of each family for each
  // garment ([garment × FamilyCount() + family]), and how many name any colour for it. White
  // shoes shared say less than purple shoes shared. Guarded by mu_.
  std::vector<int> colour_reports_;
  std::vector<int> garment_reports_;

  std::unique_ptr<Profile> BuildProfile(const Case& c) const;
  std::vector<Candidate> MatchProfile(const Profile& q, size_t top_n,
                                      MatchTarget target) const;  // needs mu_ held
  QueryTables BuildTables(const Profile& q) const;
  // The `keep` best prefilter scores (score, slot) of the indexed reports of `want_kind` but
  // slot `self`, best first or in heap order; equal scores by slot, so a pruned scan and a
  // full one keep the same reports. Needs mu_ held.
  std::vector<std::pair<float, size_t>> Shortlist(const Compact& q, const QueryTables& t,
                                                  uint8_t want_kind, size_t self,
                                                  size_t keep) const;
  float CheapScore(const Compact& q, const Compact& c, const QueryTables& t) const;
  // CheapScore in two parts: the exact evidence of the cheap fields (sex, age, feature
  // signature, time, place) and that of the rest (height, colours, language), whose most is
  // QueryTables::rest_max. CheapScore = float(CheapExact + CheapRest).
  double CheapExact(const Compact& q, const Compact& c, const QueryTables& t) const;
  double CheapRest(const Compact& q, const Compact& c, const QueryTables& t) const;
  Candidate FullScore(const Profile& q, const Profile& c, bool explain) const;
  double TermRarity(uint64_t term) const;  // 0 (every report) .. 1 (none); needs mu_ held
  // How much a colour agreement of `family` on garment `g` counts, by its share among the
  // indexed reports: 1 for a colour at most one report in six names for that garment, down to
  // 0.5 for a common one (white shoes); 1 for a photo colour. Needs mu_ held.
  double ColourRarity(int g, int family) const;
  void CountColours(const Profile& p, int delta);  // needs mu_ held exclusively
  // Σ rarity of shared terms, free words with diminishing shares; needs mu_ held.
  double Agreement(const std::vector<uint64_t>& shared) const;
  float Walk(int from, int to) const;
};

}  // namespace cs::cases
