// Proven identity on the wire (issue 16; docs/identity.md): the two ends of every gRPC call.
//
// Client: SigningInterceptorFactory gives each call an IdentityAssertion (signed, or reused for
// the same actor and service while it has life left) in the `x-cs-identity` metadata. The actor signed is, in order: the Actor in the request message
// (when it names a user), the actor the caller attached with OnBehalfOf (the gateway's end
// user, for requests that carry no Actor), or the process itself as ROLE_SYSTEM.
//
// Server: IdentityAuthProcessor refuses with UNAUTHENTICATED every call (health and reflection
// excepted) whose assertion is missing, forged, expired, addressed to another service, or
// claims a role its issuer is not trusted for. ActorFromAssertionInterceptorFactory then
// replaces the request's Actor with the proven one, so no handler ever reads a claimed actor.
//
// Example:
//   ClientChannelOptions o{.signer = signer};                 // common/grpc/client_channel.h
//   GrpcServerRunner runner(config.server); runner.VerifyIdentity(verifier);  // server_runner.h
//
// Thread-safety: the factories and the processor are shared by every call; each interceptor
// belongs to one call.
#pragma once

#include <grpcpp/grpcpp.h>
#include <grpcpp/security/auth_metadata_processor.h>
#include <grpcpp/support/client_interceptor.h>
#include <grpcpp/support/server_interceptor.h>

#include <memory>
#include <string>

#include "common/identity/assertion.h"
#include "common/identity/assertion_cache.h"

namespace cs {

// Attaches `actor` as the one the call is made for when its request carries no Actor. Stays in
// this process: the signing interceptor removes it before the call leaves.
void OnBehalfOf(grpc::ClientContext& context, const crowdsafe::v1::Actor& actor);

// With `reuse` (the default), an assertion is reused for the same (actor, audience) until shortly
// before it expires (common/identity/assertion_cache.h); without, every call is signed anew (the
// benchmark's comparison).
class SigningInterceptorFactory : public grpc::experimental::ClientInterceptorFactoryInterface {
 public:
  explicit SigningInterceptorFactory(std::shared_ptr<const AssertionSigner> signer,
                                     bool reuse = true)
      : signer_(std::move(signer)),
        cache_(reuse ? std::make_unique<AssertionCache>(signer_) : nullptr) {}
  grpc::experimental::Interceptor* CreateClientInterceptor(
      grpc::experimental::ClientRpcInfo* info) override;

 private:
  std::shared_ptr<const AssertionSigner> signer_;
  std::unique_ptr<AssertionCache> cache_;  // null: sign every call
};

class IdentityAuthProcessor : public grpc::AuthMetadataProcessor {
 public:
  explicit IdentityAuthProcessor(std::shared_ptr<const AssertionVerifier> verifier)
      : verifier_(std::move(verifier)) {}
  // Verification is a signature check of a few microseconds: done inline on the call's thread.
  bool IsBlocking() const override { return false; }
  grpc::Status Process(const InputMetadata& auth_metadata, grpc::AuthContext* context,
                       OutputMetadata* consumed_auth_metadata,
                       OutputMetadata* response_metadata) override;

 private:
  std::shared_ptr<const AssertionVerifier> verifier_;
};

// Only behind IdentityAuthProcessor on the same server: it trusts the processor's verdict.
class ActorFromAssertionInterceptorFactory
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override;
};

// True for the services every caller may reach without an assertion: health (probes from
// kubelet and load balancers) and reflection (describes the API, reads no data).
bool IsOpenService(std::string_view full_method);

}  // namespace cs
