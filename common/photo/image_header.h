// Reads an uploaded image's structure without decoding a pixel: the format from the magic bytes,
// the dimensions from the header, and whether the file is complete (a JPEG reaches its EOI marker,
// a PNG its IEND chunk). The one place every photo path asks "what is this, how big will it be
// decoded, is it whole?" before OpenCV sees it (see photo_check.h).
//
// Accepted formats: JPEG (baseline, extended, progressive; any marker layout libjpeg reads) and
// PNG. Nothing else is accepted anywhere in crowdsafe.
//
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace cs::photo {

enum class ImageFormat { kJpeg, kPng };

// "image/jpeg" or "image/png".
const char* ContentType(ImageFormat format);

struct ImageHeader {
  ImageFormat format = ImageFormat::kJpeg;
  uint32_t width = 0;
  uint32_t height = 0;
  // JPEG only: libjpeg must hold the whole image's DCT coefficients (2 bytes each) before it can
  // give the first pixel when the file is progressive or has more than one scan, whatever the
  // requested output size. 0 for a single-scan baseline JPEG (decoded one MCU row at a time)
  // and for PNG.
  uint64_t coefficient_buffer_bytes = 0;
  bool progressive = false;

  uint64_t pixels() const { return uint64_t{width} * height; }
};

// InvalidArgument naming `field` (values are never echoed) when the bytes are neither JPEG nor
// PNG, the header is unreadable or gives a zero dimension, or the file is truncated (a JPEG that
// ends inside a segment or its image data without EOI; a PNG whose chunks run past the end or
// that has no IDAT or no IEND). Reads every byte once; allocates nothing but the error.
absl::StatusOr<ImageHeader> ReadImageHeader(std::string_view bytes, const std::string& field);

}  // namespace cs::photo
