#include "vision/estimator/ridge.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <opencv2/core.hpp>

#include "absl/strings/str_cat.h"

namespace cs::vision {
namespace {

absl::Status Check(const std::vector<std::vector<double>>& rows, const std::vector<double>& y) {
  if (rows.size() < 2) {
    return absl::InvalidArgumentError(
        absl::StrCat("labels: ", rows.size(), " labelled samples, at least 2 are needed"));
  }
  if (rows.size() != y.size()) {
    return absl::InvalidArgumentError("labels: number of counts differs from feature rows");
  }
  const size_t d = rows[0].size();
  if (d == 0) return absl::InvalidArgumentError("features: empty feature vector");
  for (size_t i = 0; i < rows.size(); ++i) {
    if (rows[i].size() != d) {
      return absl::InvalidArgumentError(absl::StrCat("features[", i, "]: ragged row"));
    }
    for (double v : rows[i]) {
      if (!std::isfinite(v)) {
        return absl::InvalidArgumentError(absl::StrCat("features[", i, "]: not finite"));
      }
    }
    if (!std::isfinite(y[i])) {
      return absl::InvalidArgumentError(absl::StrCat("labels[", i, "].count: not finite"));
    }
  }
  return absl::OkStatus();
}

}  // namespace

double Dot(const std::vector<double>& a, const std::vector<double>& b) {
  double s = 0;
  for (size_t i = 0; i < a.size() && i < b.size(); ++i) s += a[i] * b[i];
  return s;
}

absl::StatusOr<std::vector<double>> SolveRidge(const std::vector<std::vector<double>>& rows,
                                               const std::vector<double>& y, double lambda) {
  if (auto st = Check(rows, y); !st.ok()) return st;
  const int n = int(rows.size()), d = int(rows[0].size());
  std::vector<double> scale(d, 0);
  for (const auto& r : rows)
    for (int k = 0; k < d; ++k) scale[k] += r[k] * r[k];
  for (auto& s : scale) s = s > 0 ? std::sqrt(s / n) : 1;
  cv::Mat a = cv::Mat::zeros(d, d, CV_64F), b = cv::Mat::zeros(d, 1, CV_64F);
  for (int i = 0; i < n; ++i) {
    for (int p = 0; p < d; ++p) {
      const double xp = rows[i][p] / scale[p];
      b.at<double>(p) += xp * y[i];
      for (int q = 0; q < d; ++q) a.at<double>(p, q) += xp * rows[i][q] / scale[q];
    }
  }
  for (int p = 0; p < d; ++p) a.at<double>(p, p) += lambda * n;
  cv::Mat w;
  if (!cv::solve(a, b, w, cv::DECOMP_SVD)) {
    return absl::InvalidArgumentError("features: the regression is singular");
  }
  std::vector<double> out(d);
  for (int k = 0; k < d; ++k) out[k] = w.at<double>(k) / scale[k];
  return out;
}

absl::StatusOr<RidgeFit> FitRidge(const std::vector<std::vector<double>>& rows,
                                  const std::vector<double>& y, const std::vector<int>& groups,
                                  int folds, bool contiguous_folds) {
  if (auto st = Check(rows, y); !st.ok()) return st;
  std::vector<int> g = groups;
  if (g.empty()) {
    for (size_t i = 0; i < rows.size(); ++i) g.push_back(int(i));
  }
  if (g.size() != rows.size()) {
    return absl::InvalidArgumentError("groups: one group id per row is needed");
  }
  std::map<int, int> group_fold;
  for (int id : g) group_fold.emplace(id, 0);
  const int n_groups = int(group_fold.size());
  folds = std::clamp(folds, 2, std::max(2, n_groups));
  {
    int i = 0;
    for (auto& [id, f] : group_fold) {
      f = contiguous_folds ? int(int64_t(i) * folds / n_groups) : i % folds;
      ++i;
    }
  }
  RidgeFit best;
  best.cv_mae = INFINITY;
  for (double lambda : {1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 3e-2, 1e-1, 3e-1, 1.0, 3.0, 10.0}) {
    double abs_err = 0;
    int scored = 0;
    bool ok = true;
    for (int f = 0; f < folds && ok; ++f) {
      std::vector<std::vector<double>> tr;
      std::vector<double> ty;
      for (size_t i = 0; i < rows.size(); ++i) {
        if (group_fold[g[i]] != f) tr.push_back(rows[i]), ty.push_back(y[i]);
      }
      if (tr.size() < 2) continue;
      auto w = SolveRidge(tr, ty, lambda);
      if (!w.ok()) {
        ok = false;
        break;
      }
      std::map<int, std::pair<double, double>> per_group;  // predicted, true
      for (size_t i = 0; i < rows.size(); ++i) {
        if (group_fold[g[i]] != f) continue;
        auto& pg = per_group[g[i]];
        pg.first += Dot(*w, rows[i]);
        pg.second += y[i];
      }
      for (auto& [id, pt] : per_group) {
        abs_err += std::abs(std::max(0.0, pt.first) - pt.second);
        ++scored;
      }
    }
    if (!ok || scored == 0) continue;
    const double mae = abs_err / scored;
    if (mae < best.cv_mae) best.cv_mae = mae, best.lambda = lambda;
  }
  if (!std::isfinite(best.cv_mae)) best.lambda = 1e-3, best.cv_mae = 0;
  auto w = SolveRidge(rows, y, best.lambda);
  if (!w.ok()) return w.status();
  best.weights = *std::move(w);
  return best;
}

}  // namespace cs::vision
