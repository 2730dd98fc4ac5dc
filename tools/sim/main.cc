// crowdsafe-sim: drives a holiday day at the venue against the running services, at a speed-up,
// and prints the crowd picture as it unfolds. Gate events carry the wall-clock time at which they
// are sent (the services reject event times far from now); the simulated clock is printed beside.
// `crowdsafe-sim push-density` instead sends one camera region's density, held for a while, as a
// vision-worker would (for the dashboard's tests and for rehearsing density alerts).
#include <grpcpp/grpcpp.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <atomic>
#include <functional>
#include <thread>

#include "common/config.h"
#include "common/grpc/client_channel.h"
#include "common/grpc/time_convert.h"
#include "crowdsafe/v1/crowd.grpc.pb.h"
#include "tools/sim/scenario.h"

namespace v1 = crowdsafe::v1;
using cs::sim::ClockText;

namespace {

google::protobuf::Timestamp Now() { return cs::ProtoNow(); }

// Sends gate events and density reports; remembers which RPCs the service does not have yet so
// that it says so once and carries on with the simulator's own picture.
class CrowdLink {
 public:
  CrowdLink(const std::string& address, const std::string& venue_id,
            std::shared_ptr<const cs::AssertionSigner> signer)
      : venue_id_(venue_id) {
    if (address.empty()) {
      ingest_ok_ = density_ok_ = occupancy_ok_ = false;
      return;
    }
    auto channel = cs::MakeClientChannel(
        address, {.services = {v1::CrowdService::service_full_name()}, .signer = std::move(signer)});
    if (!channel.ok()) {
      std::cerr << "error: --crowd: " << channel.status().message() << "\n";
      ingest_ok_ = density_ok_ = occupancy_ok_ = false;
      return;
    }
    stub_ = v1::CrowdService::NewStub(*channel);
  }

  // Where a restarted controller picks up: the highest contiguous sequence stored per gate.
  void ResumeSequences(std::map<std::string, uint64_t>& seqs) {
    if (!ingest_ok_) return;
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
    v1::GetGateSequencesRequest req;
    req.set_venue_id(venue_id_);
    v1::GateEventAck ack;
    if (!Usable(stub_->GetGateSequences(&ctx, req, &ack), "GetGateSequences", ingest_ok_)) return;
    for (const auto& g : ack.gates()) seqs[g.gate_id()] = g.contiguous_seq();
  }

  void SendMinute(const cs::sim::Minute& m, std::map<std::string, uint64_t>& seqs) {
    if (ingest_ok_) SendGates(m, seqs);
    if (density_ok_) SendDensity(m);
  }

  // "crowd-service says: ..." or empty.
  std::string Says() {
    if (!occupancy_ok_) return "";
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(2));
    v1::GetOccupancyRequest req;
    req.set_venue_id(venue_id_);
    v1::VenueOccupancy occ;
    grpc::Status s = stub_->GetOccupancy(&ctx, req, &occ);
    if (!Usable(s, "GetOccupancy", occupancy_ok_)) return "";
    char buf[160];
    std::snprintf(buf, sizeof buf, " | crowd-service: %lld inside, %.0f%%, tier %s",
                  static_cast<long long>(occ.occupancy()), occ.capacity_pct(),
                  v1::CapacityTier_Name(occ.tier()).c_str());
    return buf;
  }

  int64_t acked() const { return acked_; }

  // Prints alert changes as crowd-service records them, until Stop().
  void WatchAlerts(std::function<std::string()> sim_clock) {
    if (!occupancy_ok_) return;
    watcher_ = std::thread([this, sim_clock] {
      v1::WatchAlertsRequest req;
      req.set_venue_id(venue_id_);
      auto reader = stub_->WatchAlerts(&watch_ctx_, req);
      v1::AlertEvent e;
      while (reader->Read(&e)) {
        const auto& a = e.alert();
        // The message names the place and says where the level is (issue 15): a cleared line
        // reads "back to 71% ... (cleared)", not the figure it was raised at.
        std::printf("[%s] ALERT %s %s: %s\n", sim_clock().c_str(),
                    v1::Severity_Name(a.severity()).substr(9).c_str(),
                    v1::AlertState_Name(a.state()).substr(6).c_str(), a.message_en().c_str());
        std::fflush(stdout);
      }
    });
  }
  void Stop() {
    watch_ctx_.TryCancel();
    if (watcher_.joinable()) watcher_.join();
  }

