// JSON ⇄ proto through protobuf's own JSON mapping, so the .proto files are the one source of
// every shape. Parsing is strict and says which field is wrong: unknown fields, wrong JSON types
// and bad values are INVALID_ARGUMENT whose message starts "<field path>: " (the path as the
// client wrote it, e.g. "report.child.ageMin"), or "body: " when the text is not JSON at all.
//
// Thread-safety: pure functions.
#pragma once

#include <google/protobuf/message.h>

#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace cs::api {

// Fills `out` (cleared first) from `json`. Accepts lowerCamelCase and original field names.
// Nothing is filled when an error is returned.
absl::Status ParseJson(std::string_view json, google::protobuf::Message* out);

// Default options: lowerCamelCase, enums by name, int64 as strings, fields with default values
// left out. One line, no trailing newline (it is used as an SSE data line too).
std::string ToJson(const google::protobuf::Message& message);

}  // namespace cs::api
