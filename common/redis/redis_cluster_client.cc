#include "common/redis/redis_cluster_client.h"

#include <algorithm>
#include <cctype>
#include <thread>

#include "absl/strings/str_cat.h"
#include "common/logging.h"
#include "common/redis/command_keys.h"

namespace cs {
namespace {

// A slot moved twice while one command chased it is already rare; more means a broken cluster.
constexpr int kMaxRedirects = 5;
// However often calls ask for a new map, a node is asked at most this often.
constexpr auto kMinReadGap = std::chrono::milliseconds(100);

bool IsCommand(const RedisArgv& argv, std::string_view name) {
  if (argv.empty() || argv[0].size() != name.size()) return false;
  for (size_t i = 0; i < name.size(); ++i)
    if (std::toupper(static_cast<unsigned char>(argv[0][i])) != name[i]) return false;
  return true;
}

bool StartsWith(const std::string& s, std::string_view prefix) {
  return s.compare(0, prefix.size(), prefix) == 0;
}

// "MOVED 3999 127.0.0.1:6381" → "127.0.0.1:6381".
std::string RedirectTarget(const std::string& error) {
  auto last_space = error.rfind(' ');
  return last_space == std::string::npos ? "" : error.substr(last_space + 1);
}

}  // namespace

// Commands [begin, end) that must go to one node together: one command, or MULTI ... EXEC,
// plus the commands without keys that follow it.
struct RedisClusterClient::Unit {
  size_t begin = 0;
  size_t end = 0;
  int slot = kNoSlot;
  bool transaction = false;
};

// One unit on its way to a node; `asking` when it chases an ASK redirect.
struct RedisClusterClient::Send {
  size_t unit = 0;
  bool asking = false;
};

RedisClusterClient::RedisClusterClient(RedisConfig config, const Clock* clock)
    : config_(std::move(config)), clock_(clock) {}
RedisClusterClient::~RedisClusterClient() = default;

absl::Status RedisClusterClient::Connect() { return CurrentMap().status(); }

std::string RedisClusterClient::PrimaryOf(int slot) const {
  std::lock_guard<std::mutex> lock(mu_);
  return map_ ? map_->PrimaryOf(slot) : "";
}

int RedisClusterClient::slot_map_reads() const {
  std::lock_guard<std::mutex> lock(mu_);
  return map_reads_;
}

std::shared_ptr<HiredisClient> RedisClusterClient::Node(const std::string& address) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = nodes_.find(address);
  if (it != nodes_.end()) return it->second;
  RedisConfig node_config = config_;
  if (!SplitHostPort(address, node_config.host, node_config.port)) return nullptr;
  auto node = std::make_shared<HiredisClient>(node_config);
  nodes_.emplace(address, node);
  return node;
}

void RedisClusterClient::MarkStale(const std::string& failed_address) {
  std::lock_guard<std::mutex> lock(mu_);
  if (!failed_address.empty()) failed_.insert(failed_address);
  refresh_due_ = std::min(refresh_due_, last_read_attempt_ + kMinReadGap);
}

void RedisClusterClient::LearnMoved(int slot, const std::string& address) {
  std::lock_guard<std::mutex> lock(mu_);
  if (map_ && map_->PrimaryOf(slot) != address)
    map_ = std::make_shared<const ClusterSlotMap>(map_->WithSlotOwner(slot, address));
  refresh_due_ = std::min(refresh_due_, last_read_attempt_ + kMinReadGap);
}

absl::StatusOr<std::shared_ptr<const ClusterSlotMap>> RedisClusterClient::CurrentMap() {
  std::shared_ptr<const ClusterSlotMap> map;
  bool due = false;
  {
    std::lock_guard<std::mutex> lock(mu_);
    map = map_;
    due = map == nullptr || clock_->Now() >= refresh_due_;
  }
  if (!due) return map;
  if (map != nullptr) {
    // Someone else is reading already: carry on with the map we have.
    std::unique_lock<std::mutex> reading(read_mu_, std::try_to_lock);
    if (!reading.owns_lock()) return map;
    (void)ReadSlotMap();  // on failure the old map is still the best guess
  } else {
    std::lock_guard<std::mutex> reading(read_mu_);
    if (auto s = ReadSlotMap(); !s.ok()) {
      std::lock_guard<std::mutex> lock(mu_);
      if (map_ == nullptr) return s;
    }
  }
  std::lock_guard<std::mutex> lock(mu_);
  return map_;
}

