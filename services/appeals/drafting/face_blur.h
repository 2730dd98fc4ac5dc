// Face blur for a photo chosen for publication: every face OpenCV's cascades find is blurred
// with a generous margin, unless the press office lifts the blur on purpose
// (desk/appeal_workflow.h).
//
// Why this detector (docs/benchmarks.md, "Face detector"): Debian ships no DNN face model (no
// YuNet, no res10 SSD weights; libdlib-data holds only a landmark model), so the choice is among
// opencv-data's Haar and LBP cascades. frontalface_alt2 at scale step 1.15 finds as many of the
// LFW faces as alt2 + profileface on both sides did, at a fifth of the CPU (134 vs 651 ms per
// 1600 px photo); the profile cascade added a profile portrait and crowd heads (8.8 % vs 6.0 %
// of the shared crowd images). A face the cascade misses does not go out: a photo with no face
// found is blurred whole (published_photo.h). LBP (improved) misses small faces (its window is
// 45 px). Detection runs on a copy scaled to `detect_max_side`, which bounds its time whatever
// the photo's size.
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

// frontalface_alt2 (profileface is measured in bench/appeals_photo_bench.cc, not shipped).
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
  std::vector<cv::Rect> detected;  // the detector's boxes, no margin (as Detect returns them)
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
