// Sessions in this process's memory: the gateway's store before issue 16, kept for tests of
// routes that must run without Redis and as the baseline of bench/api_session_bench. One
// gateway only: a token from one process is unknown to any other, and a restart forgets all.
//
// Thread-safety: safe to use from many threads (one mutex).
#pragma once

#include <chrono>
#include <map>
#include <mutex>

#include "mobile-api/session_store.h"

namespace cs::api {

class MemorySessionStore final : public SessionStore {
 public:
  MemorySessionStore(const Clock& clock, std::chrono::seconds ttl) : clock_(clock), ttl_(ttl) {}

  absl::StatusOr<Session> Issue(const User& user) override;
  absl::StatusOr<std::optional<Session>> Lookup(const std::string& token) override;
  absl::StatusOr<bool> Revoke(const std::string& token) override;
  absl::StatusOr<std::vector<std::string>> RevokeUser(const std::string& username) override;
  size_t size();

 private:
  void PurgeExpiredLocked(TimePoint now);

  const Clock& clock_;
  const std::chrono::seconds ttl_;
  std::mutex mu_;
  std::map<std::string, Session> sessions_;  // GUARDED_BY(mu_): by TokenHash, token cleared
  size_t issued_since_purge_ = 0;            // GUARDED_BY(mu_)
};

}  // namespace cs::api
