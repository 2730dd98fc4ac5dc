#include "common/testing/redis_cluster.h"

#include <cstdlib>
#include <filesystem>
#include <optional>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/redis/cluster_slot_map.h"
#include "common/redis/hiredis_client.h"
#include "common/testing/child_process.h"

namespace cs::testing {
namespace {

// $REDIS_CLI, or redis-cli from PATH (ChildProcess wants a path).
std::string RedisCliPath() {
  const char* env = std::getenv("REDIS_CLI");
  if (env != nullptr && *env != '\0') return env;
  const char* path = std::getenv("PATH");
  for (auto dir : absl::StrSplit(path != nullptr ? path : "/usr/bin", ':')) {
    std::filesystem::path candidate = std::filesystem::path(std::string(dir)) / "redis-cli";
    if (std::filesystem::exists(candidate)) return candidate.string();
  }
  return "/usr/bin/redis-cli";
}

// Polling processes that have no readiness signal: the one place these tests wait on time.
void Pause() { std::this_thread::sleep_for(std::chrono::milliseconds(50)); }

}  // namespace

absl::Status RedisCluster::Start() {
  const int nodes = options_.primaries * (1 + options_.replicas_per_primary);
  for (int i = 0; i < nodes; ++i) {
    std::vector<std::string> args = {
        "--cluster-enabled",      "yes",
        "--cluster-config-file",  "nodes.conf",
        "--cluster-node-timeout", std::to_string(options_.node_timeout_ms)};
    args.insert(args.end(), options_.extra_args.begin(), options_.extra_args.end());
    auto server = std::make_unique<RedisServer>(std::move(args), /*cluster_bus=*/true);
    if (auto s = server->Start(); !s.ok()) return s;
    servers_.push_back(std::move(server));
  }
  if (auto s = CreateCluster(); !s.ok()) return s;
  if (auto s = WaitUntilHealthy(std::chrono::seconds(30)); !s.ok()) return s;
  auto primaries = Primaries();
  if (!primaries.ok()) return primaries.status();
  for (const auto& primary : *primaries) {
    if (auto s = WaitForReplicas(primary, options_.replicas_per_primary, std::chrono::seconds(30));
        !s.ok())
      return s;
  }
  return absl::OkStatus();
}

absl::Status RedisCluster::CreateCluster() {
  std::vector<std::string> argv = {RedisCliPath(), "--cluster", "create"};
  for (const auto& address : Addresses()) argv.push_back(address);
  argv.insert(argv.end(), {"--cluster-replicas", std::to_string(options_.replicas_per_primary),
                           "--cluster-yes"});
  const std::string log = servers_.front()->dir() + "/cluster-create.log";
  ChildProcess cli;
  if (auto s = cli.Start(argv, log); !s.ok()) return s;
  // Its report goes to stdout, which nobody reads; it is a few kilobytes, well inside a pipe.
  auto code = cli.Wait(std::chrono::seconds(60));
  if (!code.has_value()) return absl::DeadlineExceededError("redis-cli --cluster create hung");
  if (*code != 0)
    return absl::InternalError(
        absl::StrCat("redis-cli --cluster create exited ", *code, "; see ", log));
  return absl::OkStatus();
}

RedisConfig RedisCluster::Config() const {
  RedisConfig c;
  c.mode = RedisConfig::Mode::kCluster;
  c.seeds = Addresses();
  c.connect_timeout_ms = 500;
  c.command_timeout_ms = 1000;
  c.reconnect_backoff_min_ms = 20;
  c.reconnect_backoff_max_ms = 200;
  return c;
}

std::vector<std::string> RedisCluster::Addresses() const {
  std::vector<std::string> out;
  for (const auto& s : servers_) out.push_back(absl::StrCat("127.0.0.1:", s->port()));
  return out;
}

RedisServer* RedisCluster::ServerAt(const std::string& address) {
  for (auto& s : servers_)
    if (absl::StrCat("127.0.0.1:", s->port()) == address) return s.get();
  return nullptr;
}

absl::StatusOr<RedisReply> RedisCluster::NodeCommand(const std::string& address,
                                                     const RedisArgv& argv) const {
  RedisConfig config = Config();
  config.mode = RedisConfig::Mode::kStandalone;
  if (!SplitHostPort(address, config.host, config.port))
    return absl::InvalidArgumentError("node address is not host:port");
  HiredisClient node(config);
  auto replies = node.Pipeline({argv});
  if (!replies.ok()) return replies.status();
  return replies->front();
}

absl::StatusOr<std::string> RedisCluster::NodeId(const std::string& address) const {
  auto reply = NodeCommand(address, {"CLUSTER", "MYID"});
  if (!reply.ok()) return reply.status();
  return reply->str;
}

absl::StatusOr<std::vector<std::string>> RedisCluster::Primaries() const {
  absl::Status last = absl::UnavailableError("no node is running");
  for (const auto& s : servers_) {
    if (!s->running()) continue;
    std::string address = absl::StrCat("127.0.0.1:", s->port());
    auto reply = NodeCommand(address, {"CLUSTER", "SLOTS"});
    if (!reply.ok()) {
      last = reply.status();
      continue;
    }
    auto map = ClusterSlotMap::FromClusterSlots(*reply, "127.0.0.1");
    if (!map.ok()) return map.status();
    return map->primaries();
  }
  return last;
}

absl::StatusOr<std::string> RedisCluster::PrimaryOfSlot(int slot) const {
  for (const auto& s : servers_) {
    if (!s->running()) continue;
    auto reply = NodeCommand(absl::StrCat("127.0.0.1:", s->port()), {"CLUSTER", "SLOTS"});
    if (!reply.ok()) continue;
    auto map = ClusterSlotMap::FromClusterSlots(*reply, "127.0.0.1");
    if (!map.ok()) return map.status();
    return map->PrimaryOf(slot);
  }
  return absl::UnavailableError("no node is running");
}

void RedisCluster::Kill(const std::string& address) {
  if (RedisServer* s = ServerAt(address)) s->Kill();
}

absl::Status RedisCluster::Restart(const std::string& address) {
  RedisServer* s = ServerAt(address);
  if (s == nullptr) return absl::NotFoundError("no node at that address");
  return s->Restart();
}

absl::Status RedisCluster::WaitUntilHealthy(std::chrono::milliseconds timeout) const {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::string why = "not checked";
  while (std::chrono::steady_clock::now() < deadline) {
    bool healthy = true;
    std::optional<ClusterSlotMap> first;
    for (const auto& s : servers_) {
      if (!s->running()) continue;
      const std::string address = absl::StrCat("127.0.0.1:", s->port());
      auto info = NodeCommand(address, {"CLUSTER", "INFO"});
      if (!info.ok() || info->str.find("cluster_state:ok") == std::string::npos) {
        why = address + " is not cluster_state:ok";
        healthy = false;
        break;
      }
      auto slots = NodeCommand(address, {"CLUSTER", "SLOTS"});
      auto map = slots.ok() ? ClusterSlotMap::FromClusterSlots(*slots, "127.0.0.1")
                            : absl::StatusOr<ClusterSlotMap>(slots.status());
      if (!map.ok() || map->covered_slots() != kClusterSlots) {
        why = address + " does not see every slot served";
        healthy = false;
        break;
      }
      if (!first) {
        first = *map;
        continue;
      }
      for (int slot = 0; slot < kClusterSlots && healthy; ++slot) {
        if (first->PrimaryOf(slot) != map->PrimaryOf(slot)) {
          why = address + " disagrees about slot " + std::to_string(slot);
          healthy = false;
        }
      }
      if (!healthy) break;
    }
    if (healthy) return absl::OkStatus();
    Pause();
  }
  return absl::DeadlineExceededError("redis cluster not healthy: " + why);
}

absl::Status RedisCluster::WaitForReplicas(const std::string& address, int replicas,
                                           std::chrono::milliseconds timeout) const {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    auto info = NodeCommand(address, {"INFO", "replication"});
    if (info.ok()) {
      int online = 0;
      for (auto line : absl::StrSplit(info->str, '\n'))
        if (absl::StartsWith(line, "slave") && line.find("state=online") != std::string::npos)
          ++online;
      if (info->str.find("role:master") != std::string::npos && online >= replicas)
        return absl::OkStatus();
    }
    Pause();
  }
  return absl::DeadlineExceededError(
      absl::StrCat(address, " has fewer than ", replicas, " replicas online"));
}

