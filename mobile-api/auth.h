// Logins and bearer tokens. Passwords are checked against argon2id hashes (libsodium
// crypto_pwhash_str); tokens are 256 random bits, kept in memory with an expiry, and carry the
// user's role and zones so that a caller can never choose its own role.
//
// Thread-safety: Authenticator and TokenStore are safe to use from many threads.
#pragma once

#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>
#include <string>
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
  std::string token;
  std::string username;
  Role role = Role::kPatrol;
  std::vector<std::string> zones;
  TimePoint expires_at;
};

// libsodium's argon2id. `cost` "interactive" (about 64 MiB, for people's passwords) or "min"
// (for tests that log in often).
absl::StatusOr<std::string> HashPassword(const std::string& password,
                                         const std::string& cost = "interactive");
bool VerifyPassword(const std::string& hash, const std::string& password);
// Whether `hash` looks like an argon2id string libsodium can verify.
bool IsArgon2idHash(const std::string& hash);

class TokenStore {
 public:
  TokenStore(const Clock& clock, std::chrono::seconds ttl) : clock_(clock), ttl_(ttl) {}
  Session Issue(const User& user);
  // The live session for `token`; nullopt when unknown or expired (expired ones are dropped).
  std::optional<Session> Lookup(const std::string& token);
  size_t size();

 private:
  void PurgeExpiredLocked(TimePoint now);

  const Clock& clock_;
  const std::chrono::seconds ttl_;
  std::mutex mu_;
  std::map<std::string, Session> sessions_;  // GUARDED_BY(mu_)
  size_t issued_since_purge_ = 0;            // GUARDED_BY(mu_)
};

class Authenticator {
 public:
  // At most `max_concurrent` password checks run at once: each argon2id check takes 64 MiB and
  // about 0.1 s, so a burst of logins from many addresses must queue, not exhaust memory.
  Authenticator(std::vector<User> users, TokenStore& tokens, int max_concurrent = 4);
  // UNAUTHENTICATED for an unknown user or a wrong password (the same answer for both, and a
  // hash is verified either way so timing does not tell them apart). RESOURCE_EXHAUSTED when
  // the checks stay busy for 2 s.
  absl::StatusOr<Session> Login(const std::string& username, const std::string& password);

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  int running_ = 0;  // GUARDED_BY(mu_)
  const int max_concurrent_;
  std::map<std::string, User> users_;
  std::string dummy_hash_;
  TokenStore& tokens_;
};

}  // namespace cs::api
