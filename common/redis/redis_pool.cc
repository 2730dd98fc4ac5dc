#include "common/redis/redis_pool.h"

#include <algorithm>

#include "common/redis/redis_factory.h"

namespace cs {

RedisPool::RedisPool(const RedisConfig& config, int size) {
  for (int i = 0; i < std::max(1, size); ++i) clients_.push_back(MakeRedisClient(config));
  // The pool's own confirmed writes: its Pipeline hands {writes..., WAIT} to one connection.
  set_write_confirmation({config.wait_replicas, config.wait_timeout_ms});
}

RedisClient& RedisPool::Pick() {
  // Round robin: simple, and fair enough when calls are short; each connection serialises its
  // own calls, so a long one only holds up the calls that land behind it. A connection waiting
  // out its reconnection backoff is passed over while another can serve: after a Redis restart
  // the connections come back one by one, and a call refused by one of them while its siblings
  // already serve was a spurious UNAVAILABLE (issue 18, the flaky lifecycle test). When all are
  // backing off, the call goes to its turn's connection, which refuses it at once.
  const uint64_t turn = next_.fetch_add(1, std::memory_order_relaxed);
  for (size_t k = 0; k < clients_.size(); ++k) {
    RedisClient& client = *clients_[(turn + k) % clients_.size()];
    if (!client.BackingOff()) return client;
  }
  return *clients_[turn % clients_.size()];
}

absl::StatusOr<RedisReply> RedisPool::Command(const RedisArgv& argv) {
  return Pick().Command(argv);
}

absl::StatusOr<std::vector<RedisReply>> RedisPool::Pipeline(
    const std::vector<RedisArgv>& commands) {
  return Pick().Pipeline(commands);
}

absl::StatusOr<int64_t> RedisPool::WaitReplicas(std::string_view key, int replicas,
                                                int timeout_ms) {
  int64_t fewest = -1;
  for (auto& client : clients_) {
    auto acknowledged = client->WaitReplicas(key, replicas, timeout_ms);
    if (!acknowledged.ok()) return acknowledged.status();
    fewest = fewest < 0 ? *acknowledged : std::min(fewest, *acknowledged);
  }
  return fewest;
}

}  // namespace cs