absl::Status RedisCluster::BeginMigration(int slot, const std::string& to) {
  auto from = PrimaryOfSlot(slot);
  if (!from.ok()) return from.status();
  auto from_id = NodeId(*from);
  auto to_id = NodeId(to);
  if (!from_id.ok()) return from_id.status();
  if (!to_id.ok()) return to_id.status();
  const std::string s = std::to_string(slot);
  // Importing first, as redis-cli does: a client sent on by ASK must find the target ready.
  for (auto [node, argv] :
       {std::pair<std::string, RedisArgv>{to, {"CLUSTER", "SETSLOT", s, "IMPORTING", *from_id}},
        std::pair<std::string, RedisArgv>{*from, {"CLUSTER", "SETSLOT", s, "MIGRATING", *to_id}}}) {
    auto reply = NodeCommand(node, argv);
    if (!reply.ok()) return reply.status();
    if (reply->type == RedisReply::Type::kError)
      return absl::InternalError("CLUSTER SETSLOT: " + reply->str);
  }
  migrating_from_ = *from;
  return absl::OkStatus();
}

absl::Status RedisCluster::MigrateKeys(int /*slot*/, const std::string& to,
                                       const std::vector<std::string>& keys) {
  if (keys.empty()) return absl::OkStatus();
  std::string host;
  int port = 0;
  if (!SplitHostPort(to, host, port)) return absl::InvalidArgumentError("target is not host:port");
  RedisArgv argv = {"MIGRATE", host, std::to_string(port), "", "0", "5000", "KEYS"};
  argv.insert(argv.end(), keys.begin(), keys.end());
  auto reply = NodeCommand(migrating_from_, argv);
  if (!reply.ok()) return reply.status();
  if (reply->type == RedisReply::Type::kError) return absl::InternalError("MIGRATE: " + reply->str);
  return absl::OkStatus();
}

