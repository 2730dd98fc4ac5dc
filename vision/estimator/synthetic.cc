#include "vision/estimator/synthetic.h"

#include <algorithm>
#include <opencv2/imgproc.hpp>

namespace cs::vision {
namespace {

cv::Mat TexturedBackground(int w, int h, std::mt19937& rng) {
  cv::Mat bg(h, w, CV_8UC3);
  cv::randu(bg, cv::Scalar(90, 90, 90), cv::Scalar(140, 140, 140));
  cv::GaussianBlur(bg, bg, {0, 0}, 2.0);
  // Paving lines give the background real edges that the model must learn to ignore.
  for (int y = 0; y < h; y += 24) cv::line(bg, {0, y}, {w, y}, cv::Scalar(70, 80, 85), 1);
  for (int x = 0; x < w; x += 40) cv::line(bg, {x, 0}, {x, h}, cv::Scalar(70, 80, 85), 1);
  std::uniform_int_distribution<int> px(0, w - 1), py(0, h - 1);
  for (int i = 0; i < 12; ++i) {
    cv::rectangle(bg, cv::Rect(px(rng), py(rng), 30, 20), cv::Scalar(60, 120, 60), cv::FILLED);
  }
  return bg;
}

void DrawPerson(cv::Mat& img, cv::Point2d foot, double h, const cv::Scalar& top,
                const cv::Scalar& bottom) {
  const double w = 0.3 * h;
  const cv::Point c(int(foot.x), int(foot.y));
  cv::ellipse(img, c - cv::Point(0, int(0.25 * h)), cv::Size(int(w / 2.5) + 1, int(0.25 * h) + 1),
              0, 0, 360, bottom, cv::FILLED);
  cv::ellipse(img, c - cv::Point(0, int(0.6 * h)), cv::Size(int(w / 2) + 1, int(0.22 * h) + 1), 0,
              0, 360, top, cv::FILLED);
  cv::circle(img, c - cv::Point(0, int(0.88 * h)), int(0.1 * h) + 1, cv::Scalar(40, 60, 90),
             cv::FILLED);
}

cv::Scalar RandomColour(std::mt19937& rng) {
  std::uniform_int_distribution<int> d(0, 255);
  return cv::Scalar(d(rng), d(rng), d(rng));
}

}  // namespace

SyntheticScene::SyntheticScene(const SyntheticOptions& options) : o_(options), rng_(options.seed) {
  background_ = TexturedBackground(o_.width, o_.height, rng_);
  target_ = (o_.min_people + o_.max_people) / 2;
  for (int i = 0; i < target_; ++i) Spawn();
}

double SyntheticScene::PersonPx(double foot_y) const {
  return o_.person_px_top + (o_.person_px_bottom - o_.person_px_top) * foot_y / o_.height;
}

void SyntheticScene::Spawn() {
  std::uniform_real_distribution<double> ux(0, o_.width), uy(o_.height * 0.2, o_.height), uv(-3, 3);
  Person p;
  p.foot = {ux(rng_), uy(rng_)};
  p.velocity = {uv(rng_), uv(rng_) * 0.5};
  p.top = RandomColour(rng_);
  p.bottom = RandomColour(rng_);
  people_.push_back(p);
}

cv::Mat SyntheticScene::Next(int* count) {
  // The crowd size drifts between min and max so labels vary.
  if (frame_ % 10 == 0) {
    std::uniform_int_distribution<int> t(o_.min_people, o_.max_people);
    target_ = t(rng_);
  }
  ++frame_;
  std::uniform_int_distribution<int> coin(0, 3);
  if (int(people_.size()) < target_ && coin(rng_) != 0) Spawn();
  if (int(people_.size()) < target_ && coin(rng_) != 0) Spawn();
  if (int(people_.size()) > target_ && coin(rng_) != 0) people_.erase(people_.begin());
  if (int(people_.size()) > target_ && coin(rng_) != 0) people_.erase(people_.begin());
  for (auto& p : people_) {
    p.foot += p.velocity;
    if (p.foot.x < 0 || p.foot.x >= o_.width) p.velocity.x = -p.velocity.x;
    if (p.foot.y < o_.height * 0.2 || p.foot.y >= o_.height) p.velocity.y = -p.velocity.y;
    p.foot.x = std::clamp(p.foot.x, 0.0, o_.width - 1.0);
    p.foot.y = std::clamp(p.foot.y, o_.height * 0.2, o_.height - 1.0);
  }
  // Far people first so near ones occlude them, as in a real view.
  std::sort(people_.begin(), people_.end(),
            [](const Person& a, const Person& b) { return a.foot.y < b.foot.y; });
  cv::Mat img = background_.clone();
  for (const auto& p : people_) DrawPerson(img, p.foot, PersonPx(p.foot.y), p.top, p.bottom);
  cv::Mat noise(img.size(), CV_8UC3);
  cv::randn(noise, cv::Scalar(0, 0, 0), cv::Scalar(3, 3, 3));
  cv::add(img, noise, img);
  *count = int(people_.size());
  return img;
}

cv::Mat SyntheticStill(const SyntheticOptions& options, int count, uint32_t seed) {
  std::mt19937 rng(seed);
  cv::Mat img = TexturedBackground(options.width, options.height, rng);
  std::uniform_real_distribution<double> ux(0, options.width),
      uy(options.height * 0.2, options.height);
  std::vector<cv::Point2d> feet;
  for (int i = 0; i < count; ++i) feet.emplace_back(ux(rng), uy(rng));
  std::sort(feet.begin(), feet.end(), [](auto& a, auto& b) { return a.y < b.y; });
  for (const auto& f : feet) {
    const double h = options.person_px_top +
                     (options.person_px_bottom - options.person_px_top) * f.y / options.height;
    DrawPerson(img, f, h, RandomColour(rng), RandomColour(rng));
  }
  return img;
}

}  // namespace cs::vision
