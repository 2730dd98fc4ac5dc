// Top-1 misses by the feature that lost them: for each query whose true child is not first,
// which feature gave the candidate ranked above it the most evidence more than the true child
// (the "cause"), and how much. Read from the candidates' own per-feature evidence, so it says
// where the matcher's model went wrong, beside the noise-in-the-data table. Bench-only code.
// Thread-safety: plain values, one thread.
#pragma once

#include <map>
#include <string>

namespace cs::bench {

// Per-feature signed evidence of one candidate ("top" → -0.4, ...).
using FeatureEvidence = std::map<std::string, double>;

class MissAnalysis {
 public:
  // A top-1 miss where the true child was ranked below `winner`.
  void AddRanked(const FeatureEvidence& winner, const FeatureEvidence& truth);
  // A top-1 miss where the true child tied at the top (no feature lost it).
  void AddTied() { ++tied_; }
  // A top-1 miss where the true child was not among the candidates returned.
  void AddAbsent() { ++absent_; }
  // Prints the table: per feature, the misses it lost (largest gap), the share of misses, and
  // in how many misses it favoured the winner at all with the mean gap.
  void Print() const;

 private:
  struct Row {
    int decisive = 0;    // the largest gap of the miss
    int favoured = 0;    // gave the winner more than the true child
    double gap_sum = 0;  // Σ of the gaps where favoured
  };
  std::map<std::string, Row> rows_;
  int ranked_ = 0, tied_ = 0, absent_ = 0;
};

}  // namespace cs::bench
