#include "common/photo/photo_check.h"

#include <algorithm>
#include <opencv2/imgcodecs.hpp>

#include "absl/strings/str_cat.h"

namespace cs::photo {

absl::StatusOr<ImageHeader> CheckPhoto(std::string_view bytes, const PhotoLimits& limits,
                                       const std::string& field) {
  if (bytes.size() > limits.max_bytes) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": is larger than ", limits.max_bytes, " bytes"));
  }
  auto header = ReadImageHeader(bytes, field);
  if (!header.ok()) return header.status();
  if (header->pixels() > limits.max_pixels) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": image has more than ", limits.max_pixels, " pixels"));
  }
  if (header->coefficient_buffer_bytes > limits.max_decoder_buffer_bytes) {
    return absl::InvalidArgumentError(absl::StrCat(
        field, ": progressive image would need more than ", limits.max_decoder_buffer_bytes,
        " bytes to decode"));
  }
  return header;
}

namespace {

// The decode behind DecodePhoto and DecodePhotoForSide: `flags` for imdecode, and the size the
// result must have (either way round when `may_turn`, for EXIF orientation 5..8).
absl::StatusOr<cv::Mat> DecodeAs(std::string_view bytes, const std::string& field, int flags,
                                 uint32_t want_w, uint32_t want_h, bool may_turn) {
  cv::Mat image;
  try {
    const cv::Mat raw(1, static_cast<int>(bytes.size()), CV_8UC1, const_cast<char*>(bytes.data()));
    image = cv::imdecode(raw, flags);  // imdecode only reads `raw`
  } catch (const cv::Exception&) {
    image.release();
  }
  if (image.empty()) return absl::InvalidArgumentError(field + ": image does not decode");
  const bool as_declared =
      (uint32_t(image.cols) == want_w && uint32_t(image.rows) == want_h) ||
      (may_turn && uint32_t(image.cols) == want_h && uint32_t(image.rows) == want_w);
  if (!as_declared) {
    return absl::InvalidArgumentError(field + ": image does not match its header");
  }
  return image;
}

}  // namespace

absl::StatusOr<cv::Mat> DecodePhoto(std::string_view bytes, const PhotoLimits& limits,
                                    const std::string& field, DecodeMode mode) {
  auto header = CheckPhoto(bytes, limits, field);
  if (!header.ok()) return header.status();
  int flags = cv::IMREAD_COLOR;
  uint32_t want_w = header->width, want_h = header->height;
  if (mode == DecodeMode::kValidate) {
    // IMREAD_REDUCED_* only saves work for JPEG (OpenCV decodes a PNG whole and then resizes).
    if (header->format == ImageFormat::kJpeg) {
      flags = cv::IMREAD_REDUCED_GRAYSCALE_8;
      want_w = (want_w + 7) / 8;
      want_h = (want_h + 7) / 8;
    } else {
      flags = cv::IMREAD_GRAYSCALE;
    }
    // Orientation is irrelevant for a validity check; skipping it keeps the size comparable.
    flags |= cv::IMREAD_IGNORE_ORIENTATION;
  }
  return DecodeAs(bytes, field, flags, want_w, want_h, mode == DecodeMode::kFullColour);
}

absl::StatusOr<cv::Mat> DecodePhotoForSide(std::string_view bytes, const PhotoLimits& limits,
                                           const std::string& field, int min_long_side) {
  auto header = CheckPhoto(bytes, limits, field);
  if (!header.ok()) return header.status();
  const uint32_t side = std::max(header->width, header->height);
  int denom = 1;
  if (header->format == ImageFormat::kJpeg && min_long_side > 0) {
    while (denom < 8 && side / (2 * denom) >= static_cast<uint32_t>(min_long_side)) denom *= 2;
  }
  const int flags = denom == 8   ? cv::IMREAD_REDUCED_COLOR_8
                    : denom == 4 ? cv::IMREAD_REDUCED_COLOR_4
                    : denom == 2 ? cv::IMREAD_REDUCED_COLOR_2
                                 : cv::IMREAD_COLOR;
  // libjpeg's scaled size rounds up.
  const uint32_t want_w = (header->width + denom - 1) / denom;
  const uint32_t want_h = (header->height + denom - 1) / denom;
  return DecodeAs(bytes, field, flags, want_w, want_h, /*may_turn=*/true);
}

absl::StatusOr<ImageHeader> ValidatePhoto(std::string_view bytes, const PhotoLimits& limits,
                                          const std::string& field) {
  auto image = DecodePhoto(bytes, limits, field, DecodeMode::kValidate);
  if (!image.ok()) return image.status();
  image->release();
  return ReadImageHeader(bytes, field);  // read twice: microseconds next to the decode
}

}  // namespace cs::photo
