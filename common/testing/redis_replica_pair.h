// A private primary and replica for tests of confirmed writes (redis.wait_replicas): two
// RedisServer processes, the second made a replica of the first with REPLICAOF and waited on
// until WAIT counts it. Pausing the replica (SIGSTOP) leaves the primary serving but every WAIT
// short, which is how a replica on a dead disk, a frozen VM or the far side of a partition looks.
//
// Example:
//   RedisReplicaPair pair;
//   ASSERT_TRUE(pair.Start().ok());
//   RedisPool pool(pair.Confirming(300), 2);  // wait_replicas: 1, wait_timeout_ms: 300
//   pair.replica().Pause();
//
// Thread-safety: not thread-safe; owned by one test.
#pragma once

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "common/config.h"
#include "common/testing/redis_server.h"

namespace cs::testing {

class RedisReplicaPair {
 public:
  RedisReplicaPair() = default;
  // Both servers started with these extra redis-server arguments ("--appendonly", "no").
  explicit RedisReplicaPair(const std::vector<std::string>& extra_args)
      : primary_(extra_args, false), replica_(extra_args, false) {}

  // Both servers up and the replica in sync (UNAVAILABLE when it never synchronised).
  absl::Status Start();
  // The primary's config with wait_replicas 1 and this WAIT timeout.
  RedisConfig Confirming(int timeout_ms) const;

  RedisServer& primary() { return primary_; }
  RedisServer& replica() { return replica_; }

 private:
  RedisServer primary_;
  RedisServer replica_;
};

}  // namespace cs::testing
