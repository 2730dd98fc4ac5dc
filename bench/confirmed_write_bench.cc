// The cost of redis.wait_replicas to the stores' acknowledging writes, one calling thread, on a
// private primary and replica (common/testing/redis_replica_pair.h; Debian's redis-server, AOF
// on with appendfsync always as in production, or --no-aof):
// - a gate batch of 10 events through the crowd Ingestor and RedisCrowdStore (ReadSeq, then the
//   commit script, confirmed);
// - a case filed through RedisCaseStore::Put (the venue index ZADDs and the case script, each
//   confirmed: three WAITs when the replica setting is on);
// each with wait_replicas 0 (no WAIT, the standalone default) and 1 (WAIT after every
// acknowledging write, wait_timeout_ms 1000), one call of each in turn so that both see the same
// load. A write whose WAIT came back short counts as "not confirmed" and is reported, not
// retried.
//
// Run from the repository root: build/release/bin/confirmed_write_bench [--ops 2000] [--no-aof]
#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/redis/redis_pool.h"
#include "common/testing/redis_replica_pair.h"
#include "services/cases/redis_case_store.h"
#include "services/crowd/core/ingestor.h"
#include "services/crowd/redis_crowd_store.h"

namespace {

using Steady = std::chrono::steady_clock;

struct Figures {
  double p50_us = 0;
  double p99_us = 0;
  int failed = 0;
};

// Times `calls` calls of `without` (wait_replicas 0) and `with` (wait_replicas 1), alternating
// one of each, so both see the same moment of a shared machine's load.
struct Pair {
  Figures without, with;
};

Figures Summarise(std::vector<double> us, int failed) {
  std::sort(us.begin(), us.end());
  return Figures{us[us.size() / 2], us[us.size() * 99 / 100], failed};
}

Pair MeasurePair(int calls, const std::function<absl::Status(int)>& without,
                 const std::function<absl::Status(int)>& with) {
  std::vector<double> us[2];
  int failed[2] = {0, 0};
  for (int i = 0; i < calls; ++i) {
    for (int k = 0; k < 2; ++k) {
      const auto t0 = Steady::now();
      absl::Status s = k == 0 ? without(i) : with(i);
      us[k].push_back(std::chrono::duration<double, std::micro>(Steady::now() - t0).count());
      if (!s.ok()) {
        if (failed[k]++ == 0) std::fprintf(stderr, "first failure: %s\n", s.ToString().c_str());
      }
    }
  }
  return Pair{Summarise(us[0], failed[0]), Summarise(us[1], failed[1])};
}

void Print(const char* what, const Pair& p) {
  std::printf("| %s | %.1f | %.1f | %.1f | %.1f | %d |\n", what, p.without.p50_us,
              p.with.p50_us, p.without.p99_us, p.with.p99_us, p.with.failed + p.without.failed);
  std::fflush(stdout);
}

cs::Venue BenchVenue(const std::string& id) {
  cs::Venue v;
  v.id = id;
  v.max_capacity = 1'000'000;
  v.zones = {{"plaza", "广场", "Plaza", 500'000, 1'000'000, 0, 0}};
  v.gates = {{"main", cs::kOutside, "plaza", 4, 4, false, true}};
  return v;
}

// A gate sending batches of 10 events, new sequence numbers every time, into its own venue.
class GateFeed {
 public:
  GateFeed(cs::RedisClient& redis, const std::string& venue_id)
      : store_(redis), venue_(BenchVenue(venue_id)), ingest_(venue_, &store_, &clock_) {}
  absl::Status Next() {
    std::vector<cs::crowd::GateEvent> batch;
    for (int e = 0; e < 10; ++e)
      batch.push_back({"main", cs::crowd::Direction::kIn, 1, ++seq_, clock_.Now()});
    return ingest_.Ingest(batch).status();
  }

 private:
  cs::crowd::RedisCrowdStore store_;
  cs::ManualClock clock_{cs::FromMillis(1'771'300'800'000)};
  cs::Venue venue_;
  cs::crowd::Ingestor ingest_;
  int64_t seq_ = 0;
};

// Files new cases (state OPEN: the case script plus the :cases and :active index ZADDs).
absl::Status FileCase(cs::cases::RedisCaseStore& store, const std::string& prefix, int i) {
  cs::cases::Case c;
  c.id = absl::StrCat(prefix, "-", i);
  c.state = cs::cases::CaseState::kOpen;
  c.filed_at = cs::FromMillis(1'771'300'100'000 + i);
  return store.Put(c, 0).status();
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Cost of WAIT (redis.wait_replicas) per acknowledging store write"};
  int ops = 2000;
  bool no_aof = false;
  app.add_option("--ops", ops, "writes per row");
  app.add_flag("--no-aof", no_aof, "servers without AOF");
  CLI11_PARSE(app, argc, argv);
  ops = std::max(ops, 100);

  cs::testing::RedisReplicaPair pair(no_aof ? std::vector<std::string>{"--appendonly", "no"}
                                            : std::vector<std::string>{});
  if (auto s = pair.Start(); !s.ok()) {
    std::fprintf(stderr, "could not start the primary and replica: %s\n", s.ToString().c_str());
    return 1;
  }
  std::printf("primary + replica (redis-server, %s), %d writes per row\n\n",
              no_aof ? "no AOF" : "AOF appendfsync always", ops);
  std::printf("| write | p50 µs, no WAIT | p50 µs, WAIT 1 | p99 µs, no WAIT | p99 µs, WAIT 1 |"
              " not confirmed / failed |\n");
  std::printf("|---|---|---|---|---|---|\n");
  cs::RedisConfig config = pair.Confirming(1000);
  config.wait_replicas = 0;
  cs::RedisPool without(config, 2);
  cs::RedisPool with(pair.Confirming(1000), 2);
  GateFeed gate0(without, "bench-gates-0"), gate1(with, "bench-gates-1");
  Print("gate batch, 10 events", MeasurePair(
                                     ops, [&](int) { return gate0.Next(); },
                                     [&](int) { return gate1.Next(); }));
  cs::cases::RedisCaseStore cases0(without, "bench0"), cases1(with, "bench1");
  Print("case filed (Put, 3 confirmed writes)",
        MeasurePair(
            ops, [&](int i) { return FileCase(cases0, "case-a", i); },
            [&](int i) { return FileCase(cases1, "case-b", i); }));
  return 0;
}
