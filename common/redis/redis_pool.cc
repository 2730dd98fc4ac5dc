#include "common/redis/redis_pool.h"

#include <algorithm>

namespace cs {

RedisPool::RedisPool(const RedisConfig& config, int size) {
  for (int i = 0; i < std::max(1, size); ++i) {
    connections_.push_back(std::make_unique<HiredisClient>(config));
  }
}

HiredisClient& RedisPool::Pick() {
  // Round robin: simple, and fair enough when calls are short; each connection serialises its
  // own calls, so a long one only holds up the calls that land behind it.
  return *connections_[next_.fetch_add(1, std::memory_order_relaxed) % connections_.size()];
}

absl::StatusOr<RedisReply> RedisPool::Command(const RedisArgv& argv) { return Pick().Command(argv); }

absl::StatusOr<std::vector<RedisReply>> RedisPool::Pipeline(const std::vector<RedisArgv>& commands) {
  return Pick().Pipeline(commands);
}

}  // namespace cs
