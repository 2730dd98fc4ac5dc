// One camera of vision-worker: read a frame from the source, estimate, report to crowd-service,
// and keep going when the source drops (reconnect with exponential backoff) or crowd-service
// is briefly away (the report is dropped and counted: a density reading is only worth sending
// fresh). The loop is driven by Step() so tests need no threads and no sleeping; the worker's
// thread sleeps for the delay Step() returns.
//
// Thread-safety: one CameraLoop per thread.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include <opencv2/core.hpp>

#include "absl/status/status.h"
#include "common/clock.h"
#include "vision/estimator/estimator.h"
#include "vision/worker/heatmap.h"

namespace cs::vision {

// Where frames come from: a file, an RTSP URL or a device number (cv::VideoCapture).
class FrameSource {
 public:
  virtual ~FrameSource() = default;
  virtual bool Open() = 0;
  // False when the source is lost (end of file, network drop, unplugged device).
  virtual bool Read(cv::Mat& frame) = 0;
  virtual void Close() = 0;
};

std::unique_ptr<FrameSource> VideoCaptureSource(const std::string& spec);

// Where estimates go: crowd-service's ReportDensity in production.
struct RegionReport {
  std::string region_id;
  double count = 0;
  double area_m2 = 0;  // 0 when the camera is uncalibrated
};
struct CameraReport {
  std::string camera_id;
  TimePoint captured_at;
  std::vector<RegionReport> regions;
  double fps = 0;    // the worker's processing rate, frames/s
  double lag_s = 0;  // capture to report, seconds
};
class ReportSink {
 public:
  virtual ~ReportSink() = default;
  virtual absl::Status Send(const CameraReport& report) = 0;
};

struct LoopOptions {
  double fps = 5;  // frames estimated per second; the source is read no faster
  Duration backoff_min = std::chrono::milliseconds(500);
  Duration backoff_max = std::chrono::seconds(10);
  // Where the latest heatmap goes (none when null), and how often one is rendered.
  HeatmapSink* heatmaps = nullptr;
  Duration heatmap_every = std::chrono::seconds(2);
};

struct LoopStats {
  int64_t frames = 0;
  int64_t reports_sent = 0;
  int64_t reports_failed = 0;
  int64_t bad_frames = 0;
  int64_t reconnects = 0;
  int64_t heatmaps = 0;  // published
  double fps = 0;    // exponential moving average of the processing rate
  double lag_s = 0;  // of the last report
  bool connected = false;
};

class CameraLoop {
 public:
  CameraLoop(std::string camera_id, std::unique_ptr<FrameSource> source, Estimator estimator,
             ReportSink& sink, const Clock& clock, LoopOptions options = {});

  // Does one unit of work (open, or read-estimate-report) and returns how long to wait before
  // the next call.
  Duration Step();
  // Closes the source while another worker reads the camera (camera_assignment.h); the next
  // Step opens it again.
  void Pause();
  const LoopStats& stats() const { return stats_; }

 private:
  Duration LoseSource();

  std::string camera_id_;
  std::unique_ptr<FrameSource> source_;
  Estimator estimator_;
  ReportSink& sink_;
  const Clock& clock_;
  LoopOptions options_;
  LoopStats stats_;
  Duration backoff_{0};
  TimePoint last_frame_{};
  TimePoint last_heatmap_{};
};

}  // namespace cs::vision
