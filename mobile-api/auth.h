// Logins: passwords are checked against argon2id hashes (libsodium crypto_pwhash_str); a good
// password gets a session from the SessionStore (session_store.h), which carries the user's role
// and zones so that a caller can never choose its own role.
//
// Thread-safety: Authenticator is safe to use from many threads.
#pragma once

#include <condition_variable>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "mobile-api/roles.h"
#include "mobile-api/session_store.h"

namespace cs::api {

// libsodium's argon2id. `cost` "interactive" (about 64 MiB, for people's passwords) or "min"
// (for tests that log in often).
absl::StatusOr<std::string> HashPassword(const std::string& password,
                                         const std::string& cost = "interactive");
bool VerifyPassword(const std::string& hash, const std::string& password);
// Whether `hash` looks like an argon2id string libsodium can verify.
bool IsArgon2idHash(const std::string& hash);

class Authenticator {
 public:
  // At most `max_concurrent` password checks run at once: each argon2id check takes 64 MiB and
  // about 0.1 s, so a burst of logins from many addresses must queue, not exhaust memory.
  Authenticator(std::vector<User> users, SessionStore& sessions, int max_concurrent = 4);
  // UNAUTHENTICATED for an unknown user or a wrong password (the same answer for both, and a
  // hash is verified either way so timing does not tell them apart). RESOURCE_EXHAUSTED when
  // the checks stay busy for 2 s; the store's error when it cannot issue the session.
  absl::StatusOr<Session> Login(const std::string& username, const std::string& password);
  // The configured user of that name, or nullptr.
  const User* FindUser(const std::string& username) const;

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  int running_ = 0;  // GUARDED_BY(mu_)
  const int max_concurrent_;
  std::map<std::string, User> users_;
  std::string dummy_hash_;
  SessionStore& sessions_;
};

}  // namespace cs::api
