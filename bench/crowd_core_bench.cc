// Crowd core benchmarks, in memory (no gRPC, no Redis): how much of the ingest budget the plain
// core spends, and what an alert evaluation costs.
//
//   BM_PlanBatch/N       PlanBatch alone (validate + sequence + buckets), batch of N events
//   BM_IngestInMemory/N  Ingestor + InMemoryCrowdStore (read trackers, plan, atomic commit)
//   BM_AlertEvaluate/K   one AlertEngine::Evaluate under every threshold, K alerts already open
//   BM_AlertCrossing/K   an observation that raises or clears an alert on every call, K open
//   BM_AlertTickIdle/K   AlertEngine::Tick with K open alerts, none of them due
//   BM_AlertEscalateAll/K one Tick in which all K open alerts come due and escalate
#include <benchmark/benchmark.h>

#include <algorithm>
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

// K/2 regions held above the critical density, so K alerts are open (warning + critical each).
void OpenDensityAlerts(AlertEngine& engine, int open, TimePoint now) {
  for (int i = 0; i < open / 2; ++i) {
    Observation o{"ocean", "penguin", "r" + std::to_string(i), "", Metric::kDensity, 6.0};
    (void)engine.Evaluate(o, now);
  }
}

AlertConfig ImmediateConfig() {
  AlertConfig config;
  config.persist = Duration::zero();
  config.cooldown = Duration::zero();
  return config;
}

// The path that does work: each call moves one region across the critical line and back, so
// every Evaluate raises or clears an alert and appends to the log.
void BM_AlertCrossing(benchmark::State& state) {
  ManualClock clock(testing::FestivalMorning());
  AlertLog log;
  AlertEngine engine(DefaultRules(), ImmediateConfig(), &log);
  OpenDensityAlerts(engine, static_cast<int>(state.range(0)), clock.Now());
  Observation obs{"ocean", "whale", "crossing", "", Metric::kDensity, 0};
  int i = 0;
  size_t events = 0;
  for (auto _ : state) {
    obs.value = (i++ % 2 == 0) ? 6.0 : 0.5;  // over the critical line, then well under it
    clock.Advance(std::chrono::seconds(1));
    auto out = engine.Evaluate(obs, clock.Now());
    if (!out.ok() || out->empty()) state.SkipWithError("crossing emitted nothing");
    events += out.ok() ? out->size() : 0;
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["events_per_call"] =
      benchmark::Counter(static_cast<double>(events) / std::max<int64_t>(1, state.iterations()));
}
BENCHMARK(BM_AlertCrossing)->Arg(0)->Arg(100)->Arg(1000);

// Tick with K open alerts and none due: the cost the 1 s loop pays on a quiet second.
void BM_AlertTickIdle(benchmark::State& state) {
  ManualClock clock(testing::FestivalMorning());
  AlertLog log;
  AlertConfig config = ImmediateConfig();
  config.escalate_after = std::chrono::hours(1000);
  AlertEngine engine(DefaultRules(), config, &log);
  OpenDensityAlerts(engine, static_cast<int>(state.range(0)), clock.Now());
  if (engine.OpenAlerts().size() != static_cast<size_t>(state.range(0)))
    state.SkipWithError("the open alerts were not raised");
  for (auto _ : state) {
    clock.Advance(std::chrono::seconds(1));
    auto out = engine.Tick(clock.Now());
    benchmark::DoNotOptimize(out);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_AlertTickIdle)->Arg(0)->Arg(100)->Arg(1000);

// One Tick in which every one of K open alerts is due: the cost per escalated alert.
void BM_AlertEscalateAll(benchmark::State& state) {
  const int open = static_cast<int>(state.range(0));
  size_t escalated = 0;
  for (auto _ : state) {
    state.PauseTiming();
    ManualClock clock(testing::FestivalMorning());
    AlertLog log;
    AlertEngine engine(DefaultRules(), ImmediateConfig(), &log);
    OpenDensityAlerts(engine, open, clock.Now());
    clock.Advance(AlertConfig{}.escalate_after + std::chrono::seconds(1));
    state.ResumeTiming();
    auto out = engine.Tick(clock.Now());
    escalated += out.size();
  }
  if (escalated < static_cast<size_t>(open) * state.iterations())
    state.SkipWithError("not every alert escalated");
  state.SetItemsProcessed(static_cast<int64_t>(escalated));
}
BENCHMARK(BM_AlertEscalateAll)->Arg(100)->Arg(1000);

}  // namespace
}  // namespace cs::crowd

BENCHMARK_MAIN();
