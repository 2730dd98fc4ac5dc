#include "services/appeals/drafting/published_photo.h"

#include <algorithm>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <vector>

namespace cs::appeals {

PublishedPhotoMaker::PublishedPhotoMaker(std::unique_ptr<FaceBlurrer> blurrer,
                                         PublishedPhotoOptions options)
    : options_(options), blurrer_(std::move(blurrer)) {}

absl::StatusOr<PublishedImage> PublishedPhotoMaker::Blurred(std::string_view original) const {
  return Make(original, /*blur=*/true);
}

absl::StatusOr<PublishedImage> PublishedPhotoMaker::Unblurred(std::string_view original) const {
  return Make(original, /*blur=*/false);
}

bool PublishedPhotoMaker::FoundTheSubject(const std::vector<cv::Rect>& faces, int long_side) const {
  const double min_px = options_.min_subject_face * long_side;
  return std::any_of(faces.begin(), faces.end(),
                     [&](const cv::Rect& f) { return std::max(f.width, f.height) >= min_px; });
}

void PublishedPhotoMaker::BlurWhole(cv::Mat& image) const {
  FaceBlurOptions pixelate;
  pixelate.method = BlurMethod::kPixelate;
  pixelate.pixel_block =
      std::max(2, std::max(image.cols, image.rows) / std::max(1, options_.wholesale_blocks));
  BlurRegion(image, cv::Rect(0, 0, image.cols, image.rows), pixelate);
}

absl::StatusOr<PublishedImage> PublishedPhotoMaker::Make(std::string_view original,
                                                         bool blur) const {
  auto decoded = photo::DecodePhotoForSide(original, options_.limits, "photo", options_.max_side);
  if (!decoded.ok()) return decoded.status();
  cv::Mat image = *std::move(decoded);
  const int side = std::max(image.cols, image.rows);
  if (options_.max_side > 0 && side > options_.max_side) {
    const double f = static_cast<double>(options_.max_side) / side;
    cv::resize(image, image, cv::Size(), f, f, cv::INTER_AREA);
  }
  PublishedImage out;
  if (blur) {
    absl::StatusOr<BlurResult> blurred;
    {
      std::lock_guard<std::mutex> lock(blurrer_mu_);
      blurred = blurrer_->Blur(image);
    }
    if (!blurred.ok()) return blurred.status();
    out.faces_blurred = blurred->face_count;
    if (FoundTheSubject(blurred->detected, std::max(image.cols, image.rows))) {
      image = std::move(blurred->image);
    } else {
      BlurWhole(image);
      out.no_face_found = true;
    }
  }
  std::vector<uchar> jpeg;
  bool ok = false;
  try {
    ok = cv::imencode(".jpg", image, jpeg, {cv::IMWRITE_JPEG_QUALITY, options_.jpeg_quality});
  } catch (const cv::Exception&) {
    ok = false;
  }
  if (!ok) return absl::InternalError("photo: encoding the published image failed");
  out.jpeg.assign(jpeg.begin(), jpeg.end());
  out.width = image.cols;
  out.height = image.rows;
  return out;
}

}  // namespace cs::appeals
