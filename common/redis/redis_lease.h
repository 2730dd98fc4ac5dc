// A Lease in Redis. The lease key holds "<token>:<owner>" with a PX expiry measured by the Redis
// server's clock (no clock agreement between holders is needed); the fencing counter
// "<key>:fence" is INCRemented at every new grant and never expires, so tokens only grow. Both
// keys share the lease key's hash tag, so the scripts are cluster-ready when the key has one
// (VenueKey("ocean", "lease:alerts")).
//
// Fencing: a store that must refuse a former holder runs its write as a script whose KEYS[1] is
// fence_key() and ARGV[1] the token, starting with kFenceCheckLua: the write happens only while
// no newer term has been granted.
//
// Example:
//   RedisLease lease(redis, VenueKey("ocean", "lease:alerts"), "crowd-7f3a", 3000ms);
//   if (auto token = lease.TryAcquire(); token.ok() && *token) { ... Renew(**token) ... }
//
// Thread-safety: as thread-safe as the RedisClient.
#pragma once

#include <chrono>
#include <string>

#include "common/lease.h"
#include "common/redis/redis_client.h"

namespace cs {

// The first lines of a fenced script: returns -1 (and writes nothing) unless ARGV[1] is the
// newest token of the fence counter in KEYS[1].
inline constexpr const char* kFenceCheckLua =
    "if redis.call('GET', KEYS[1]) ~= ARGV[1] then return -1 end\n";

class RedisLease final : public Lease {
 public:
  RedisLease(RedisClient& redis, std::string key, std::string owner, std::chrono::milliseconds ttl);

  absl::StatusOr<std::optional<int64_t>> TryAcquire() override;
  absl::StatusOr<bool> Renew(int64_t token) override;
  absl::Status Release(int64_t token) override;
  const std::string& name() const override { return key_; }

  const std::string& fence_key() const { return fence_key_; }
  const std::string& owner() const { return owner_; }
  std::chrono::milliseconds ttl() const override { return ttl_; }

 private:
  std::string Value(int64_t token) const;

  RedisClient& redis_;
  const std::string key_;
  const std::string fence_key_;
  const std::string owner_;
  const std::chrono::milliseconds ttl_;
};

// A lease owner name unique to this process: host name, pid and start time.
std::string ProcessLeaseOwner();

}  // namespace cs
