#include "common/redis/cluster_slot_map.h"

#include <algorithm>
#include <charconv>

#include "absl/strings/str_cat.h"

namespace cs {
namespace {

const std::string kNoNode;

// [host, port, id, ...] → "host:port"; empty when malformed.
std::string NodeAddress(const RedisReply& node, std::string_view asked_host) {
  if (node.type != RedisReply::Type::kArray || node.elements.size() < 2) return "";
  if (node.elements[1].type != RedisReply::Type::kInteger) return "";
  std::string host = node.elements[0].str;
  // "" (or "?" from older versions) means the node does not know how it is reached.
  if (host.empty() || host == "?") host = std::string(asked_host);
  return absl::StrCat(host, ":", node.elements[1].integer);
}

}  // namespace

bool SplitHostPort(std::string_view address, std::string& host, int& port) {
  auto colon = address.rfind(':');
  if (colon == std::string_view::npos || colon == 0) return false;
  std::string_view digits = address.substr(colon + 1);
  int value = 0;
  auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (ec != std::errc() || ptr != digits.data() + digits.size() || value < 1 || value > 65535)
    return false;
  host = std::string(address.substr(0, colon));
  port = value;
  return true;
}

absl::StatusOr<ClusterSlotMap> ClusterSlotMap::FromClusterSlots(const RedisReply& reply,
                                                                std::string_view asked_host) {
  if (reply.type != RedisReply::Type::kArray)
    return absl::InternalError("redis CLUSTER SLOTS: reply is not an array");
  ClusterSlotMap map;
  auto remember = [&map](const std::string& address) {
    if (std::find(map.nodes_.begin(), map.nodes_.end(), address) == map.nodes_.end())
      map.nodes_.push_back(address);
  };
  for (const RedisReply& range : reply.elements) {
    if (range.type != RedisReply::Type::kArray || range.elements.size() < 3 ||
        range.elements[0].type != RedisReply::Type::kInteger ||
        range.elements[1].type != RedisReply::Type::kInteger) {
      return absl::InternalError("redis CLUSTER SLOTS: malformed slot range");
    }
    const int64_t first = range.elements[0].integer;
    const int64_t last = range.elements[1].integer;
    const std::string primary = NodeAddress(range.elements[2], asked_host);
    if (first < 0 || last >= kClusterSlots || first > last || primary.empty())
      return absl::InternalError("redis CLUSTER SLOTS: malformed slot range");
    auto it = std::find(map.primaries_.begin(), map.primaries_.end(), primary);
    const auto index = static_cast<int16_t>(it - map.primaries_.begin());
    if (it == map.primaries_.end()) map.primaries_.push_back(primary);
    for (int64_t slot = first; slot <= last; ++slot) map.owner_[slot] = index;
    remember(primary);
  }
  // Replicas after every primary, so a refresh asks primaries first.
  for (const RedisReply& range : reply.elements) {
    for (size_t i = 3; i < range.elements.size(); ++i) {
      std::string replica = NodeAddress(range.elements[i], asked_host);
      if (!replica.empty()) remember(replica);
    }
  }
  return map;
}

const std::string& ClusterSlotMap::PrimaryOf(int slot) const {
  if (slot < 0 || slot >= kClusterSlots || owner_[slot] < 0) return kNoNode;
  return primaries_[owner_[slot]];
}

ClusterSlotMap ClusterSlotMap::WithSlotOwner(int slot, const std::string& primary) const {
  ClusterSlotMap copy = *this;
  if (slot < 0 || slot >= kClusterSlots) return copy;
  auto it = std::find(copy.primaries_.begin(), copy.primaries_.end(), primary);
  copy.owner_[slot] = static_cast<int16_t>(it - copy.primaries_.begin());
  if (it == copy.primaries_.end()) copy.primaries_.push_back(primary);
  if (std::find(copy.nodes_.begin(), copy.nodes_.end(), primary) == copy.nodes_.end())
    copy.nodes_.push_back(primary);
  return copy;
}

int ClusterSlotMap::covered_slots() const {
  return static_cast<int>(
      std::count_if(owner_.begin(), owner_.end(), [](int16_t o) { return o >= 0; }));
}

}  // namespace cs
