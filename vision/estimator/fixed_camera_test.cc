// Issue 19, counting from real fixed cameras: the region of interest, regions that tile the
// frame without double counting, the crowding feature, contiguous cross-validation folds for
// video, and count smoothing. Each test fails if its feature or normalisation is removed.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <opencv2/imgcodecs.hpp>

#include "vision/estimator/estimator.h"
#include "vision/estimator/features.h"
#include "vision/estimator/model.h"
#include "vision/estimator/ridge.h"
#include "vision/estimator/smoothing.h"

namespace cs::vision {
namespace {

using ::testing::HasSubstr;

constexpr int kW = 320, kH = 240;

int FeatureIndex(const std::string& name) {
  const auto& f = Features(Mode::kPerCamera);
  for (size_t i = 0; i < f.size(); ++i)
    if (f[i].name == name) return int(i);
  return -1;
}

CameraSpec Spec() {
  CameraSpec s;
  s.id = "cam";
  s.width = kW, s.height = kH;
  return s;
}

// Sum of the "area" map (1 per processing pixel) per region: the region's size in pixels.
std::vector<double> AreaSums(const Camera& cam) {
  FeatureExtractor fx(Mode::kPerCamera, 0);
  std::vector<cv::Mat> maps;
  EXPECT_TRUE(fx.Compute(cv::Mat(kH, kW, CV_8UC3, cv::Scalar(90, 90, 90)), &maps).ok());
  const RegionWeights w = RegionWeights::Build(cam, {kW, kH}, {kW, kH});
  std::vector<double> out;
  for (const auto& r : w.Sum(Mode::kPerCamera, maps)) out.push_back(r[FeatureIndex("area")]);
  return out;
}

TEST(VisionFixedCameraTest, RoiMaskRestrictsEveryRegion) {
  CameraSpec s = Spec();
  s.roi_mask = cv::Mat(kH, kW, CV_8U, cv::Scalar(0));
  s.roi_mask(cv::Rect(0, 0, kW / 4, kH)).setTo(7);  // any non-zero value is inside
  auto cam = Camera::Build(s);
  ASSERT_TRUE(cam.ok()) << cam.status();
  EXPECT_NEAR(AreaSums(*cam)[0], kW / 4 * kH, 1e-3);
  s.roi_mask = cv::Mat();
  auto whole = Camera::Build(s);
  ASSERT_TRUE(whole.ok());
  EXPECT_NEAR(AreaSums(*whole)[0], kW * kH, 1e-3);
}

TEST(VisionFixedCameraTest, RoiMaskMustFitTheFrameAndHaveAnInside) {
  CameraSpec s = Spec();
  s.roi_mask = cv::Mat(kH / 2, kW, CV_8U, cv::Scalar(255));
  auto bad = Camera::Build(s);
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(std::string(bad.status().message()), HasSubstr("roi_mask"));
  s.roi_mask = cv::Mat(kH, kW, CV_8U, cv::Scalar(0));
  EXPECT_FALSE(Camera::Build(s).ok());
  s.roi_mask = cv::Mat(kH, kW, CV_8UC3, cv::Scalar(255, 255, 255));
  EXPECT_FALSE(Camera::Build(s).ok());
}

TEST(VisionFixedCameraTest, RoiMaskIsReadFromTheYamlFolder) {
  const auto dir = std::filesystem::path(::testing::TempDir()) / "vision_roi_cam";
  std::filesystem::create_directories(dir);
  cv::Mat mask(kH, kW, CV_8U, cv::Scalar(0));
  mask(cv::Rect(0, 0, kW / 2, kH / 2)).setTo(255);
  ASSERT_TRUE(cv::imwrite((dir / "roi.png").string(), mask));
  std::ofstream((dir / "cam.yaml").string())
      << "id: c\nimage_size: [320, 240]\nroi_mask: roi.png\n";
  auto cam = LoadCameraYaml((dir / "cam.yaml").string());
  ASSERT_TRUE(cam.ok()) << cam.status();
  EXPECT_EQ(cv::countNonZero(cam->roi_mask()), kW / 2 * kH / 2);
  std::ofstream((dir / "bad.yaml").string()) << "id: c\nimage_size: [320, 240]\nroi_mask: no.png\n";
  auto bad = LoadCameraYaml((dir / "bad.yaml").string());
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(std::string(bad.status().message()), HasSubstr("roi_mask"));
}

TEST(VisionFixedCameraTest, TiledRegionsAddUpToTheFrame) {
  // A 3x3 grid whose edges fall on fractional processing pixels (the frame is processed at
  // 200 px wide): every pixel must belong to exactly one cell.
  CameraSpec s = Spec();
  for (int gy = 0; gy < 3; ++gy) {
    for (int gx = 0; gx < 3; ++gx) {
      const double x0 = gx * kW / 3.0, x1 = (gx + 1) * kW / 3.0;
      const double y0 = gy * kH / 3.0, y1 = (gy + 1) * kH / 3.0;
      s.regions.push_back(
          {"c" + std::to_string(gy * 3 + gx), "", {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}}, {}});
    }
  }
  auto cam = Camera::Build(s);
  ASSERT_TRUE(cam.ok()) << cam.status();
  for (int width : {kW, 200}) {
    FeatureExtractor fx(Mode::kPerCamera, width);
    const cv::Size ps = fx.ProcessSize({kW, kH});
    std::vector<cv::Mat> maps;
    ASSERT_TRUE(fx.Compute(cv::Mat(kH, kW, CV_8UC3, cv::Scalar(90, 90, 90)), &maps).ok());
    const auto sums = RegionWeights::Build(*cam, {kW, kH}, ps).Sum(Mode::kPerCamera, maps);
    double total = 0;
    for (const auto& r : sums) total += r[FeatureIndex("area")];
    EXPECT_NEAR(total, ps.area(), 1e-3) << "width " << width;
  }
}

TEST(VisionFixedCameraTest, CrowdingWeighsPackedForegroundAboveScatteredForeground) {
  // The same number of foreground pixels, packed into one block or scattered as small dots:
  // "foreground" cannot tell them apart, "fg_crowding" must.
  auto crowding_per_fg = [](bool packed) {
    FeatureExtractor fx(Mode::kPerCamera, 0);
    std::vector<cv::Mat> maps;
    const cv::Mat empty(kH, kW, CV_8UC3, cv::Scalar(40, 40, 40));
    for (int i = 0; i < 30; ++i) EXPECT_TRUE(fx.Compute(empty, &maps).ok());  // learn background
    cv::Mat frame = empty.clone();
    if (packed) {
      frame(cv::Rect(100, 80, 40, 40)).setTo(cv::Scalar(230, 230, 230));
    } else {
      for (int k = 0; k < 192; ++k) {  // 3x3 dots 20 px apart: 1728 pixels against 1600
        frame(cv::Rect(5 + (k % 16) * 20, 5 + (k / 16) * 20, 3, 3))
            .setTo(cv::Scalar(230, 230, 230));
      }
    }
    EXPECT_TRUE(fx.Compute(frame, &maps).ok());
    const double fg = cv::sum(maps[FeatureIndex("foreground")])[0];
    EXPECT_GT(fg, 1000);
    return cv::sum(maps[FeatureIndex("fg_crowding")])[0] / fg;
  };
  const double packed = crowding_per_fg(true), scattered = crowding_per_fg(false);
  EXPECT_GT(packed, 0.5);
  EXPECT_LT(scattered, 0.5 * packed);
}

TEST(VisionFixedCameraTest, ContiguousFoldsHoldOutWholeStretchesOfVideo) {
  // The count drifts from 1 (first half) to 3 (second half) with nothing in the feature to say
  // so. Contiguous 2-fold CV trains on one half and misses the other by up to 2 (less where the
  // penalty shrinks); interleaved folds see both halves in training and miss by about 1.
  std::vector<std::vector<double>> rows(10, std::vector<double>{1.0});
  std::vector<double> y = {1, 1, 1, 1, 1, 3, 3, 3, 3, 3};
  auto contiguous = FitRidge(rows, y, {}, 2, /*contiguous_folds=*/true);
  auto interleaved = FitRidge(rows, y, {}, 2, /*contiguous_folds=*/false);
  ASSERT_TRUE(contiguous.ok() && interleaved.ok());
  EXPECT_GT(contiguous->cv_mae, 1.3);
  EXPECT_GT(contiguous->cv_mae, interleaved->cv_mae + 0.3);
}

TEST(VisionFixedCameraTest, SmootherAveragesCausallyAndStartsAtTheFirstValue) {
  CountSmoother pass(1.0);
  EXPECT_DOUBLE_EQ(pass.Add(5), 5);
  EXPECT_DOUBLE_EQ(pass.Add(9), 9);
  CountSmoother s(0.25);
  EXPECT_DOUBLE_EQ(s.Add(10), 10);  // no climb from zero
  EXPECT_DOUBLE_EQ(s.Add(20), 12.5);
  EXPECT_DOUBLE_EQ(s.Add(20), 12.5 + 0.25 * 7.5);
  s.Reset();
  EXPECT_DOUBLE_EQ(s.Add(3), 3);
}

TEST(VisionFixedCameraTest, EstimatorSmoothsEachRegionAndModelKeepsTheSetting) {
  CameraSpec spec = Spec();
  auto cam = Camera::Build(spec);
  ASSERT_TRUE(cam.ok());
  Model m = UnfittedModel(Mode::kPerCamera, 0);
  m.weights[FeatureIndex("area")] = 1.0 / (kW * kH);  // 1 per frame
  m.weights[FeatureIndex("all_edges")] = 0.01;        // plus 1 per 100 edge pixels
  m.smoothing = 0.5;
  auto est = Estimator::Create(*cam, m);
  ASSERT_TRUE(est.ok()) << est.status();
  const cv::Mat flat(kH, kW, CV_8UC3, cv::Scalar(90, 90, 90));
  cv::Mat lines = flat.clone();
  for (int x = 10; x < kW; x += 20) lines.col(x).setTo(cv::Scalar(250, 250, 250));
  const double c0 = est->Estimate(flat)->count;
  EXPECT_NEAR(c0, 1.0, 1e-6);
  auto raw = Estimator::Create(*cam, [&] {
    Model r = m;
    r.smoothing = 1;
    return r;
  }());
  (void)raw->Estimate(flat);
  const double unsmoothed = raw->Estimate(lines)->count;
  ASSERT_GT(unsmoothed, 2.0);
  EXPECT_NEAR(est->Estimate(lines)->count, 0.5 * (c0 + unsmoothed), 1e-6);

  const std::string path = ::testing::TempDir() + "/vision_smoothing_model.yaml";
  ASSERT_TRUE(SaveModel(m, path).ok());
  auto back = LoadModel(path);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_DOUBLE_EQ(back->smoothing, 0.5);
  m.smoothing = 0;
  EXPECT_FALSE(Estimator::Create(*cam, m).ok());
  ASSERT_TRUE(SaveModel(m, path).ok());
  auto bad = LoadModel(path);
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(std::string(bad.status().message()), HasSubstr("smoothing"));
}

}  // namespace
}  // namespace cs::vision
