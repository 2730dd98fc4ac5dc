#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>

#include "services/cases/core/matcher_internal.h"

// The prefilter half of MatchIndex: the compact copy, the per-query tables and CheapScore.
namespace cs::cases {

MatchIndex::Compact ToCompact(const MatchIndex::Profile& p) {
  MatchIndex::Compact c;
  c.kind = static_cast<uint8_t>(p.kind);
  c.sex = static_cast<uint8_t>(p.sex);
  c.age_min = static_cast<int8_t>(p.age_min);
  c.age_max = static_cast<int8_t>(p.age_max);
  c.height = static_cast<int16_t>(p.height);
  c.height_tol = static_cast<int16_t>(p.height_tol);
  c.zone = static_cast<int16_t>(p.zone);
  c.seen_ms = p.seen_ms;
  c.language =
      p.language.empty() ? 0 : static_cast<uint32_t>(std::hash<std::string>{}(p.language)) | 1;
  for (int g = 0; g < kGarments; ++g) {
    c.n[g] = std::min<uint8_t>(p.n_colours[g], 2);
    for (int i = 0; i < c.n[g]; ++i)
      c.pal[g][i] = static_cast<uint8_t>(NearestPaletteIndex(p.colours[g][i]));
  }
  return c;
}

static float Lerp01f(float x, float full, float zero) {
  return x <= full ? 1.f : x >= zero ? 0.f : 1.f - (x - full) / (zero - full);
}

// Everything in CheapScore that depends only on the query and the config, computed once.
MatchIndex::QueryTables MatchIndex::BuildTables(const Profile& q) const {
  const MatchConfig& cfg = config_;
  const float floor = static_cast<float>(cfg.mismatch_floor);
  auto stable = [floor](float v) { return floor + (1 - floor) * v; };
  QueryTables t;
  const auto& palette = Palette();
  for (int g = 0; g < kGarments; ++g) {
    for (size_t i = 0; i < palette.size() && i < t.colour[g].size(); ++i) {
      double best = 1e9;
      for (int k = 0; k < q.n_colours[g]; ++k)
        best = std::min(best, DeltaE2000(q.colours[g][k], palette[i].lab));
      float s = Lerp01f(static_cast<float>(best), static_cast<float>(cfg.colour_same_de),
                        static_cast<float>(cfg.colour_diff_de));
      if (g == 1 || g == 3) s = stable(s);
      t.colour[g][i] = s;
    }
  }
  for (size_t gap = 0; gap < t.age.size(); ++gap)
    t.age[gap] =
        stable(Lerp01f(static_cast<float>(gap), 0, static_cast<float>(cfg.age_zero_years)));
  for (size_t gap = 0; gap < t.height.size(); ++gap)
    t.height[gap] = stable(Lerp01f(static_cast<float>(gap), static_cast<float>(cfg.height_full_cm),
                                   static_cast<float>(cfg.height_zero_cm)));
  return t;
}

// The same model as FullScore, in float, from lookup tables: colours quantised to the
// palette (first two per garment), no text features. Cheap enough for every indexed case.
float MatchIndex::CheapScore(const Compact& q, const Compact& c, const QueryTables& t) const {
  const MatchConfig& cfg = config_;
  const MatchWeights& w = cfg.weights;
  constexpr float kU = 0.5f;
  float num = 0;
  float den = 0;
  auto add = [&](float score, double weight) {
    num += score * static_cast<float>(weight);
    den += static_cast<float>(weight);
  };
  const float sex_floor = static_cast<float>(cfg.mismatch_floor);
  add(q.sex == 0 || c.sex == 0 ? kU : q.sex == c.sex ? 1.f : sex_floor, w.sex);
  if (q.age_min < 0 || c.age_min < 0) {
    add(kU, w.age);
  } else {
    const int gap = std::max(0, std::max(q.age_min, c.age_min) - std::min(q.age_max, c.age_max));
    add(t.age[std::min<size_t>(gap, t.age.size() - 1)], w.age);
  }
  if (q.height == 0 || c.height == 0) {
    add(kU, w.height);
  } else {
    const int gap = std::max(0, std::abs(q.height - c.height) - q.height_tol - c.height_tol);
    add(t.height[std::min<size_t>(gap, t.height.size() - 1)], w.height);
  }
  for (int g = 0; g < kGarments; ++g) {
    const double weight = g == 0 ? w.top : g == 1 ? w.bottom : g == 2 ? w.hat : w.shoes;
    if (q.n[g] == 0 || c.n[g] == 0) {
      add(kU, weight);
      continue;
    }
    float s = t.colour[g][c.pal[g][0]];
    if (c.n[g] > 1) s = std::max(s, t.colour[g][c.pal[g][1]]);
    add(s, g == 0 && s < 0.5f ? weight * 0.4 : weight);
  }
  add(q.language == 0 || c.language == 0 ? kU : q.language == c.language ? 1.f : 0.2f, w.language);
  const float walk = Walk(q.zone, c.zone);
  float tp = kU;
  if (walk >= 0) {
    const bool q_missing = q.kind == static_cast<uint8_t>(CaseKind::kMissing);
    float elapsed = static_cast<float>(q_missing ? c.seen_ms - q.seen_ms : q.seen_ms - c.seen_ms);
    if (q.kind == c.kind) elapsed = std::abs(elapsed);
    const float skew = static_cast<float>(
        std::chrono::duration_cast<std::chrono::milliseconds>(cfg.time_skew).count());
    if (elapsed < -skew) {
      tp = -1;
    } else {
      const float reach = std::max(0.f, elapsed + skew) / 1000.f *
                              static_cast<float>(cfg.child_speed_mps * cfg.speed_slack) +
                          50.f;
      if (walk > 2 * reach) {
        tp = -1;
      } else {
        const float near_m = static_cast<float>(cfg.near_m);
        const float recent_min = static_cast<float>(cfg.recent_minutes);
        const float near = Lerp01f(walk, near_m, 4 * near_m);
        const float recent = Lerp01f(std::max(0.f, elapsed) / 60000.f, recent_min, 4 * recent_min);
        const float fit = walk <= reach ? 1.f : 1 - (walk - reach) / reach;
        tp = fit * (0.4f + 0.3f * near + 0.3f * recent);
      }
    }
  }
  add(tp, w.time_place);
  return num / den;
}

}  // namespace cs::cases
