// Which primary serves each of the 16384 slots of a Redis Cluster, read from a CLUSTER SLOTS
// reply. An immutable value: the cluster client swaps in a new map when the cluster changes.
//
// Thread-safety: immutable after construction; share it freely.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "common/redis/cluster_slot.h"
#include "common/redis/redis_client.h"

namespace cs {

// "host:port" split into its parts; false when it is not of that form.
bool SplitHostPort(std::string_view address, std::string& host, int& port);

class ClusterSlotMap {
 public:
  ClusterSlotMap() { owner_.fill(-1); }

  // Parses CLUSTER SLOTS: [[first, last, [host, port, id, ...], replica...], ...]. A node that
  // reports an empty host (it does not know its own address) is taken to be `asked_host`, the
  // host the question went to, as the specification advises.
  static absl::StatusOr<ClusterSlotMap> FromClusterSlots(const RedisReply& reply,
                                                         std::string_view asked_host);

  // This map with `slot` served by `primary`: what a MOVED reply teaches before the next read.
  ClusterSlotMap WithSlotOwner(int slot, const std::string& primary) const;

  // "host:port" of the primary serving `slot`; empty when no node serves it.
  const std::string& PrimaryOf(int slot) const;
  // Every primary, in the order CLUSTER SLOTS listed them.
  const std::vector<std::string>& primaries() const { return primaries_; }
  // Every node the reply named, primaries then replicas: where to ask for a new map.
  const std::vector<std::string>& nodes() const { return nodes_; }
  // Slots served by some primary (16384 when the cluster covers every slot).
  int covered_slots() const;

 private:
  std::array<int16_t, kClusterSlots> owner_;  // index into primaries_, -1 when unserved
  std::vector<std::string> primaries_;
  std::vector<std::string> nodes_;
};

}  // namespace cs
