// Proven identity between crowdsafe processes (issue 16; docs/identity.md).
//
// Every gRPC call carries, in the `x-cs-identity` metadata, a short-lived Ed25519 assertion:
// base64url(IdentityAssertion) "." base64url(signature). The gateway signs one for the end user
// of each request; a service or tool signs one for itself. The called service believes the
// assertion, never the Actor in the request body, and only from an issuer it trusts for the
// role claimed: the gateway may speak for officers and the desk, vision-worker only for itself.
//
// Example:
//   CS_ASSIGN_OR_RETURN(auto signer, AssertionSigner::FromConfig(config.identity));
//   std::string token = signer.Sign(actor, "crowdsafe.v1.CaseService", NowUnixMs());
//   CS_ASSIGN_OR_RETURN(auto verifier, AssertionVerifier::FromConfig(config.identity));
//   absl::StatusOr<v1::Actor> who = verifier.Verify(token, "crowdsafe.v1.CaseService", NowUnixMs());
//
// Thread-safety: both classes are immutable after construction and safe to share.
#pragma once

#include <sodium.h>

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "common/config.h"
#include "crowdsafe/v1/common.pb.h"

namespace cs {

inline constexpr char kIdentityMetadataKey[] = "x-cs-identity";

int64_t NowUnixMs();

// An Ed25519 key pair: the 32-byte seed (secret) and the 32-byte public key.
struct IdentityKeyPair {
  std::string seed;
  std::string public_key;
};
IdentityKeyPair GenerateIdentityKeyPair();
absl::StatusOr<std::string> PublicKeyFromSeed(const std::string& seed);

// Key files hold one line of standard base64 of exactly 32 bytes. Reading names the file in
// its error but never shows its content.
absl::StatusOr<std::string> ReadIdentityKeyFile(const std::string& path);
// Written with mode 0600 (a seed) or 0644 (a public key); the folder must exist.
absl::Status WriteIdentityKeyFile(const std::string& path, const std::string& key, bool secret);

class AssertionSigner {
 public:
  static absl::StatusOr<AssertionSigner> FromSeed(std::string issuer, const std::string& seed,
                                                  int64_t ttl_ms);
  // From identity.issuer, identity.signing_key_file and identity.assertion_ttl_ms.
  static absl::StatusOr<AssertionSigner> FromConfig(const IdentityConfig& identity);

  // An assertion that `actor` calls `audience` (a full gRPC service name), valid for the ttl.
  std::string Sign(const crowdsafe::v1::Actor& actor, std::string_view audience,
                   int64_t now_ms) const;
  const std::string& issuer() const { return issuer_; }
  int64_t ttl_ms() const { return ttl_ms_; }

 private:
  AssertionSigner(std::string issuer, int64_t ttl_ms) : issuer_(std::move(issuer)), ttl_ms_(ttl_ms) {}
  std::string issuer_;
  int64_t ttl_ms_;
  std::array<unsigned char, crypto_sign_SECRETKEYBYTES> secret_key_{};
};

// A command-line tool's signer (--identity-issuer, --identity-key); null when key_file is
// empty, for services that do not verify identity.
absl::StatusOr<std::shared_ptr<const AssertionSigner>> ToolSigner(const std::string& issuer,
                                                                  const std::string& key_file);

class AssertionVerifier {
 public:
  struct Issuer {
    // 32 bytes each. More than one while the issuer's key is rotated: an assertion verifies
    // with any of them, tried in this order (the one in use listed first costs one check).
    std::vector<std::string> public_keys;
    std::set<crowdsafe::v1::Role> roles;  // the roles this issuer may assert
  };
  // An assertion may live at most max_ttl_ms, and its issue time may be up to skew_ms ahead of
  // this machine's clock (the caller's clock runs a little fast).
  AssertionVerifier(std::map<std::string, Issuer> issuers, int64_t max_ttl_ms = 300000,
                    int64_t skew_ms = 5000);
  // From identity.trusted: every key file read (an issuer may list several), every role name
  // known.
  static absl::StatusOr<AssertionVerifier> FromConfig(const IdentityConfig& identity);

  // The actor the assertion proves, or UNAUTHENTICATED with the reason (malformed, unknown
  // issuer, bad signature, wrong audience, expired, not yet valid, role not allowed). The
  // reason never repeats the token or the claimed user.
  absl::StatusOr<crowdsafe::v1::Actor> Verify(std::string_view token, std::string_view audience,
                                              int64_t now_ms) const;

  // The actor of a token Verify has already accepted in this same call, without checking the
  // signature again (half the cost of a verified call); nullopt for anything malformed. Only
  // for the gRPC interceptor behind IdentityAuthProcessor, which sees the very same metadata.
  static std::optional<crowdsafe::v1::Actor> ActorOfVerified(std::string_view token);

 private:
  std::map<std::string, Issuer> issuers_;
  int64_t max_ttl_ms_;
  int64_t skew_ms_;
};

// "patrol" -> ROLE_PATROL, ...; ROLE_UNSPECIFIED for anything else.
crowdsafe::v1::Role RoleFromName(std::string_view name);

}  // namespace cs
