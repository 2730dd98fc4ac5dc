// The one way a crowdsafe process opens a gRPC channel to another service (issue 16): the
// upstream may be one address, a list or a dns: name (common/upstream_target.h); the channel
// balances calls round-robin over every backend, keeps idle connections alive with pings, and
// retries the idempotent methods of the services it calls when a backend answers UNAVAILABLE.
//
// Which methods are idempotent is read from the protos: a unary method marked
// `option idempotency_level = NO_SIDE_EFFECTS` (reads) or `IDEMPOTENT` (writes keyed by a
// request id) is retried; every other method, and every stream, is not (docs/error_policy.md).
//
// Example:
//   CS_ASSIGN_OR_RETURN(auto channel, MakeClientChannel(config.upstreams.at("cases"),
//       {.services = {crowdsafe::v1::CaseService::service_full_name()}}));
//   auto stub = crowdsafe::v1::CaseService::NewStub(channel);
//
// Thread-safety: free functions; a channel is safe to share between threads.
#pragma once

#include <grpcpp/channel.h>
#include <grpcpp/security/credentials.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/config.h"
#include "common/identity/assertion.h"

namespace cs {

// gRPC's retryPolicy for UNAVAILABLE: attempts in all (the first included), and the backoff
// before each retry (randomised by gRPC between 0 and the current value).
struct RetryPolicy {
  int max_attempts = 3;
  std::chrono::milliseconds initial_backoff{100};
  std::chrono::milliseconds max_backoff{1000};
  double backoff_multiplier = 2.0;
};

struct ClientChannelOptions {
  // Full names ("crowdsafe.v1.CaseService") whose idempotent methods are retried.
  std::vector<std::string> services = {};
  RetryPolicy retry = {};
  int max_message_bytes = 0;  // both directions; 0 keeps gRPC's default (4 MiB receive)
  // A ping after this long without traffic, and the connection is dropped when the ping is not
  // answered in time: a backend that vanished without a FIN leaves the balancer's picks soon.
  std::chrono::milliseconds keepalive_time{20000};
  std::chrono::milliseconds keepalive_timeout{10000};
  std::shared_ptr<grpc::ChannelCredentials> credentials = nullptr;  // null: plain text
  // Signs every call's identity assertion (common/grpc/identity_interceptors.h); null: calls
  // go unsigned, and a service that verifies identity refuses them.
  std::shared_ptr<const AssertionSigner> signer = nullptr;
  // Reuse a signed assertion for the same actor and service until shortly before it expires
  // (common/identity/assertion_cache.h); false signs every call (the benchmark's baseline).
  bool reuse_assertions = true;
};

// The unary methods of `service` marked idempotent or side-effect free, as "Service/Method";
// NOT_FOUND when the service is not among the linked protos.
absl::StatusOr<std::vector<std::string>> IdempotentMethods(const std::string& service);

// The service config JSON: round_robin, and the retry policy on every idempotent method of
// `services`; NOT_FOUND for an unknown service, INVALID_ARGUMENT for a policy gRPC would refuse.
absl::StatusOr<std::string> ClientServiceConfigJson(const std::vector<std::string>& services,
                                                    const RetryPolicy& retry);

// TLS channel credentials from upstream_tls (the CA, and the client certificate for mTLS);
// plain text when it is not enabled. INVALID_ARGUMENT naming the file that cannot be read.
absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> UpstreamCredentials(
    const UpstreamTlsConfig& tls);

// A channel to `upstream` (any form of UpstreamTarget) with the config above and keepalive.
// Connects lazily: an unreachable upstream makes calls fail UNAVAILABLE, not this function.
absl::StatusOr<std::shared_ptr<grpc::Channel>> MakeClientChannel(
    const std::string& upstream, const ClientChannelOptions& options);

}  // namespace cs