absl::Status RedisClusterClient::ReadSlotMap() {
  // Ask the nodes of the last map first (they know the cluster best), then the seeds; nodes
  // that failed lately go last, since they are probably the reason for asking.
  std::vector<std::string> candidates;
  {
    std::lock_guard<std::mutex> lock(mu_);
    // A map read on the same timestamp as the last attempt would be a storm (many callers
    // after one failure): honour the minimum gap, unless there is no map at all.
    const TimePoint now = clock_->Now();
    if (map_ != nullptr && now < last_read_attempt_ + kMinReadGap && now < refresh_due_)
      return absl::OkStatus();
    last_read_attempt_ = now;
    refresh_due_ = now + kMinReadGap;  // until a read succeeds
    if (map_) candidates = map_->nodes();
    for (const auto& seed : config_.seeds)
      if (std::find(candidates.begin(), candidates.end(), seed) == candidates.end())
        candidates.push_back(seed);
    std::stable_partition(candidates.begin(), candidates.end(),
                          [this](const std::string& a) { return !failed_.count(a); });
  }
  absl::Status last = absl::UnavailableError("redis cluster: no seeds configured");
  for (const auto& address : candidates) {
    auto node = Node(address);
    if (node == nullptr) continue;
    auto reply = node->Pipeline({{"CLUSTER", "SLOTS"}});
    if (!reply.ok()) {
      last = reply.status();
      std::lock_guard<std::mutex> lock(mu_);
      failed_.insert(address);
      continue;
    }
    const RedisReply& slots = reply->front();
    if (slots.type == RedisReply::Type::kError) {
      last = RedisErrorStatus("CLUSTER SLOTS", slots.str);
      continue;
    }
    std::string host;
    int port = 0;
    SplitHostPort(address, host, port);
    auto map = ClusterSlotMap::FromClusterSlots(slots, host);
    if (!map.ok()) {
      last = map.status();
      continue;
    }
    if (map->covered_slots() == 0) {
      last = absl::UnavailableError("redis cluster: a node knows no slots yet (CLUSTERDOWN)");
      continue;
    }
    auto fresh = std::make_shared<const ClusterSlotMap>(*std::move(map));
    std::lock_guard<std::mutex> lock(mu_);
    map_ = fresh;
    ++map_reads_;
    refresh_due_ = clock_->Now() + std::chrono::milliseconds(config_.slot_refresh_interval_ms);
    // This node answered; a node that failed and is not in the cluster any more is forgotten.
    // The others stay "failed", to be asked last, until they answer a read themselves.
    failed_.erase(address);
    for (auto it = failed_.begin(); it != failed_.end();) {
      const auto& known = fresh->nodes();
      it = std::find(known.begin(), known.end(), *it) == known.end() ? failed_.erase(it)
                                                                     : std::next(it);
    }
    // Forget connections to nodes no longer in the cluster (a removed or replaced node).
    for (auto it = nodes_.begin(); it != nodes_.end();) {
      const auto& known = fresh->nodes();
      bool keep =
          std::find(known.begin(), known.end(), it->first) != known.end() ||
          std::find(config_.seeds.begin(), config_.seeds.end(), it->first) != config_.seeds.end();
      it = keep ? std::next(it) : nodes_.erase(it);
    }
    return absl::OkStatus();
  }
  CS_LOG_WARN("redis cluster: slot map read failed error=\"{}\"", std::string(last.message()));
  return last;
}

