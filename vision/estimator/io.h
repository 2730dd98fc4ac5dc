// Reading images, label CSVs and head-point JSON with clear errors for bad input.
// Free functions; thread-safe.
#pragma once

#include <map>
#include <opencv2/core.hpp>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace cs::vision {

// Decodes an image file; refuses corrupt or truncated JPEG/PNG files (a decoder would otherwise
// return a half-grey picture).
absl::StatusOr<cv::Mat> LoadImage(const std::string& path);
absl::StatusOr<cv::Mat> DecodeImage(const std::vector<unsigned char>& bytes,
                                    const std::string& name);

struct Label {
  std::string key;  // frame index as text, or image path (resolved against the CSV's folder)
  int frame = -1;   // for `frame,count` files
  double count = 0;
};

// Reads `frame,count` or `image,count` (header picks which). Errors name the line and field.
absl::StatusOr<std::vector<Label>> ReadLabelsCsv(const std::string& path, bool* by_frame);

// Reads {"file": [[x, y], ...], ...} as written by the evaluation data.
absl::StatusOr<std::map<std::string, std::vector<cv::Point2f>>> ReadPointsJson(
    const std::string& path);

std::vector<int> ParseFrameList(const std::string& text, bool* ok);

}  // namespace cs::vision
