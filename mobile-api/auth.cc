#include "mobile-api/auth.h"

#include <sodium.h>

#include <cstdlib>

namespace cs::api {
namespace {

bool SodiumReady() {
  static const bool ok = sodium_init() >= 0;
  return ok;
}

std::string RandomToken() {
  unsigned char bytes[32];
  randombytes_buf(bytes, sizeof bytes);
  char hex[sizeof bytes * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, bytes, sizeof bytes);
  return hex;
}

}  // namespace

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

Session TokenStore::Issue(const User& user) {
  SodiumReady();
  Session s;
  s.token = RandomToken();
  s.username = user.username;
  s.role = user.role;
  s.zones = user.zones;
  TimePoint now = clock_.Now();
  s.expires_at = now + ttl_;
  std::lock_guard<std::mutex> lock(mu_);
  // Expired sessions would otherwise pile up from logins that are never used again.
  if (++issued_since_purge_ >= 64) PurgeExpiredLocked(now);
  sessions_[s.token] = s;
  return s;
}

std::optional<Session> TokenStore::Lookup(const std::string& token) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = sessions_.find(token);
  if (it == sessions_.end()) return std::nullopt;
  if (clock_.Now() >= it->second.expires_at) {
    sessions_.erase(it);
    return std::nullopt;
  }
  return it->second;
}

size_t TokenStore::size() {
  std::lock_guard<std::mutex> lock(mu_);
  return sessions_.size();
}

void TokenStore::PurgeExpiredLocked(TimePoint now) {
  issued_since_purge_ = 0;
  for (auto it = sessions_.begin(); it != sessions_.end();) {
    it = now >= it->second.expires_at ? sessions_.erase(it) : std::next(it);
  }
}

Authenticator::Authenticator(std::vector<User> users, TokenStore& tokens, int max_concurrent)
    : max_concurrent_(max_concurrent), tokens_(tokens) {
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
  return tokens_.Issue(it->second);
}

}  // namespace cs::api
