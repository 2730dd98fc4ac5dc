// Photo intake for reports: checked by the shared photo module (common/photo: header, limits,
// truncation before any decode), decoded, re-encoded (which drops EXIF, GPS and every other
// metadata block), and dominant clothing colours estimated.
// Thread-safety: pure functions; safe from any thread (OpenCV calls are reentrant).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "common/photo/photo_check.h"
#include "services/cases/core/colour.h"

namespace cs::cases {

enum class PhotoFormat { kJpeg, kPng };

using PhotoLimits = cs::photo::PhotoLimits;  // from config: cases.photos

struct SanitizedPhoto {
  PhotoFormat format = PhotoFormat::kJpeg;
  std::string bytes;  // freshly encoded, metadata-free
  int width = 0, height = 0;
};

// InvalidArgument("photo: ...") when cs::photo::DecodePhoto refuses the bytes (empty, too
// large, neither JPEG nor PNG, truncated, over a limit, undecodable). The output keeps the
// input's format.
absl::StatusOr<SanitizedPhoto> SanitizePhoto(std::string_view bytes,
                                             const PhotoLimits& limits = {});

struct ClothingColours {
  std::vector<Lab> top;  // dominant first
  std::vector<Lab> bottom;
};

// Dominant colours of the upper and lower body by k-means (k = 3) on a fixed split of the
// image: the photo is assumed to be a standing child roughly filling the frame, so rows
// 15%..50% are the top garment and 50%..85% the bottom, columns 20%..80% (the background at
// the sides is left out). This is a simple split, not a person segmentation: a crop that is
// not head-to-feet will give the wrong garments. Returns up to `k` colours per part whose
// cluster holds at least 20% of the pixels.
absl::StatusOr<ClothingColours> DominantClothingColours(std::string_view bytes,
                                                        const PhotoLimits& limits = {});

}  // namespace cs::cases
