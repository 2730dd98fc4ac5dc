// How an upstream in config (or on a command line) becomes a gRPC channel target: one address,
// a list of numeric addresses (balanced by the channel), or a name the resolver looks up.
//
//   "127.0.0.1:50052"                      -> "127.0.0.1:50052"        (one server)
//   "10.0.0.5:50052,10.0.0.6:50052"        -> "ipv4:10.0.0.5:50052,10.0.0.6:50052"
//   "[fd00::5]:50052,[fd00::6]:50052"      -> "ipv6:[fd00::5]:50052,[fd00::6]:50052"
//   "dns:cases.crowdsafe.svc:50052"        -> unchanged (every A/AAAA record is a backend)
//   "ipv4:…", "ipv6:…", "unix:…"           -> unchanged
//
// A list takes numeric addresses only, all of one family: gRPC's ipv4:/ipv6: targets do not
// resolve names, and a name belongs behind dns:. Errors name `field`, never echo the value.
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include "absl/strings/string_view.h"
#include <vector>

#include "absl/status/statusor.h"

namespace cs {

// The gRPC target for `spec` (forms above); INVALID_ARGUMENT naming `field` otherwise.
absl::StatusOr<std::string> UpstreamTarget(absl::string_view spec, absl::string_view field);

// The same for a YAML list of addresses (`cases: [10.0.0.5:50052, 10.0.0.6:50052]`).
absl::StatusOr<std::string> UpstreamTarget(const std::vector<std::string>& addresses,
                                           absl::string_view field);

}  // namespace cs
