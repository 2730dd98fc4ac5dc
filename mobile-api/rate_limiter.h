// Token-bucket rate limits by key (a client address, an address and a username, a bearer
// token's hash). Each key refills at `per_second` up to `burst`.
//
// RateLimiter is the interface the gateway uses: RedisRateLimiter (redis_rate_limiter.h) in
// production, so that every replica draws on the same buckets; LocalRateLimiter in this process
// for tests and benchmarks that run one gateway without Redis.
//
// Thread-safety: implementations are safe to use from many threads.
#pragma once

#include <map>
#include <mutex>
#include <string>

#include "absl/status/statusor.h"
#include "common/clock.h"

namespace cs::api {

class RateLimiter {
 public:
  virtual ~RateLimiter() = default;
  // Takes one token for `key`: true when there was one, false when the bucket is empty (answer
  // 429). An error when the limits cannot be read: the caller refuses (503), never lets the
  // request through unlimited.
  virtual absl::StatusOr<bool> Allow(const std::string& key) = 0;
};

class LocalRateLimiter final : public RateLimiter {
 public:
  LocalRateLimiter(const Clock& clock, double per_second, double burst)
      : clock_(clock), per_second_(per_second), burst_(burst) {}
  // Never fails. Idle keys are forgotten so the map cannot grow without bound.
  absl::StatusOr<bool> Allow(const std::string& key) override;
  size_t tracked_keys();

 private:
  struct Bucket {
    double tokens = 0;
    TimePoint updated;
  };
  const Clock& clock_;
  const double per_second_;
  const double burst_;
  std::mutex mu_;
  std::map<std::string, Bucket> buckets_;  // GUARDED_BY(mu_)
};

}  // namespace cs::api
