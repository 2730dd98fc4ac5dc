#include "vision/worker/camera_loop.h"

#include <algorithm>
#include <cctype>
#include <opencv2/videoio.hpp>

#include "common/logging.h"

namespace cs::vision {
namespace {

class CvSource final : public FrameSource {
 public:
  explicit CvSource(std::string spec) : spec_(std::move(spec)) {}
  bool Open() override {
    bool device = !spec_.empty() && std::all_of(spec_.begin(), spec_.end(), ::isdigit);
    return device ? capture_.open(std::stoi(spec_)) : capture_.open(spec_);
  }
  bool Read(cv::Mat& frame) override { return capture_.isOpened() && capture_.read(frame) && !frame.empty(); }
  void Close() override { capture_.release(); }

 private:
  std::string spec_;
  cv::VideoCapture capture_;
};

}  // namespace

std::unique_ptr<FrameSource> VideoCaptureSource(const std::string& spec) {
  return std::make_unique<CvSource>(spec);
}

CameraLoop::CameraLoop(std::string camera_id, std::unique_ptr<FrameSource> source,
                       Estimator estimator, ReportSink& sink, const Clock& clock,
                       LoopOptions options)
    : camera_id_(std::move(camera_id)),
      source_(std::move(source)),
      estimator_(std::move(estimator)),
      sink_(sink),
      clock_(clock),
      options_(options) {}

Duration CameraLoop::LoseSource() {
  source_->Close();
  stats_.connected = false;
  backoff_ = std::clamp(backoff_ * 2, options_.backoff_min, options_.backoff_max);
  return backoff_;
}

void CameraLoop::Pause() {
  if (!stats_.connected) return;
  source_->Close();
  stats_.connected = false;
  backoff_ = Duration(0);
  CS_LOG_INFO("camera source closed: read by another worker camera={}", camera_id_);
}

Duration CameraLoop::Step() {
  if (!stats_.connected) {
    if (!source_->Open()) {
      Duration wait = LoseSource();
      CS_LOG_WARN("camera source unavailable camera={} retry_ms={}", camera_id_,
                  std::chrono::duration_cast<std::chrono::milliseconds>(wait).count());
      return wait;
    }
    if (stats_.frames > 0 || stats_.reconnects > 0) ++stats_.reconnects;
    stats_.connected = true;
    CS_LOG_INFO("camera source open camera={} reconnects={}", camera_id_, stats_.reconnects);
  }
  cv::Mat frame;
  if (!source_->Read(frame)) {
    CS_LOG_WARN("camera source lost camera={}", camera_id_);
    return LoseSource();
  }
  backoff_ = Duration(0);
  TimePoint captured = clock_.Now();
  const bool want_heatmap = options_.heatmaps != nullptr &&
                            (last_heatmap_ == TimePoint{} ||
                             captured - last_heatmap_ >= options_.heatmap_every);
  cv::Mat density;
  auto estimate = estimator_.Estimate(frame, want_heatmap ? &density : nullptr);
  if (!estimate.ok()) {
    // A bad frame (wrong size after a camera reconfiguration, say) is skipped, not fatal.
    ++stats_.bad_frames;
    CS_LOG_WARN("frame skipped camera={} error=\"{}\"", camera_id_, std::string(estimate.status().message()));
    return std::chrono::duration_cast<Duration>(std::chrono::duration<double>(1.0 / options_.fps));
  }
  ++stats_.frames;
  TimePoint done = clock_.Now();
  if (last_frame_ != TimePoint{}) {
    double dt = std::chrono::duration<double>(done - last_frame_).count();
    if (dt > 0) stats_.fps = stats_.fps == 0 ? 1.0 / dt : 0.8 * stats_.fps + 0.2 / dt;
  }
  last_frame_ = done;

  CameraReport report;
  report.camera_id = camera_id_;
  report.captured_at = captured;
  for (const auto& r : estimate->regions) {
    report.regions.push_back({r.region_id, r.count, r.area_m2.value_or(0)});
  }
  if (want_heatmap && !density.empty()) {
    last_heatmap_ = captured;
    auto png = RenderHeatmapPng(frame, density, estimate->count);
    // A missing picture is not worth failing the report for: log and go on.
    absl::Status published = png.ok() ? options_.heatmaps->Publish(camera_id_, *png) : png.status();
    if (published.ok()) {
      ++stats_.heatmaps;
    } else {
      CS_LOG_WARN("heatmap not stored camera={} error=\"{}\"", camera_id_,
                  std::string(published.message()));
    }
  }
  report.fps = stats_.fps;
  report.lag_s = std::chrono::duration<double>(clock_.Now() - captured).count();
  stats_.lag_s = report.lag_s;
  if (auto s = sink_.Send(report); s.ok()) {
    ++stats_.reports_sent;
  } else {
    ++stats_.reports_failed;
    CS_LOG_WARN("report not delivered camera={} error=\"{}\"", camera_id_, std::string(s.message()));
  }
  auto period = std::chrono::duration_cast<Duration>(std::chrono::duration<double>(1.0 / options_.fps));
  auto spent = clock_.Now() - captured;
  return spent >= period ? Duration(0) : period - spent;
}

}  // namespace cs::vision
