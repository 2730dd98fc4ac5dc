// Face blur for a photo chosen for publication: every face OpenCV's cascades find (frontal and
// profile, the profile also mirrored for the other side) is blurred with a generous margin,
// unless the press office lifts the blur on purpose (desk/appeal_workflow.h).
//
// Why these detectors (docs/benchmarks.md, "Face detector"): Debian's opencv-data ships Haar and
// LBP cascades only. frontalface_alt2 finds as many faces as frontalface_default on our sets with
// fewer false boxes; a false box only blurs a patch of background, a missed face publishes a
// child's face, so recall wins and the profile cascade is added. Detection runs on a copy scaled
// to `detect_max_side`, which bounds its time whatever the photo's size.
//
// Thread-safety: cv::CascadeClassifier is not safe to share; use one FaceBlurrer per thread (or
// guard it, as drafting_bridge.cc does).
#pragma once

#include <memory>
#include <opencv2/core.hpp>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace cs::appeals {

// Debian package opencv-data.
inline constexpr const char* kCascadeDir = "/usr/share/opencv4/haarcascades/";
inline constexpr const char* kDefaultFaceCascade =
    "/usr/share/opencv4/haarcascades/haarcascade_frontalface_alt2.xml";
inline constexpr const char* kProfileFaceCascade =
    "/usr/share/opencv4/haarcascades/haarcascade_profileface.xml";

enum class BlurMethod { kGaussian, kPixelate };

struct FaceCascade {
  std::string path;
  bool mirrored_too = false;  // also run on the mirrored image (profile cascades see one side)
};

// frontalface_alt2, and profileface on both sides.
std::vector<FaceCascade> DefaultFaceCascades();

struct FaceBlurOptions {
  BlurMethod method = BlurMethod::kGaussian;
  // Grow each face box by this fraction on every side: a cascade's box covers eyes to mouth,
  // not hair, ears and chin, which identify a child as well.
  double margin = 0.4;
  int pixel_block = 12;   // kPixelate: block size in pixels
  int min_face_px = 20;   // ignore detections smaller than this (in the detection copy)
  int min_neighbours = 3;  // cascade votes per face: lower finds more faces and more false boxes
  double scale_step = 1.15;  // between detection scales: smaller finds more, costs more
  // Detection on a copy no larger than this (0: full size). A patrol officer's photo of a child
  // shows a face of 1/12 of the frame or more: 53 px at 640, far above min_face_px.
  int detect_max_side = 640;
};

struct BlurResult {
  cv::Mat image;  // a blurred copy; the input is never modified
  int face_count = 0;
  std::vector<cv::Rect> faces;  // blurred boxes, margin included, clipped to the image
};

// Blurs `rect` (clipped to the image) in place; a no-op for an empty intersection.
void BlurRegion(cv::Mat& image, cv::Rect rect, const FaceBlurOptions& options);

class FaceBlurrer {
 public:
  // NotFound when a cascade file is missing or does not load.
  static absl::StatusOr<std::unique_ptr<FaceBlurrer>> Create(
      std::vector<FaceCascade> cascades = DefaultFaceCascades(), FaceBlurOptions options = {});
  ~FaceBlurrer();

  // The face boxes (no margin) in image coordinates. InvalidArgument for an empty image or one
  // that is not 8-bit with 1, 3 or 4 channels.
  absl::StatusOr<std::vector<cv::Rect>> Detect(const cv::Mat& image) const;
  // Detect, then blur each box grown by the margin.
  absl::StatusOr<BlurResult> Blur(const cv::Mat& image) const;

 private:
  struct Impl;
  explicit FaceBlurrer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace cs::appeals
