// JSON ⇄ proto through protobuf's own JSON mapping, so the .proto files are the one source of
// every shape. Parsing is strict and says which field is wrong: unknown fields, wrong JSON types
// and bad values are INVALID_ARGUMENT (a body nested deeper than kMaxJsonNesting is refused
// before any parse) whose message starts "<field path>: " (the path as the
// client wrote it, e.g. "report.child.ageMin"), or "body: " when the text is not JSON at all.
//
// Thread-safety: pure functions.
#pragma once

#include <google/protobuf/message.h>

#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace cs::api {

// The value of `type` that `text` names, in every spelling the API accepts, in bodies and
// query parameters alike: the full name ("SEX_MALE"), or the part after the type's prefix in
// any case ("male", "Male"), with '-' for '_' ("match-proposed"). nullptr when unknown or when
// the short name fits several values. The zero (UNSPECIFIED) value is never returned.
const google::protobuf::EnumValueDescriptor* FindEnumValue(
    const google::protobuf::EnumDescriptor* type, std::string_view text);

// The deepest nesting of objects and lists a request body may have. The deepest real body (a
// report's garment colours) is six levels; the cap leaves room and stops the [[[...]]] attack.
inline constexpr int kMaxJsonNesting = 32;

// INVALID_ARGUMENT "body: nested deeper than N levels" when `json` opens more than `max_depth`
// objects or lists inside each other. Reads the bytes once, without parsing: it runs before the
// parser so that a hostile body costs linear time. Brackets inside strings do not count.
absl::Status CheckJsonNesting(std::string_view json, int max_depth);

// The part of ParseJson that does not depend on the message type: the nesting limit, then the
// text read as one JSON value that must be an object. OK when ParseJson would go on to the
// type's own checks; otherwise the very status ParseJson returns, for every type.
absl::Status CheckJsonObject(std::string_view json);

// Fills `out` (cleared first) from `json`. Accepts lowerCamelCase and original field names,
// and enum values as FindEnumValue spells them.
// Nothing is filled when an error is returned.
absl::Status ParseJson(std::string_view json, google::protobuf::Message* out);

// Default options: lowerCamelCase, enums by name, int64 as strings, fields with default values
// left out. One line, no trailing newline (it is used as an SSE data line too).
std::string ToJson(const google::protobuf::Message& message);

}  // namespace cs::api
