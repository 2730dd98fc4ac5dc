// Ridge regression with the penalty chosen by grouped k-fold cross-validation.
// Pure functions; thread-compatible.
#pragma once

#include <vector>

#include "absl/status/statusor.h"

namespace cs::vision {

struct RidgeFit {
  std::vector<double> weights;  // one per column; there is no separate intercept
  double lambda = 0;
  double cv_mae = 0;  // mean absolute error per group (summed rows) at the chosen lambda
};

// Fits y ~ X w. Columns are scaled to unit RMS for the penalty, then weights are scaled back.
// rows: n feature vectors of equal length d. groups: optional group id per row; CV folds split
// by group and errors are measured on each group's summed prediction (e.g. patches of one image).
// Folds take every folds-th group (interleaved) or, with contiguous_folds, consecutive runs of
// groups in id order: video frames next to each other look alike, so interleaved folds on a
// video reward memorising and choose too little penalty.
// Errors: fewer than 2 rows, ragged rows, non-finite values, size mismatches.
absl::StatusOr<RidgeFit> FitRidge(const std::vector<std::vector<double>>& rows,
                                  const std::vector<double>& y, const std::vector<int>& groups,
                                  int folds, bool contiguous_folds = false);

// Fits with one fixed lambda (no CV).
absl::StatusOr<std::vector<double>> SolveRidge(const std::vector<std::vector<double>>& rows,
                                               const std::vector<double>& y, double lambda);

double Dot(const std::vector<double>& a, const std::vector<double>& b);

}  // namespace cs::vision
