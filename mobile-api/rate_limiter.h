// Token-bucket rate limits by key (a client IP, a username, a bearer token). Each key refills at
// `per_second` up to `burst`; idle keys are forgotten so the map cannot grow without bound.
//
// Thread-safety: safe to use from many threads.
#pragma once

#include <map>
#include <mutex>
#include <string>

#include "common/clock.h"

namespace cs::api {

class RateLimiter {
 public:
  RateLimiter(const Clock& clock, double per_second, double burst)
      : clock_(clock), per_second_(per_second), burst_(burst) {}
  // Takes one token for `key`; false when its bucket is empty (answer 429).
  bool Allow(const std::string& key);
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
