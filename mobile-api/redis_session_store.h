// Sessions in Redis, shared by every replica of the gateway and kept across restarts.
//
// Keys (all under the venue's hash tag, docs/architecture.md "Redis keys", so that ending all of
// a user's sessions is one script on one Redis Cluster node):
//   cs:{venue:<v>}:session:<TokenHash>          the session record (record_codec "session/1":
//                                               username, role, zones, expiry), with a Redis TTL
//                                               of the token's lifetime
//   cs:{venue:<v>}:user_sessions:<name hash>    sorted set of the user's TokenHashes by expiry,
//                                               for RevokeUser; expired members pruned at login
// The token itself is never written; a username appears only inside the record.
//
// Lookup is one GET; the expiry is checked against the injected clock as well as left to the
// TTL, so tests can move time and a replica never accepts a session past its expiry.
//
// Thread-safety: thread-safe (RedisClient is; writes are single Lua scripts).
#pragma once

#include <chrono>
#include <string>

#include "common/redis/redis_client.h"
#include "mobile-api/session_store.h"

namespace cs::api {

class RedisSessionStore final : public SessionStore {
 public:
  RedisSessionStore(RedisClient& redis, std::string venue_id, const Clock& clock,
                    std::chrono::seconds ttl);

  absl::StatusOr<Session> Issue(const User& user) override;
  absl::StatusOr<std::optional<Session>> Lookup(const std::string& token) override;
  absl::StatusOr<bool> Revoke(const std::string& token) override;
  absl::StatusOr<std::vector<std::string>> RevokeUser(const std::string& username) override;

  // The Redis key of a session (by TokenHash) and of a user's index.
  std::string SessionKey(const std::string& token_hash) const;
  std::string UserIndexKey(const std::string& username) const;

 private:
  RedisClient& redis_;
  const std::string venue_id_;
  const Clock& clock_;
  const std::chrono::seconds ttl_;
};

// The stored record of a session (without its token) and back. DATA_LOSS for a record that is
// not a well-formed "session/1".
std::string EncodeSession(const Session& s);
absl::StatusOr<Session> DecodeSession(const std::string& record);

}  // namespace cs::api
