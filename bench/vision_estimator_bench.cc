// Per-camera mode at 768x576 on one core: frames/s and MAE against OpenCV's HOG people detector
// and the median baseline, on the same synthetic frames in the same run.
//   vision_estimator_bench [frames=600] [demo_dir]
// With demo_dir it also writes demo.avi, labels.csv (frame,count), test_labels.csv and cam.yaml
// so the crowdsafe-vision CLI can be tried on the same scene.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <opencv2/core.hpp>
#include <opencv2/videoio.hpp>
#include <string>

#include "vision/estimator/estimator.h"
#include "vision/estimator/ridge.h"
#include "vision/estimator/synthetic.h"

using namespace cs::vision;
using BenchClock = std::chrono::steady_clock;

int main(int argc, char** argv) {
  const int frames_n = argc > 1 ? std::max(100, std::atoi(argv[1])) : 600;
  const std::string demo = argc > 2 ? argv[2] : "";
  cv::setNumThreads(1);  // per core

  SyntheticOptions opt;
  opt.seed = 11;
  SyntheticScene scene(opt);
  CameraSpec spec;
  spec.id = "bench";
  spec.width = opt.width;
  spec.height = opt.height;
  spec.person_samples = {{{100, 150}, scene.PersonPx(150)}, {{100, 550}, scene.PersonPx(550)}};
  auto cam = Camera::Build(spec);
  if (!cam.ok()) return std::fprintf(stderr, "%s\n", cam.status().ToString().c_str()), 1;

  std::vector<cv::Mat> frames;
  std::vector<double> truth;
  for (int i = 0; i < frames_n; ++i) {
    int n = 0;
    frames.push_back(scene.Next(&n));
    truth.push_back(n);
  }
  // 15 labelled frames spread over the video, after a 50-frame warm-up.
  std::vector<int> train;
  for (int i = 0; i < 15; ++i) train.push_back(50 + i * (frames_n - 60) / 15);

  auto fx = Estimator::Create(*cam, UnfittedModel(Mode::kPerCamera, 384));
  std::vector<std::vector<double>> rows;
  std::vector<double> y;
  {
    size_t t = 0;
    for (int i = 0; i < frames_n && t < train.size(); ++i) {
      auto f = fx->FrameFeatures(frames[i]);
      if (i == train[t]) rows.push_back(*f), y.push_back(truth[i]), ++t;
    }
  }
  auto model = FitModel(Mode::kPerCamera, 384, rows, y, {}, 5);
  if (!model.ok()) return std::fprintf(stderr, "%s\n", model.status().ToString().c_str()), 1;

  auto est = Estimator::Create(*cam, *model);
  std::vector<double> pred(frames_n);
  const auto t0 = BenchClock::now();
  for (int i = 0; i < frames_n; ++i) pred[i] = est->Estimate(frames[i])->count;
  const double reg_s = std::chrono::duration<double>(BenchClock::now() - t0).count();

  // The same test frames for all three counters: every 20th frame past warm-up, not labelled.
  std::vector<int> test;
  for (int i = 60; i < frames_n; i += 20) {
    if (std::find(train.begin(), train.end(), i) == train.end()) test.push_back(i);
  }
  auto hog = Estimator::CreateHog(*cam);
  std::vector<double> hog_pred;
  const auto t1 = BenchClock::now();
  for (int i : test) hog_pred.push_back(hog->Estimate(frames[i])->count);
  const double hog_s = std::chrono::duration<double>(BenchClock::now() - t1).count();

  double mae = 0, hog_mae = 0, base_mae = 0, rel = 0;
  for (size_t k = 0; k < test.size(); ++k) {
    const double t = truth[test[k]];
    mae += std::abs(pred[test[k]] - t);
    rel += std::abs(pred[test[k]] - t) / std::max(1.0, t);
    hog_mae += std::abs(hog_pred[k] - t);
    base_mae += std::abs(model->train_median - t);
  }
  const double n = double(test.size());
  std::printf("frames %d at %dx%d, test frames %zu, mean count %.1f\n", frames_n, opt.width,
              opt.height, test.size(), [&] {
                double s = 0;
                for (int i : test) s += truth[i];
                return s / n;
              }());
  std::printf("regression  %8.1f frames/s  MAE %6.2f  rel MAE %.3f\n", frames_n / reg_s, mae / n,
              rel / n);
  std::printf("hog         %8.1f frames/s  MAE %6.2f\n", n / hog_s, hog_mae / n);
  std::printf("median      %8s            MAE %6.2f  (answers %.1f)\n", "-", base_mae / n,
              model->train_median);
  std::printf("speed ratio regression/hog: %.1fx\n", (frames_n / reg_s) / (n / hog_s));

  if (!demo.empty()) {
    cv::VideoWriter w(demo + "/demo.avi", cv::VideoWriter::fourcc('M', 'J', 'P', 'G'), 25,
                      cv::Size(opt.width, opt.height));
    if (!w.isOpened()) return std::fprintf(stderr, "cannot write %s/demo.avi\n", demo.c_str()), 1;
    for (const auto& f : frames) w.write(f);
    std::ofstream l(demo + "/labels.csv"), tl(demo + "/test_labels.csv");
    l << "frame,count\n";
    tl << "frame,count\n";
    for (int i : train) l << i << "," << truth[i] << "\n";
    for (int i : test) tl << i << "," << truth[i] << "\n";
    std::ofstream c(demo + "/cam.yaml");
    c << "id: bench\nimage_size: [" << opt.width << ", " << opt.height << "]\n"
      << "person_heights:\n  - {foot: [100, 150], height_px: " << scene.PersonPx(150)
      << "}\n  - {foot: [100, 550], height_px: " << scene.PersonPx(550) << "}\n"
      << "points:\n  - {image: [0, 576], ground: [0, 0]}\n"
      << "  - {image: [768, 576], ground: [20, 0]}\n"
      << "  - {image: [600, 115], ground: [20, 30]}\n"
      << "  - {image: [168, 115], ground: [0, 30]}\n"
      << "regions:\n  - {id: west, zone: penguin, polygon: [[0,115],[384,115],[384,576],[0,576]]}\n"
      << "  - {id: east, zone: penguin, polygon: [[384,115],[768,115],[768,576],[384,576]]}\n";
    std::printf("demo written to %s\n", demo.c_str());
  }
  return 0;
}
