// Gate ingest on Redis Cluster with 1 shard and with 3, as a ratio in one run.
//
// One private cluster of 3 primaries (common/testing/redis_cluster.h; --replicas replicas each,
// AOF with appendfsync always unless --no-aof). Several venues ingest at once, each through the
// real path: Ingestor -> RedisCrowdStore (ReadSeq, then the commit script, confirmed when
// --wait-replicas asks) over RedisClusterClient, one client per writer thread, each writer its
// own gate so that writers never contend for a tracker. Two placements of the same venues'
// hash tags:
//   1 shard:  every venue's tag on the same primary (venue ids chosen so), the other two idle;
//   3 shards: the venues spread evenly over the three primaries.
// The same cluster, the same processes, the same number of writers: only where the venues'
// slots live changes. Rounds alternate (1, 3, 1, 3, ...) so both see the same moment of a
// shared machine; each round uses fresh venue ids. After each round every venue's occupancy is
// read back and must equal the events acknowledged (exit code 1 otherwise).
//
// Run from the repository root: nice -n 5 build/release/bin/crowd_cluster_ingest_bench
//   [--venues 6] [--writers-per-venue 1] [--batch 100] [--seconds 4] [--rounds 2]
//   [--replicas 1] [--wait-replicas 0] [--no-aof]
#include <CLI/CLI.hpp>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/redis/cluster_slot.h"
#include "common/redis/redis_cluster_client.h"
#include "common/redis/redis_factory.h"
#include "common/redis/redis_keys.h"
#include "common/testing/redis_cluster.h"
#include "services/crowd/core/ingestor.h"
#include "services/crowd/redis_crowd_store.h"

