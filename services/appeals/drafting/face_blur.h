// Face blur for a photo chosen for publication: every face OpenCV's frontal-face Haar cascade
// finds is blurred (Gaussian or pixelated) with a margin, unless the press office lifts the blur
// on purpose elsewhere.
//
// Thread-safety: cv::CascadeClassifier is not safe to share; use one FaceBlurrer per thread.
#pragma once

#include <memory>
#include <opencv2/core.hpp>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace cs::appeals {

// Debian package opencv-data.
inline constexpr const char* kDefaultFaceCascade =
    "/usr/share/opencv4/haarcascades/haarcascade_frontalface_default.xml";

enum class BlurMethod { kGaussian, kPixelate };

struct FaceBlurOptions {
  BlurMethod method = BlurMethod::kGaussian;
  double margin = 0.25;  // grow each face box by this fraction on every side (hair, ears)
  int pixel_block = 12;  // kPixelate: block size in pixels
  int min_face_px = 24;  // ignore detections smaller than this
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
  // NotFound when the cascade file is missing or does not load.
  static absl::StatusOr<std::unique_ptr<FaceBlurrer>> Create(
      const std::string& cascade_path = kDefaultFaceCascade, FaceBlurOptions options = {});
  ~FaceBlurrer();

  // InvalidArgument for an empty image or one that is not 8-bit with 1, 3 or 4 channels.
  absl::StatusOr<BlurResult> Blur(const cv::Mat& image) const;

 private:
  struct Impl;
  explicit FaceBlurrer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace cs::appeals
