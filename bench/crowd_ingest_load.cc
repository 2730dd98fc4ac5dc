// Ingest throughput of crowd-service end to end (gRPC stream → core → Redis Lua → ack), with the
// totals checked exact, at batch sizes 1, 10, 100, 1000 over 1 and 4 streams; occupancy-read
// latency while ingesting; and, in the same run, redis-benchmark's pipelined HINCRBY (-P 16) on
// the same Redis as the baseline. Starts its own redis-server and crowd-service.
//
//   build/release/bench/crowd_ingest_load [--seconds 3]
#include <grpcpp/grpcpp.h>
#include <signal.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <atomic>
#include <cstdio>
#include <thread>

#include "common/testing/child_process.h"
#include "common/testing/redis_server.h"
#include "common/grpc/time_convert.h"
#include "crowdsafe/v1/crowd.grpc.pb.h"

namespace v1 = crowdsafe::v1;
using namespace std::chrono_literals;

namespace {

constexpr int kGatesTotal = 48;  // main-t01..24 and north-t01..24

std::string Gate(int i) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%s-t%02d", i < 24 ? "main" : "north", i % 24 + 1);
  return buf;
}

google::protobuf::Timestamp Now() { return cs::ProtoNow(); }

struct StreamResult {
  int64_t events = 0;
  bool ok = true;
};

// One controller owns a disjoint set of gates, so streams never contend for a tracker.
StreamResult RunStream(v1::CrowdService::Stub& stub, std::vector<int> gates, int batch_size,
                       std::chrono::steady_clock::time_point until, std::vector<uint64_t>& seqs) {
  StreamResult r;
  grpc::ClientContext ctx;
  auto stream = stub.IngestGateEvents(&ctx);
  size_t next_gate = 0;
  while (std::chrono::steady_clock::now() < until) {
    v1::GateEventBatch batch;
    batch.set_venue_id("ocean");
    auto now = Now();
    for (int i = 0; i < batch_size; ++i) {
      int g = gates[next_gate++ % gates.size()];
      auto* e = batch.add_events();
      e->set_gate_id(Gate(g));
      e->set_direction(v1::DIRECTION_IN);
      e->set_count(1);
      e->set_seq(++seqs[g]);
      *e->mutable_event_time() = now;
    }
    v1::GateEventAck ack;
    if (!stream->Write(batch) || !stream->Read(&ack) || ack.accepted() != batch_size) {
      r.ok = false;
      break;
    }
    r.events += batch_size;
  }
  stream->WritesDone();
  if (!stream->Finish().ok()) r.ok = false;
  return r;
}

