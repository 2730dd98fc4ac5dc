// The linear model's file and its posteriors (linear_model.h); the weights themselves are
// fitted by tools/triage_train (linear_training_test.cc).
#include "services/appeals/desk/linear_model.h"

#include <gtest/gtest.h>

#include <cmath>

namespace cs::appeals {
namespace {

LinearModel Toy(double temperature) {
  ModelFeatureSpec spec;
  spec.max_n = 2;
  spec.marks = true;
  auto m =
      LinearModel::Create({"consultation", "life_safety"}, spec,
                          {{"自杀", {-1.0, 3.0}}, {"请问", {2.0, -1.0}}}, {0.5, -0.5}, temperature);
  EXPECT_TRUE(m.ok()) << m.status();
  return *std::move(m);
}

TEST(LinearModel, DecisionIsBiasPlusWeightsOverTheSquareRootOfTheFeatureCount) {
  const LinearModel m = Toy(1.0);
  // Four features, one known: x = 1 / sqrt(4).
  const auto d = m.Decision({"自杀", "我", "想", "¶?"});
  ASSERT_EQ(d.size(), 2u);
  EXPECT_DOUBLE_EQ(d[0], 0.5 - 0.5);
  EXPECT_DOUBLE_EQ(d[1], -0.5 + 1.5);
  EXPECT_EQ(m.Decision({}), (std::vector<double>{0.5, -0.5}));
}

TEST(LinearModel, TheTemperatureSoftensThePosterior) {
  const auto sharp = Toy(1.0).Predict({"自杀"});
  const auto soft = Toy(4.0).Predict({"自杀"});
  // Decisions -0.5 and 2.5: softmax of (d / T).
  EXPECT_NEAR(sharp[1], 1 / (1 + std::exp(-3.0)), 1e-12);
  EXPECT_NEAR(soft[1], 1 / (1 + std::exp(-3.0 / 4)), 1e-12);
  EXPECT_NEAR(soft[0] + soft[1], 1.0, 1e-12);
}

TEST(LinearModel, SerializeAndParseGiveTheSameModel) {
  const LinearModel m = Toy(1.7);
  const std::string text = m.Serialize({"a header"});
  EXPECT_EQ(text.rfind("# a header\nformat\tcrowdsafe-linear\t1\n", 0), 0u) << text;
  auto back = LinearModel::Parse(text);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(back->classes(), m.classes());
  EXPECT_TRUE(back->features() == m.features());
  EXPECT_DOUBLE_EQ(back->temperature(), 1.7);
  EXPECT_EQ(back->Predict({"请问", "自杀"}), m.Predict({"请问", "自杀"}));
  EXPECT_EQ(back->Serialize({"a header"}), text);
}

TEST(LinearModel, MalformedFilesNameTheLine) {
  const std::string head = "format\tcrowdsafe-linear\t1\n";
  for (const std::string& bad :
       {std::string("format\tcrowdsafe-ngram-nb\t1\n"), head + "temperature\t0\n",
        head + "weight\t自杀\t1\n", head + "class\tlife_safety\tx\n",
        head + "class\ta\t0\nweight\t自杀\t1\t2\n", head + "class\ta\t0\nweight\tg\tnan\n",
        head + "class\ta\t0\nweight\tg\t1\nclass\tb\t0\n", head + "max_n\t9\n",
        head + "colour\tred\n"}) {
    auto m = LinearModel::Parse(bad);
    ASSERT_FALSE(m.ok()) << bad;
    EXPECT_EQ(m.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_NE(m.status().message().find("line"), std::string::npos) << m.status();
  }
  EXPECT_FALSE(LinearModel::Parse("").ok());
  EXPECT_FALSE(LinearModel::Parse(head).ok());  // no classes
  EXPECT_FALSE(LinearModel::Create({"a"}, {}, {}, {0.0}, 0.0).ok());
  EXPECT_FALSE(LinearModel::Create({"a"}, {}, {{"g", {1.0, 2.0}}}, {0.0}, 1.0).ok());
}

}  // namespace
}  // namespace cs::appeals
