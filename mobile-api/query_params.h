// Parsing of query parameters into proto fields, with errors that name the parameter.
//
// Thread-safety: pure functions.
#pragma once

#include <google/protobuf/descriptor.h>

#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace cs::api {

// An integer in [min, max]; `fallback` when `text` is empty.
absl::StatusOr<int> ParseIntParam(const std::string& name, const std::string& text, int min,
                                  int max, int fallback);

// Comma-separated enum values, each spelled as FindEnumValue (json_codec.h) accepts: the full
// name ("CASE_OPEN") or the short one in any case ("open"). UNSPECIFIED is refused.
absl::StatusOr<std::vector<int>> ParseEnumList(const std::string& name, const std::string& text,
                                               const google::protobuf::EnumDescriptor* type);

// "true"/"1" or "false"/"0"/"".
absl::StatusOr<bool> ParseBoolParam(const std::string& name, const std::string& text);

}  // namespace cs::api