 private:
  bool Usable(const grpc::Status& s, const char* rpc, bool& flag) {
    if (s.ok()) return true;
    if (s.error_code() == grpc::StatusCode::UNIMPLEMENTED) {
      std::cout << "  note: crowd-service answers " << rpc
                << " with UNIMPLEMENTED (not built yet); the simulator carries on with its own "
                   "picture\n";
      flag = false;
    } else {
      std::cout << "  warning: " << rpc << " failed: " << s.error_message() << "\n";
    }
    return false;
  }

  void SendGates(const cs::sim::Minute& m, std::map<std::string, uint64_t>& seqs) {
    if (!stream_) {
      stream_ctx_ = std::make_unique<grpc::ClientContext>();
      stream_ = stub_->IngestGateEvents(stream_ctx_.get());
    }
    v1::GateEventBatch batch;
    batch.set_venue_id(venue_id_);
    batch.set_controller_id("crowdsafe-sim");
    auto now = Now();
    for (const auto& f : m.gates) {
      for (auto [dir, count] : {std::pair{v1::DIRECTION_IN, f.in}, std::pair{v1::DIRECTION_OUT, f.out}}) {
        if (count <= 0) continue;
        auto* e = batch.add_events();
        e->set_gate_id(f.gate_id);
        e->set_direction(dir);
        e->set_count(static_cast<int32_t>(count));
        e->set_seq(++seqs[f.gate_id]);
        *e->mutable_event_time() = now;
      }
    }
    v1::GateEventAck ack;
    if (stream_->Write(batch) && stream_->Read(&ack)) {
      acked_ += ack.accepted();
      return;
    }
    grpc::Status s = stream_->Finish();
    stream_.reset();
    Usable(s, "IngestGateEvents", ingest_ok_);
  }

  void SendDensity(const cs::sim::Minute& m) {
    std::map<std::string, v1::DensityReport> by_camera;
    for (const auto& r : m.regions) {
      std::string camera = r.region_id.substr(0, r.region_id.find('/'));
      auto& report = by_camera[camera];
      report.set_venue_id(venue_id_);
      report.set_camera_id(camera);
      *report.mutable_captured_at() = Now();
      auto* region = report.add_regions();
      region->set_region_id(r.region_id);
      region->set_count(r.count);
      region->set_area_m2(r.area_m2);
    }
    for (auto& [camera, report] : by_camera) {
      grpc::ClientContext ctx;
      ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(2));
      v1::DensityReportAck ack;
      if (!Usable(stub_->ReportDensity(&ctx, report, &ack), "ReportDensity", density_ok_)) return;
    }
  }

  std::string venue_id_;
  std::unique_ptr<v1::CrowdService::Stub> stub_;
  std::unique_ptr<grpc::ClientContext> stream_ctx_;
  std::unique_ptr<grpc::ClientReaderWriter<v1::GateEventBatch, v1::GateEventAck>> stream_;
  bool ingest_ok_ = true, density_ok_ = true, occupancy_ok_ = true;
  grpc::ClientContext watch_ctx_;
  std::thread watcher_;
  int64_t acked_ = 0;
};

// push-density: reports `persons_per_m2` for one camera region every `interval_ms` for `seconds`,
// the way vision-worker reports a frame's estimate (count and calibrated area). Returns the exit
// code: 0 when every report was accepted.
struct PushDensityOptions {
  std::string camera;
  std::string region;  // "viewing-hall" or the full "cam-penguin-1/viewing-hall"
  double persons_per_m2 = 0;
  double seconds = 10;
  int interval_ms = 500;
};

