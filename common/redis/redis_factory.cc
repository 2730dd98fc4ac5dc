#include "common/redis/redis_factory.h"

#include "common/redis/hiredis_client.h"
#include "common/redis/redis_cluster_client.h"

namespace cs {

std::unique_ptr<RedisClient> MakeRedisClient(const RedisConfig& config) {
  if (config.mode == RedisConfig::Mode::kCluster)
    return std::make_unique<RedisClusterClient>(config);
  return std::make_unique<HiredisClient>(config);
}

}  // namespace cs
