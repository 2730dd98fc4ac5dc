// Where bearer-token sessions live, behind one interface: RedisSessionStore in production (every
// replica of the gateway sees every session, and a restart keeps them), MemorySessionStore for
// tests and benchmarks that run one gateway without Redis. A session carries the user's role and
// zones, so a caller can never choose its own role.
//
// Tokens are 256 random bits, shown to the client once. A store keeps only TokenHash(token)
// (BLAKE2b through libsodium's crypto_generichash): the Redis keys and the logs never hold a
// token, and reading Redis does not let anyone log in.
//
// Thread-safety: implementations are safe to use from many threads.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "common/clock.h"
#include "mobile-api/roles.h"

namespace cs::api {

struct User {
  std::string username;
  Role role = Role::kPatrol;
  std::vector<std::string> zones;  // empty: the whole venue
  std::string password_hash;       // "$argon2id$v=19$m=...": never a plaintext password
};

struct Session {
  std::string token;  // known when issued or looked up by it; never stored
  std::string username;
  Role role = Role::kPatrol;
  std::vector<std::string> zones;
  TimePoint expires_at;
};

// 64 hex digits of BLAKE2b-256 over the token: the name a store files the session under.
std::string TokenHash(std::string_view token);
// The first 12 hex digits of TokenHash: names a session in the logs (a login and a revocation of
// the same session show the same ref) without a token or a username.
std::string SessionRef(std::string_view token);
// sodium_init() once per process; false when libsodium cannot start.
bool SodiumReady();
// A fresh token: 256 bits from libsodium's randombytes, as 64 hex digits.
std::string NewToken();
// A new session of `user` with a fresh token, expiring at `expires_at`: what every store's
// Issue() starts from before it files the session.
Session NewSession(const User& user, TimePoint expires_at);

class SessionStore {
 public:
  virtual ~SessionStore() = default;
  // A new session for `user`, expiring after the store's lifetime. UNAVAILABLE when the store
  // cannot be written (the login is then refused, never answered with an unusable token).
  virtual absl::StatusOr<Session> Issue(const User& user) = 0;
  // The live session of `token`; nullopt when unknown, expired or revoked. UNAVAILABLE (or
  // DEADLINE_EXCEEDED) when the store cannot be asked: the caller answers 503, never "valid".
  virtual absl::StatusOr<std::optional<Session>> Lookup(const std::string& token) = 0;
  // Ends the session of `token` (logout); false when there was none.
  virtual absl::StatusOr<bool> Revoke(const std::string& token) = 0;
  // Ends every session of `username`; the SessionRef-style refs of those it ended (for the
  // audit line). Sessions issued after the call are not affected.
  virtual absl::StatusOr<std::vector<std::string>> RevokeUser(const std::string& username) = 0;
};

}  // namespace cs::api
