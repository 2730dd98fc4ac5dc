// The cost of Redis Cluster to a crowdsafe client, one process, one calling thread:
// - SET (one round trip each) and HINCRBY (pipelined batches) through the standalone
//   HiredisClient, and through RedisClusterClient with every key under one hash tag (one node)
//   and with keys spread over the three primaries;
// - the cost of WAIT 1 per write: {SET} against {SET, WAIT 1 <timeout>} in one pipeline (the
//   form a confirmed write uses), on the cluster, where every primary has one replica.
// Every server is a private redis-server started here (AOF on, appendfsync always, as in
// production and in the tests): one standalone, and a 6-node cluster (3 primaries, 3 replicas)
// made by common/testing/redis_cluster.h.
//
// Run from the repository root: build/release/bin/redis_cluster_bench [--ops 20000] [--batch 100]
//   [--no-aof]   (servers without AOF: what the client and the network cost, without fsync)
#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/redis/cluster_slot.h"
#include "common/redis/hiredis_client.h"
#include "common/redis/redis_cluster_client.h"
#include "common/redis/redis_keys.h"
#include "common/testing/redis_cluster.h"
#include "common/testing/redis_server.h"

namespace {

using Clock = std::chrono::steady_clock;

struct Figures {
  double ops_per_s = 0;
  double p50_us = 0;
  double p99_us = 0;
};

bool failed = false;

// Runs `call(i)` `calls` times; each call does `ops_per_call` operations. A failed call stops
// the run (main still returns through the destructors, which stop the servers).
Figures Measure(int calls, int ops_per_call, const std::function<bool(int)>& call) {
  std::vector<double> us;
  us.reserve(calls);
  const auto start = Clock::now();
  for (int i = 0; i < calls; ++i) {
    const auto t0 = Clock::now();
    if (failed || !call(i)) {
      std::fprintf(stderr, "call %d failed\n", i);
      failed = true;
      return Figures{};
    }
    us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
  }
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  std::sort(us.begin(), us.end());
  return Figures{calls * ops_per_call / seconds, us[us.size() / 2], us[us.size() * 99 / 100]};
}

void Print(const char* what, const char* where, const Figures& f) {
  std::printf("| %s | %s | %.0f | %.1f | %.1f |\n", what, where, f.ops_per_s, f.p50_us, f.p99_us);
}

// Keys for the run: all under one venue's hash tag, or one venue per key across all slots.
std::vector<std::string> Keys(bool one_tag, int count) {
  std::vector<std::string> keys;
  for (int i = 0; i < count; ++i)
    keys.push_back(one_tag ? cs::VenueKey("bench", absl::StrCat("k", i))
                           : cs::VenueKey(absl::StrCat("bench", i), "k"));
  return keys;
}

void RunSetAndHincrby(cs::RedisClient& client, const char* where, bool one_tag, int ops,
                      int batch) {
  const auto keys = Keys(one_tag, 1000);
  Print("SET", where,
        Measure(ops, 1, [&](int i) { return client.Set(keys[i % keys.size()], "v").ok(); }));
  Print(absl::StrCat("HINCRBY pipelined ×", batch).c_str(), where,
        Measure(std::max(1, ops / batch), batch, [&](int i) {
          std::vector<cs::RedisArgv> commands;
          commands.reserve(batch);
          for (int k = 0; k < batch; ++k)
            commands.push_back({"HINCRBY", keys[(i * batch + k) % keys.size()] + ":h", "f", "1"});
          auto replies = client.Pipeline(commands);
          return replies.ok() && replies->back().type == cs::RedisReply::Type::kInteger;
        }));
}

}  // namespace

int main(int argc, char** argv) {
  int ops = 20000;
  int batch = 100;
  int wait_timeout_ms = 1000;
  bool no_aof = false;
  CLI::App app{"Redis standalone vs cluster client, and the cost of WAIT"};
  app.add_option("--ops", ops, "operations per measurement");
  app.add_option("--batch", batch, "commands per HINCRBY pipeline");
  app.add_option("--wait-timeout-ms", wait_timeout_ms, "WAIT timeout");
  app.add_flag("--no-aof", no_aof,
               "servers without AOF: the client and network cost without the disk's fsync");
  CLI11_PARSE(app, argc, argv);

  // Later arguments win over the fixtures' "--appendonly yes --appendfsync always".
  std::vector<std::string> aof_args;
  if (no_aof) aof_args = {"--appendonly", "no"};
  cs::testing::RedisServer standalone(aof_args, /*cluster_bus=*/false);
  if (auto s = standalone.Start(); !s.ok()) {
    std::fprintf(stderr, "redis-server: %s\n", s.ToString().c_str());
    return 1;
  }
  cs::testing::RedisCluster::Options options;
  options.extra_args = aof_args;
  cs::testing::RedisCluster cluster(options);
  if (auto s = cluster.Start(); !s.ok()) {
    std::fprintf(stderr, "cluster: %s\n", s.ToString().c_str());
    return 1;
  }

  std::printf("| operation | client | ops/s | p50 µs | p99 µs |\n|---|---|---|---|---|\n");
  cs::HiredisClient single(standalone.Config());
  RunSetAndHincrby(single, "standalone", true, ops, batch);
  // The same primary through a plain HiredisClient: what the cluster's servers cost (replication
  // to a replica on the same cores), so the row below shows what the routing itself adds.
  cs::RedisConfig direct_config = cluster.Config();
  direct_config.mode = cs::RedisConfig::Mode::kStandalone;
  const std::string owner = *cluster.PrimaryOfSlot(cs::KeySlot(cs::VenueKey("bench", "k0")));
  cs::SplitHostPort(owner, direct_config.host, direct_config.port);
  cs::HiredisClient direct(direct_config);
  RunSetAndHincrby(direct, "HiredisClient straight to that cluster primary", true, ops, batch);
  cs::RedisClusterClient on_one(cluster.Config());
  RunSetAndHincrby(on_one, "cluster, one hash tag (1 node)", true, ops, batch);
  cs::RedisClusterClient spread(cluster.Config());
  RunSetAndHincrby(spread, "cluster, keys over 3 primaries", false, ops, batch);

  const auto keys = Keys(false, 1000);
  const std::string timeout = absl::StrCat(wait_timeout_ms);
  int short_of_replicas = 0;
  const int wait_ops = std::max(1, ops / 4);
  Print("SET", "cluster, no WAIT", Measure(wait_ops, 1, [&](int i) {
          return spread.Pipeline({{"SET", keys[i % keys.size()], "v"}}).ok();
        }));
  Print("SET + WAIT 1", "cluster, WAIT in the same pipeline", Measure(wait_ops, 1, [&](int i) {
          auto replies =
              spread.Pipeline({{"SET", keys[i % keys.size()], "v"}, {"WAIT", "1", timeout}});
          if (replies.ok() && replies->back().integer < 1) ++short_of_replicas;
          return replies.ok();
        }));
  std::printf("\nwrites whose WAIT returned 0 replicas (timeout %d ms): %d of %d\n",
              wait_timeout_ms, short_of_replicas, wait_ops);
  return failed ? 1 : 0;
}