absl::StatusOr<std::string> RedisClusterClient::AddressFor(const ClusterSlotMap& map,
                                                           int slot) const {
  if (slot == kNoSlot) {
    if (map.primaries().empty()) return absl::UnavailableError("redis cluster: no primary known");
    return map.primaries().front();
  }
  const std::string& address = map.PrimaryOf(slot);
  if (address.empty())
    return absl::UnavailableError(
        absl::StrCat("redis cluster: slot ", slot, " is not served (CLUSTERDOWN, retry later)"));
  return address;
}

absl::StatusOr<std::vector<RedisClusterClient::Unit>> RedisClusterClient::SplitUnits(
    const std::vector<RedisArgv>& commands) {
  std::vector<Unit> units;
  for (size_t i = 0; i < commands.size();) {
    Unit unit;
    unit.begin = i;
    if (IsCommand(commands[i], "MULTI")) {
      unit.transaction = true;
      size_t j = i + 1;
      while (j < commands.size() && !IsCommand(commands[j], "EXEC") &&
             !IsCommand(commands[j], "DISCARD"))
        ++j;
      unit.end = std::min(j + 1, commands.size());
    } else {
      unit.end = i + 1;
    }
    for (size_t k = unit.begin; k < unit.end; ++k) {
      auto slot = CommandSlot(commands[k]);
      if (!slot.ok()) return slot.status();
      if (*slot == kNoSlot) continue;
      if (unit.slot != kNoSlot && unit.slot != *slot)
        return absl::InvalidArgumentError(
            "redis MULTI: transaction keys in different cluster slots (CROSSSLOT)");
      unit.slot = *slot;
    }
    // A command without keys after a unit (WAIT, say) belongs with it: it is about that node.
    if (!unit.transaction && unit.slot == kNoSlot && !units.empty()) {
      units.back().end = unit.end;
    } else {
      units.push_back(unit);
    }
    i = unit.end;
  }
  return units;
}

absl::Status RedisClusterClient::SendToNode(const std::string& address,
                                            const std::vector<Send>& sends,
                                            const std::vector<RedisArgv>& commands,
                                            const std::vector<Unit>& units,
                                            std::vector<RedisReply>& replies) {
  auto node = Node(address);
  if (node == nullptr) return absl::InternalError("redis cluster: malformed node address");
  std::vector<RedisArgv> batch;
  std::vector<size_t> target;  // index into replies for each command of batch; npos: ASKING
  constexpr size_t kDrop = static_cast<size_t>(-1);
  for (const Send& send : sends) {
    const Unit& unit = units[send.unit];
    for (size_t k = unit.begin; k < unit.end; ++k) {
      if (send.asking && k == unit.begin) {
        batch.push_back({"ASKING"});
        target.push_back(kDrop);
      }
      batch.push_back(commands[k]);
      target.push_back(k);
    }
  }
  auto got = node->Pipeline(batch);
  if (!got.ok()) {
    MarkStale(address);
    return got.status();
  }
  for (size_t i = 0; i < got->size(); ++i)
    if (target[i] != kDrop) replies[target[i]] = std::move((*got)[i]);
  return absl::OkStatus();
}

absl::Status RedisClusterClient::SendToNodes(
    const std::map<std::string, std::vector<Send>>& pending, const std::vector<RedisArgv>& commands,
    const std::vector<Unit>& units, std::vector<RedisReply>& replies) {
  // Each node's batch on its own thread, so a pipeline over three primaries costs about one
  // round trip, not three; the batches fill disjoint slots of `replies`.
  // The common case, a whole pipeline for one node, goes out as it is, without a copy.
  if (pending.size() == 1 && pending.begin()->second.size() == units.size() &&
      std::none_of(pending.begin()->second.begin(), pending.begin()->second.end(),
                   [](const Send& send) { return send.asking; })) {
    auto node = Node(pending.begin()->first);
    if (node == nullptr) return absl::InternalError("redis cluster: malformed node address");
    auto got = node->Pipeline(commands);
    if (!got.ok()) {
      MarkStale(pending.begin()->first);
      return got.status();
    }
    replies = *std::move(got);
    return absl::OkStatus();
  }
  std::vector<absl::Status> results(pending.size());
  std::vector<std::thread> others;
  size_t i = 0;
  for (const auto& [address, sends] : pending) {
    if (i > 0) {
      others.emplace_back([&, i, address = address, sends = &sends] {
        results[i] = SendToNode(address, *sends, commands, units, replies);
      });
    }
    ++i;
  }
  results[0] =
      SendToNode(pending.begin()->first, pending.begin()->second, commands, units, replies);
  for (auto& t : others) t.join();
  for (const auto& r : results)
    if (!r.ok()) return r;
  return absl::OkStatus();
}

