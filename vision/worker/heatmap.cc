#include "vision/worker/heatmap.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "common/redis/redis_keys.h"

namespace cs::vision {

absl::StatusOr<std::string> RenderHeatmapPng(const cv::Mat& frame, const cv::Mat& density,
                                             double count) {
  if (frame.empty() || density.empty()) return absl::InvalidArgumentError("heatmap: empty input");
  cv::Mat scaled;
  cv::resize(density, scaled, frame.size(), 0, 0, cv::INTER_LINEAR);
  double max_value = 0;
  cv::minMaxLoc(scaled, nullptr, &max_value);
  cv::Mat grey, colour, base, blended;
  // Scaled to this frame's own maximum: the picture shows where people are, the number how many.
  scaled.convertTo(grey, CV_8U, max_value > 0 ? 255.0 / max_value : 0.0);
  cv::applyColorMap(grey, colour, cv::COLORMAP_JET);
  if (frame.channels() == 1) {
    cv::cvtColor(frame, base, cv::COLOR_GRAY2BGR);
  } else {
    base = frame;
  }
  cv::addWeighted(base, 0.6, colour, 0.4, 0, blended);
  cv::putText(blended, "count " + std::to_string(static_cast<long>(count + 0.5)), {8, 24},
              cv::FONT_HERSHEY_SIMPLEX, 0.7, cv::Scalar(255, 255, 255), 2);
  std::vector<uchar> png;
  if (!cv::imencode(".png", blended, png)) return absl::InternalError("heatmap: PNG encode failed");
  return std::string(png.begin(), png.end());
}

absl::Status RedisHeatmapStore::Publish(const std::string& camera_id, const std::string& png) {
  auto reply = redis_.Command(
      {"SET", VenueKey(venue_id_, "heatmap:" + camera_id), png, "EX", std::to_string(ttl_s_)});
  return reply.ok() ? absl::OkStatus() : reply.status();
}

}  // namespace cs::vision