int RunPushDensity(const cs::Venue& venue, const std::string& crowd, const PushDensityOptions& o,
                   std::shared_ptr<const cs::AssertionSigner> signer) {
  if (crowd.empty()) {
    std::cerr << "error: --crowd: push-density needs a crowd-service address\n";
    return 2;
  }
  const cs::Region* region = nullptr;
  for (const auto& cam : venue.cameras) {
    if (cam.id != o.camera) continue;
    for (const auto& r : cam.regions) {
      if (r.id == o.region || r.id == o.camera + "/" + o.region) region = &r;
    }
  }
  if (region == nullptr) {
    std::cerr << "error: --camera/--region: no region '" << o.region << "' on camera '" << o.camera
              << "' in the venue\n";
    return 2;
  }
  if (region->area_m2 <= 0 || o.persons_per_m2 < 0 || o.interval_ms < 50) {
    std::cerr << "error: --persons-per-m2 must be >= 0, --interval-ms >= 50, and the region "
                 "calibrated (area > 0)\n";
    return 2;
  }
  auto channel = cs::MakeClientChannel(
      crowd, {.services = {v1::CrowdService::service_full_name()}, .signer = signer});
  if (!channel.ok()) {
    std::cerr << "error: --crowd: " << channel.status().message() << "\n";
    return 2;
  }
  auto stub = v1::CrowdService::NewStub(*channel);
  auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(o.seconds);
  int sent = 0;
  do {
    v1::DensityReport report;
    report.set_venue_id(venue.id);
    report.set_camera_id(o.camera);
    *report.mutable_captured_at() = Now();
    auto* r = report.add_regions();
    r->set_region_id(region->id);
    r->set_count(o.persons_per_m2 * region->area_m2);
    r->set_area_m2(region->area_m2);
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(2));
    v1::DensityReportAck ack;
    grpc::Status s = stub->ReportDensity(&ctx, report, &ack);
    if (!s.ok()) {
      std::cerr << "error: ReportDensity: " << s.error_message() << "\n";
      return 1;
    }
    if (sent++ == 0 && ack.regions_size() > 0) {
      std::printf("push-density: %s %.2f persons/m2 (%s), every %d ms for %.1f s\n",
                  region->id.c_str(), ack.regions(0).density(),
                  v1::FruinLevel_Name(ack.regions(0).level()).c_str(), o.interval_ms, o.seconds);
      std::fflush(stdout);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(o.interval_ms));
  } while (std::chrono::steady_clock::now() < end);
  std::printf("push-density: %d reports accepted\n", sent);
  return 0;
}