int64_t ReadOccupancy(v1::CrowdService::Stub& stub, double* latency_ms = nullptr) {
  grpc::ClientContext ctx;
  v1::GetOccupancyRequest req;
  req.set_venue_id("ocean");
  v1::VenueOccupancy occ;
  auto t0 = std::chrono::steady_clock::now();
  auto s = stub.GetOccupancy(&ctx, req, &occ);
  if (latency_ms) *latency_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  return s.ok() ? occ.occupancy() : -1;
}

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(p * (v.size() - 1) + 0.5))];
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"crowd-service ingest load"};
  double seconds = 3;
  app.add_option("--seconds", seconds, "seconds per configuration");
  CLI11_PARSE(app, argc, argv);

  cs::testing::RedisServer redis;
  if (auto s = redis.Start(); !s.ok()) {
    std::fprintf(stderr, "redis: %s\n", std::string(s.message()).c_str());
    return 1;
  }
  // Alerts with no persistence or cooldown: every report that crosses a threshold changes an
  // alert at once, so the density → alert latency measured below is the pipeline's own.
  std::string config = redis.dir() + "/crowd.yaml";
  {
    FILE* f = std::fopen(config.c_str(), "w");
    std::fprintf(f,
                 "service: crowd\nserver:\n  listen: 127.0.0.1:0\nredis:\n  port: %d\n"
                 "venue_file: %s\ncrowd:\n  alerts: {persist_s: 0, cooldown_s: 0}\n",
                 redis.port(), cs::testing::SourcePath("config/venues/ocean.yaml").c_str());
    std::fclose(f);
  }
  cs::testing::ChildProcess service;
  (void)service.Start({cs::testing::BinaryPath("crowd-service"), "--config", config},
                      redis.dir() + "/crowd.log");
  auto port = service.WaitForListening(15s);
  if (!port.ok()) {
    std::fprintf(stderr, "crowd-service did not start\n");
    return 1;
  }
  auto channel = grpc::CreateChannel("127.0.0.1:" + std::to_string(*port), grpc::InsecureChannelCredentials());
  auto stub = v1::CrowdService::NewStub(channel);

  std::printf("| streams | batch | events/s | exact total |\n|---|---|---|---|\n");
  std::vector<uint64_t> seqs(kGatesTotal, 0);
  int64_t expected = 0;
  double best = 0;
  for (int streams : {1, 4}) {
    for (int batch : {1, 10, 100, 1000}) {
      auto until = std::chrono::steady_clock::now() + std::chrono::duration_cast<std::chrono::steady_clock::duration>(std::chrono::duration<double>(seconds));
      std::vector<std::thread> threads;
      std::vector<StreamResult> results(streams);
      std::vector<std::vector<uint64_t>> local(streams, seqs);
      auto t0 = std::chrono::steady_clock::now();
      for (int s = 0; s < streams; ++s) {
        std::vector<int> gates;
        for (int g = s; g < kGatesTotal; g += streams) gates.push_back(g);
        threads.emplace_back([&, s, gates] { results[s] = RunStream(*stub, gates, batch, until, local[s]); });
      }
      for (auto& t : threads) t.join();
      double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      int64_t events = 0;
      bool ok = true;
      for (int s = 0; s < streams; ++s) {
        events += results[s].events;
        ok &= results[s].ok;
        for (int g = s; g < kGatesTotal; g += streams) seqs[g] = local[s][g];
      }
      expected += events;
      int64_t stored = ReadOccupancy(*stub);
      bool exact = ok && stored == expected;
      double rate = events / elapsed;
      best = std::max(best, rate);
      std::printf("| %d | %d | %.0f | %s (%lld stored) |\n", streams, batch, rate,
                  exact ? "yes" : "NO", static_cast<long long>(stored));
      std::fflush(stdout);
    }
  }

  // Occupancy reads while 4 streams ingest batches of 100.
  {
    auto until = std::chrono::steady_clock::now() + std::chrono::duration_cast<std::chrono::steady_clock::duration>(std::chrono::duration<double>(seconds));
    std::atomic<bool> done{false};
    std::vector<std::thread> threads;
    std::vector<std::vector<uint64_t>> local(4, seqs);
    std::vector<StreamResult> results(4);
    for (int s = 0; s < 4; ++s) {
      std::vector<int> gates;
      for (int g = s; g < kGatesTotal; g += 4) gates.push_back(g);
      threads.emplace_back([&, s, gates] { results[s] = RunStream(*stub, gates, 100, until, local[s]); });
    }
    std::vector<double> latencies;
    while (std::chrono::steady_clock::now() < until) {
      double ms = 0;
      ReadOccupancy(*stub, &ms);
      latencies.push_back(ms);
    }
    for (auto& t : threads) t.join();
    done = true;
    std::printf("\noccupancy read while ingesting (4 streams × batch 100): %zu reads, p50 %.3f ms, p99 %.3f ms\n",
                latencies.size(), Percentile(latencies, 0.5), Percentile(latencies, 0.99));
  }

  // Density report → alert event on WatchAlerts: alternate a crowded and an empty queue so
  // that each report raises or clears the density alerts; time each until its event arrives.
  {
    grpc::ClientContext watch_ctx;
    v1::WatchAlertsRequest wreq;
    wreq.set_venue_id("ocean");
    wreq.add_zone_ids("penguin");
    auto reader = stub->WatchAlerts(&watch_ctx, wreq);
    std::vector<double> latencies;
    const int kSamples = 200;
    std::this_thread::sleep_for(200ms);  // the watcher attaches "from now"
    for (int i = 0; i < kSamples; ++i) {
      v1::DensityReport r;
      r.set_venue_id("ocean");
      r.set_camera_id("cam-penguin-1");
      *r.mutable_captured_at() = Now();
      auto* q = r.add_regions();
      q->set_region_id("cam-penguin-1/entrance-queue");
      q->set_count(i % 2 == 0 ? 1080 : 18);  // 6.0 and 0.1 persons/m²
      auto t0 = std::chrono::steady_clock::now();
      grpc::ClientContext ctx;
      v1::DensityReportAck ack;
      if (!stub->ReportDensity(&ctx, r, &ack).ok()) break;
      // Warning and critical change together: two events per report.
      v1::AlertEvent e;
      if (!reader->Read(&e) || !reader->Read(&e)) break;
      latencies.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    }
    watch_ctx.TryCancel();
    std::printf("\ndensity report → alert on WatchAlerts: %zu samples, p50 %.1f ms, p99 %.1f ms, max %.1f ms\n",
                latencies.size(), Percentile(latencies, 0.5), Percentile(latencies, 0.99),
                latencies.empty() ? 0.0 : *std::max_element(latencies.begin(), latencies.end()));
  }

  // Baseline on the same Redis: pipelined HINCRBY, 16 per round trip.
  std::string cmd = "redis-benchmark -h 127.0.0.1 -p " + std::to_string(redis.port()) +
                    " -n 1000000 -P 16 -q HINCRBY cs:bench f 1 2>/dev/null | tr '\\r' '\\n' | grep -o '[0-9.]* requests per second' | tail -1";
  FILE* pipe = popen(cmd.c_str(), "r");
  char line[256] = {0};
  double baseline = 0;
  if (pipe && fgets(line, sizeof line, pipe)) baseline = std::atof(line);
  if (pipe) pclose(pipe);
  std::printf("\nbaseline redis-benchmark HINCRBY -P 16: %.0f ops/s; best ingest %.0f events/s; ratio %.2f\n",
              baseline, best, baseline > 0 ? best / baseline : 0);
  service.Signal(SIGTERM);
  service.Wait(10s);
  return 0;
}
