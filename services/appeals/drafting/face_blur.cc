#include "services/appeals/drafting/face_blur.h"

#include <algorithm>
#include <filesystem>
#include <opencv2/imgproc.hpp>
#include <opencv2/objdetect.hpp>

#include "absl/status/status.h"

namespace cs::appeals {

struct FaceBlurrer::Impl {
  mutable cv::CascadeClassifier cascade;  // detectMultiScale is non-const in OpenCV
  FaceBlurOptions options;
};

FaceBlurrer::FaceBlurrer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
FaceBlurrer::~FaceBlurrer() = default;

void BlurRegion(cv::Mat& image, cv::Rect rect, const FaceBlurOptions& options) {
  rect &= cv::Rect(0, 0, image.cols, image.rows);
  if (rect.empty()) return;
  cv::Mat roi = image(rect);
  if (options.method == BlurMethod::kPixelate) {
    const int block = std::max(2, options.pixel_block);
    cv::Mat small;
    cv::resize(roi, small,
               cv::Size(std::max(1, rect.width / block), std::max(1, rect.height / block)), 0, 0,
               cv::INTER_AREA);
    cv::resize(small, roi, roi.size(), 0, 0, cv::INTER_NEAREST);
  } else {
    // A kernel about half the face wide leaves no recognisable feature; odd sizes for OpenCV.
    const int k = std::max(3, (std::max(rect.width, rect.height) / 2) | 1);
    cv::GaussianBlur(roi, roi, cv::Size(k, k), 0);
  }
}

absl::StatusOr<std::unique_ptr<FaceBlurrer>> FaceBlurrer::Create(const std::string& cascade_path,
                                                                 FaceBlurOptions options) {
  std::error_code ec;
  if (!std::filesystem::exists(cascade_path, ec)) {
    return absl::NotFoundError("face_cascade: file not found (Debian package opencv-data)");
  }
  auto impl = std::make_unique<Impl>();
  bool loaded = false;
  try {
    loaded = impl->cascade.load(cascade_path);
  } catch (const cv::Exception&) {
    loaded = false;
  }
  if (!loaded) return absl::NotFoundError("face_cascade: file does not load as a cascade");
  impl->options = options;
  return std::unique_ptr<FaceBlurrer>(new FaceBlurrer(std::move(impl)));
}

absl::StatusOr<BlurResult> FaceBlurrer::Blur(const cv::Mat& image) const {
  if (image.empty()) return absl::InvalidArgumentError("photo: is empty");
  if (image.depth() != CV_8U ||
      (image.channels() != 1 && image.channels() != 3 && image.channels() != 4)) {
    return absl::InvalidArgumentError("photo: must be 8-bit with 1, 3 or 4 channels");
  }
  cv::Mat gray;
  if (image.channels() == 1) {
    gray = image.clone();  // equalizeHist below must not touch the caller's image
  } else {
    cv::cvtColor(image, gray, image.channels() == 3 ? cv::COLOR_BGR2GRAY : cv::COLOR_BGRA2GRAY);
  }
  cv::equalizeHist(gray, gray);
  std::vector<cv::Rect> found;
  const int min = std::max(1, impl_->options.min_face_px);
  try {
    impl_->cascade.detectMultiScale(gray, found, 1.1, 4, 0, cv::Size(min, min));
  } catch (const cv::Exception&) {
    return absl::InternalError("photo: face detection failed");
  }
  BlurResult result;
  result.image = image.clone();
  const double m = std::max(0.0, impl_->options.margin);
  for (const cv::Rect& f : found) {
    const int dx = static_cast<int>(f.width * m), dy = static_cast<int>(f.height * m);
    cv::Rect grown(f.x - dx, f.y - dy, f.width + 2 * dx, f.height + 2 * dy);
    grown &= cv::Rect(0, 0, image.cols, image.rows);
    BlurRegion(result.image, grown, impl_->options);
    result.faces.push_back(grown);
  }
  result.face_count = static_cast<int>(result.faces.size());
  return result;
}

}  // namespace cs::appeals
