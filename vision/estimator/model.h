// A fitted counting model: mode, processing width and linear weights over additive features.
// A plain value; safe to share read-only.
#pragma once

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "vision/estimator/features.h"

namespace cs::vision {

struct Model {
  Mode mode = Mode::kPerCamera;
  int process_width = 384;
  std::vector<std::string> feature_names;  // must equal Features(mode) names on load
  std::vector<double> weights;             // count = max(0, weights . region feature sums)
  double lambda = 0;
  double cv_mae = 0;        // cross-validated MAE on the training labels
  double train_median = 0;  // the trivial baseline's answer
  int train_samples = 0;
  // Causal exponential smoothing of each region's count over consecutive Estimate calls:
  // 1 passes counts through; smaller values average more frames (and lag more).
  double smoothing = 1.0;
};

// A model with zero weights: lets an Estimator compute feature sums before any fit.
Model UnfittedModel(Mode mode, int process_width);

// Fits a model from feature sums (one row per labelled frame, image or patch).
absl::StatusOr<Model> FitModel(Mode mode, int process_width,
                               const std::vector<std::vector<double>>& rows,
                               const std::vector<double>& counts, const std::vector<int>& groups,
                               int folds = 5, bool contiguous_folds = false);

// cv::FileStorage YAML or JSON, chosen by the file extension (.yaml/.yml/.json).
absl::Status SaveModel(const Model& model, const std::string& path);
absl::StatusOr<Model> LoadModel(const std::string& path);

}  // namespace cs::vision
