#include "mobile-api/memory_session_store.h"

namespace cs::api {

absl::StatusOr<Session> MemorySessionStore::Issue(const User& user) {
  const TimePoint now = clock_.Now();
  Session s = NewSession(user, now + ttl_);
  Session kept = s;
  kept.token.clear();
  std::lock_guard<std::mutex> lock(mu_);
  // Expired sessions would otherwise pile up from logins that are never used again.
  if (++issued_since_purge_ >= 64) PurgeExpiredLocked(now);
  sessions_[TokenHash(s.token)] = std::move(kept);
  return s;
}

absl::StatusOr<std::optional<Session>> MemorySessionStore::Lookup(const std::string& token) {
  const std::string hash = TokenHash(token);
  std::lock_guard<std::mutex> lock(mu_);
  auto it = sessions_.find(hash);
  if (it == sessions_.end()) return std::nullopt;
  if (clock_.Now() >= it->second.expires_at) {
    sessions_.erase(it);
    return std::nullopt;
  }
  Session s = it->second;
  s.token = token;
  return s;
}

absl::StatusOr<bool> MemorySessionStore::Revoke(const std::string& token) {
  std::lock_guard<std::mutex> lock(mu_);
  return sessions_.erase(TokenHash(token)) > 0;
}

absl::StatusOr<std::vector<std::string>> MemorySessionStore::RevokeUser(
    const std::string& username) {
  std::vector<std::string> refs;
  std::lock_guard<std::mutex> lock(mu_);
  for (auto it = sessions_.begin(); it != sessions_.end();) {
    if (it->second.username != username) {
      ++it;
      continue;
    }
    refs.push_back(it->first.substr(0, 12));
    it = sessions_.erase(it);
  }
  return refs;
}

size_t MemorySessionStore::size() {
  std::lock_guard<std::mutex> lock(mu_);
  return sessions_.size();
}

void MemorySessionStore::PurgeExpiredLocked(TimePoint now) {
  issued_since_purge_ = 0;
  for (auto it = sessions_.begin(); it != sessions_.end();) {
    it = now >= it->second.expires_at ? sessions_.erase(it) : std::next(it);
  }
}

}  // namespace cs::api
