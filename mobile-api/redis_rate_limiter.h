// A token bucket per key in Redis, taken by one Lua script (read, refill, take, write, expire),
// so that every replica of the gateway shares the limit and two concurrent requests can never
// both take the last token. The refill uses the gateway's clock (passed to the script), so
// tests can move time; a gateway whose clock is behind the bucket's last update refills nothing.
//
// Key: cs:{venue:<v>}:rl:<name>:<first 128 bits of BLAKE2b of the key>: the venue's hash tag
// (docs/architecture.md), and never a raw address, username or token in a key name. A bucket
// expires once it would be full again, so idle keys cost nothing. Buckets are soft state, kept
// out of the AOF and the replicas (no fsync per request); after a Redis restart or failover they
// start full.
//
// Errors: the RedisClient's (UNAVAILABLE, DEADLINE_EXCEEDED, INTERNAL); the gateway answers 503.
//
// Thread-safety: thread-safe (RedisClient is).
#pragma once

#include <string>

#include "common/redis/redis_client.h"
#include "mobile-api/rate_limiter.h"

namespace cs::api {

class RedisRateLimiter final : public RateLimiter {
 public:
  // `name` tells limits apart in Redis ("login_ip", "token").
  RedisRateLimiter(RedisClient& redis, std::string venue_id, std::string name, const Clock& clock,
                   double per_second, double burst);
  absl::StatusOr<bool> Allow(const std::string& key) override;
  std::string RedisKey(const std::string& key) const;

 private:
  RedisClient& redis_;
  const std::string venue_id_;
  const std::string name_;
  const Clock& clock_;
  const std::string per_second_;  // exact decimal text for the script
  const std::string burst_;
};

}  // namespace cs::api