int ParseClock(const std::string& hhmm) {
  int h = 0, m = 0;
  if (std::sscanf(hhmm.c_str(), "%d:%d", &h, &m) != 2) return -1;
  return h * 60 + m;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"crowdsafe-sim: a holiday day at the ocean park, against the running services"};
  std::string venue_file = "config/venues/ocean.yaml";
  std::string crowd = "127.0.0.1:50051";
  double speedup = 600;
  std::string from = "08:30", to = "22:30";
  int report_every = 30;
  cs::sim::ScenarioOptions options;
  app.add_option("--venue", venue_file, "venue config");
  app.add_option("--crowd", crowd, "crowd-service address; empty for a dry run");
  app.add_option("--speedup", speedup, "simulated seconds per real second (0: as fast as possible)");
  app.add_option("--from", from, "simulated start, HH:MM (the day is simulated from opening)");
  app.add_option("--to", to, "simulated end, HH:MM");
  app.add_option("--visitors", options.visitors, "visitors over the day");
  app.add_option("--seed", options.seed, "random seed");
  app.add_option("--report-every", report_every, "simulated minutes between status lines");
  PushDensityOptions push;
  auto* push_cmd = app.add_subcommand(
      "push-density", "hold one camera region at a density (as vision-worker reports it)");
  push_cmd->add_option("--venue", venue_file, "venue config");
  push_cmd->add_option("--crowd", crowd, "crowd-service address");
  push_cmd->add_option("--camera", push.camera, "camera id, e.g. cam-penguin-1")->required();
  push_cmd->add_option("--region", push.region, "region id, e.g. viewing-hall")->required();
  push_cmd->add_option("--persons-per-m2", push.persons_per_m2, "density to report")->required();
  push_cmd->add_option("--seconds", push.seconds, "how long to keep reporting");
  push_cmd->add_option("--interval-ms", push.interval_ms, "time between reports");
  std::string issuer = "sim", key_file;
  for (auto* cmd : {&app, push_cmd}) {
    cmd->add_option("--identity-issuer", issuer, "the name the services trust this tool's key as");
    cmd->add_option("--identity-key", key_file, "Ed25519 seed file (crowdsafe-keygen); empty: unsigned");
  }
  app.require_subcommand(0, 1);
  CLI11_PARSE(app, argc, argv);
  auto signer = cs::ToolSigner(issuer, key_file);
  if (!signer.ok()) {
    std::cerr << "error: --identity-key: " << signer.status().message() << "\n";
    return 2;
  }

  auto venue = cs::LoadVenue(venue_file);
  if (!venue.ok()) {
    std::cerr << "error: " << venue.status().message() << "\n";
    return 2;
  }
  if (push_cmd->parsed()) return RunPushDensity(*venue, crowd, push, *signer);
  int from_minute = ParseClock(from), to_minute = ParseClock(to);
  if (from_minute < 0 || to_minute < 0 || to_minute <= from_minute) {
    std::cerr << "error: --from/--to: expected HH:MM with from < to\n";
    return 2;
  }
  cs::sim::Scenario scenario(*venue, options);
  CrowdLink link(crowd, venue->id, *signer);
  std::map<std::string, uint64_t> seqs;
  link.ResumeSequences(seqs);
  std::cout << "crowdsafe-sim: " << venue->name_zh << " " << venue->name_en << ", "
            << options.visitors << " visitors, " << ClockText(from_minute) << "–"
            << ClockText(to_minute) << ", speed-up " << speedup << "x"
            << (crowd.empty() ? " (dry run)" : ", crowd-service " + crowd) << std::endl;
  std::atomic<int> sim_minute{from_minute};
  link.WatchAlerts([&] { return ClockText(sim_minute.load()); });
  auto tick = speedup > 0 ? std::chrono::duration<double>(60.0 / speedup) : std::chrono::duration<double>(0);
  auto next = std::chrono::steady_clock::now();
  while (!scenario.Done() && scenario.minute_of_day() <= to_minute) {
    bool live = scenario.minute_of_day() >= from_minute;
    cs::sim::Minute m = scenario.Step();
    if (!live) continue;
    sim_minute = m.minute_of_day;
    link.SendMinute(m, seqs);
    for (const auto& e : m.events) std::cout << "[" << ClockText(m.minute_of_day) << "] " << e << std::endl;
    if (m.minute_of_day % report_every == 0) {
      int64_t inside = scenario.VenueOccupancy();
      std::string busiest;
      double busiest_pct = -1;
      for (const auto& z : venue->zones) {
        double pct = 100.0 * m.occupancy.at(z.id) / z.capacity;
        if (pct > busiest_pct) {
          busiest_pct = pct;
          busiest = z.name_zh + " " + std::to_string(m.occupancy.at(z.id)) + "/" + std::to_string(z.capacity);
        }
      }
      std::printf("[%s] inside %lld (%.0f%% of %lld), queue at turnstiles %lld, busiest %s (%.0f%%)%s\n",
                  ClockText(m.minute_of_day).c_str(), static_cast<long long>(inside),
                  100.0 * inside / venue->max_capacity, static_cast<long long>(venue->max_capacity),
                  static_cast<long long>(m.queue_outside), busiest.c_str(), busiest_pct,
                  link.Says().c_str());
      std::fflush(stdout);
    }
    if (speedup > 0) {
      next += std::chrono::duration_cast<std::chrono::steady_clock::duration>(tick);
      std::this_thread::sleep_until(next);
    }
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // let the last alerts print
  link.Stop();
  std::printf("day done: %lld visitors came in; crowd-service acknowledged %lld gate events\n",
              static_cast<long long>(scenario.arrived()), static_cast<long long>(link.acked()));
  return 0;
}
