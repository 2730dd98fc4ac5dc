#include "vision/estimator/estimator.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "vision/estimator/ridge.h"
#include "vision/estimator/synthetic.h"

namespace cs::vision {
namespace {

using ::testing::HasSubstr;

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

CameraSpec Spec(const std::string& id, int width = 0, int height = 0) {
  CameraSpec spec;
  spec.id = id;
  spec.width = width;
  spec.height = height;
  return spec;
}

Camera SyntheticCamera(const SyntheticScene& scene, int w, int h) {
  CameraSpec spec;
  spec.id = "synthetic";
  spec.width = w;
  spec.height = h;
  // Two measured people give the perspective map the generator used.
  spec.person_samples = {{{100, 150}, scene.PersonPx(150)}, {{100, 550}, scene.PersonPx(550)}};
  Region left{"left", "plaza", {{0, 0}, {384, 0}, {384, 576}, {0, 576}}, 40.0};
  Region right{"right", "plaza", {{384, 0}, {768, 0}, {768, 576}, {384, 576}}, 50.0};
  spec.regions = {left, right};
  auto cam = Camera::Build(spec);
  EXPECT_TRUE(cam.ok()) << cam.status();
  return *cam;
}

TEST(VisionEstimatorTest, PerCameraModeBeatsMedianBaselineOnSyntheticVideo) {
  SyntheticOptions opt;
  opt.seed = 7;
  SyntheticScene scene(opt);
  const Camera cam = SyntheticCamera(scene, opt.width, opt.height);
  auto fx = Estimator::Create(cam, UnfittedModel(Mode::kPerCamera, 384));
  ASSERT_TRUE(fx.ok()) << fx.status();
  std::vector<std::vector<double>> rows;
  std::vector<double> truth;
  std::vector<cv::Mat> frames;
  for (int i = 0; i < 120; ++i) {
    int n = 0;
    cv::Mat f = scene.Next(&n);
    auto feats = fx->FrameFeatures(f);
    ASSERT_TRUE(feats.ok()) << feats.status();
    rows.push_back(*feats);
    truth.push_back(n);
    frames.push_back(f);
  }
  // 12 labelled frames after the background warmed up; the rest is the test set.
  std::vector<std::vector<double>> tr;
  std::vector<double> ty;
  for (int i = 30; i < 120; i += 8) tr.push_back(rows[i]), ty.push_back(truth[i]);
  auto model = FitModel(Mode::kPerCamera, 384, tr, ty, {}, 4);
  ASSERT_TRUE(model.ok()) << model.status();
  double mae = 0, base = 0;
  int n = 0;
  for (int i = 30; i < 120; ++i) {
    if ((i - 30) % 8 == 0) continue;
    mae += std::abs(std::max(0.0, Dot(model->weights, rows[i])) - truth[i]);
    base += std::abs(model->train_median - truth[i]);
    ++n;
  }
  mae /= n, base /= n;
  EXPECT_LT(mae, base) << "model MAE " << mae << " vs median baseline " << base;
  EXPECT_LT(mae, 0.25 * Median(truth));

  // The Estimator on the same frames reproduces the fitted prediction, per region and total.
  auto est = Estimator::Create(cam, *model);
  ASSERT_TRUE(est.ok());
  for (int i = 0; i < 120; ++i) {
    auto e = est->Estimate(frames[i]);
    ASSERT_TRUE(e.ok()) << e.status();
    if (i < 60) continue;
    ASSERT_EQ(e->regions.size(), 2u);
    const double parts = e->regions[0].count + e->regions[1].count;
    EXPECT_NEAR(e->count, parts, 1e-6);
    EXPECT_NEAR(parts, std::max(0.0, Dot(model->weights, rows[i])), 1.0 + 0.05 * parts);
    ASSERT_TRUE(e->regions[0].density.has_value());
    EXPECT_NEAR(*e->regions[0].density, e->regions[0].count / 40.0, 1e-9);
  }
}

TEST(VisionEstimatorTest, SingleImageModeLearnsDensityFromStills) {
  SyntheticOptions opt;
  opt.width = 480;
  opt.height = 360;
  opt.person_px_top = 20;
  opt.person_px_bottom = 60;
  auto cam = Camera::Build(Spec("stills"));
  ASSERT_TRUE(cam.ok());
  auto fx = Estimator::Create(*cam, UnfittedModel(Mode::kSingleImage, 0));
  ASSERT_TRUE(fx.ok());
  std::vector<std::vector<double>> rows;
  std::vector<double> truth;
  for (int i = 0; i < 24; ++i) {
    const int count = 5 + (i * 37) % 120;
    auto f = fx->FrameFeatures(SyntheticStill(opt, count, 100 + i));
    ASSERT_TRUE(f.ok()) << f.status();
    rows.push_back(*f);
    truth.push_back(count);
  }
  std::vector<std::vector<double>> tr(rows.begin(), rows.begin() + 16);
  std::vector<double> ty(truth.begin(), truth.begin() + 16);
  auto model = FitModel(Mode::kSingleImage, 0, tr, ty, {}, 4);
  ASSERT_TRUE(model.ok()) << model.status();
  auto est = Estimator::Create(*cam, *model);
  ASSERT_TRUE(est.ok());
  double mae = 0, base = 0;
  for (int i = 16; i < 24; ++i) {
    auto e = est->Estimate(SyntheticStill(opt, int(truth[i]), 100 + i));
    ASSERT_TRUE(e.ok());
    mae += std::abs(e->count - truth[i]);
    base += std::abs(model->train_median - truth[i]);
  }
  EXPECT_LT(mae, 0.5 * base) << "model MAE " << mae / 8 << " vs baseline " << base / 8;
}

TEST(VisionEstimatorTest, BadFramesAreClearErrors) {
  auto cam = Camera::Build(Spec("c", 64, 48));
  ASSERT_TRUE(cam.ok());
  auto est = Estimator::Create(*cam, UnfittedModel(Mode::kPerCamera, 0));
  ASSERT_TRUE(est.ok());
  auto empty = est->Estimate(cv::Mat());
  ASSERT_FALSE(empty.ok());
  EXPECT_THAT(empty.status().message(), HasSubstr("frame: is empty"));
  auto four = est->Estimate(cv::Mat(48, 64, CV_8UC4, cv::Scalar(0)));
  ASSERT_FALSE(four.ok());
  EXPECT_THAT(four.status().message(), HasSubstr("4 channels"));
  auto two = est->Estimate(cv::Mat(48, 64, CV_8UC2, cv::Scalar(0)));
  EXPECT_FALSE(two.ok());
  auto wrong_size = est->Estimate(cv::Mat(10, 10, CV_8UC3, cv::Scalar(0)));
  ASSERT_FALSE(wrong_size.ok());
  EXPECT_THAT(wrong_size.status().message(), HasSubstr("differs from the calibration"));
  auto float_frame = est->Estimate(cv::Mat(48, 64, CV_32FC3, cv::Scalar(0)));
  EXPECT_FALSE(float_frame.ok());
  // A good frame still works after the bad ones; gray is accepted too.
  EXPECT_TRUE(est->Estimate(cv::Mat(48, 64, CV_8UC3, cv::Scalar(50))).ok());
  EXPECT_TRUE(est->Estimate(cv::Mat(48, 64, CV_8UC1, cv::Scalar(50))).ok());
}

TEST(VisionEstimatorTest, HogBaselineRunsThroughTheSamePath) {
  auto cam = Camera::Build(Spec("c"));
  ASSERT_TRUE(cam.ok());
  auto hog = Estimator::CreateHog(*cam);
  ASSERT_TRUE(hog.ok());
  SyntheticOptions opt;
  opt.width = 320;
  opt.height = 240;
  auto e = hog->Estimate(SyntheticStill(opt, 5, 1));
  ASSERT_TRUE(e.ok()) << e.status();
  EXPECT_GE(e->count, 0.0);
  ASSERT_EQ(e->regions.size(), 1u);
  EXPECT_FALSE(hog->Estimate(cv::Mat()).ok());
}

}  // namespace
}  // namespace cs::vision
