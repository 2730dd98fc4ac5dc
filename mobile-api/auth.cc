#include "mobile-api/auth.h"

#include <sodium.h>

#include <cstdlib>

namespace cs::api {
absl::StatusOr<std::string> HashPassword(const std::string& password, const std::string& cost) {
  if (!SodiumReady()) return absl::InternalError("libsodium failed to initialise");
  unsigned long long ops = crypto_pwhash_OPSLIMIT_INTERACTIVE;
  size_t mem = crypto_pwhash_MEMLIMIT_INTERACTIVE;
  if (cost == "min") {
    ops = crypto_pwhash_OPSLIMIT_MIN;
    mem = crypto_pwhash_MEMLIMIT_MIN;
  } else if (cost != "interactive") {
    return absl::InvalidArgumentError("cost: expected interactive or min");
  }
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), ops, mem,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return absl::ResourceExhaustedError("argon2id: out of memory");
  }
  return std::string(out);
}

bool IsArgon2idHash(const std::string& hash) {
  return hash.rfind("$argon2id$", 0) == 0 && hash.size() < crypto_pwhash_STRBYTES;
}

bool VerifyPassword(const std::string& hash, const std::string& password) {
  if (!SodiumReady() || !IsArgon2idHash(hash)) return false;
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

Authenticator::Authenticator(std::vector<User> users, SessionStore& sessions, int max_concurrent)
    : max_concurrent_(max_concurrent), sessions_(sessions) {
  for (auto& u : users) users_[u.username] = std::move(u);
  // Verifying against a real hash for unknown users keeps their answer as slow as a wrong
  // password's; the cost matches the configured users' (the first one's) where possible.
  std::string cost = "min";
  if (!users_.empty() &&
      users_.begin()->second.password_hash.find("m=65536") != std::string::npos) {
    cost = "interactive";
  }
  auto dummy = HashPassword("no such user", cost);
  if (dummy.ok()) dummy_hash_ = *dummy;
}

absl::StatusOr<Session> Authenticator::Login(const std::string& username,
                                             const std::string& password) {
  {
    std::unique_lock<std::mutex> lock(mu_);
    if (!cv_.wait_for(lock, std::chrono::seconds(2),
                      [this] { return running_ < max_concurrent_; })) {
      return absl::ResourceExhaustedError("too many logins at once; try again");
    }
    ++running_;
  }
  struct Release {
    Authenticator* self;
    ~Release() {
      {
        std::lock_guard<std::mutex> lock(self->mu_);
        --self->running_;
      }
      self->cv_.notify_one();
    }
  } release{this};
  auto it = users_.find(username);
  if (it == users_.end()) {
    (void)VerifyPassword(dummy_hash_, password);
    return absl::UnauthenticatedError("unknown user or wrong password");
  }
  if (!VerifyPassword(it->second.password_hash, password)) {
    return absl::UnauthenticatedError("unknown user or wrong password");
  }
  return sessions_.Issue(it->second);
}

const User* Authenticator::FindUser(const std::string& username) const {
  auto it = users_.find(username);
  return it == users_.end() ? nullptr : &it->second;
}

}  // namespace cs::api
