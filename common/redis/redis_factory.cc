#include "common/redis/redis_factory.h"

#include "common/redis/hiredis_client.h"
#include "common/redis/redis_cluster_client.h"

namespace cs {

std::unique_ptr<RedisClient> MakeRedisClient(const RedisConfig& config) {
  std::unique_ptr<RedisClient> client;
  if (config.mode == RedisConfig::Mode::kCluster) {
    client = std::make_unique<RedisClusterClient>(config);
  } else {
    client = std::make_unique<HiredisClient>(config);
  }
  client->set_write_confirmation({config.wait_replicas, config.wait_timeout_ms});
  return client;
}

}  // namespace cs
