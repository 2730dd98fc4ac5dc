// vision-worker as a real process: it reads a video file through cv::VideoCapture, estimates
// each frame, and its density reports reach a real crowd-service on a real Redis, where they
// appear in the penguin pavilion's occupancy. When the file ends the worker treats the source as
// lost, reconnects, and stays healthy. A second test goes the installer's way: label frames,
// `crowdsafe-vision fit`, run the worker with the model, and watch a density alert fire.
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <filesystem>
#include <fstream>
#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>
#include <thread>

#include "common/grpc/health_probe.h"
#include "common/testing/child_process.h"
#include "common/testing/identity_keys.h"
#include "common/testing/redis_server.h"
#include "crowdsafe/v1/crowd.grpc.pb.h"
#include "vision/estimator/synthetic.h"

namespace cs {
namespace {

using namespace std::chrono_literals;
namespace v1 = crowdsafe::v1;

TEST(VisionWorkerTest, FramesBecomeDensityInCrowdService) {
  testing::RedisServer redis;
  ASSERT_TRUE(redis.Start().ok());
  const std::string dir = redis.dir();

  // A short synthetic clip: people-sized blobs drifting over a textured floor.
  const std::string video = dir + "/penguin.avi";
  {
    cv::VideoWriter writer(video, cv::VideoWriter::fourcc('M', 'J', 'P', 'G'), 10, {320, 240});
    ASSERT_TRUE(writer.isOpened()) << "OpenCV cannot write MJPG video (its built-in writer)";
    for (int f = 0; f < 20; ++f) {
      cv::Mat frame(240, 320, CV_8UC3, cv::Scalar(110, 120, 130));
      for (int p = 0; p < 12; ++p) {
        cv::ellipse(frame, {20 + (p * 37 + f * 3) % 280, 60 + (p * 53) % 160}, {6, 16}, 0, 0, 360,
                    cv::Scalar(30 + p * 15, 40, 200 - p * 10), cv::FILLED);
      }
      writer.write(frame);
    }
  }
  std::ofstream(dir + "/cam.yaml") << "id: cam-penguin-1\nimage_size: [320, 240]\nregions:\n"
                                      "  - {id: cam-penguin-1/entrance-queue, zone: penguin, "
                                      "polygon: [[0,0],[160,0],[160,240],[0,240]], area_m2: 180}\n"
                                      "  - {id: cam-penguin-1/viewing-hall, zone: penguin, "
                                      "polygon: [[160,0],[320,0],[320,240],[160,240]], area_m2: 420}\n";

  testing::ChildProcess crowd;
  ASSERT_TRUE(crowd.Start({testing::BinaryPath("crowd-service"), "--config",
                           testing::SourcePath("config/services/crowd.yaml"), "--listen",
                           "127.0.0.1:0", "--redis-port", std::to_string(redis.port())},
                          dir + "/crowd.log")
                  .ok());
  auto crowd_port = crowd.WaitForListening(15s);
  ASSERT_TRUE(crowd_port.ok()) << crowd_port.status();

  std::ofstream(dir + "/vision.yaml")
      << "service: vision\nserver:\n  listen: 127.0.0.1:0\nredis:\n  port: " << redis.port()
      << "\nvenue_file: " << testing::SourcePath("config/venues/ocean.yaml")
      << "\nidentity:\n  issuer: vision\nupstreams:\n  crowd: 127.0.0.1:" << *crowd_port
      << "\nvision:\n  cameras:\n    - {id: cam-penguin-1, source: " << video
      << ", calibration: cam.yaml, fps: 20}\n";
  testing::ChildProcess worker;
  ASSERT_TRUE(worker.Start({testing::BinaryPath("vision-worker"), "--config", dir + "/vision.yaml"},
                           dir + "/vision.log")
                  .ok());
  auto worker_port = worker.WaitForListening(15s);
  ASSERT_TRUE(worker_port.ok()) << worker_port.status();

  auto stub = v1::CrowdService::NewStub(testing::SignedChannel("127.0.0.1:" + std::to_string(*crowd_port), "sim"));
  auto penguin = [&]() {
    grpc::ClientContext ctx;
    v1::GetOccupancyRequest req;
    req.set_venue_id("ocean");
    req.set_zone_id("penguin");
    v1::VenueOccupancy occ;
    EXPECT_TRUE(stub->GetOccupancy(&ctx, req, &occ).ok());
    return occ.zones_size() == 1 ? occ.zones(0) : v1::ZoneOccupancy{};
  };
  auto deadline = std::chrono::steady_clock::now() + 20s;
  v1::ZoneOccupancy first;
  while (std::chrono::steady_clock::now() < deadline) {
    first = penguin();
    if (first.has_camera_at()) break;
    std::this_thread::sleep_for(100ms);
  }
  ASSERT_TRUE(first.has_camera_at()) << "no density report reached crowd-service";
  EXPECT_GE(first.camera_count(), 0);

  // The 20-frame clip ends within ~1 s at 20 fps; the worker reopens it and keeps reporting.
  std::this_thread::sleep_for(3s);
  v1::ZoneOccupancy later = penguin();
  EXPECT_GT(later.camera_at().seconds() * 1000 + later.camera_at().nanos() / 1'000'000,
            first.camera_at().seconds() * 1000 + first.camera_at().nanos() / 1'000'000)
      << "reports stopped after the source ended";
  auto healthy = CheckServing("127.0.0.1:" + std::to_string(*worker_port), "", 1s);
  EXPECT_TRUE(healthy.ok() && *healthy);

  worker.Signal(SIGTERM);
  EXPECT_EQ(worker.Wait(10s).value_or(-1), 0);
  crowd.Signal(SIGTERM);
  EXPECT_EQ(crowd.Wait(10s).value_or(-1), 0);
}

TEST(VisionWorkerTest, FittedCameraFeedsCrowdServiceAndADensityAlertFires) {
  testing::RedisServer redis;
  ASSERT_TRUE(redis.Start().ok());
  const std::string dir = redis.dir();

  // 10–60 people on a 768×576 view; the whole frame is one region of 6 m², so a couple of dozen
  // people are far over the 5.5 persons/m² critical level.
  const std::string video = dir + "/penguin.avi";
  std::ofstream labels(dir + "/labels.csv");
  labels << "frame,count\n";
  {
    vision::SyntheticScene scene(vision::SyntheticOptions{});
    cv::VideoWriter writer(video, cv::VideoWriter::fourcc('M', 'J', 'P', 'G'), 25, {768, 576});
    ASSERT_TRUE(writer.isOpened()) << "OpenCV cannot write MJPG video (its built-in writer)";
    for (int f = 0; f < 160; ++f) {
      int count = 0;
      writer.write(scene.Next(&count));
      if (f >= 60 && f % 8 == 0) labels << f << "," << count << "\n";  // an installer's labels
    }
  }
  labels.close();
  std::ofstream(dir + "/cam.yaml") << "id: cam-penguin-1\nimage_size: [768, 576]\nregions:\n"
                                      "  - {id: cam-penguin-1/entrance-queue, zone: penguin, "
                                      "polygon: [[0,0],[768,0],[768,576],[0,576]], area_m2: 6}\n";
  testing::ChildProcess fit;
  ASSERT_TRUE(fit.Start({testing::BinaryPath("crowdsafe-vision"), "fit", "--camera", dir + "/cam.yaml",
                         "--video", video, "--labels", dir + "/labels.csv", "--out", dir + "/model.yml"},
                        dir + "/fit.log").ok());
  ASSERT_EQ(fit.Wait(60s).value_or(-1), 0) << "crowdsafe-vision fit failed; see " << dir << "/fit.log";

  std::ofstream(dir + "/crowd.yaml") << "service: crowd\nserver:\n  listen: 127.0.0.1:0\nredis:\n  port: "
                                     << redis.port() << "\nvenue_file: "
                                     << testing::SourcePath("config/venues/ocean.yaml")
                                     << "\ncrowd:\n  alerts: {persist_s: 0.5}\n";
  testing::ChildProcess crowd;
  ASSERT_TRUE(crowd.Start({testing::BinaryPath("crowd-service"), "--config", dir + "/crowd.yaml"},
                          dir + "/crowd.log").ok());
  auto crowd_port = crowd.WaitForListening(15s);
  ASSERT_TRUE(crowd_port.ok());
  auto stub = v1::CrowdService::NewStub(testing::SignedChannel("127.0.0.1:" + std::to_string(*crowd_port), "sim"));
  grpc::ClientContext watch_ctx;
  watch_ctx.set_deadline(std::chrono::system_clock::now() + 40s);
  v1::WatchAlertsRequest watch;
  watch.set_venue_id("ocean");
  watch.add_zone_ids("penguin");
  auto reader = stub->WatchAlerts(&watch_ctx, watch);

  std::ofstream(dir + "/vision.yaml")
      << "service: vision\nserver:\n  listen: 127.0.0.1:0\nredis:\n  port: " << redis.port()
      << "\nvenue_file: " << testing::SourcePath("config/venues/ocean.yaml")
      << "\nidentity:\n  issuer: vision\nupstreams:\n  crowd: 127.0.0.1:" << *crowd_port
      << "\nvision:\n  cameras:\n    - {id: cam-penguin-1, source: " << video
      << ", calibration: cam.yaml, model: model.yml, fps: 25}\n";
  testing::ChildProcess worker;
  ASSERT_TRUE(worker.Start({testing::BinaryPath("vision-worker"), "--config", dir + "/vision.yaml"},
                           dir + "/vision.log").ok());
  ASSERT_TRUE(worker.WaitForListening(15s).ok());

  v1::AlertEvent event;
  bool critical = false;
  while (!critical && reader->Read(&event)) {
    critical = event.alert().rule() == v1::ALERT_RULE_DENSITY &&
               event.alert().severity() == v1::SEVERITY_CRITICAL &&
               event.alert().state() == v1::ALERT_RAISED;
  }
  EXPECT_TRUE(critical) << "no critical density alert from the camera; see " << dir;
  EXPECT_EQ(event.alert().region_id(), "cam-penguin-1/entrance-queue");
  EXPECT_GT(event.alert().value(), 5.5);
  watch_ctx.TryCancel();
  worker.Signal(SIGTERM);
  EXPECT_EQ(worker.Wait(10s).value_or(-1), 0);
  crowd.Signal(SIGTERM);
  EXPECT_EQ(crowd.Wait(10s).value_or(-1), 0);
}

}  // namespace
}  // namespace cs