absl::StatusOr<std::vector<RedisReply>> RedisClusterClient::Pipeline(
    const std::vector<RedisArgv>& commands) {
  auto units = SplitUnits(commands);
  if (!units.ok()) return units.status();
  auto map = CurrentMap();
  if (!map.ok()) return map.status();

  std::vector<RedisReply> replies(commands.size());
  // Where each pending unit goes next: address → units, in the caller's order per node.
  std::map<std::string, std::vector<Send>> pending;
  for (size_t u = 0; u < units->size(); ++u) {
    auto address = AddressFor(**map, (*units)[u].slot);
    if (!address.ok()) {
      MarkStale();
      return address.status();
    }
    pending[*address].push_back(Send{u, false});
  }
  for (int round = 0; !pending.empty(); ++round) {
    if (auto s = SendToNodes(pending, commands, *units, replies); !s.ok()) return s;
    if (round == kMaxRedirects) break;  // the MOVED/ASK replies stay as the caller's errors
    std::map<std::string, std::vector<Send>> next;
    for (const auto& [address, sends] : pending) {
      for (const Send& send : sends) {
        const Unit& unit = (*units)[send.unit];
        for (size_t k = unit.begin; k < unit.end; ++k) {
          const RedisReply& r = replies[k];
          if (r.type != RedisReply::Type::kError) continue;
          if (StartsWith(r.str, "MOVED ")) {
            LearnMoved(unit.slot, RedirectTarget(r.str));
            next[RedirectTarget(r.str)].push_back(Send{send.unit, false});
          } else if (StartsWith(r.str, "ASK ")) {
            if (unit.transaction) {
              // ASKING covers one command, not a queued block: let the caller retry once the
              // migration of this slot is over.
              replies[unit.end - 1].type = RedisReply::Type::kError;
              replies[unit.end - 1].str = "TRYAGAIN transaction on a slot being migrated";
            } else {
              next[RedirectTarget(r.str)].push_back(Send{send.unit, true});
            }
          } else if (StartsWith(r.str, "CLUSTERDOWN")) {
            MarkStale();
            continue;
          } else {
            continue;
          }
          break;  // one redirect per unit is enough to re-send all of it
        }
      }
    }
    pending = std::move(next);
  }
  return replies;
}

absl::StatusOr<RedisReply> RedisClusterClient::Command(const RedisArgv& argv) {
  auto replies = Pipeline({argv});
  if (!replies.ok()) return replies.status();
  RedisReply& reply = replies->front();
  if (reply.type == RedisReply::Type::kError)
    return RedisErrorStatus(argv.empty() ? "" : argv[0], reply.str);
  return std::move(reply);
}

absl::StatusOr<int64_t> RedisClusterClient::WaitReplicas(std::string_view key, int replicas,
                                                         int timeout_ms) {
  auto map = CurrentMap();
  if (!map.ok()) return map.status();
  auto address = AddressFor(**map, KeySlot(key));
  if (!address.ok()) return address.status();
  auto node = Node(*address);
  if (node == nullptr) return absl::InternalError("redis cluster: malformed node address");
  auto reply = node->Pipeline({{"WAIT", absl::StrCat(replicas), absl::StrCat(timeout_ms)}});
  if (!reply.ok()) {
    MarkStale(*address);
    return reply.status();
  }
  const RedisReply& r = reply->front();
  if (r.type == RedisReply::Type::kError) return RedisErrorStatus("WAIT", r.str);
  if (r.type != RedisReply::Type::kInteger)
    return absl::InternalError("redis WAIT: unexpected reply");
  return r.integer;
}

}  // namespace cs
