#include "vision/worker/camera_loop.h"

#include <gtest/gtest.h>

#include <deque>

#include <opencv2/imgcodecs.hpp>

#include "vision/estimator/camera.h"

namespace cs::vision {
namespace {

using namespace std::chrono_literals;

// A source that serves `frames` frames, then dies; it can be refused a number of opens.
class FlakySource final : public FrameSource {
 public:
  FlakySource(int frames_per_connection, int refused_opens)
      : per_connection_(frames_per_connection), refused_(refused_opens) {}
  bool Open() override {
    ++opens;
    if (refused_ > 0) {
      --refused_;
      return false;
    }
    left_ = per_connection_;
    return true;
  }
  bool Read(cv::Mat& frame) override {
    if (left_ <= 0) return false;
    --left_;
    frame = cv::Mat(240, 320, CV_8UC3, cv::Scalar(90, 120, 150));
    return true;
  }
  void Close() override { ++closes; }
  int opens = 0, closes = 0;

 private:
  int per_connection_, refused_, left_ = 0;
};

class RecordingSink final : public ReportSink {
 public:
  absl::Status Send(const CameraReport& r) override {
    if (fail_next > 0) {
      --fail_next;
      return absl::UnavailableError("crowd-service down");
    }
    reports.push_back(r);
    return absl::OkStatus();
  }
  std::vector<CameraReport> reports;
  int fail_next = 0;
};

Estimator Hog() {
  auto camera = ParseCameraYaml("id: cam-test\n", "test");
  EXPECT_TRUE(camera.ok()) << camera.status();
  auto e = Estimator::CreateHog(*camera);
  EXPECT_TRUE(e.ok()) << e.status();
  return *std::move(e);
}

TEST(CameraLoopTest, ReportsEveryFrameAndReconnectsWithBackoffWhenTheSourceDies) {
  auto source = std::make_unique<FlakySource>(3, 2);
  FlakySource* raw = source.get();
  RecordingSink sink;
  ManualClock clock(FromMillis(1'700'000'000'000));
  CameraLoop loop("cam-test", std::move(source), Hog(), sink, clock, {5, 500ms, 4s});

  // Two refused opens: backoff doubles from the minimum.
  EXPECT_EQ(loop.Step(), Duration(500ms));
  EXPECT_EQ(loop.Step(), Duration(1s));
  for (int i = 0; i < 3; ++i) {
    loop.Step();
    clock.Advance(200ms);
  }
  EXPECT_EQ(sink.reports.size(), 3u);
  EXPECT_EQ(loop.Step(), Duration(500ms)) << "a lost source starts a fresh backoff";
  EXPECT_FALSE(loop.stats().connected);
  for (int i = 0; i < 4; ++i) loop.Step();  // reopen, three frames
  EXPECT_EQ(sink.reports.size(), 6u);
  EXPECT_EQ(loop.stats().reconnects, 1);
  EXPECT_GE(raw->closes, 3);
  EXPECT_EQ(sink.reports[0].camera_id, "cam-test");
  ASSERT_FALSE(sink.reports[0].regions.empty());
  EXPECT_GT(loop.stats().fps, 0);
}

TEST(CameraLoopTest, UndeliveredReportsAreCountedAndTheLoopGoesOn) {
  RecordingSink sink;
  sink.fail_next = 2;
  ManualClock clock;
  CameraLoop loop("cam-test", std::make_unique<FlakySource>(10, 0), Hog(), sink, clock);
  for (int i = 0; i < 5; ++i) loop.Step();
  EXPECT_EQ(loop.stats().reports_failed, 2);
  EXPECT_EQ(loop.stats().reports_sent, 3);
}

TEST(CameraLoopTest, PauseClosesTheSourceAndTheNextStepOpensItAgain) {
  auto source = std::make_unique<FlakySource>(10, 0);
  FlakySource* raw = source.get();
  RecordingSink sink;
  ManualClock clock;
  CameraLoop loop("cam-test", std::move(source), Hog(), sink, clock);
  loop.Step();
  ASSERT_TRUE(loop.stats().connected);
  loop.Pause();  // another worker holds the camera now
  EXPECT_FALSE(loop.stats().connected);
  EXPECT_EQ(raw->closes, 1);
  loop.Pause();  // idempotent
  EXPECT_EQ(raw->closes, 1);
  loop.Step();
  EXPECT_EQ(raw->opens, 2);
  EXPECT_EQ(sink.reports.size(), 2u);
}

TEST(CameraLoopTest, WrongSizedFrameIsSkippedNotFatal) {
  auto camera = ParseCameraYaml("id: cam-test\nimage_size: [640, 480]\n", "test");
  ASSERT_TRUE(camera.ok()) << camera.status();
  auto hog = Estimator::CreateHog(*camera);
  ASSERT_TRUE(hog.ok());
  RecordingSink sink;
  ManualClock clock;
  CameraLoop loop("cam-test", std::make_unique<FlakySource>(2, 0), *std::move(hog), sink, clock);
  loop.Step();  // open + first frame (320×240 against 640×480)
  loop.Step();
  EXPECT_EQ(loop.stats().bad_frames, 2);
  EXPECT_TRUE(sink.reports.empty());
}

}  // namespace
}  // namespace cs::vision

namespace cs::vision {
namespace {

class RecordingHeatmaps final : public HeatmapSink {
 public:
  absl::Status Publish(const std::string& camera_id, const std::string& png) override {
    published.emplace_back(camera_id, png);
    return absl::OkStatus();
  }
  std::vector<std::pair<std::string, std::string>> published;
};

TEST(CameraLoopTest, PublishesAHeatmapPngEveryFewSecondsNotEveryFrame) {
  RecordingSink sink;
  RecordingHeatmaps heatmaps;
  ManualClock clock(FromMillis(1'700'000'000'000));
  LoopOptions options;
  options.heatmaps = &heatmaps;
  options.heatmap_every = 2s;
  CameraLoop loop("cam-test", std::make_unique<FlakySource>(100, 0), Hog(), sink, clock, options);
  for (int i = 0; i < 10; ++i) {  // a frame every 500 ms: t = 0 .. 4.5 s
    loop.Step();
    clock.Advance(500ms);
  }
  EXPECT_EQ(sink.reports.size(), 10u);
  ASSERT_EQ(heatmaps.published.size(), 3u);  // at 0 s, 2 s and 4 s
  EXPECT_EQ(loop.stats().heatmaps, 3);
  EXPECT_EQ(heatmaps.published[0].first, "cam-test");
  const std::string& png = heatmaps.published[0].second;
  cv::Mat decoded = cv::imdecode(std::vector<uchar>(png.begin(), png.end()), cv::IMREAD_COLOR);
  ASSERT_FALSE(decoded.empty());
  EXPECT_EQ(decoded.cols, 320);
  EXPECT_EQ(decoded.rows, 240);
}

TEST(HeatmapTest, RefusesEmptyInput) {
  EXPECT_FALSE(RenderHeatmapPng(cv::Mat(), cv::Mat(), 0).ok());
  cv::Mat frame(10, 10, CV_8UC1, cv::Scalar(0));
  cv::Mat density(5, 5, CV_32F, cv::Scalar(0));
  auto png = RenderHeatmapPng(frame, density, 0);  // an all-zero map still renders
  ASSERT_TRUE(png.ok());
  EXPECT_EQ(png->substr(1, 3), "PNG");
}

}  // namespace
}  // namespace cs::vision
