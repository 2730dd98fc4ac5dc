// Checks an uploaded photo before it goes anywhere: size first (cheap), then the magic bytes,
// then a full decode with OpenCV so that a file that only looks like an image is refused.
//
// Thread-safety: pure function.
#pragma once

#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace cs::api {

inline constexpr size_t kMaxPhotoBytes = 5u << 20;

// The content type ("image/jpeg" or "image/png") of a valid photo; otherwise INVALID_ARGUMENT
// naming `field` (e.g. "photos[1]").
absl::StatusOr<std::string> CheckPhoto(std::string_view bytes, const std::string& field);

}  // namespace cs::api
