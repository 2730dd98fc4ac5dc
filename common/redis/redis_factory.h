// One place that turns redis.mode into a client: HiredisClient for a standalone server,
// RedisClusterClient for a cluster. Services take a RedisClient& and never know which.
//
// Thread-safety: the function is; the clients it returns are thread-safe.
#pragma once

#include <memory>

#include "common/config.h"
#include "common/redis/redis_client.h"

namespace cs {

// A client for `config` that has not connected yet; it connects on its first call. Its confirmed
// writes wait for redis.wait_replicas (redis_client.h, ConfirmedCommand).
std::unique_ptr<RedisClient> MakeRedisClient(const RedisConfig& config);

}  // namespace cs
