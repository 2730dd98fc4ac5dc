// Additive per-pixel feature maps for crowd counting, and their sums over calibrated regions.
// A FeatureExtractor is stateful in per-camera mode (background model): one per camera, one
// thread at a time. RegionWeights is immutable after Build and safe to share.
#pragma once

#include <opencv2/core.hpp>
#include <opencv2/video/background_segm.hpp>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "vision/estimator/camera.h"

namespace cs::vision {

enum class Mode {
  kPerCamera,    // fixed camera: background model + perspective-normalised fg/edge features
  kSingleImage,  // stills of dense crowds: multi-scale texture features, no background
};

const char* ModeName(Mode mode);
absl::StatusOr<Mode> ParseMode(const std::string& name);

// Every feature is a per-pixel map whose sum over a region is the region's feature value, so a
// linear model on the sums is additive: region counts add up to the frame count.
struct FeatureInfo {
  std::string name;
  int perspective_power;  // 0: none, 1: scales with person height (edges), 2: with area
};
const std::vector<FeatureInfo>& Features(Mode mode);

// Frame checks shared by every entry point: non-empty, 8-bit, 1 or 3 channels.
absl::Status CheckFrame(const cv::Mat& frame);

class FeatureExtractor {
 public:
  // process_width: frames are resized to this width first (0 keeps the input width; images
  // wider than 1280 are always reduced).
  FeatureExtractor(Mode mode, int process_width);

  Mode mode() const { return mode_; }
  cv::Size ProcessSize(cv::Size input) const;

  // Computes one CV_32F map per feature at ProcessSize(frame.size()). In per-camera mode this
  // also feeds the background model, so call it on consecutive frames.
  absl::Status Compute(const cv::Mat& frame, std::vector<cv::Mat>* maps);

  // Forgets the background (e.g. after a camera moved).
  void Reset();

 private:
  void ComputePerCamera(const cv::Mat& gray, const cv::Mat& color, std::vector<cv::Mat>* maps);
  void ComputeSingleImage(const cv::Mat& gray, std::vector<cv::Mat>* maps);

  Mode mode_;
  int process_width_;
  cv::Ptr<cv::BackgroundSubtractorMOG2> background_;
  cv::Size last_size_;
};

// Region masks times perspective weights, at processing resolution.
class RegionWeights {
 public:
  static RegionWeights Build(const Camera& camera, cv::Size input, cv::Size process);

  size_t region_count() const { return masks_.size(); }
  // sums[r][k]: feature k summed over region r with its perspective weighting.
  std::vector<std::vector<double>> Sum(Mode mode, const std::vector<cv::Mat>& maps) const;
  // Per-pixel weight for a perspective power over the whole frame (for density maps).
  const cv::Mat& Weight(int power) const { return weight_[power]; }

 private:
  std::vector<cv::Mat> masks_;            // CV_32F 0/1 per region
  std::vector<std::vector<cv::Mat>> rw_;  // rw_[r][power] = mask * weight^power
  cv::Mat weight_[3];
};

}  // namespace cs::vision
