// A private Redis Cluster for tests: 3 primaries and 3 replicas by default, each a redis-server
// with cluster-enabled on a free loopback port in its own temporary folder (RedisServer),
// joined with `redis-cli --cluster create ... --cluster-replicas 1 --cluster-yes` and waited on
// until every node reports cluster_state:ok and every replica is in sync. A short
// cluster-node-timeout (1000 ms) makes automatic failover after Kill() take a second or two.
// It also moves slots by hand, as `redis-cli --cluster reshard` does, so tests can provoke MOVED
// and ASK replies.
//
// Example:
//   RedisCluster cluster;
//   ASSERT_TRUE(cluster.Start().ok());
//   RedisClusterClient client(cluster.Config());
//
// Thread-safety: not thread-safe; owned by one test (or one test suite).
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/config.h"
#include "common/redis/redis_client.h"
#include "common/testing/redis_server.h"

namespace cs::testing {

class RedisCluster {
 public:
  struct Options {
    int primaries = 3;
    int replicas_per_primary = 1;
    int node_timeout_ms = 1000;
    // More redis-server arguments for every node; later ones win ("--appendonly", "no").
    std::vector<std::string> extra_args;
  };
  RedisCluster() : RedisCluster(Options{}) {}
  explicit RedisCluster(Options options) : options_(options) {}
  RedisCluster(const RedisCluster&) = delete;
  RedisCluster& operator=(const RedisCluster&) = delete;

  absl::Status Start();
  // Cluster mode, every node a seed, short timeouts (as RedisServer::Config()).
  RedisConfig Config() const;
  // "127.0.0.1:<port>" of every node, running or not.
  std::vector<std::string> Addresses() const;

  // One command to one node ("127.0.0.1:<port>"), error replies as kError (a fresh connection).
  absl::StatusOr<RedisReply> NodeCommand(const std::string& address, const RedisArgv& argv) const;
  absl::StatusOr<std::string> NodeId(const std::string& address) const;
  // The primary serving `slot` and every primary, as a running node reports them.
  absl::StatusOr<std::string> PrimaryOfSlot(int slot) const;
  absl::StatusOr<std::vector<std::string>> Primaries() const;

  // SIGKILL one node, as a crash would.
  void Kill(const std::string& address);
  // Starts a killed node again on its port, folder and nodes.conf, as an operator's restart
  // would: it rejoins the cluster, and finding its slots taken over (a newer epoch), it turns
  // itself into a replica of the node that took them.
  absl::Status Restart(const std::string& address);
  // Until every running node reports cluster_state:ok and agrees on who serves every slot.
  absl::Status WaitUntilHealthy(std::chrono::milliseconds timeout) const;
  // Until `address` is a primary with at least `replicas` replicas whose link is up.
  absl::Status WaitForReplicas(const std::string& address, int replicas,
                               std::chrono::milliseconds timeout) const;

  // The steps of a resharding, separately, so a test can stand in the middle of one:
  // BeginMigration marks `slot` MIGRATING on its owner and IMPORTING on `to`; MigrateKeys moves
  // these keys of it (MIGRATE); FinishMigration moves the rest and gives the slot to `to` on
  // every primary. MigrateSlot does all three.
  absl::Status BeginMigration(int slot, const std::string& to);
  absl::Status MigrateKeys(int slot, const std::string& to, const std::vector<std::string>& keys);
  absl::Status FinishMigration(int slot, const std::string& to);
  absl::Status MigrateSlot(int slot, const std::string& to);

 private:
  RedisServer* ServerAt(const std::string& address);
  absl::Status CreateCluster();

  Options options_;
  std::vector<std::unique_ptr<RedisServer>> servers_;
  // The owner of a slot under migration, between BeginMigration and FinishMigration.
  std::string migrating_from_;
};

}  // namespace cs::testing
