// Two vision-worker processes share two cameras by lease (issue 16): each camera is read by
// exactly one worker, and when the worker reading a camera is killed with SIGKILL (no lease
// released, no goodbye) the other takes the camera over and its reports reach crowd-service
// again within 10 s. Real processes on a real Redis; the lease keys are read to see who holds
// what (the owner names the holder's pid).
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>
#include <optional>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/grpc/time_convert.h"
#include "common/redis/hiredis_client.h"
#include "common/redis/redis_keys.h"
#include "common/testing/child_process.h"
#include "common/testing/identity_keys.h"
#include "common/testing/redis_server.h"
#include "crowdsafe/v1/crowd.grpc.pb.h"

namespace cs {
namespace {

using namespace std::chrono_literals;
namespace v1 = crowdsafe::v1;
using Clock = std::chrono::system_clock;

// A short looping clip of people-sized blobs; the worker reopens it when it ends.
void WriteClip(const std::string& path) {
  cv::VideoWriter writer(path, cv::VideoWriter::fourcc('M', 'J', 'P', 'G'), 10, {320, 240});
  ASSERT_TRUE(writer.isOpened()) << "OpenCV cannot write MJPG video (its built-in writer)";
  for (int f = 0; f < 20; ++f) {
    cv::Mat frame(240, 320, CV_8UC3, cv::Scalar(110, 120, 130));
    for (int p = 0; p < 10; ++p) {
      cv::ellipse(frame, {20 + (p * 37 + f * 3) % 280, 60 + (p * 53) % 160}, {6, 16}, 0, 0, 360,
                  cv::Scalar(30 + p * 15, 40, 200 - p * 10), cv::FILLED);
    }
    writer.write(frame);
  }
}

void WriteCalibration(const std::string& path, const std::string& camera,
                      const std::string& region, const std::string& zone) {
  std::ofstream(path) << "id: " << camera << "\nimage_size: [320, 240]\nregions:\n  - {id: "
                      << region << ", zone: " << zone
                      << ", polygon: [[0,0],[320,0],[320,240],[0,240]], area_m2: 300}\n";
}

class VisionTakeoverTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(redis_.Start().ok());
    dir_ = redis_.dir();
    WriteClip(dir_ + "/clip.avi");
    WriteCalibration(dir_ + "/penguin.yaml", "cam-penguin-1", "cam-penguin-1/entrance-queue",
                     "penguin");
    WriteCalibration(dir_ + "/whaleshark.yaml", "cam-whaleshark-1", "cam-whaleshark-1/tunnel",
                     "whaleshark");
    ASSERT_TRUE(crowd_.Start({testing::BinaryPath("crowd-service"), "--config",
                              testing::SourcePath("config/services/crowd.yaml"), "--listen",
                              "127.0.0.1:0", "--redis-port", std::to_string(redis_.port())},
                             dir_ + "/crowd.log")
                    .ok());
    auto port = crowd_.WaitForListening(15s);
    ASSERT_TRUE(port.ok()) << port.status();
    crowd_address_ = "127.0.0.1:" + std::to_string(*port);
    stub_ = v1::CrowdService::NewStub(testing::SignedChannel(crowd_address_, "sim"));
    // Both workers are given both cameras: the leases decide who reads which.
    std::ofstream(dir_ + "/vision.yaml")
        << "service: vision\nserver:\n  listen: 127.0.0.1:0\nredis:\n  port: " << redis_.port()
        << "\nvenue_file: " << testing::SourcePath("config/venues/ocean.yaml")
        << "\nidentity:\n  issuer: vision\nupstreams:\n  crowd: " << crowd_address_
        << "\nvision:\n  cameras:\n"
        << "    - {id: cam-penguin-1, source: " << dir_ << "/clip.avi, calibration: penguin.yaml, fps: 10}\n"
        << "    - {id: cam-whaleshark-1, source: " << dir_ << "/clip.avi, calibration: whaleshark.yaml, fps: 10}\n";
  }

  void StartWorker(testing::ChildProcess& worker, const std::string& name) {
    ASSERT_TRUE(worker.Start({testing::BinaryPath("vision-worker"), "--config",
                              dir_ + "/vision.yaml"},
                             dir_ + "/" + name + ".log")
                    .ok());
    ASSERT_TRUE(worker.WaitForListening(15s).ok()) << "see " << dir_ << "/" << name << ".log";
  }

