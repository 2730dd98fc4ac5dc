#include "vision/estimator/estimator.h"

#include <algorithm>
#include <opencv2/imgproc.hpp>

#include "absl/strings/str_cat.h"
#include "vision/estimator/ridge.h"

namespace cs::vision {

Estimator::Estimator(Camera camera, Model model, Method method)
    : camera_(std::move(camera)), model_(std::move(model)), method_(method) {}

absl::StatusOr<Estimator> Estimator::Create(Camera camera, Model model) {
  if (model.weights.size() != Features(model.mode).size()) {
    return absl::InvalidArgumentError("model.weights: one weight per feature is needed");
  }
  if (!(model.smoothing > 0) || model.smoothing > 1) {
    return absl::InvalidArgumentError("model.smoothing: outside (0, 1]");
  }
  Estimator e(std::move(camera), std::move(model), Method::kRegression);
  e.smoothers_.assign(e.camera_.regions().size(), CountSmoother(e.model_.smoothing));
  e.extractor_ = std::make_unique<FeatureExtractor>(e.model_.mode, e.model_.process_width);
  return e;
}

absl::StatusOr<Estimator> Estimator::CreateHog(Camera camera) {
  Estimator e(std::move(camera), Model{}, Method::kHog);
  e.hog_ = std::make_unique<cv::HOGDescriptor>();
  e.hog_->setSVMDetector(cv::HOGDescriptor::getDefaultPeopleDetector());
  return e;
}

absl::Status Estimator::Prepare(const cv::Mat& bgr) {
  if (auto st = CheckFrame(bgr); !st.ok()) return st;
  return camera_.CheckFrameSize(bgr.cols, bgr.rows);
}

absl::StatusOr<std::vector<double>> Estimator::FrameFeatures(const cv::Mat& bgr) {
  if (method_ != Method::kRegression) {
    return absl::FailedPreconditionError("method: HOG has no features");
  }
  if (auto st = Prepare(bgr); !st.ok()) return st;
  if (auto st = extractor_->Compute(bgr, &maps_); !st.ok()) return st;
  std::vector<double> sums(maps_.size(), 0);
  const auto& info = Features(model_.mode);
  const cv::Size ps = extractor_->ProcessSize(bgr.size());
  if (!weights_ || weights_for_ != bgr.size()) {
    weights_ = RegionWeights::Build(camera_, bgr.size(), ps);
    weights_for_ = bgr.size();
  }
  for (size_t k = 0; k < maps_.size(); ++k) {
    sums[k] = maps_[k].dot(weights_->Weight(info[k].perspective_power));
  }
  return sums;
}

absl::StatusOr<FrameEstimate> Estimator::Estimate(const cv::Mat& bgr, cv::Mat* density) {
  if (auto st = Prepare(bgr); !st.ok()) return st;
  FrameEstimate out;
  const auto& regions = camera_.regions();
  std::vector<double> counts(regions.size(), 0);
  if (method_ == Method::kHog) {
    cv::Mat gray;
    if (bgr.channels() == 3) {
      cv::cvtColor(bgr, gray, cv::COLOR_BGR2GRAY);
    } else {
      gray = bgr;
    }
    std::vector<cv::Rect> found;
    std::vector<double> scores;
    hog_->detectMultiScale(gray, found, scores, 0, cv::Size(8, 8), cv::Size(0, 0), 1.05, 2.0);
    for (const auto& r : found) {
      const cv::Point2f foot(r.x + r.width / 2.0f, float(std::min(r.y + r.height, bgr.rows - 1)));
      for (size_t i = 0; i < regions.size(); ++i) {
        std::vector<cv::Point2f> poly(regions[i].polygon.begin(), regions[i].polygon.end());
        if (poly.empty() || cv::pointPolygonTest(poly, foot, false) >= 0) counts[i] += 1;
      }
    }
    if (density) {
      *density = cv::Mat::zeros(bgr.size(), CV_32F);
      for (const auto& r : found) {
        cv::Rect c = r & cv::Rect(0, 0, bgr.cols, bgr.rows);
        if (c.area() > 0) (*density)(c) += 1.0 / c.area();
      }
    }
  } else {
    if (auto st = extractor_->Compute(bgr, &maps_); !st.ok()) return st;
    const cv::Size ps = extractor_->ProcessSize(bgr.size());
    if (!weights_ || weights_for_ != bgr.size()) {
      weights_ = RegionWeights::Build(camera_, bgr.size(), ps);
      weights_for_ = bgr.size();
    }
    const auto sums = weights_->Sum(model_.mode, maps_);
    for (size_t i = 0; i < regions.size(); ++i) {
      counts[i] = smoothers_[i].Add(std::max(0.0, Dot(model_.weights, sums[i])));
    }
    if (density) {
      const auto& info = Features(model_.mode);
      cv::Mat d = cv::Mat::zeros(ps, CV_32F);
      for (size_t k = 0; k < maps_.size(); ++k) {
        d += maps_[k].mul(weights_->Weight(info[k].perspective_power)) * model_.weights[k];
      }
      *density = cv::max(d, 0.0);
    }
  }
  // The frame count: the whole frame when no polygons, else the sum of regions (which may
  // overlap; callers wanting the exact frame total should define no regions).
  bool whole = regions.size() == 1 && regions[0].polygon.empty();
  for (size_t i = 0; i < regions.size(); ++i) {
    RegionEstimate re;
    re.region_id = regions[i].id;
    re.zone_id = regions[i].zone_id;
    re.count = counts[i];
    re.area_m2 = regions[i].area_m2;
    if (re.area_m2) re.density = counts[i] / *re.area_m2;
    out.regions.push_back(std::move(re));
    out.count += counts[i];
  }
  if (whole) out.count = counts[0];
  return out;
}

}  // namespace cs::vision
