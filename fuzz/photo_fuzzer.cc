// Fuzz target for the one photo check (common/photo): the bytes are an uploaded file. The header
// reader must give an answer for every input without decoding (a format and non-zero dimensions,
// or InvalidArgument naming the field), a prefix of the file that still reads must give the same
// header (the reader stops at the end-of-image marker, so a cut cannot change what the file
// declares), and the caps must hold: no header over the pixel or decoder-buffer cap passes
// CheckPhoto. What passes with small caps is decoded by OpenCV as the gateway and case-service
// decode it, so a file whose header lies about its size is refused rather than allocated.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/photo/photo_check.h"

namespace {

using cs::photo::ImageFormat;
using cs::photo::ImageHeader;

constexpr const char* kField = "photo";

// Every refusal is InvalidArgument and starts with the field (values are never echoed).
void CheckRefusal(const absl::Status& status) {
  if (status.code() != absl::StatusCode::kInvalidArgument) __builtin_trap();
  if (status.message().substr(0, 7) != "photo: ") __builtin_trap();
}

bool SameHeader(const ImageHeader& a, const ImageHeader& b) {
  return a.format == b.format && a.width == b.width && a.height == b.height &&
         a.progressive == b.progressive && a.coefficient_buffer_bytes == b.coefficient_buffer_bytes;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto header = cs::photo::ReadImageHeader(bytes, kField);
  if (!header.ok()) {
    CheckRefusal(header.status());
  } else {
    if (header->width == 0 || header->height == 0) __builtin_trap();
    const bool jpeg_magic = size >= 2 && data[0] == 0xFF && data[1] == 0xD8;
    if ((header->format == ImageFormat::kJpeg) != jpeg_magic) __builtin_trap();
    if (header->format == ImageFormat::kPng &&
        (header->progressive || header->coefficient_buffer_bytes != 0)) {
      __builtin_trap();
    }
    // A cut file either is refused or, when the cut falls after the end marker, reads the same.
    for (size_t cut : {size - 1, size / 2}) {
      auto prefix = cs::photo::ReadImageHeader(bytes.substr(0, cut), kField);
      if (!prefix.ok()) {
        CheckRefusal(prefix.status());
      } else if (!SameHeader(*prefix, *header)) {
        __builtin_trap();
      }
    }
  }

  // Caps small enough that a decode costs well under a millisecond.
  cs::photo::PhotoLimits limits;
  limits.max_bytes = 64 << 10;
  limits.max_pixels = 128 * 128;
  limits.max_decoder_buffer_bytes = 256 << 10;
  auto checked = cs::photo::CheckPhoto(bytes, limits, kField);
  if (!checked.ok()) {
    CheckRefusal(checked.status());
    return 0;
  }
  if (!header.ok() || !SameHeader(*checked, *header)) __builtin_trap();
  if (checked->pixels() > limits.max_pixels ||
      checked->coefficient_buffer_bytes > limits.max_decoder_buffer_bytes) {
    __builtin_trap();
  }
  auto validated = cs::photo::ValidatePhoto(bytes, limits, kField);
  if (!validated.ok()) CheckRefusal(validated.status());
  auto image = cs::photo::DecodePhoto(bytes, limits, kField, cs::photo::DecodeMode::kFullColour);
  if (!image.ok()) {
    CheckRefusal(image.status());
    return 0;
  }
  // Upright: as declared, or a quarter turn of it (EXIF orientation 5..8).
  const auto w = static_cast<uint32_t>(image->cols), h = static_cast<uint32_t>(image->rows);
  if (!((w == checked->width && h == checked->height) ||
        (w == checked->height && h == checked->width))) {
    __builtin_trap();
  }
  if (image->channels() != 3) __builtin_trap();
  return 0;
}
