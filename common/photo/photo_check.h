// The one photo check of crowdsafe, used by the gateway (mobile-api) and by case-service: the
// header is read and every limit checked before OpenCV decodes anything, so a small file cannot
// make either process allocate or work for what its header declares.
//
//   PhotoLimits limits;                       // or ParsePhotoLimits from config
//   auto header = CheckPhoto(bytes, limits, "photos[0]");      // no decode
//   auto valid = ValidatePhoto(bytes, limits, "photos[0]");    // header + a cheap decode
//   auto image = DecodePhoto(bytes, limits, "photo", DecodeMode::kFullColour);
//
// Thread-safety: pure functions; OpenCV's decoders are reentrant.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <opencv2/core.hpp>

#include "absl/status/statusor.h"
#include "common/photo/image_header.h"

namespace cs::photo {

struct PhotoLimits {
  uint64_t max_bytes = 5u << 20;  // the file, checked first
  // width × height from the header. 16 Mpx takes a 12 Mpx phone photo (4000 × 3000) and a
  // 16:9 crop of a 20 Mpx one; decoded in full colour it is 48 MB.
  uint64_t max_pixels = 16'000'000;
  // What libjpeg must hold at once for a progressive or multi-scan JPEG (its coefficient
  // buffers, whatever the output size): the 172-byte progressive file declaring 16384 × 16384
  // asks for 512 MiB here. 48 MiB is a 4:2:0 progressive photo at max_pixels.
  uint64_t max_decoder_buffer_bytes = 48u << 20;
};

// The header of a photo within `limits`; InvalidArgument naming `field` otherwise (too many
// bytes, not JPEG/PNG, unreadable or truncated (image_header.h), too many pixels, too large a
// decoder buffer). Decodes nothing.
absl::StatusOr<ImageHeader> CheckPhoto(std::string_view bytes, const PhotoLimits& limits,
                                       const std::string& field);

enum class DecodeMode {
  // Proof that the image data decodes, at the least cost: a JPEG is decoded at 1/8 scale in
  // grey (libjpeg scales in the DCT, so it does 1/64 of the work), a PNG in grey.
  kValidate,
  // Every pixel in BGR, upright (EXIF orientation applied).
  kFullColour,
};

// CheckPhoto, then the decode; InvalidArgument naming `field` when the data does not decode or
// decodes to other dimensions than its header gave.
absl::StatusOr<cv::Mat> DecodePhoto(std::string_view bytes, const PhotoLimits& limits,
                                    const std::string& field, DecodeMode mode);

// DecodePhoto(kFullColour) for an image that will be shrunk to `min_long_side` (or less): a JPEG
// whose long side is at least twice that decodes at the largest libjpeg scale (1/2, 1/4, 1/8)
// that keeps its long side at `min_long_side` or more. libjpeg scales in the DCT, so a 12 Mpx
// photo bound for 1600 px costs a third of a full decode. A PNG, or a JPEG under twice the side,
// decodes whole. The caller resizes what comes back; 0 decodes whole.
absl::StatusOr<cv::Mat> DecodePhotoForSide(std::string_view bytes, const PhotoLimits& limits,
                                           const std::string& field, int min_long_side);

// For a gateway that passes the bytes on: DecodePhoto(kValidate), the image dropped at once;
// returns the header (its format gives the content type).
absl::StatusOr<ImageHeader> ValidatePhoto(std::string_view bytes, const PhotoLimits& limits,
                                          const std::string& field);

}  // namespace cs::photo
