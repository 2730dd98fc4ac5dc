#include "common/photo/image_header.h"

#include <algorithm>
#include <cstring>
#include <optional>

namespace cs::photo {
namespace {

constexpr unsigned char kPngSignature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

uint8_t At(std::string_view b, size_t i) { return static_cast<uint8_t>(b[i]); }

uint32_t BigEndian(std::string_view b, size_t at, int n) {
  uint32_t v = 0;
  for (int k = 0; k < n; ++k) v = (v << 8) | At(b, at + k);
  return v;
}

absl::Status Bad(const std::string& field, const char* what) {
  return absl::InvalidArgumentError(field + ": " + what);
}

// SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC), which share the range.
bool IsStartOfFrame(uint8_t m) { return m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC; }
// SOF2, SOF6, SOF10, SOF14.
bool IsProgressive(uint8_t m) { return m == 0xC2 || m == 0xC6 || m == 0xCA || m == 0xCE; }
// Markers without a length: TEM and the restart markers.
bool IsStandalone(uint8_t m) { return m == 0x01 || (m >= 0xD0 && m <= 0xD7); }

uint64_t DivUp(uint64_t a, uint64_t b) { return (a + b - 1) / b; }

// The coefficient arrays libjpeg allocates for a buffered (multi-scan) image: per component,
// its blocks padded to whole MCUs, 64 coefficients of 2 bytes each. `sof` is the SOFn segment
// from its length field: precision at 2, height 3..4, width 5..6, components at 7, then
// (id, sampling factors H<<4|V, table) per component from 8.
uint64_t CoefficientBytes(std::string_view sof, uint32_t width, uint32_t height) {
  const int components = At(sof, 7);
  auto h_of = [&](int c) { return std::max(1, At(sof, 9 + 3 * c) >> 4); };
  auto v_of = [&](int c) { return std::max(1, At(sof, 9 + 3 * c) & 0x0F); };
  int h_max = 1, v_max = 1;
  for (int c = 0; c < components; ++c) {
    h_max = std::max(h_max, h_of(c));
    v_max = std::max(v_max, v_of(c));
  }
  const uint64_t mcus_x = DivUp(width, 8ull * h_max), mcus_y = DivUp(height, 8ull * v_max);
  uint64_t total = 0;
  for (int c = 0; c < components; ++c) total += mcus_x * h_of(c) * mcus_y * v_of(c) * 64 * 2;
  return total;
}

absl::StatusOr<ImageHeader> ReadJpeg(std::string_view b, const std::string& field) {
  ImageHeader h;
  h.format = ImageFormat::kJpeg;
  bool have_frame = false;
  int scans = 0;
  size_t i = 2;  // after SOI
  while (true) {
    if (i >= b.size()) return Bad(field, "JPEG is truncated (no end-of-image marker)");
    if (At(b, i) != 0xFF) return Bad(field, "JPEG structure is broken");
    while (i < b.size() && At(b, i) == 0xFF) ++i;  // fill bytes before a marker
    if (i >= b.size()) return Bad(field, "JPEG is truncated (no end-of-image marker)");
    const uint8_t marker = At(b, i++);
    if (marker == 0xD9) break;  // EOI
    if (marker == 0xD8 || marker == 0x00) return Bad(field, "JPEG structure is broken");
    if (IsStandalone(marker)) continue;
    if (i + 2 > b.size()) return Bad(field, "JPEG is truncated (no end-of-image marker)");
    const uint32_t length = BigEndian(b, i, 2);
    if (length < 2) return Bad(field, "JPEG structure is broken");
    if (i + length > b.size()) return Bad(field, "JPEG is truncated (no end-of-image marker)");
    const std::string_view segment = b.substr(i, length);
    i += length;
    if (IsStartOfFrame(marker)) {
      if (have_frame || length < 8) return Bad(field, "JPEG header is unreadable");
      const int components = At(segment, 7);
      if (components < 1 || length < 8u + 3u * components) {
        return Bad(field, "JPEG header is unreadable");
      }
      h.height = BigEndian(segment, 3, 2);
      h.width = BigEndian(segment, 5, 2);
      h.progressive = IsProgressive(marker);
      h.coefficient_buffer_bytes = CoefficientBytes(segment, h.width, h.height);
      have_frame = true;
    } else if (marker == 0xDA) {  // SOS: the entropy-coded data follows, up to the next marker
      if (!have_frame) return Bad(field, "JPEG structure is broken");
      ++scans;
      while (true) {
        const void* ff = std::memchr(b.data() + i, 0xFF, b.size() - i);
        if (ff == nullptr) return Bad(field, "JPEG is truncated (no end-of-image marker)");
        i = static_cast<const char*>(ff) - b.data();
        if (i + 1 >= b.size()) return Bad(field, "JPEG is truncated (no end-of-image marker)");
        const uint8_t next = At(b, i + 1);
        // FF00 is a stuffed data byte and FFD0..FFD7 restart markers: both inside the scan.
        if (next == 0x00 || (next >= 0xD0 && next <= 0xD7)) {
          i += 2;
          continue;
        }
        if (next == 0xFF) {  // fill byte before the next marker
          ++i;
          continue;
        }
        break;
      }
    }
  }
  if (!have_frame || scans == 0) return Bad(field, "JPEG has no image");
  if (h.width == 0 || h.height == 0) return Bad(field, "JPEG header gives no dimensions");
  if (!h.progressive && scans == 1) h.coefficient_buffer_bytes = 0;
  return h;
}

absl::StatusOr<ImageHeader> ReadPng(std::string_view b, const std::string& field) {
  ImageHeader h;
  h.format = ImageFormat::kPng;
  if (b.size() < 33 || BigEndian(b, 8, 4) != 13 || b.substr(12, 4) != "IHDR") {
    return Bad(field, "PNG header is unreadable");
  }
  h.width = BigEndian(b, 16, 4);
  h.height = BigEndian(b, 20, 4);
  if (h.width == 0 || h.height == 0) return Bad(field, "PNG header gives no dimensions");
  bool have_data = false;
  size_t i = 8;
  while (true) {
    if (i + 12 > b.size()) return Bad(field, "PNG is truncated (no IEND chunk)");
    const uint32_t length = BigEndian(b, i, 4);
    const std::string_view type = b.substr(i + 4, 4);
    if (length > 0x7FFFFFFFu || b.size() - i - 12 < length) {
      return Bad(field, "PNG is truncated (no IEND chunk)");
    }
    i += 12 + length;
    if (type == "IDAT") have_data = true;
    if (type == "IEND") break;
  }
  if (!have_data) return Bad(field, "PNG has no image data");
  return h;
}

}  // namespace

const char* ContentType(ImageFormat format) {
  return format == ImageFormat::kJpeg ? "image/jpeg" : "image/png";
}

absl::StatusOr<ImageHeader> ReadImageHeader(std::string_view bytes, const std::string& field) {
  if (bytes.empty()) return Bad(field, "is empty");
  if (bytes.size() >= 3 && At(bytes, 0) == 0xFF && At(bytes, 1) == 0xD8 && At(bytes, 2) == 0xFF) {
    return ReadJpeg(bytes, field);
  }
  if (bytes.size() >= 8 && std::memcmp(bytes.data(), kPngSignature, 8) == 0) {
    return ReadPng(bytes, field);
  }
  return Bad(field, "is neither a JPEG nor a PNG image");
}

}  // namespace cs::photo