  // The pid in the owner of a camera's lease ("<host>-<pid>-<start ms>"), if it is held.
  std::optional<pid_t> Holder(const std::string& camera) {
    HiredisClient client(redis_.Config());
    auto value = client.Get(VenueKey("ocean", "lease:camera:" + camera));
    if (!value.ok() || !value->has_value()) return std::nullopt;
    // "<token>:<owner>"; the owner's pid is its second field from the end.
    const std::string& held = **value;
    const size_t colon = held.find(':');
    if (colon == std::string::npos) return std::nullopt;
    std::vector<std::string> parts = absl::StrSplit(held.substr(colon + 1), '-');
    if (parts.size() < 3) return std::nullopt;
    return static_cast<pid_t>(std::stol(parts[parts.size() - 2]));
  }

  // When crowd-service last had a camera report for `zone` (epoch if none).
  Clock::time_point CameraAt(const std::string& zone) {
    grpc::ClientContext ctx;
    v1::GetOccupancyRequest req;
    req.set_venue_id("ocean");
    req.set_zone_id(zone);
    v1::VenueOccupancy occ;
    if (!stub_->GetOccupancy(&ctx, req, &occ).ok() || occ.zones_size() != 1 ||
        !occ.zones(0).has_camera_at())
      return {};
    return FromProtoTime(occ.zones(0).camera_at());
  }

  testing::RedisServer redis_;
  std::string dir_;
  testing::ChildProcess crowd_;
  std::string crowd_address_;
  std::unique_ptr<v1::CrowdService::Stub> stub_;
};

TEST_F(VisionTakeoverTest, AKilledWorkersCameraIsReadByTheOtherWithinTenSeconds) {
  testing::ChildProcess a, b;
  StartWorker(a, "worker-a");
  StartWorker(b, "worker-b");

  // Fair shares: once both are live, each reads one camera (the first may have taken both and
  // gives one back).
  std::optional<pid_t> penguin, whaleshark;
  auto deadline = Clock::now() + 30s;
  while (Clock::now() < deadline) {
    penguin = Holder("cam-penguin-1");
    whaleshark = Holder("cam-whaleshark-1");
    if (penguin && whaleshark && *penguin != *whaleshark) break;
    std::this_thread::sleep_for(100ms);
  }
  ASSERT_TRUE(penguin && whaleshark) << "a camera has no holder; see " << dir_;
  ASSERT_NE(*penguin, *whaleshark) << "one worker kept both cameras; see " << dir_;
  ASSERT_TRUE(*penguin == a.pid() || *penguin == b.pid());
  deadline = Clock::now() + 20s;
  while (Clock::now() < deadline && CameraAt("penguin") == Clock::time_point{})
    std::this_thread::sleep_for(100ms);
  ASSERT_NE(CameraAt("penguin"), Clock::time_point{}) << "no penguin camera report; see " << dir_;

  testing::ChildProcess& victim = *penguin == a.pid() ? a : b;
  testing::ChildProcess& survivor = *penguin == a.pid() ? b : a;
  const auto killed_at = Clock::now();
  victim.Signal(SIGKILL);
  (void)victim.Wait(10s);

  // Taken over: the survivor holds the penguin camera and a report newer than the kill arrived.
  std::optional<Clock::time_point> reported_again;
  deadline = killed_at + 20s;
  while (Clock::now() < deadline) {
    if (Holder("cam-penguin-1") == survivor.pid() && CameraAt("penguin") > killed_at + 200ms) {
      reported_again = Clock::now();
      break;
    }
    std::this_thread::sleep_for(50ms);
  }
  ASSERT_TRUE(reported_again) << "the penguin camera was not taken over; see " << dir_;
  const double seconds = std::chrono::duration<double>(*reported_again - killed_at).count();
  std::printf("camera taken over and reporting again %.2f s after kill -9 of its worker\n",
              seconds);
  EXPECT_LT(seconds, 10.0) << "issue 16: a dead worker's camera is read again within 10 s";
  EXPECT_EQ(Holder("cam-whaleshark-1"), survivor.pid()) << "the survivor's own camera moved";

  survivor.Signal(SIGTERM);
  EXPECT_EQ(survivor.Wait(10s).value_or(-1), 0);
  crowd_.Signal(SIGTERM);
  EXPECT_EQ(crowd_.Wait(10s).value_or(-1), 0);
}

}  // namespace
}  // namespace cs
