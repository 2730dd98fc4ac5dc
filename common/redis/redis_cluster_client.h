// RedisClient for a Redis Cluster. Services keep calling the same interface; this client sends
// each command to the primary that serves its keys' slot (cluster_slot.h, command_keys.h).
//
// What it handles, in one place:
// - Routing: the slot map comes from CLUSTER SLOTS, asked of the seeds or of any node already
//   known. A command without keys (PING) goes to any primary; one whose keys span slots is
//   refused (INVALID_ARGUMENT) before anything is sent.
// - MOVED: the slot has a new owner. The command is re-sent there at once (it was not
//   executed), the map learns the new owner of that slot, and the whole map is read again soon
//   (other slots probably moved too). ASK: the slot is being migrated; the
//   command is re-sent to the target preceded by ASKING, and the map is left alone.
// - The map is also re-read every `slot_refresh_interval_ms`, by the first call after it is due
//   (no thread of its own), and soon after a node stops answering: a killed primary's calls fail
//   with UNAVAILABLE until its replica is promoted, after which the next refresh (from another
//   node, the failed one asked last) routes to the new primary.
// - Pipelines are split per node: each node gets its commands in one round trip (the nodes in
//   parallel, a thread per extra node) and the replies come back in the caller's order. A MULTI ...
//   EXEC block stays together (one slot), and a command without keys (WAIT) travels with the
//   command before it, so {SET, WAIT} still counts the replicas that have that SET.
// - A connection failure is not retried (the write may have been applied): as HiredisClient,
//   the caller gets UNAVAILABLE or DEADLINE_EXCEEDED and retries with its idempotency key.
//
// Thread-safety: thread-safe. Calls to different nodes run in parallel; calls to one node are
// serialised on its one connection.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/config.h"
#include "common/redis/cluster_slot_map.h"
#include "common/redis/hiredis_client.h"
#include "common/redis/redis_client.h"

namespace cs {

class RedisClusterClient final : public RedisClient {
 public:
  explicit RedisClusterClient(RedisConfig config, const Clock* clock = SystemClock::Default());
  ~RedisClusterClient() override;
  RedisClusterClient(const RedisClusterClient&) = delete;
  RedisClusterClient& operator=(const RedisClusterClient&) = delete;

  absl::StatusOr<RedisReply> Command(const RedisArgv& argv) override;
  absl::StatusOr<std::vector<RedisReply>> Pipeline(const std::vector<RedisArgv>& commands) override;
  // WAIT on the connection to the primary serving `key`'s slot.
  absl::StatusOr<int64_t> WaitReplicas(std::string_view key, int replicas, int timeout_ms) override;

  // Reads the slot map now; at start-up this fails fast when no seed answers.
  absl::Status Connect();
  // "host:port" of the primary the current map names for `slot`; empty when unknown.
  std::string PrimaryOf(int slot) const;
  // How many slot maps have been read (start-up, MOVED, timer, failed node).
  int slot_map_reads() const;

 private:
  struct Unit;
  struct Send;

  static absl::StatusOr<std::vector<Unit>> SplitUnits(const std::vector<RedisArgv>& commands);
  std::shared_ptr<HiredisClient> Node(const std::string& address);
  // The current map, re-read first when it is due (or when there is none yet).
  absl::StatusOr<std::shared_ptr<const ClusterSlotMap>> CurrentMap();
  absl::Status ReadSlotMap();
  // MOVED: `slot` is served by `address` from now on; the whole map is read again soon.
  void LearnMoved(int slot, const std::string& address);
  // Asks for a new map soon (MOVED, CLUSTERDOWN, a node that stopped answering).
  void MarkStale(const std::string& failed_address = "");
  absl::StatusOr<std::string> AddressFor(const ClusterSlotMap& map, int slot) const;
  absl::Status SendToNodes(const std::map<std::string, std::vector<Send>>& pending,
                           const std::vector<RedisArgv>& commands, const std::vector<Unit>& units,
                           std::vector<RedisReply>& replies);
  absl::Status SendToNode(const std::string& address, const std::vector<Send>& sends,
                          const std::vector<RedisArgv>& commands, const std::vector<Unit>& units,
                          std::vector<RedisReply>& replies);

  const RedisConfig config_;
  const Clock* const clock_;
  mutable std::mutex mu_;
  std::shared_ptr<const ClusterSlotMap> map_;                    // GUARDED_BY(mu_)
  std::map<std::string, std::shared_ptr<HiredisClient>> nodes_;  // GUARDED_BY(mu_)
  std::set<std::string> failed_;                                 // GUARDED_BY(mu_)
  TimePoint refresh_due_{};                                      // GUARDED_BY(mu_)
  TimePoint last_read_attempt_{};                                // GUARDED_BY(mu_)
  int map_reads_ = 0;                                            // GUARDED_BY(mu_)
  std::mutex read_mu_;  // one map read at a time; the others keep using the old map
};

}  // namespace cs
