#include <algorithm>
#include <chrono>

#include "services/cases/core/matcher_internal.h"

// The evidence curves of the matcher, shared by the full model and the prefilter's tables.
// Each maps one observation to a strength in -1..1; the weights turn it into evidence.
namespace cs::cases::evidence {

namespace {
// 1 at `from`, `to_value` at `to`, linear between; `from` < `to`.
double Ramp(double x, double from, double to, double from_value, double to_value) {
  if (x <= from) return from_value;
  if (x >= to) return to_value;
  return from_value + (to_value - from_value) * (x - from) / (to - from);
}
}  // namespace

double AgeGap(int gap_years) {
  // The officer guesses a range; a year outside it happens (4% in the development set), two
  // years rarely.
  static constexpr double kByGap[] = {1.0, 0.0, -0.5};
  return gap_years < 3 ? kByGap[gap_years] : -1.0;
}

double HeightGap(int gap_cm, const MatchConfig& cfg) {
  if (gap_cm <= cfg.height_full_cm) return 1;
  if (gap_cm <= cfg.height_zero_cm) return Ramp(gap_cm, cfg.height_full_cm, cfg.height_zero_cm, 1, 0);
  return Ramp(gap_cm, cfg.height_zero_cm, 2.0 * cfg.height_zero_cm, 0, -1);
}

double Colour(double similarity) { return std::clamp(2 * similarity - 1, -1.0, 1.0); }

double Time(double elapsed_minutes, const MatchConfig& cfg) {
  const double skew = std::chrono::duration<double, std::ratio<60>>(cfg.time_skew).count();
  if (elapsed_minutes >= 0) {
    if (elapsed_minutes <= cfg.soon_minutes) return 1;
    if (elapsed_minutes <= cfg.late_minutes)
      return Ramp(elapsed_minutes, cfg.soon_minutes, cfg.late_minutes, 1, 0);
    // Hours later is possible (a child hidden in a ride queue) but unlike a fresh report.
    return Ramp(elapsed_minutes, cfg.late_minutes, 2 * cfg.late_minutes, 0, -0.5);
  }
  // Found before the guardian's estimate of last seen: the estimate is rough. Within its usual
  // error (`time_rough_minutes`: a guardian who says "ten minutes ago" at the desk is often a
  // few minutes late) it is nearly as good as soon after; to the skew it falls to weak
  // evidence against (-0.25), and only well before it is strong evidence against.
  const double before = -elapsed_minutes;
  const double rough = std::min(cfg.time_rough_minutes, skew);
  if (before <= rough) return Ramp(before, 0, rough, 1, cfg.time_rough_strength);
  if (before <= skew) return Ramp(before, rough, skew, cfg.time_rough_strength, -0.25);
  return Ramp(before, skew, 4 * skew, -0.25, -1);
}

double Place(double walk_m, double elapsed_minutes, const MatchConfig& cfg, double* reach_m) {
  const double skew_s = std::chrono::duration<double>(cfg.time_skew).count();
  // 50 m covers wandering inside a zone and the error of a zone's centroid.
  const double reach =
      (std::max(0.0, elapsed_minutes) * 60 + skew_s) * cfg.child_speed_mps * cfg.speed_slack + 50;
  if (reach_m != nullptr) *reach_m = reach;
  if (walk_m <= cfg.near_m) return 1;
  if (walk_m <= reach) return Ramp(walk_m, cfg.near_m, 3 * cfg.near_m, 1, 0.3);  // far, walkable
  // Beyond a walk, but a scared child keeps going and a parade carries them: weak evidence
  // against, never a veto.
  if (walk_m <= cfg.carried_factor * reach) return -0.2;
  return -0.6;
}

}  // namespace cs::cases::evidence
