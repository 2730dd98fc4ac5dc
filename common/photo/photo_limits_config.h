// The `photos:` mapping of a service's config, read the same way by the gateway
// (`api.limits.photos`) and by case-service (`cases.photos`):
//
//   photos: {max_bytes: 5242880, max_pixels: 16000000, max_decoder_buffer_bytes: 50331648}
//
// Thread-safety: plain function, used once at start-up.
#pragma once

#include "common/photo/photo_check.h"
#include "common/yaml_reader.h"

namespace cs::photo {

// Absent keys keep `out`'s values; out-of-range ones are recorded on `node`, naming the key.
void ParsePhotoLimits(YamlReader& node, PhotoLimits& out);

}  // namespace cs::photo
