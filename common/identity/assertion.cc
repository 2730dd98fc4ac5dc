#include "common/identity/assertion.h"

#include <sys/stat.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <vector>

namespace cs {
namespace {

namespace v1 = crowdsafe::v1;

// Domain separation: a signature over these bytes cannot be replayed as any other signed thing.
constexpr std::string_view kSignedPrefix = "crowdsafe-identity-v1\n";
constexpr size_t kKeyBytes = 32;

void EnsureSodium() {
  // sodium_init is idempotent and thread-safe; it seeds the random generator used for keys.
  static const int init = sodium_init();
  (void)init;
}

std::string Base64(std::string_view bytes, int variant) {
  std::string out(sodium_base64_encoded_len(bytes.size(), variant), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), variant);
  out.resize(out.size() - 1);  // the terminating NUL
  return out;
}

bool FromBase64(std::string_view text, int variant, std::string& out) {
  out.assign(text.size(), '\0');
  size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(),
                        text.size(), nullptr, &len, nullptr, variant) != 0) {
    return false;
  }
  out.resize(len);
  return true;
}

std::string SignedBytes(std::string_view payload) {
  std::string m(kSignedPrefix);
  m.append(payload);
  return m;
}

absl::Status Refused(std::string_view why) {
  return absl::UnauthenticatedError(std::string("identity assertion refused: ") + std::string(why));
}

}  // namespace

int64_t NowUnixMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

v1::Role RoleFromName(std::string_view name) {
  if (name == "patrol") return v1::ROLE_PATROL;
  if (name == "desk") return v1::ROLE_DESK;
  if (name == "press") return v1::ROLE_PRESS;
  if (name == "admin") return v1::ROLE_ADMIN;
  if (name == "system") return v1::ROLE_SYSTEM;
  return v1::ROLE_UNSPECIFIED;
}

IdentityKeyPair GenerateIdentityKeyPair() {
  EnsureSodium();
  IdentityKeyPair pair;
  pair.seed.resize(crypto_sign_SEEDBYTES);
  randombytes_buf(pair.seed.data(), pair.seed.size());
  pair.public_key = *PublicKeyFromSeed(pair.seed);
  return pair;
}

absl::StatusOr<std::string> PublicKeyFromSeed(const std::string& seed) {
  if (seed.size() != crypto_sign_SEEDBYTES) return absl::InvalidArgumentError("seed: must be 32 bytes");
  unsigned char pk[crypto_sign_PUBLICKEYBYTES];
  unsigned char sk[crypto_sign_SECRETKEYBYTES];
  crypto_sign_seed_keypair(pk, sk, reinterpret_cast<const unsigned char*>(seed.data()));
  sodium_memzero(sk, sizeof sk);
  return std::string(reinterpret_cast<char*>(pk), sizeof pk);
}

absl::StatusOr<std::string> ReadIdentityKeyFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError("identity key file not found: " + path);
  std::string line;
  std::getline(in, line);
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
  std::string key;
  if (!FromBase64(line, sodium_base64_VARIANT_ORIGINAL, key) || key.size() != kKeyBytes) {
    return absl::InvalidArgumentError("identity key file " + path +
                                      ": expected one line of base64 of 32 bytes");
  }
  return key;
}

absl::Status WriteIdentityKeyFile(const std::string& path, const std::string& key, bool secret) {
  if (key.size() != kKeyBytes) return absl::InvalidArgumentError("key: must be 32 bytes");
  // Created with the final mode, so a seed is never readable by others even for a moment.
  mode_t old = umask(secret ? 077 : 022);
  std::ofstream out(path, std::ios::trunc);
  umask(old);
  if (!out) return absl::UnavailableError("cannot write identity key file " + path);
  out << Base64(key, sodium_base64_VARIANT_ORIGINAL) << "\n";
  out.close();
  if (!out) return absl::UnavailableError("cannot write identity key file " + path);
  chmod(path.c_str(), secret ? 0600 : 0644);
  return absl::OkStatus();
}

absl::StatusOr<AssertionSigner> AssertionSigner::FromSeed(std::string issuer,
                                                          const std::string& seed,
                                                          int64_t ttl_ms) {
  EnsureSodium();
  if (issuer.empty()) return absl::InvalidArgumentError("identity.issuer: must not be empty");
  if (seed.size() != crypto_sign_SEEDBYTES) {
    return absl::InvalidArgumentError("identity.signing_key_file: must hold a 32-byte seed");
  }
  AssertionSigner signer(std::move(issuer), ttl_ms);
  unsigned char pk[crypto_sign_PUBLICKEYBYTES];
  crypto_sign_seed_keypair(pk, signer.secret_key_.data(),
                           reinterpret_cast<const unsigned char*>(seed.data()));
  return signer;
}

absl::StatusOr<AssertionSigner> AssertionSigner::FromConfig(const IdentityConfig& identity) {
  if (!identity.signing_key_env.empty()) {
    std::string seed;
    const char* value = std::getenv(identity.signing_key_env.c_str());
    if (value == nullptr || !FromBase64(value, sodium_base64_VARIANT_ORIGINAL, seed) ||
        seed.size() != kKeyBytes) {
      return absl::InvalidArgumentError("identity.signing_key_env: " + identity.signing_key_env +
                                        " must hold base64 of a 32-byte seed");
    }
    return FromSeed(identity.issuer, seed, identity.assertion_ttl_ms);
  }
  auto seed = ReadIdentityKeyFile(identity.signing_key_file);
  if (!seed.ok()) return seed.status();
  return FromSeed(identity.issuer, *seed, identity.assertion_ttl_ms);
}

