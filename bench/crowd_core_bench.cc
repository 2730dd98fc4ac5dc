// Crowd core benchmarks, in memory (no gRPC, no Redis): how much of the ingest budget the plain
// core spends, and what an alert evaluation costs.
//
//   BM_PlanBatch/N       PlanBatch alone (validate + sequence + buckets), batch of N events
//   BM_IngestInMemory/N  Ingestor + InMemoryCrowdStore (read trackers, plan, atomic commit)
//   BM_AlertEvaluate/K   one AlertEngine::Evaluate with K alerts already open
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "services/crowd/core/alert_engine.h"
#include "services/crowd/core/crowd_store.h"
#include "services/crowd/core/ingest.h"
#include "services/crowd/core/ingestor.h"
#include "services/crowd/core/test_venue.h"

namespace cs::crowd {
namespace {

// The small test venue plus a main gate of 24 turnstiles, as at the ocean park's plaza.
Venue BenchVenue() {
  Venue v = testing::SmallVenue();
  for (int i = 1; i <= 24; ++i) {
    v.gates.push_back({"main-t" + std::to_string(i), kOutside, "plaza", 1.0, 1, false, false});
  }
  return v;
}

// Fills `batch` with the next N events, round-robin over the turnstiles, seqs continuing.
void NextBatch(std::vector<GateEvent>& batch, std::vector<int64_t>& next_seq, TimePoint t) {
  for (size_t i = 0; i < batch.size(); ++i) {
    size_t g = i % next_seq.size();
    batch[i] = {"main-t" + std::to_string(g + 1), Direction::kIn, 1, next_seq[g]++, t};
  }
}

void BM_PlanBatch(benchmark::State& state) {
  Venue venue = BenchVenue();
  const TimePoint now = testing::FestivalMorning();
  std::vector<GateEvent> batch(state.range(0));
  std::vector<int64_t> next_seq(24, 1);
  SeqState seq;
  for (auto _ : state) {
    state.PauseTiming();
    NextBatch(batch, next_seq, now);
    state.ResumeTiming();
    auto plan = PlanBatch(venue, seq, batch, now);
    if (!plan.ok()) state.SkipWithError("plan failed");
    for (auto& [gate, t] : plan->new_state) seq[gate] = std::move(t);
    benchmark::DoNotOptimize(plan);
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_PlanBatch)->Arg(1)->Arg(10)->Arg(100)->Arg(1000);

void BM_IngestInMemory(benchmark::State& state) {
  Venue venue = BenchVenue();
  ManualClock clock(testing::FestivalMorning());
  InMemoryCrowdStore store;
  Ingestor ingestor(venue, &store, &clock);
  std::vector<GateEvent> batch(state.range(0));
  std::vector<int64_t> next_seq(24, 1);
  for (auto _ : state) {
    state.PauseTiming();
    NextBatch(batch, next_seq, clock.Now());
    state.ResumeTiming();
    auto ack = ingestor.Ingest(batch);
    if (!ack.ok() || ack->accepted != state.range(0)) state.SkipWithError("ingest failed");
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_IngestInMemory)->Arg(1)->Arg(10)->Arg(100)->Arg(1000);

void BM_AlertEvaluate(benchmark::State& state) {
  ManualClock clock(testing::FestivalMorning());
  AlertLog log;
  AlertConfig config;
  config.persist = Duration::zero();  // raise the background alerts at once
  AlertEngine engine(DefaultRules(), config, &log);
  // K regions held above the critical density: K x 2 open alerts (warn + critical).
  const int open = static_cast<int>(state.range(0));
  for (int i = 0; i < open / 2; ++i) {
    Observation o{"ocean", "penguin", "r" + std::to_string(i), "", Metric::kDensity, 6.0};
    (void)engine.Evaluate(o, clock.Now());
  }
  // The measured observation: a zone capacity percentage wandering under the first tier.
  Observation obs{"ocean", "whale", "", "", Metric::kCapacityPercent, 0};
  int i = 0;
  for (auto _ : state) {
    obs.value = 40 + (i++ % 30);
    auto events = engine.Evaluate(obs, clock.Now());
    benchmark::DoNotOptimize(events);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_AlertEvaluate)->Arg(0)->Arg(100)->Arg(1000);

}  // namespace
}  // namespace cs::crowd

BENCHMARK_MAIN();
