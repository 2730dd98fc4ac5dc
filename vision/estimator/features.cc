// Feature maps. Per-camera mode is tuned for speed (>= 100 frames/s per core at 768x576, so it
// runs at half width); single-image mode spends more time on multi-scale texture.
#include "vision/estimator/features.h"

#include <algorithm>
#include <cmath>
#include <opencv2/imgproc.hpp>

#include "absl/strings/str_cat.h"

namespace cs::vision {
namespace {

constexpr int kMaxProcessWidth = 1280;
constexpr double kBlobSigmas[] = {1.0, 2.0, 4.0, 8.0};
// About a person's width at mid-frame at the per-camera processing width (384 px).
constexpr int kCrowdingWindow = 9;

cv::Mat ToFloat(const cv::Mat& m8, double scale) {
  cv::Mat f;
  m8.convertTo(f, CV_32F, scale);
  return f;
}

// Pixels whose 8 neighbours, read in a circle, change brighter/darker more than twice: a cheap
// LBP "non-uniform" indicator that fires on cluttered texture such as packed heads.
cv::Mat NonUniformLbp(const cv::Mat& gray) {
  const int dx[8] = {-1, 0, 1, 1, 1, 0, -1, -1};
  const int dy[8] = {-1, -1, -1, 0, 1, 1, 1, 0};
  cv::Mat padded;
  cv::copyMakeBorder(gray, padded, 1, 1, 1, 1, cv::BORDER_REPLICATE);
  const cv::Rect centre(1, 1, gray.cols, gray.rows);
  cv::Mat bits[8];
  for (int i = 0; i < 8; ++i) {
    cv::Mat shifted = padded(centre + cv::Point(dx[i], dy[i]));
    bits[i] = shifted >= gray;  // 0 or 255
  }
  cv::Mat transitions = cv::Mat::zeros(gray.size(), CV_8U);
  for (int i = 0; i < 8; ++i) {
    cv::Mat diff;
    cv::bitwise_xor(bits[i], bits[(i + 1) % 8], diff);
    cv::add(transitions, diff / 255, transitions);
  }
  cv::Mat out = transitions > 2;
  return ToFloat(out, 1.0 / 255);
}

// Foreground weighted by the foreground share of its neighbourhood. Where people stand packed
// they hide each other, so each visible pixel stands for more people than in a sparse spot;
// this lets a linear model bend the count-per-pixel upward with local density.
cv::Mat Crowding(const cv::Mat& fg01) {
  cv::Mat local;
  cv::boxFilter(fg01, local, CV_32F, {kCrowdingWindow, kCrowdingWindow});
  return fg01.mul(local);
}

// A processing pixel belongs to a polygon when its centre (in input coordinates) lies inside.
// The centre is nudged by a tiny, irrational-looking offset so that a centre on an edge shared
// by two regions goes to exactly one of them: adjacent regions then add up to their union
// (cv::fillPoly paints both edges, so tiled regions counted their borders twice).
void RasterisePolygon(const std::vector<cv::Point2d>& polygon, double scale, cv::Mat* mask) {
  std::vector<cv::Point2f> poly(polygon.begin(), polygon.end());
  const cv::Rect box = cv::boundingRect(poly);
  const int x0 = std::max(0, int(std::floor(box.x * scale)) - 1);
  const int y0 = std::max(0, int(std::floor(box.y * scale)) - 1);
  const int x1 = std::min(mask->cols, int(std::ceil((box.x + box.width) * scale)) + 1);
  const int y1 = std::min(mask->rows, int(std::ceil((box.y + box.height) * scale)) + 1);
  for (int y = y0; y < y1; ++y) {
    uint8_t* row = mask->ptr<uint8_t>(y);
    for (int x = x0; x < x1; ++x) {
      const cv::Point2f centre(float((x + 0.5) / scale + 1.3e-3),
                               float((y + 0.5) / scale + 0.7e-3));
      if (cv::pointPolygonTest(poly, centre, false) > 0) row[x] = 255;
    }
  }
}

}  // namespace

const char* ModeName(Mode mode) { return mode == Mode::kPerCamera ? "per_camera" : "single_image"; }

absl::StatusOr<Mode> ParseMode(const std::string& name) {
  if (name == "per_camera") return Mode::kPerCamera;
  if (name == "single_image") return Mode::kSingleImage;
  return absl::InvalidArgumentError(
      absl::StrCat("mode: '", name, "' is not per_camera or single_image"));
}

const std::vector<FeatureInfo>& Features(Mode mode) {
  static const std::vector<FeatureInfo> kPerCamera = {
      {"area", 2},        {"foreground", 2},  {"foreground_edges", 1}, {"all_edges", 1},
      {"fg_boundary", 1}, {"fg_gradient", 1}, {"fg_crowding", 2},
  };
  static const std::vector<FeatureInfo> kSingle = {
      {"area", 2},           {"gradient", 1},      {"edges_low", 1},     {"edges_high", 1},
      {"blobs_s1", 0},       {"blobs_s2", 0},      {"blobs_s4", 0},      {"blobs_s8", 0},
      {"dog_energy_s1", 2},  {"dog_energy_s2", 2}, {"dog_energy_s4", 2}, {"dog_energy_s8", 2},
      {"lbp_nonuniform", 2}, {"local_std", 2},
  };
  return mode == Mode::kPerCamera ? kPerCamera : kSingle;
}

absl::Status CheckFrame(const cv::Mat& frame) {
  if (frame.empty() || frame.cols <= 0 || frame.rows <= 0) {
    return absl::InvalidArgumentError("frame: is empty (zero size)");
  }
  if (frame.depth() != CV_8U) {
    return absl::InvalidArgumentError("frame: must be 8-bit per channel");
  }
  if (frame.channels() != 1 && frame.channels() != 3) {
    return absl::InvalidArgumentError(
        absl::StrCat("frame: has ", frame.channels(), " channels, expected 1 (gray) or 3 (BGR)"));
  }
  if (frame.cols > 16384 || frame.rows > 16384) {
    return absl::InvalidArgumentError(
        absl::StrCat("frame: ", frame.cols, "x", frame.rows, " is larger than 16384"));
  }
  return absl::OkStatus();
}

FeatureExtractor::FeatureExtractor(Mode mode, int process_width)
    : mode_(mode), process_width_(std::max(0, process_width)) {
  Reset();
}

void FeatureExtractor::Reset() {
  if (mode_ == Mode::kPerCamera) {
    background_ = cv::createBackgroundSubtractorMOG2(/*history=*/1000, /*varThreshold=*/16,
                                                     /*detectShadows=*/true);
  }
  last_size_ = {};
}

cv::Size FeatureExtractor::ProcessSize(cv::Size input) const {
  int w = process_width_ > 0 ? std::min(process_width_, input.width) : input.width;
  w = std::min(w, kMaxProcessWidth);
  const int h = std::max(1, int(std::lround(double(input.height) * w / input.width)));
  return {std::max(1, w), h};
}

absl::Status FeatureExtractor::Compute(const cv::Mat& frame, std::vector<cv::Mat>* maps) {
  if (auto st = CheckFrame(frame); !st.ok()) return st;
  const cv::Size ps = ProcessSize(frame.size());
  if (mode_ == Mode::kPerCamera && last_size_ != cv::Size() && last_size_ != frame.size()) {
    return absl::InvalidArgumentError(absl::StrCat("frame: size changed from ", last_size_.width,
                                                   "x", last_size_.height, " to ", frame.cols, "x",
                                                   frame.rows, " in one video"));
  }
  last_size_ = frame.size();
  cv::Mat small;
  if (ps != frame.size()) {
    cv::resize(frame, small, ps, 0, 0, cv::INTER_AREA);
  } else {
    small = frame;
  }
  cv::Mat gray;
  if (small.channels() == 3) {
    cv::cvtColor(small, gray, cv::COLOR_BGR2GRAY);
  } else {
    gray = small;
  }
  maps->clear();
  if (mode_ == Mode::kPerCamera) {
    ComputePerCamera(gray, small, maps);
  } else {
    ComputeSingleImage(gray, maps);
  }
  return absl::OkStatus();
}

void FeatureExtractor::ComputePerCamera(const cv::Mat& gray, const cv::Mat& color,
                                        std::vector<cv::Mat>* maps) {
  cv::Mat fg_raw, fg;
  background_->apply(color, fg_raw);
  cv::threshold(fg_raw, fg, 200, 255, cv::THRESH_BINARY);  // drop shadows (127)
  cv::Mat edges;
  cv::Canny(gray, edges, 60, 150);
  cv::Mat fg_edges;
  cv::bitwise_and(edges, fg, fg_edges);
  cv::Mat boundary;
  cv::morphologyEx(fg, boundary, cv::MORPH_GRADIENT,
                   cv::getStructuringElement(cv::MORPH_RECT, {3, 3}));
  cv::Mat gx, gy, mag;
  cv::Sobel(gray, gx, CV_16S, 1, 0);
  cv::Sobel(gray, gy, CV_16S, 0, 1);
  cv::Mat ax, ay;
  cv::convertScaleAbs(gx, ax);
  cv::convertScaleAbs(gy, ay);
  cv::add(ax, ay, mag);
  cv::Mat fg_mag;
  mag.copyTo(fg_mag, fg);

  maps->push_back(cv::Mat(gray.size(), CV_32F, cv::Scalar(1.0)));
  maps->push_back(ToFloat(fg, 1.0 / 255));
  maps->push_back(ToFloat(fg_edges, 1.0 / 255));
  maps->push_back(ToFloat(edges, 1.0 / 255));
  maps->push_back(ToFloat(boundary, 1.0 / 255));
  maps->push_back(ToFloat(fg_mag, 1.0 / 255));
  maps->push_back(Crowding((*maps)[1]));
}

void FeatureExtractor::ComputeSingleImage(const cv::Mat& gray, std::vector<cv::Mat>* maps) {
  cv::Mat g32;
  gray.convertTo(g32, CV_32F);
  maps->push_back(cv::Mat(gray.size(), CV_32F, cv::Scalar(1.0 / 1024)));

  cv::Mat gx, gy, mag;
  cv::Sobel(g32, gx, CV_32F, 1, 0);
  cv::Sobel(g32, gy, CV_32F, 0, 1);
  cv::magnitude(gx, gy, mag);
  maps->push_back(mag / 1024.0);

  cv::Mat e1, e2;
  cv::Canny(gray, e1, 40, 120);
  cv::Canny(gray, e2, 80, 240);
  maps->push_back(ToFloat(e1, 1.0 / 255));
  maps->push_back(ToFloat(e2, 1.0 / 255));

  // Difference of Gaussians at head-like scales: local extrema count blobs, |DoG| measures
  // how much structure sits at that scale.
  std::vector<cv::Mat> energies;
  for (double s : kBlobSigmas) {
    cv::Mat a, b;
    cv::GaussianBlur(g32, a, {0, 0}, s);
    cv::GaussianBlur(g32, b, {0, 0}, s * 1.6);
    cv::Mat dog = cv::abs(a - b);
    cv::Mat dil;
    const int k = 2 * int(std::ceil(s)) + 1;
    cv::dilate(dog, dil, cv::getStructuringElement(cv::MORPH_RECT, {k, k}));
    cv::Mat peaks = (dog >= dil) & (dog > 2.0);
    maps->push_back(ToFloat(peaks, 1.0 / 255));
    energies.push_back(dog / 256.0);
  }
  for (auto& e : energies) maps->push_back(e);

  maps->push_back(NonUniformLbp(gray));

  cv::Mat mean, sq_mean;
  cv::boxFilter(g32, mean, CV_32F, {7, 7});
  cv::boxFilter(g32.mul(g32), sq_mean, CV_32F, {7, 7});
  cv::Mat var = sq_mean - mean.mul(mean);
  cv::Mat sd;
  cv::sqrt(cv::max(var, 0.0), sd);
  maps->push_back(sd / 256.0);
}

RegionWeights RegionWeights::Build(const Camera& camera, cv::Size input, cv::Size process) {
  RegionWeights rw;
  const double scale = double(process.width) / input.width;
  // Perspective weight w = ref / (person height in processing pixels). Without perspective the
  // nominal height is a fifth of the frame, so weights stay of order one.
  cv::Mat w1(process, CV_32F);
  const double nominal = 0.2 * process.height;
  for (int y = 0; y < process.height; ++y) {
    float* row = w1.ptr<float>(y);
    for (int x = 0; x < process.width; ++x) {
      double h = camera.PersonHeightPx({(x + 0.5) / scale, (y + 0.5) / scale}) * scale;
      if (!(h > 0)) h = nominal;
      row[x] = float(nominal / std::max(h, 0.5));
    }
  }
  rw.weight_[0] = cv::Mat(process, CV_32F, cv::Scalar(1));
  rw.weight_[1] = w1;
  rw.weight_[2] = w1.mul(w1);
  // The ROI at processing size: INTER_AREA keeps the fraction of each pixel that lies inside.
  cv::Mat roi;
  if (!camera.roi_mask().empty()) {
    cv::Mat small;
    cv::resize(camera.roi_mask(), small, process, 0, 0, cv::INTER_AREA);
    roi = ToFloat(small, 1.0 / 255);
  }
  for (const auto& r : camera.regions()) {
    cv::Mat mask(process, CV_8U, cv::Scalar(0));
    if (r.polygon.empty()) {
      mask.setTo(255);
    } else {
      RasterisePolygon(r.polygon, scale, &mask);
    }
    cv::Mat m = ToFloat(mask, 1.0 / 255);
    if (!roi.empty()) m = m.mul(roi);
    rw.rw_.push_back({m, m.mul(rw.weight_[1]), m.mul(rw.weight_[2])});
    rw.masks_.push_back(m);
  }
  return rw;
}

std::vector<std::vector<double>> RegionWeights::Sum(Mode mode,
                                                    const std::vector<cv::Mat>& maps) const {
  const auto& info = Features(mode);
  std::vector<std::vector<double>> out(masks_.size(), std::vector<double>(maps.size(), 0));
  for (size_t r = 0; r < masks_.size(); ++r) {
    for (size_t k = 0; k < maps.size() && k < info.size(); ++k) {
      out[r][k] = maps[k].dot(rw_[r][info[k].perspective_power]);
    }
  }
  return out;
}

}  // namespace cs::vision
