// crowd-service as two replicas on one Redis (issue 16): how long the venue's alert lease takes
// to reach the survivor after a kill -9 of its holder, and the density report → alert latency
// when the report reaches the replica that does not hold the lease (the holder reads it from
// the density log on its next round, every 100 ms) and when it reaches the holder (evaluated in the
// call). Starts its own redis-server and crowd-service processes.
//
//   build/release/bin/crowd_replicas_load [--kills 5] [--samples 100]
#include <grpcpp/grpcpp.h>
#include <signal.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <thread>

#include "common/grpc/time_convert.h"
#include "common/redis/hiredis_client.h"
#include "common/testing/child_process.h"
#include "common/testing/redis_server.h"
#include "crowdsafe/v1/crowd.grpc.pb.h"

namespace v1 = crowdsafe::v1;
using namespace std::chrono_literals;

namespace {

const char* kLeaseKey = "cs:{venue:ocean}:lease:alerts";

struct Replica {
  std::unique_ptr<cs::testing::ChildProcess> process;
  std::unique_ptr<v1::CrowdService::Stub> stub;
};

bool Start(Replica& r, const std::string& config, const std::string& log) {
  r.process = std::make_unique<cs::testing::ChildProcess>();
  if (!r.process->Start({cs::testing::BinaryPath("crowd-service"), "--config", config}, log).ok()) {
    return false;
  }
  auto port = r.process->WaitForListening(15s);
  if (!port.ok()) return false;
  r.stub = v1::CrowdService::NewStub(grpc::CreateChannel("127.0.0.1:" + std::to_string(*port),
                                                         grpc::InsecureChannelCredentials()));
  return true;
}

// Which replica's process holds the lease (its pid is in the owner name), -1 for none.
int Holder(cs::RedisClient& redis, Replica (&replicas)[2]) {
  auto held = redis.Get(kLeaseKey);
  if (!held.ok() || !held->has_value()) return -1;
  for (int i = 0; i < 2; ++i) {
    if ((*held)->find("-" + std::to_string(replicas[i].process->pid()) + "-") != std::string::npos) {
      return i;
    }
  }
  return -1;
}

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(p * v.size()))];
}

void Print(const char* what, const std::vector<double>& ms) {
  std::printf("%s: %zu samples, min %.1f ms, p50 %.1f ms, p99 %.1f ms, max %.1f ms\n", what,
              ms.size(), ms.empty() ? 0 : *std::min_element(ms.begin(), ms.end()),
              Percentile(ms, 0.5), Percentile(ms, 0.99),
              ms.empty() ? 0 : *std::max_element(ms.begin(), ms.end()));
}

// Density report through `via` → its two alert events on a watch of `watch`, alternating a
// crowded and an empty queue; the milliseconds of each.
std::vector<double> DensityToAlert(Replica& via, Replica& watch, int samples) {
  grpc::ClientContext watch_ctx;
  v1::WatchAlertsRequest wreq;
  wreq.set_venue_id("ocean");
  wreq.add_zone_ids("penguin");
  auto reader = watch.stub->WatchAlerts(&watch_ctx, wreq);
  std::this_thread::sleep_for(200ms);  // the watcher attaches "from now"
  std::vector<double> out;
  for (int i = 0; i < samples; ++i) {
    v1::DensityReport r;
    r.set_venue_id("ocean");
    r.set_camera_id("cam-penguin-1");
    *r.mutable_captured_at() = cs::ProtoNow();
    auto* q = r.add_regions();
    q->set_region_id("cam-penguin-1/entrance-queue");
    q->set_count(i % 2 == 0 ? 1080 : 18);  // 6.0 and 0.1 persons/m²
    auto t0 = std::chrono::steady_clock::now();
    grpc::ClientContext ctx;
    v1::DensityReportAck ack;
    if (!via.stub->ReportDensity(&ctx, r, &ack).ok()) break;
    v1::AlertEvent e;
    if (!reader->Read(&e) || !reader->Read(&e)) break;  // warning and critical change together
    out.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
  }
  watch_ctx.TryCancel();
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app("crowd-service replicas: lease takeover and cross-replica alert latency");
  int kills = 5, samples = 100, lease_ms = 3000;
  app.add_option("--kills", kills, "kill -9 of the holder, this many times");
  app.add_option("--samples", samples, "density reports per latency figure");
  app.add_option("--lease-ms", lease_ms, "crowd.lease_ms");
  CLI11_PARSE(app, argc, argv);

  cs::testing::RedisServer redis;
  if (auto s = redis.Start(); !s.ok()) {
    std::fprintf(stderr, "redis: %s\n", std::string(s.message()).c_str());
    return 1;
  }
  cs::HiredisClient client(redis.Config());
  std::string config = redis.dir() + "/crowd.yaml";
  std::ofstream(config) << "service: crowd\nserver:\n  listen: 127.0.0.1:0\nredis:\n  port: "
                        << redis.port() << "\nvenue_file: "
                        << cs::testing::SourcePath("config/venues/ocean.yaml")
                        << "\ncrowd:\n  lease_ms: " << lease_ms
                        << "\n  alerts: {persist_s: 0, cooldown_s: 0}\n";
  Replica replicas[2];
  for (int i = 0; i < 2; ++i) {
    if (!Start(replicas[i], config, redis.dir() + "/crowd" + std::to_string(i) + ".log")) {
      std::fprintf(stderr, "crowd-service %d did not start\n", i);
      return 1;
    }
  }
  int holder = Holder(client, replicas);
  if (holder < 0) {
    std::fprintf(stderr, "no replica holds the lease\n");
    return 1;
  }
  std::printf("lease_ms %d, lease renewed every 100 ms\n", lease_ms);
  Print("density report → alert, report to the holder", 
        DensityToAlert(replicas[holder], replicas[1 - holder], samples));
  Print("density report → alert, report to the other replica",
        DensityToAlert(replicas[1 - holder], replicas[1 - holder], samples));

  std::vector<double> takeover;
  for (int k = 0; k < kills; ++k) {
    holder = Holder(client, replicas);
    if (holder < 0) break;
    int other = 1 - holder;
    auto t0 = std::chrono::steady_clock::now();
    replicas[holder].process->Signal(SIGKILL);
    replicas[holder].process->Wait(5s);
    while (Holder(client, replicas) != other && std::chrono::steady_clock::now() - t0 < 30s) {
      std::this_thread::sleep_for(5ms);
    }
    if (Holder(client, replicas) != other) {
      std::fprintf(stderr, "no takeover within 30 s\n");
      return 1;
    }
    takeover.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    // The killed replica comes back as the standby for the next round.
    if (!Start(replicas[holder], config, redis.dir() + "/crowd" + std::to_string(holder) + ".log")) {
      std::fprintf(stderr, "crowd-service did not restart\n");
      return 1;
    }
  }
  Print("lease takeover after kill -9 of the holder", takeover);
  for (auto& r : replicas) {
    r.process->Signal(SIGTERM);
    r.process->Wait(10s);
  }
  return 0;
}
