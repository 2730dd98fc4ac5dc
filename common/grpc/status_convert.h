// absl::Status → grpc::Status at the RPC edge. Codes map one to one (they share numbering);
// an INVALID_ARGUMENT whose message starts "<field path>: " also carries a serialized
// crowdsafe.v1.ErrorDetails naming that field, so mobile-api can build its problem+json.
//
// Thread-safety: pure functions.
#pragma once

#include <grpcpp/support/status.h>

#include "absl/status/status.h"

namespace cs {

grpc::Status ToGrpcStatus(const absl::Status& status);

// The field path a core error message starts with ("events[3].count: must be >= 1" →
// "events[3].count"), or empty when the message has no such prefix.
std::string FieldOf(std::string_view message);

}  // namespace cs
