// Synthetic crowd scenes with known counts and perspective, so tests need no shared data.
// Deterministic for a seed; a SyntheticScene is single-threaded.
#pragma once

#include <cstdint>
#include <opencv2/core.hpp>
#include <random>
#include <vector>

namespace cs::vision {

struct SyntheticOptions {
  int width = 768;
  int height = 576;
  int min_people = 10;
  int max_people = 60;
  // Person height in pixels grows linearly from top to bottom (perspective).
  double person_px_top = 30;
  double person_px_bottom = 110;
  uint32_t seed = 1;
};

// A fixed camera watching people walk about: each frame has a known count.
class SyntheticScene {
 public:
  explicit SyntheticScene(const SyntheticOptions& options);
  // Renders the next frame (BGR) and returns the number of people whose feet are in view.
  cv::Mat Next(int* count);
  double PersonPx(double foot_y) const;

 private:
  struct Person {
    cv::Point2d foot, velocity;
    cv::Scalar top, bottom;
  };
  void Spawn();

  SyntheticOptions o_;
  std::mt19937 rng_;
  cv::Mat background_;
  std::vector<Person> people_;
  int target_ = 0;
  int frame_ = 0;
};

// A single still of `count` people (no motion), for single-image mode.
cv::Mat SyntheticStill(const SyntheticOptions& options, int count, uint32_t seed);

}  // namespace cs::vision
