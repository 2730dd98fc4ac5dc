// Camera calibration for crowd counting: image<->ground homography, regions and perspective map.
// Plain value types; a Camera is immutable after Build/Load and safe to share across threads.
#pragma once

#include <opencv2/core.hpp>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace cs::vision {

// One calibration correspondence: a pixel and its ground position in metres.
struct PointPair {
  cv::Point2d image;
  cv::Point2d ground;
};

// A measured person: foot pixel and the person's height in pixels at that spot.
struct PersonSample {
  cv::Point2d foot;
  double height_px = 0;
};

struct Region {
  std::string id;
  std::string zone_id;
  std::vector<cv::Point2d> polygon;  // image pixels; empty means the whole frame
  std::optional<double> area_m2;     // given, or computed from the homography
};

// What a calibration file says, before validation.
struct CameraSpec {
  std::string id;
  int width = 0;  // expected frame size; 0 means "any" (then regions cannot be checked early)
  int height = 0;
  std::vector<PointPair> points;
  double camera_height_m = 0;  // for the homography-based perspective map
  double person_height_m = 1.7;
  std::vector<PersonSample> person_samples;
  std::vector<Region> regions;
  // Optional region of interest, CV_8U at width x height, non-zero inside: every region's count
  // is restricted to it (people behind shop glass or on a poster are not counted).
  cv::Mat roi_mask;
};

// A validated camera.
class Camera {
 public:
  // Validates the spec: >= 4 non-collinear point pairs (if any), regions inside the frame,
  // >= 2 person samples if any. Computes region areas from the homography when not given.
  static absl::StatusOr<Camera> Build(CameraSpec spec);

  const std::string& id() const { return spec_.id; }
  int width() const { return spec_.width; }
  int height() const { return spec_.height; }
  const std::vector<Region>& regions() const { return spec_.regions; }
  bool has_homography() const { return !image_to_ground_.empty(); }
  bool has_perspective() const { return perspective_kind_ != PerspectiveKind::kNone; }
  // Empty when the camera counts everywhere; else CV_8U width x height, 255 inside.
  const cv::Mat& roi_mask() const { return spec_.roi_mask; }

  // Image pixel -> ground metres. Requires has_homography().
  cv::Point2d ToGround(cv::Point2d image) const;
  // Ground area of an image polygon in m². Requires has_homography().
  double GroundArea(const std::vector<cv::Point2d>& polygon) const;
  // Expected height in pixels of a person whose feet are at `foot`; 0 when no perspective
  // information exists (callers then treat every pixel alike).
  double PersonHeightPx(cv::Point2d foot) const;

  // Checks that a frame of this size fits the calibration (regions inside it).
  absl::Status CheckFrameSize(int width, int height) const;

 private:
  enum class PerspectiveKind { kNone, kHomography, kSamples };
  explicit Camera(CameraSpec spec) : spec_(std::move(spec)) {}

  CameraSpec spec_;
  cv::Mat image_to_ground_;  // 3x3 CV_64F or empty
  PerspectiveKind perspective_kind_ = PerspectiveKind::kNone;
  // kSamples: height_px = a + b*x + c*y (c only when samples span x, else b = 0).
  double pa_ = 0, pb_ = 0, pc_ = 0;
};

// Reads a camera calibration YAML file (yaml-cpp). Unknown keys are rejected naming the key and
// its line. A file with only `id:` is valid: the whole frame is one region without m².
absl::StatusOr<Camera> LoadCameraYaml(const std::string& path);
absl::StatusOr<Camera> ParseCameraYaml(const std::string& text, const std::string& source_name);

}  // namespace cs::vision