absl::Status RedisCluster::FinishMigration(int slot, const std::string& to) {
  const std::string s = std::to_string(slot);
  while (true) {
    auto keys = NodeCommand(migrating_from_, {"CLUSTER", "GETKEYSINSLOT", s, "100"});
    if (!keys.ok()) return keys.status();
    if (keys->elements.empty()) break;
    std::vector<std::string> names;
    for (const auto& k : keys->elements) names.push_back(k.str);
    if (auto st = MigrateKeys(slot, to, names); !st.ok()) return st;
  }
  auto to_id = NodeId(to);
  if (!to_id.ok()) return to_id.status();
  auto primaries = Primaries();
  if (!primaries.ok()) return primaries.status();
  // The target first, then the old owner, then everyone else (the order redis-cli uses).
  std::vector<std::string> order = {to, migrating_from_};
  for (const auto& p : *primaries)
    if (p != to && p != migrating_from_) order.push_back(p);
  for (const auto& node : order) {
    auto reply = NodeCommand(node, {"CLUSTER", "SETSLOT", s, "NODE", *to_id});
    if (!reply.ok()) return reply.status();
    if (reply->type == RedisReply::Type::kError)
      return absl::InternalError("CLUSTER SETSLOT: " + reply->str);
  }
  migrating_from_.clear();
  return WaitUntilHealthy(std::chrono::seconds(10));
}

absl::Status RedisCluster::MigrateSlot(int slot, const std::string& to) {
  if (auto s = BeginMigration(slot, to); !s.ok()) return s;
  return FinishMigration(slot, to);
}

}  // namespace cs::testing
