// Crowd count and density per calibrated region for one camera (the API vision-worker calls).
// Stateful in per-camera mode (background model): one Estimator per camera, one thread at a time.
#pragma once

#include <memory>
#include <opencv2/core.hpp>
#include <opencv2/objdetect.hpp>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "vision/estimator/camera.h"
#include "vision/estimator/features.h"
#include "vision/estimator/model.h"
#include "vision/estimator/smoothing.h"

namespace cs::vision {

struct RegionEstimate {
  std::string region_id;
  std::string zone_id;
  double count = 0;
  std::optional<double> area_m2;
  std::optional<double> density;  // persons/m², only when area_m2 is known
};

struct FrameEstimate {
  double count = 0;
  std::vector<RegionEstimate> regions;
};

enum class Method { kRegression, kHog };

class Estimator {
 public:
  // Regression estimator from a fitted model.
  static absl::StatusOr<Estimator> Create(Camera camera, Model model);
  // Baseline: OpenCV's default HOG people detector, counting detections whose feet fall in
  // each region. Needs no model.
  static absl::StatusOr<Estimator> CreateHog(Camera camera);

  // Estimates one BGR (or gray) frame. With model.smoothing < 1 each region's count is the
  // exponential average over the frames given so far (see smoothing.h). Bad frames (empty, wrong channels, wrong size) give
  // InvalidArgument and leave the state unchanged. `density` (optional) receives a CV_32F map
  // of persons per processing pixel for the whole frame.
  absl::StatusOr<FrameEstimate> Estimate(const cv::Mat& bgr, cv::Mat* density = nullptr);

  // Feature sums for the whole frame, for fitting (feeds the background model too).
  absl::StatusOr<std::vector<double>> FrameFeatures(const cv::Mat& bgr);

  const Camera& camera() const { return camera_; }
  Method method() const { return method_; }

 private:
  Estimator(Camera camera, Model model, Method method);
  absl::Status Prepare(const cv::Mat& bgr);

  Camera camera_;
  Model model_;
  Method method_;
  std::unique_ptr<FeatureExtractor> extractor_;
  std::unique_ptr<cv::HOGDescriptor> hog_;
  std::vector<cv::Mat> maps_;
  std::optional<RegionWeights> weights_;
  cv::Size weights_for_;
  std::vector<CountSmoother> smoothers_;  // one per region, regression only
};

}  // namespace cs::vision
