#include "bench/cases_miss_analysis.h"

#include <cstdio>

namespace cs::bench {

void MissAnalysis::AddRanked(const FeatureEvidence& winner, const FeatureEvidence& truth) {
  ++ranked_;
  std::string decisive;
  double widest = 0;
  for (const auto& [name, e] : winner) {
    auto it = truth.find(name);
    const double gap = e - (it == truth.end() ? 0 : it->second);
    if (gap <= 1e-9) continue;
    Row& r = rows_[name];
    ++r.favoured;
    r.gap_sum += gap;
    if (gap > widest) widest = gap, decisive = name;
  }
  if (!decisive.empty()) ++rows_[decisive].decisive;
}

void MissAnalysis::Print() const {
  const int misses = ranked_ + tied_ + absent_;
  std::printf("top-1 misses by the feature that lost them (%d misses: %d ranked below another "
              "candidate, %d tied at the top, %d not among the candidates):\n",
              misses, ranked_, tied_, absent_);
  std::printf("  %-9s %8s %7s %9s %9s\n", "feature", "decisive", "share", "favoured", "mean gap");
  for (const auto& [name, r] : rows_)
    std::printf("  %-9s %8d %6.1f%% %9d %9.2f\n", name.c_str(), r.decisive,
                100.0 * r.decisive / (misses > 0 ? misses : 1), r.favoured,
                r.favoured > 0 ? r.gap_sum / r.favoured : 0.0);
}

}  // namespace cs::bench
