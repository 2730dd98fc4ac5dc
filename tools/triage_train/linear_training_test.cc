// Fitting the triage's linear model with liblinear, and its calibration (linear_training.h).
#include "tools/triage_train/linear_training.h"

#include <gtest/gtest.h>

#include <cmath>

namespace cs::appeals::training {
namespace {

TEST(FitTemperature, ThreeRightOfFourAtOneMarginGiveThreeToOneOdds) {
  // Class 1 is ahead by 2 every time and right 3 times of 4: the best posterior is 3/4, so
  // 2 / T = ln 3.
  const std::vector<std::vector<double>> d(4, {0.0, 2.0});
  const double t = FitTemperature(d, {1, 1, 1, 0});
  EXPECT_NEAR(t, 2 / std::log(3.0), 1e-4);
  EXPECT_NEAR(Softmax(d[0], t)[1], 0.75, 1e-4);
}

TEST(FitTemperature, ScalesWithTheDecisions) {
  const std::vector<std::vector<double>> d = {{0, 1, 3}, {2, 0, 1}, {0, 4, 1}, {1, 1, 0}};
  const std::vector<int> labels = {2, 0, 2, 1};
  std::vector<std::vector<double>> doubled = d;
  for (auto& row : doubled) {
    for (double& v : row) v *= 2;
  }
  EXPECT_NEAR(FitTemperature(doubled, labels), 2 * FitTemperature(d, labels), 1e-3);
  EXPECT_EQ(FitTemperature({}, {}), 1.0);
}

std::vector<NgramExample> Toy() {
  std::vector<NgramExample> out;
  for (int i = 0; i < 6; ++i) {
    out.push_back({{"割腕", "我", "了", "g" + std::to_string(i)}, "life_safety"});
    out.push_back({{"请问", "我", "吗", "h" + std::to_string(i)}, "consultation"});
    out.push_back({{"太差", "了", "退款", "k" + std::to_string(i)}, "complaint"});
  }
  return out;
}

TEST(TrainLinear, LearnsTheTellingFeaturesAndCalibratesOnHeldOutGroups) {
  const auto examples = Toy();
  std::vector<size_t> groups;
  for (size_t i = 0; i < examples.size(); ++i) groups.push_back(i % 3 == 0 ? 0 : 1 + i % 2);
  LinearRecipe recipe;
  recipe.c = 10;
  auto m = TrainLinear(examples, groups, {"consultation", "complaint", "life_safety"}, {}, recipe);
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_EQ(m->classes(), (std::vector<std::string>{"consultation", "complaint", "life_safety"}));
  const auto p = m->Predict({"割腕", "了"});
  EXPECT_GT(p[2], p[0]);
  EXPECT_GT(p[2], p[1]);
  const auto q = m->Predict({"请问", "吗"});
  EXPECT_GT(q[0], q[1]);
  EXPECT_GT(q[0], q[2]);
  // Calibrated on held-out groups, not left at 1.
  EXPECT_NE(m->temperature(), 1.0);
  recipe.calibrate = false;
  auto uncalibrated = TrainLinear(examples, groups, m->classes(), {}, recipe);
  ASSERT_TRUE(uncalibrated.ok());
  EXPECT_EQ(uncalibrated->temperature(), 1.0);
  // The same data, the same weights: the shipped file must not change on a retrain.
  auto again = TrainLinear(examples, groups, m->classes(), {}, LinearRecipe{.c = 10});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->Serialize({}), m->Serialize({}));
}

TEST(TrainLinear, TheBiasCarriesTheClassesFrequencies) {
  // Messages with no features at all: only liblinear's bias column tells the classes apart, so
  // the bias must be read back (get_decfun_bias; the coefficient of the bias column reads 0).
  std::vector<NgramExample> examples(9, NgramExample{{}, "consultation"});
  examples.push_back({{}, "complaint"});
  LinearRecipe recipe;
  recipe.calibrate = false;
  auto m = TrainLinear(examples, std::vector<size_t>(examples.size(), 0),
                       {"consultation", "complaint"}, {}, recipe);
  ASSERT_TRUE(m.ok()) << m.status();
  const auto d = m->Decision({});
  EXPECT_GT(d[0], d[1] + 1);
  EXPECT_GT(m->Predict({"never seen"})[0], 0.8);
}

TEST(TrainLinear, RefusesALabelThatIsNotAClassAndGroupsOfTheWrongLength) {
  auto examples = Toy();
  EXPECT_FALSE(
      TrainLinear(examples, {0}, {"consultation", "complaint", "life_safety"}, {}, {}).ok());
  examples[0].label = "weather";
  EXPECT_EQ(TrainLinear(examples, std::vector<size_t>(examples.size(), 0),
                        {"consultation", "complaint", "life_safety"}, {}, {})
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace cs::appeals::training
