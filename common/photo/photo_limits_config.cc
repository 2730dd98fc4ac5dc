#include "common/photo/photo_limits_config.h"

namespace cs::photo {

void ParsePhotoLimits(YamlReader& node, PhotoLimits& out) {
  auto read = [&](const char* key, uint64_t current, uint64_t lo, uint64_t hi, const char* range) {
    const int64_t v = node.Optional<int64_t>(key, static_cast<int64_t>(current));
    if (v < static_cast<int64_t>(lo) || v > static_cast<int64_t>(hi)) {
      node.Fail(key, range);
      return current;
    }
    return static_cast<uint64_t>(v);
  };
  out.max_bytes = read("max_bytes", out.max_bytes, 1024, 64u << 20, "must be 1 KiB..64 MiB");
  out.max_pixels = read("max_pixels", out.max_pixels, 1, 100'000'000, "must be 1..100000000");
  out.max_decoder_buffer_bytes =
      read("max_decoder_buffer_bytes", out.max_decoder_buffer_bytes, 1u << 20, 1u << 30,
           "must be 1 MiB..1 GiB");
}

}  // namespace cs::photo
