// A fixed set of Redis clients behind the RedisClient interface, so that concurrent RPCs do not
// queue behind one another on a single connection (a slow Lua script on one connection no longer
// delays an occupancy read on another). Each call takes the next client in turn. The clients are
// whatever redis.mode asks for (MakeRedisClient): one HiredisClient each in standalone mode, one
// RedisClusterClient each (a connection per node) in cluster mode.
//
// Thread-safety: thread-safe.
#pragma once

#include <atomic>
#include <memory>
#include <vector>

#include "common/config.h"
#include "common/redis/redis_client.h"

namespace cs {

class RedisPool final : public RedisClient {
 public:
  RedisPool(const RedisConfig& config, int size);

  absl::StatusOr<RedisReply> Command(const RedisArgv& argv) override;
  absl::StatusOr<std::vector<RedisReply>> Pipeline(const std::vector<RedisArgv>& commands) override;
  // A write may have gone out on any of the pool's connections, and WAIT counts per connection:
  // so every connection waits, and the answer is the smallest count.
  absl::StatusOr<int64_t> WaitReplicas(std::string_view key, int replicas, int timeout_ms) override;
  int size() const { return static_cast<int>(clients_.size()); }

 private:
  RedisClient& Pick();

  std::vector<std::unique_ptr<RedisClient>> clients_;
  std::atomic<uint64_t> next_{0};
};

}  // namespace cs
