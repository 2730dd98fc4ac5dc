#include "vision/estimator/model.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <opencv2/core.hpp>

#include "absl/strings/str_cat.h"
#include "vision/estimator/ridge.h"

namespace cs::vision {
namespace {
constexpr char kFormat[] = "crowdsafe-vision-model";
constexpr int kVersion = 1;

std::vector<std::string> Names(Mode mode) {
  std::vector<std::string> names;
  for (const auto& f : Features(mode)) names.push_back(f.name);
  return names;
}
}  // namespace

Model UnfittedModel(Mode mode, int process_width) {
  Model m;
  m.mode = mode;
  m.process_width = process_width;
  m.feature_names = Names(mode);
  m.weights.assign(m.feature_names.size(), 0.0);
  return m;
}

absl::StatusOr<Model> FitModel(Mode mode, int process_width,
                               const std::vector<std::vector<double>>& rows,
                               const std::vector<double>& counts, const std::vector<int>& groups,
                               int folds, bool contiguous_folds) {
  for (size_t i = 0; i < counts.size(); ++i) {
    if (!(counts[i] >= 0) || counts[i] > 1e6) {
      return absl::InvalidArgumentError(
          absl::StrCat("labels[", i, "].count: ", counts[i], " is outside 0..1e6"));
    }
  }
  if (!rows.empty() && rows[0].size() != Features(mode).size()) {
    return absl::InvalidArgumentError("features: row length does not match the mode");
  }
  auto fit = FitRidge(rows, counts, groups, folds, contiguous_folds);
  if (!fit.ok()) return fit.status();
  Model m;
  m.mode = mode;
  m.process_width = process_width;
  m.feature_names = Names(mode);
  m.weights = fit->weights;
  m.lambda = fit->lambda;
  m.cv_mae = fit->cv_mae;
  // The median of per-group totals (per frame or image), what a trivial counter would say.
  std::map<int, double> totals;
  for (size_t i = 0; i < counts.size(); ++i)
    totals[groups.empty() ? int(i) : groups[i]] += counts[i];
  std::vector<double> t;
  for (auto& [id, c] : totals) t.push_back(c);
  std::sort(t.begin(), t.end());
  m.train_median =
      t.empty() ? 0
                : (t.size() % 2 ? t[t.size() / 2] : (t[t.size() / 2 - 1] + t[t.size() / 2]) / 2);
  m.train_samples = int(t.size());
  return m;
}

absl::Status SaveModel(const Model& model, const std::string& path) {
  try {
    cv::FileStorage fs(path, cv::FileStorage::WRITE);
    if (!fs.isOpened()) return absl::InternalError(absl::StrCat("model: cannot write ", path));
    fs << "format" << kFormat << "version" << kVersion;
    fs << "mode" << ModeName(model.mode) << "process_width" << model.process_width;
    fs << "feature_names" << model.feature_names;
    fs << "weights" << model.weights;
    fs << "lambda" << model.lambda << "cv_mae" << model.cv_mae;
    fs << "train_median" << model.train_median << "train_samples" << model.train_samples;
    fs << "smoothing" << model.smoothing;
  } catch (const cv::Exception& e) {
    return absl::InternalError(absl::StrCat("model: cannot write ", path, ": ", e.msg));
  }
  return absl::OkStatus();
}

absl::StatusOr<Model> LoadModel(const std::string& path) {
  Model m;
  try {
    cv::FileStorage fs(path, cv::FileStorage::READ);
    if (!fs.isOpened()) return absl::NotFoundError(absl::StrCat("model: cannot open ", path));
    std::string format, mode;
    fs["format"] >> format;
    if (format != kFormat) {
      return absl::InvalidArgumentError(
          absl::StrCat("model.format: '", format, "' is not ", kFormat));
    }
    int version = 0;
    fs["version"] >> version;
    if (version != kVersion) {
      return absl::InvalidArgumentError(absl::StrCat("model.version: ", version, " unsupported"));
    }
    fs["mode"] >> mode;
    auto parsed = ParseMode(mode);
    if (!parsed.ok())
      return absl::InvalidArgumentError("model." + std::string(parsed.status().message()));
    m.mode = *parsed;
    fs["process_width"] >> m.process_width;
    fs["feature_names"] >> m.feature_names;
    fs["weights"] >> m.weights;
    fs["lambda"] >> m.lambda;
    fs["cv_mae"] >> m.cv_mae;
    fs["train_median"] >> m.train_median;
    fs["train_samples"] >> m.train_samples;
    // Files written before smoothing existed have no key: they keep the unsmoothed behaviour.
    if (!fs["smoothing"].empty()) fs["smoothing"] >> m.smoothing;
  } catch (const cv::Exception& e) {
    return absl::InvalidArgumentError(absl::StrCat("model: ", path, " is corrupt: ", e.msg));
  }
  if (m.process_width < 0 || m.process_width > 16384) {
    return absl::InvalidArgumentError("model.process_width: outside 0..16384");
  }
  if (m.feature_names != Names(m.mode)) {
    return absl::InvalidArgumentError(
        "model.feature_names: do not match this build's features; refit the model");
  }
  if (m.weights.size() != m.feature_names.size()) {
    return absl::InvalidArgumentError("model.weights: one weight per feature is needed");
  }
  if (!(m.smoothing > 0) || m.smoothing > 1) {
    return absl::InvalidArgumentError("model.smoothing: outside (0, 1]");
  }
  for (double w : m.weights) {
    if (!std::isfinite(w)) return absl::InvalidArgumentError("model.weights: not finite");
  }
  return m;
}

}  // namespace cs::vision
