#include "mobile-api/rate_limiter.h"

#include <algorithm>

namespace cs::api {

absl::StatusOr<bool> LocalRateLimiter::Allow(const std::string& key) {
  TimePoint now = clock_.Now();
  std::lock_guard<std::mutex> lock(mu_);
  // A full bucket is the same as no bucket: drop those once the map is large.
  if (buckets_.size() > 10000) {
    for (auto it = buckets_.begin(); it != buckets_.end();) {
      double secs = std::chrono::duration<double>(now - it->second.updated).count();
      it = it->second.tokens + secs * per_second_ >= burst_ ? buckets_.erase(it) : std::next(it);
    }
  }
  auto [it, inserted] = buckets_.try_emplace(key, Bucket{burst_, now});
  Bucket& b = it->second;
  if (!inserted) {
    double secs = std::max(0.0, std::chrono::duration<double>(now - b.updated).count());
    b.tokens = std::min(burst_, b.tokens + secs * per_second_);
    b.updated = now;
  }
  if (b.tokens < 1.0) return false;
  b.tokens -= 1.0;
  return true;
}

size_t LocalRateLimiter::tracked_keys() {
  std::lock_guard<std::mutex> lock(mu_);
  return buckets_.size();
}

}  // namespace cs::api
