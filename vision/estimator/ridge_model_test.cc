#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <random>

#include "vision/estimator/model.h"
#include "vision/estimator/ridge.h"

namespace cs::vision {
namespace {

TEST(VisionRidgeTest, RecoversLinearRelation) {
  std::mt19937 rng(3);
  std::uniform_real_distribution<double> u(0, 10);
  std::normal_distribution<double> noise(0, 0.01);
  std::vector<std::vector<double>> rows;
  std::vector<double> y;
  for (int i = 0; i < 60; ++i) {
    std::vector<double> r = {1.0, u(rng), u(rng)};
    y.push_back(2.0 + 3.0 * r[1] - 0.5 * r[2] + noise(rng));
    rows.push_back(r);
  }
  auto fit = FitRidge(rows, y, {}, 5);
  ASSERT_TRUE(fit.ok()) << fit.status();
  EXPECT_NEAR(fit->weights[0], 2.0, 0.1);
  EXPECT_NEAR(fit->weights[1], 3.0, 0.02);
  EXPECT_NEAR(fit->weights[2], -0.5, 0.02);
  EXPECT_LT(fit->cv_mae, 0.1);
}

TEST(VisionRidgeTest, BadInputIsAnError) {
  EXPECT_FALSE(FitRidge({{1.0}}, {1.0}, {}, 5).ok());
  EXPECT_FALSE(FitRidge({{1.0}, {1.0, 2.0}}, {1.0, 2.0}, {}, 5).ok());
  EXPECT_FALSE(FitRidge({{1.0}, {NAN}}, {1.0, 2.0}, {}, 5).ok());
  EXPECT_FALSE(FitRidge({{1.0}, {2.0}}, {1.0}, {}, 5).ok());
}

TEST(VisionModelTest, SaveLoadRoundTripAndCorruptFile) {
  const auto& names = Features(Mode::kPerCamera);
  std::vector<std::vector<double>> rows;
  std::vector<double> y;
  for (int i = 0; i < 10; ++i) {
    std::vector<double> r(names.size(), 0.0);
    r[0] = 1;
    r[1] = i;
    rows.push_back(r);
    y.push_back(4.0 * i);
  }
  auto m = FitModel(Mode::kPerCamera, 384, rows, y, {}, 5);
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_DOUBLE_EQ(m->train_median, 18.0);
  const std::string path = ::testing::TempDir() + "/vision_model.yaml";
  ASSERT_TRUE(SaveModel(*m, path).ok());
  auto back = LoadModel(path);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(back->mode, Mode::kPerCamera);
  EXPECT_EQ(back->process_width, 384);
  ASSERT_EQ(back->weights.size(), m->weights.size());
  for (size_t i = 0; i < m->weights.size(); ++i) {
    EXPECT_NEAR(back->weights[i], m->weights[i], 1e-9 * (1 + std::abs(m->weights[i])));
  }

  const std::string bad = ::testing::TempDir() + "/vision_bad_model.yaml";
  std::ofstream(bad) << "%YAML:1.0\nformat: crowdsafe-vision-model\nversion: 1\nmode: [1, 2\n";
  EXPECT_FALSE(LoadModel(bad).ok());
  std::ofstream(bad, std::ios::trunc) << "not a model at all {{{";
  EXPECT_FALSE(LoadModel(bad).ok());
  EXPECT_FALSE(LoadModel("/nonexistent/model.yaml").ok());
  EXPECT_FALSE(FitModel(Mode::kPerCamera, 384, rows, std::vector<double>(10, -1.0), {}, 5).ok());
}

}  // namespace
}  // namespace cs::vision
