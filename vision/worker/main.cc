// vision-worker: wiring only. One thread per configured camera runs a CameraLoop (read,
// estimate, report to crowd-service) while this worker holds the camera's lease; every worker
// is configured with all cameras and CameraAssignment shares them out (camera_assignment.h).
// The process serves health and reflection on its own port. With no cameras configured it
// serves health only, and says so.
#include <atomic>
#include <thread>

#include "common/grpc/client_channel.h"
#include "common/grpc/service_host.h"
#include "common/logging.h"
#include "common/periodic_loop.h"
#include "common/redis/redis_lease.h"
#include "vision/estimator/camera.h"
#include "vision/estimator/model.h"
#include "vision/worker/camera_assignment.h"
#include "vision/worker/camera_loop.h"
#include "vision/worker/crowd_report_sink.h"
#include "vision/worker/heatmap.h"
#include "vision/worker/worker_config.h"

int main(int argc, char** argv) {
  cs::vision::WorkerConfig worker;
  auto host = cs::ServiceHost::FromArgs(argc, argv, "vision", [&](cs::YamlReader& root) {
    cs::vision::ParseWorkerSection(root, worker);
  });
  if (!host.ok()) return cs::ExitWithError(host.status());
  const auto& config = (*host)->config();
  auto crowd = config.upstreams.find("crowd");
  if (!worker.cameras.empty() && crowd == config.upstreams.end()) {
    return cs::ExitWithError(absl::InvalidArgumentError("upstreams.crowd: required when cameras are configured"));
  }

  std::vector<std::unique_ptr<cs::vision::CameraLoop>> loops;
  std::unique_ptr<cs::vision::CrowdReportSink> sink;
  if (!worker.cameras.empty()) {
    auto channel = cs::MakeClientChannel(
        crowd->second, (*host)->UpstreamOptions({crowdsafe::v1::CrowdService::service_full_name()}));
    if (!channel.ok()) return cs::ExitWithError(channel.status());
    sink = std::make_unique<cs::vision::CrowdReportSink>(*channel, config.venue.id);
  }
  // The latest heatmap per camera, for the dashboard (mobile-api reads it from Redis).
  cs::vision::RedisHeatmapStore heatmaps((*host)->redis(), config.venue.id);
  for (const auto& cam : worker.cameras) {
    auto camera = cs::vision::LoadCameraYaml(cam.calibration);
    if (!camera.ok()) return cs::ExitWithError(camera.status());
    absl::StatusOr<cs::vision::Estimator> estimator =
        cam.model.empty() ? cs::vision::Estimator::CreateHog(*camera)
                          : [&]() -> absl::StatusOr<cs::vision::Estimator> {
      auto model = cs::vision::LoadModel(cam.model);
      if (!model.ok()) return model.status();
      return cs::vision::Estimator::Create(*camera, *model);
    }();
    if (!estimator.ok()) return cs::ExitWithError(estimator.status());
    loops.push_back(std::make_unique<cs::vision::CameraLoop>(
        cam.id, cs::vision::VideoCaptureSource(cam.source), *std::move(estimator), *sink,
        *cs::SystemClock::Default(), [&] {
          cs::vision::LoopOptions options;
          options.fps = cam.fps;
          options.heatmaps = &heatmaps;
          return options;
        }()));
  }
  if (loops.empty()) CS_LOG_WARN("no cameras configured: vision-worker serves health only");

  // Leases of 5 s renewed every second: a dead worker's cameras are read again within 6 s.
  std::vector<std::string> camera_ids;
  for (const auto& cam : worker.cameras) camera_ids.push_back(cam.id);
  cs::vision::CameraAssignment assignment((*host)->redis(), config.venue.id,
                                          cs::ProcessLeaseOwner(), camera_ids);
  cs::PeriodicLoop assign("vision-cameras", [&] { assignment.Round(); }, std::chrono::seconds(1));
  if (!camera_ids.empty()) assign.StartAfterFirstRound();

  std::atomic<bool> stop{false};
  std::vector<std::thread> threads;
  for (size_t i = 0; i < loops.size(); ++i) {
    threads.emplace_back([&stop, &assignment, l = loops[i].get(), id = camera_ids[i]] {
      auto last_log = std::chrono::steady_clock::now();
      while (!stop.load()) {
        std::chrono::steady_clock::duration wait = std::chrono::milliseconds(200);
        if (assignment.Holds(id)) {
          wait = l->Step();
        } else {
          l->Pause();
        }
        // Sleep in short slices so that SIGTERM stops the worker promptly.
        auto until = std::chrono::steady_clock::now() + wait;
        while (!stop.load() && std::chrono::steady_clock::now() < until) {
          std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(
              until - std::chrono::steady_clock::now(), std::chrono::milliseconds(100)));
        }
        if (std::chrono::steady_clock::now() - last_log > std::chrono::seconds(30)) {
          const auto& s = l->stats();
          CS_LOG_INFO("camera stats frames={} fps={:.1f} lag_s={:.3f} sent={} failed={} reconnects={}",
                      s.frames, s.fps, s.lag_s, s.reports_sent, s.reports_failed, s.reconnects);
          last_log = std::chrono::steady_clock::now();
        }
      }
    });
  }
  int code = (*host)->Run();
  stop = true;
  for (auto& t : threads) t.join();
  assign.Stop();
  assignment.ReleaseAll();  // the other workers take the cameras at their next round
  return code;
}
