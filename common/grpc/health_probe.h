// Client side of the standard health protocol (grpc.health.v1), and of server reflection's
// list_services: used by mobile-api's /v1/health, by crowdsafe-ctl, and by the bootstrap tests.
//
// Thread-safety: free functions; the address forms make their own channel per call, the channel
// form uses the caller's (long-lived) one.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include <grpcpp/impl/codegen/channel_interface.h>

#include "absl/status/statusor.h"

namespace cs {

// True when the server at `address` reports SERVING for `service` ("" = the whole server).
// An error when the server cannot be reached within `timeout`.
absl::StatusOr<bool> CheckServing(const std::string& address, const std::string& service,
                                  std::chrono::milliseconds timeout);

// The same over an existing channel: for callers that probe often (mobile-api's /v1/health).
absl::StatusOr<bool> CheckServing(grpc::ChannelInterface& channel, const std::string& service,
                                  std::chrono::milliseconds timeout);

// The fully-qualified service names that server reflection lists at `address`.
absl::StatusOr<std::vector<std::string>> ListServicesByReflection(
    const std::string& address, std::chrono::milliseconds timeout);

}  // namespace cs
