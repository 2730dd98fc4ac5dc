#include "mobile-api/photo_check.h"

#include <opencv2/imgcodecs.hpp>

namespace cs::api {
namespace {

// A decoded image larger than this many pixels is refused: it would cost far more memory than
// its 5 MB file suggests (a "decompression bomb").
constexpr int64_t kMaxPixels = 40'000'000;

bool StartsWith(std::string_view bytes, std::string_view magic) {
  return bytes.size() >= magic.size() && bytes.substr(0, magic.size()) == magic;
}

}  // namespace

absl::StatusOr<std::string> CheckPhoto(std::string_view bytes, const std::string& field) {
  if (bytes.empty()) return absl::InvalidArgumentError(field + ": empty photo");
  if (bytes.size() > kMaxPhotoBytes) {
    return absl::InvalidArgumentError(field + ": photo larger than 5 MB");
  }
  std::string type;
  if (StartsWith(bytes, std::string_view("\xFF\xD8\xFF", 3))) {
    type = "image/jpeg";
  } else if (StartsWith(bytes, std::string_view("\x89PNG\r\n\x1A\n", 8))) {
    type = "image/png";
    // IHDR width and height (big-endian) sit at bytes 16..23.
    if (bytes.size() >= 24) {
      auto be32 = [&](size_t at) {
        return (int64_t(uint8_t(bytes[at])) << 24) | (int64_t(uint8_t(bytes[at + 1])) << 16) |
               (int64_t(uint8_t(bytes[at + 2])) << 8) | int64_t(uint8_t(bytes[at + 3]));
      };
      if (be32(16) * be32(20) > kMaxPixels) {
        return absl::InvalidArgumentError(field + ": image has too many pixels");
      }
    }
  } else {
    return absl::InvalidArgumentError(field + ": not a JPEG or PNG image");
  }
  cv::Mat buffer(1, static_cast<int>(bytes.size()), CV_8UC1,
                 const_cast<char*>(bytes.data()));  // imdecode only reads it
  cv::Mat image;
  try {
    image = cv::imdecode(buffer, cv::IMREAD_REDUCED_GRAYSCALE_8);
  } catch (const cv::Exception&) {
    image = cv::Mat();
  }
  if (image.empty()) return absl::InvalidArgumentError(field + ": image does not decode");
  return type;
}

}  // namespace cs::api
