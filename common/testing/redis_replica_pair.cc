#include "common/testing/redis_replica_pair.h"

#include <string>

#include "common/redis/hiredis_client.h"

namespace cs::testing {

absl::Status RedisReplicaPair::Start() {
  if (auto s = primary_.Start(); !s.ok()) return s;
  if (auto s = replica_.Start(); !s.ok()) return s;
  HiredisClient to_replica(replica_.Config());
  auto r = to_replica.Command({"REPLICAOF", "127.0.0.1", std::to_string(primary_.port())});
  if (!r.ok()) return r.status();
  // The first sync takes a moment; WAIT itself is the way to wait for it (no sleeping).
  HiredisClient redis(primary_.Config());
  for (int i = 0; i < 100; ++i) {
    if (auto s = redis.Set("sync", "1"); !s.ok()) return s;
    auto replicas = redis.WaitReplicas("sync", 1, 200);
    if (!replicas.ok()) return replicas.status();
    if (*replicas >= 1) return absl::OkStatus();
  }
  return absl::UnavailableError("the replica never synchronised with its primary");
}

RedisConfig RedisReplicaPair::Confirming(int timeout_ms) const {
  RedisConfig config = primary_.Config();
  config.wait_replicas = 1;
  config.wait_timeout_ms = timeout_ms;
  return config;
}

}  // namespace cs::testing
