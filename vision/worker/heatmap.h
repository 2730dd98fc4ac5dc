// The latest density heatmap of each camera, for the desk dashboard (mobile-api serves it at
// /v1/cameras/{id}/heatmap.png). The worker renders one every few seconds, not every frame: it is
// a picture for people, and PNG encoding costs more than the estimate itself.
//
// Thread-safety: RenderHeatmapPng is pure; RedisHeatmapStore is as thread-safe as its client.
#pragma once

#include <opencv2/core.hpp>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/redis/redis_client.h"

namespace cs::vision {

// The frame with the density map (CV_32F, any size) blended over it in a JET colour map and the
// count written in a corner, as PNG bytes.
absl::StatusOr<std::string> RenderHeatmapPng(const cv::Mat& frame, const cv::Mat& density,
                                             double count);

class HeatmapSink {
 public:
  virtual ~HeatmapSink() = default;
  virtual absl::Status Publish(const std::string& camera_id, const std::string& png) = 0;
};

// SET cs:{venue:<id>}:heatmap:<camera> <png> EX <ttl>: a stale picture disappears by itself
// when a camera stops, instead of being shown as if it were live.
class RedisHeatmapStore final : public HeatmapSink {
 public:
  RedisHeatmapStore(RedisClient& redis, std::string venue_id, int ttl_s = 30)
      : redis_(redis), venue_id_(std::move(venue_id)), ttl_s_(ttl_s) {}
  absl::Status Publish(const std::string& camera_id, const std::string& png) override;

 private:
  RedisClient& redis_;
  std::string venue_id_;
  int ttl_s_;
};

}  // namespace cs::vision