namespace {

using Steady = std::chrono::steady_clock;
constexpr char kZone[] = "plaza";

cs::Venue BenchVenue(const std::string& id, int gates) {
  cs::Venue v;
  v.id = id;
  v.max_capacity = 1'000'000'000;
  v.zones = {{kZone, "广场", "Plaza", 1'000'000'000, 1'000'000, 0, 0}};
  for (int g = 0; g < gates; ++g)
    v.gates.push_back({absl::StrCat("g", g), cs::kOutside, kZone, 4, 4, false, true});
  return v;
}

// One gate of one venue, sending batches as fast as they are acknowledged.
struct Writer {
  Writer(const cs::RedisConfig& config, const cs::Venue& venue, std::string gate)
      : redis(cs::MakeRedisClient(config)),
        store(*redis),
        ingest(venue, &store, &clock),
        gate_id(std::move(gate)) {}
  void Run(int batch, Steady::time_point until) {
    while (Steady::now() < until) {
      std::vector<cs::crowd::GateEvent> events;
      events.reserve(batch);
      for (int e = 0; e < batch; ++e)
        events.push_back({gate_id, cs::crowd::Direction::kIn, 1, ++seq, clock.Now()});
      auto ack = ingest.Ingest(events);
      if (!ack.ok()) {
        if (failures++ == 0) std::fprintf(stderr, "batch refused: %s\n", ack.status().ToString().c_str());
        seq -= batch;  // resent with the same sequence numbers
        continue;
      }
      accepted += ack->accepted;
    }
  }
  std::unique_ptr<cs::RedisClient> redis;
  cs::crowd::RedisCrowdStore store;
  cs::ManualClock clock{cs::FromMillis(1'771'300'800'000)};
  cs::crowd::Ingestor ingest;
  std::string gate_id;
  int64_t seq = 0;
  int64_t accepted = 0;
  int64_t failures = 0;
};

// Venue ids for one round: `count` of them, all on `primaries.front()` (one shard) or evenly
// over every primary (three), found by trying names until each wanted primary has its share.
std::vector<std::string> PlaceVenues(cs::RedisClusterClient& client,
                                     const std::vector<std::string>& primaries, int count,
                                     bool spread, const std::string& prefix) {
  std::map<std::string, int> wanted;
  for (int i = 0; i < count; ++i) ++wanted[spread ? primaries[i % primaries.size()] : primaries[0]];
  std::vector<std::string> out;
  for (int n = 0; static_cast<int>(out.size()) < count; ++n) {
    std::string id = absl::StrCat(prefix, "-v", n);
    const std::string owner = client.PrimaryOf(cs::KeySlot(cs::VenueKey(id, "seq")));
    auto it = wanted.find(owner);
    if (it == wanted.end() || it->second == 0) continue;
    --it->second;
    out.push_back(std::move(id));
  }
  return out;
}

struct RoundResult {
  double events_per_s = 0;
  bool exact = true;
  int64_t failures = 0;
};

RoundResult RunRound(const cs::RedisConfig& config, const std::vector<std::string>& venue_ids,
                     int writers_per_venue, int batch, double seconds) {
  std::vector<cs::Venue> venues;
  for (const auto& id : venue_ids) venues.push_back(BenchVenue(id, writers_per_venue));
  std::vector<std::unique_ptr<Writer>> writers;
  for (const auto& v : venues)
    for (int g = 0; g < writers_per_venue; ++g)
      writers.push_back(std::make_unique<Writer>(config, v, absl::StrCat("g", g)));
  const auto start = Steady::now();
  const auto until = start + std::chrono::duration_cast<Steady::duration>(
                                 std::chrono::duration<double>(seconds));
  std::vector<std::thread> threads;
  for (auto& w : writers) threads.emplace_back([&w, batch, until] { w->Run(batch, until); });
  for (auto& t : threads) t.join();
  const double elapsed = std::chrono::duration<double>(Steady::now() - start).count();
  RoundResult r;
  int64_t total = 0;
  std::map<std::string, int64_t> per_venue;
  for (size_t i = 0; i < writers.size(); ++i) {
    total += writers[i]->accepted;
    r.failures += writers[i]->failures;
    per_venue[venues[i / writers_per_venue].id] += writers[i]->accepted;
  }
  r.events_per_s = total / elapsed;
  auto reader = cs::MakeRedisClient(config);
  cs::crowd::RedisCrowdStore store(*reader);
  for (const auto& [id, expected] : per_venue) {
    auto occ = store.ReadOccupancy(id);
    if (!occ.ok() || (*occ)[kZone] != expected) {
      std::fprintf(stderr, "venue %s: occupancy %lld, acknowledged %lld\n", id.c_str(),
                   occ.ok() ? static_cast<long long>((*occ)[kZone]) : -1LL,
                   static_cast<long long>(expected));
      r.exact = false;
    }
  }
  return r;
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  int venues = 6;
  int writers_per_venue = 1;
  int batch = 100;
  double seconds = 4;
  int rounds = 2;
  int replicas = 1;
  int wait_replicas = 0;
  bool no_aof = false;
  CLI::App app{"Gate ingest on Redis Cluster: venues on 1 shard vs spread over 3"};
  app.add_option("--venues", venues, "venues ingesting at once");
  app.add_option("--writers-per-venue", writers_per_venue, "gates (threads) per venue");
  app.add_option("--batch", batch, "events per batch");
  app.add_option("--seconds", seconds, "length of one round");
  app.add_option("--rounds", rounds, "rounds of each placement, alternating");
  app.add_option("--replicas", replicas, "replicas per primary");
  app.add_option("--wait-replicas", wait_replicas, "redis.wait_replicas of the writers");
  app.add_flag("--no-aof", no_aof, "servers without AOF");
  CLI11_PARSE(app, argc, argv);
  if (wait_replicas > replicas) {
    std::fprintf(stderr, "--wait-replicas cannot exceed --replicas\n");
    return 2;
  }

  cs::testing::RedisCluster::Options options;
  options.replicas_per_primary = replicas;
  if (no_aof) options.extra_args = {"--appendonly", "no"};
  cs::testing::RedisCluster cluster(options);
  if (auto s = cluster.Start(); !s.ok()) {
    std::fprintf(stderr, "cluster: %s\n", s.ToString().c_str());
    return 1;
  }
  cs::RedisConfig config = cluster.Config();
  config.wait_replicas = wait_replicas;
  config.wait_timeout_ms = 1000;
  cs::RedisClusterClient mapper(cluster.Config());
  auto primaries = cluster.Primaries();
  if (!mapper.Connect().ok() || !primaries.ok() || primaries->size() != 3) {
    std::fprintf(stderr, "cluster has no map or not 3 primaries\n");
    return 1;
  }

  std::printf("%d venues × %d writer(s), batches of %d, %.1f s per round, 3 primaries × %d "
              "replica(s), %s, wait_replicas %d\n\n",
              venues, writers_per_venue, batch, seconds, replicas,
              no_aof ? "no AOF" : "AOF appendfsync always", wait_replicas);
  std::printf("| round | placement | events/s | per busy shard | refused |\n|---|---|---|---|---|\n");
  std::vector<double> one, three;
  bool exact = true;
  for (int r = 0; r < rounds; ++r) {
    for (bool spread : {false, true}) {
      auto ids = PlaceVenues(mapper, *primaries, venues, spread, absl::StrCat("r", r, spread ? "s" : "c"));
      RoundResult res = RunRound(config, ids, writers_per_venue, batch, seconds);
      exact = exact && res.exact;
      (spread ? three : one).push_back(res.events_per_s);
      std::printf("| %d | %s | %.0f | %.0f | %lld |\n", r + 1,
                  spread ? "3 shards (spread)" : "1 shard (all on one primary)", res.events_per_s,
                  res.events_per_s / (spread ? 3 : 1), static_cast<long long>(res.failures));
      std::fflush(stdout);
    }
  }
  const double m1 = Median(one), m3 = Median(three);
  std::printf("\nmedian events/s: 1 shard %.0f, 3 shards %.0f; ratio 3/1 = %.2f; per shard: %.0f "
              "vs %.0f\n",
              m1, m3, m1 > 0 ? m3 / m1 : 0, m1, m3 / 3);
  std::printf("occupancy read back equals events acknowledged in every venue: %s\n",
              exact ? "yes" : "NO");
  return exact ? 0 : 1;
}
