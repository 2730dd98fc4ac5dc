#include "services/appeals/drafting/face_blur.h"

#include <algorithm>
#include <filesystem>
#include <opencv2/imgproc.hpp>
#include <opencv2/objdetect.hpp>

#include "absl/status/status.h"

namespace cs::appeals {

struct FaceBlurrer::Impl {
  struct Loaded {
    mutable cv::CascadeClassifier classifier;  // detectMultiScale is non-const in OpenCV
    bool mirrored_too = false;
  };
  std::vector<Loaded> cascades;
  FaceBlurOptions options;
};

FaceBlurrer::FaceBlurrer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
FaceBlurrer::~FaceBlurrer() = default;

std::vector<FaceCascade> DefaultFaceCascades() { return {{kDefaultFaceCascade, false}}; }

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
    // A kernel about half the face wide leaves no recognisable feature. Run at full size such a
    // kernel cost 150 ms for one 540 px box (docs/benchmarks.md); the same low-pass is run on a
    // copy shrunk to about 64 px (an area average first, so nothing aliases back), then scaled up.
    const int side = std::max(rect.width, rect.height);
    const double f = std::max(1.0, side / 64.0);
    cv::Mat small;
    cv::resize(roi, small,
               cv::Size(std::max(1, static_cast<int>(rect.width / f)),
                        std::max(1, static_cast<int>(rect.height / f))),
               0, 0, cv::INTER_AREA);
    const int k = std::max(3, static_cast<int>(side / 2 / f) | 1);  // odd sizes for OpenCV
    cv::GaussianBlur(small, small, cv::Size(k, k), 0);
    cv::resize(small, roi, roi.size(), 0, 0, cv::INTER_LINEAR);
  }
}

absl::StatusOr<std::unique_ptr<FaceBlurrer>> FaceBlurrer::Create(std::vector<FaceCascade> cascades,
                                                                 FaceBlurOptions options) {
  if (cascades.empty()) return absl::InvalidArgumentError("face_cascades: none given");
  auto impl = std::make_unique<Impl>();
  impl->cascades.resize(cascades.size());
  for (size_t i = 0; i < cascades.size(); ++i) {
    std::error_code ec;
    if (!std::filesystem::exists(cascades[i].path, ec)) {
      return absl::NotFoundError("face_cascade: file not found (Debian package opencv-data)");
    }
    bool loaded = false;
    try {
      loaded = impl->cascades[i].classifier.load(cascades[i].path);
    } catch (const cv::Exception&) {
      loaded = false;
    }
    if (!loaded) return absl::NotFoundError("face_cascade: file does not load as a cascade");
    impl->cascades[i].mirrored_too = cascades[i].mirrored_too;
  }
  impl->options = options;
  return std::unique_ptr<FaceBlurrer>(new FaceBlurrer(std::move(impl)));
}

absl::StatusOr<std::vector<cv::Rect>> FaceBlurrer::Detect(const cv::Mat& image) const {
  if (image.empty()) return absl::InvalidArgumentError("photo: is empty");
  if (image.depth() != CV_8U ||
      (image.channels() != 1 && image.channels() != 3 && image.channels() != 4)) {
    return absl::InvalidArgumentError("photo: must be 8-bit with 1, 3 or 4 channels");
  }
  const FaceBlurOptions& o = impl_->options;
  cv::Mat gray;
  if (image.channels() == 1) {
    gray = image.clone();  // equalizeHist below must not touch the caller's image
  } else {
    cv::cvtColor(image, gray, image.channels() == 3 ? cv::COLOR_BGR2GRAY : cv::COLOR_BGRA2GRAY);
  }
  double scale = 1.0;  // detection copy → image
  const int side = std::max(gray.cols, gray.rows);
  if (o.detect_max_side > 0 && side > o.detect_max_side) {
    scale = static_cast<double>(side) / o.detect_max_side;
    cv::resize(gray, gray, cv::Size(), 1 / scale, 1 / scale, cv::INTER_AREA);
  }
  cv::equalizeHist(gray, gray);
  cv::Mat mirrored;
  const int min = std::max(1, o.min_face_px);
  std::vector<cv::Rect> faces;
  try {
    for (const auto& c : impl_->cascades) {
      std::vector<cv::Rect> found;
      c.classifier.detectMultiScale(gray, found, o.scale_step, o.min_neighbours, 0,
                                    cv::Size(min, min));
      faces.insert(faces.end(), found.begin(), found.end());
      if (!c.mirrored_too) continue;
      if (mirrored.empty()) cv::flip(gray, mirrored, 1);
      found.clear();
      c.classifier.detectMultiScale(mirrored, found, o.scale_step, o.min_neighbours, 0,
                                    cv::Size(min, min));
      for (cv::Rect r : found) {
        r.x = gray.cols - r.x - r.width;
        faces.push_back(r);
      }
    }
  } catch (const cv::Exception&) {
    return absl::InternalError("photo: face detection failed");
  }
  for (cv::Rect& r : faces) {
    r = cv::Rect(static_cast<int>(r.x * scale), static_cast<int>(r.y * scale),
                 static_cast<int>(std::ceil(r.width * scale)),
                 static_cast<int>(std::ceil(r.height * scale)));
  }
  return faces;
}

absl::StatusOr<BlurResult> FaceBlurrer::Blur(const cv::Mat& image) const {
  auto found = Detect(image);
  if (!found.ok()) return found.status();
  BlurResult result;
  result.image = image.clone();
  const double m = std::max(0.0, impl_->options.margin);
  for (const cv::Rect& f : *found) {
    const int dx = static_cast<int>(f.width * m), dy = static_cast<int>(f.height * m);
    cv::Rect grown(f.x - dx, f.y - dy, f.width + 2 * dx, f.height + 2 * dy);
    grown &= cv::Rect(0, 0, image.cols, image.rows);
    BlurRegion(result.image, grown, impl_->options);
    result.faces.push_back(grown);
  }
  result.face_count = static_cast<int>(result.faces.size());
  result.detected = *std::move(found);
  return result;
}

}  // namespace cs::appeals