std::string AssertionSigner::Sign(const v1::Actor& actor, std::string_view audience,
                                  int64_t now_ms) const {
  v1::IdentityAssertion a;
  a.set_issuer(issuer_);
  *a.mutable_actor() = actor;
  a.set_audience(std::string(audience));
  a.set_issued_at_ms(now_ms);
  a.set_expires_at_ms(now_ms + ttl_ms_);
  std::string payload = a.SerializeAsString();
  std::string message = SignedBytes(payload);
  unsigned char sig[crypto_sign_BYTES];
  crypto_sign_detached(sig, nullptr, reinterpret_cast<const unsigned char*>(message.data()),
                       message.size(), secret_key_.data());
  return Base64(payload, sodium_base64_VARIANT_URLSAFE_NO_PADDING) + "." +
         Base64(std::string_view(reinterpret_cast<char*>(sig), sizeof sig),
                sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

absl::StatusOr<std::shared_ptr<const AssertionSigner>> ToolSigner(const std::string& issuer,
                                                                  const std::string& key_file) {
  if (key_file.empty()) return std::shared_ptr<const AssertionSigner>();
  auto seed = ReadIdentityKeyFile(key_file);
  if (!seed.ok()) return seed.status();
  auto signer = AssertionSigner::FromSeed(issuer, *seed, 60000);
  if (!signer.ok()) return signer.status();
  return std::make_shared<const AssertionSigner>(*std::move(signer));
}

AssertionVerifier::AssertionVerifier(std::map<std::string, Issuer> issuers, int64_t max_ttl_ms,
                                     int64_t skew_ms)
    : issuers_(std::move(issuers)), max_ttl_ms_(max_ttl_ms), skew_ms_(skew_ms) {
  EnsureSodium();
}

absl::StatusOr<AssertionVerifier> AssertionVerifier::FromConfig(const IdentityConfig& identity) {
  std::map<std::string, Issuer> issuers;
  for (const auto& t : identity.trusted) {
    if (t.public_key_files.empty()) {
      return absl::InvalidArgumentError("identity.trusted: " + t.issuer + " has no public key");
    }
    Issuer issuer;
    for (const auto& file : t.public_key_files) {
      auto key = ReadIdentityKeyFile(file);
      if (!key.ok()) return key.status();
      issuer.public_keys.push_back(*std::move(key));
    }
    for (const auto& name : t.roles) {
      v1::Role role = RoleFromName(name);
      if (role == v1::ROLE_UNSPECIFIED) {
        return absl::InvalidArgumentError("identity.trusted.roles: unknown role");
      }
      issuer.roles.insert(role);
    }
    issuers.emplace(t.issuer, std::move(issuer));
  }
  return AssertionVerifier(std::move(issuers));
}

std::optional<v1::Actor> AssertionVerifier::ActorOfVerified(std::string_view token) {
  auto dot = token.find('.');
  std::string payload;
  if (dot == std::string_view::npos ||
      !FromBase64(token.substr(0, dot), sodium_base64_VARIANT_URLSAFE_NO_PADDING, payload)) {
    return std::nullopt;
  }
  v1::IdentityAssertion a;
  if (!a.ParseFromString(payload) || a.actor().user_id().empty()) return std::nullopt;
  return a.actor();
}

absl::StatusOr<v1::Actor> AssertionVerifier::Verify(std::string_view token,
                                                    std::string_view audience,
                                                    int64_t now_ms) const {
  if (token.empty()) return Refused("missing");
  // A payload of an Actor with a few zones is well under 1 KiB; refuse work on anything huge.
  if (token.size() > 4096) return Refused("malformed");
  auto dot = token.find('.');
  if (dot == std::string_view::npos) return Refused("malformed");
  std::string payload, sig;
  if (!FromBase64(token.substr(0, dot), sodium_base64_VARIANT_URLSAFE_NO_PADDING, payload) ||
      !FromBase64(token.substr(dot + 1), sodium_base64_VARIANT_URLSAFE_NO_PADDING, sig) ||
      sig.size() != crypto_sign_BYTES) {
    return Refused("malformed");
  }
  v1::IdentityAssertion a;
  if (!a.ParseFromString(payload)) return Refused("malformed");
  auto issuer = issuers_.find(a.issuer());
  if (issuer == issuers_.end()) return Refused("unknown issuer");
  std::string message = SignedBytes(payload);
  // Any of the issuer's keys: during a rotation both the old and the new one are listed.
  bool signed_by_issuer = false;
  for (const auto& key : issuer->second.public_keys) {
    if (key.size() == crypto_sign_PUBLICKEYBYTES &&
        crypto_sign_verify_detached(reinterpret_cast<const unsigned char*>(sig.data()),
                                    reinterpret_cast<const unsigned char*>(message.data()),
                                    message.size(),
                                    reinterpret_cast<const unsigned char*>(key.data())) == 0) {
      signed_by_issuer = true;
      break;
    }
  }
  if (!signed_by_issuer) return Refused("bad signature");
  // Only a signed payload is read further: nothing unsigned decides what happens next.
  if (a.audience() != audience) return Refused("wrong audience");
  if (now_ms >= a.expires_at_ms()) return Refused("expired");
  if (a.issued_at_ms() > now_ms + skew_ms_) return Refused("not yet valid");
  if (a.expires_at_ms() - a.issued_at_ms() > max_ttl_ms_) return Refused("lifetime too long");
  if (a.actor().user_id().empty()) return Refused("no user");
  if (!issuer->second.roles.count(a.actor().role())) return Refused("role not allowed for issuer");
  return a.actor();
}

}  // namespace cs
