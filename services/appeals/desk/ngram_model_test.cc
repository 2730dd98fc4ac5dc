#include "services/appeals/desk/ngram_model.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace cs::appeals {
namespace {

std::vector<std::string> Grams(const std::string& text) {
  return CharNgrams(PrepareTriageText(text, nullptr), 3);
}

absl::StatusOr<NgramModel> Toy() {
  return NgramModel::Train({{Grams("救命 有人落水"), "life_safety"},
                            {Grams("有人溺水了 快救人"), "life_safety"},
                            {Grams("请问几点开门"), "consultation"},
                            {Grams("请问门票多少钱"), "consultation"}},
                           {"consultation", "life_safety"}, 3, 0.5);
}

TEST(CharNgrams, OneToThreeCodePointsInsideEachClause) {
  const auto grams = CharNgrams(PrepareTriageText("救命，Help", nullptr), 3);
  const std::vector<std::string> expected = {"救", "救命", "命",  "h", "he", "hel",
                                             "e",  "el",   "elp", "l", "lp", "p"};
  EXPECT_EQ(grams, expected);  // no gram spans the comma; Latin lower-cased
}

TEST(NgramModel, ATrainedToyModelPredictsItsClasses) {
  auto model = Toy();
  ASSERT_TRUE(model.ok()) << model.status();
  const int life = model->ClassIndex("life_safety");
  ASSERT_GE(life, 0);
  const auto drowning = model->Predict(Grams("快来人 有个小孩落水了"));
  EXPECT_GT(drowning[life], 0.9);
  const auto question = model->Predict(Grams("请问停车场几点开"));
  EXPECT_LT(question[life], 0.1);
  EXPECT_NEAR(question[0] + question[1], 1.0, 1e-9);
}

TEST(NgramModel, SerializeThenParseGivesTheSamePredictions) {
  auto model = Toy();
  ASSERT_TRUE(model.ok());
  const std::string file = model->Serialize({"trained on a toy set"});
  EXPECT_EQ(file.rfind("# trained on a toy set\nformat\tcrowdsafe-ngram-nb\t1\n", 0), 0u);
  auto parsed = NgramModel::Parse(file);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->classes(), model->classes());
  const auto a = model->Predict(Grams("有人落水 救命"));
  const auto b = parsed->Predict(Grams("有人落水 救命"));
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) EXPECT_NEAR(a[i], b[i], 1e-9);
}

// The cap tempers a long message's evidence (its posterior moves towards the prior) and leaves
// a message with fewer known grams than the cap as plain naive Bayes; it survives the file.
TEST(NgramModel, TheEvidenceCapTempersOnlyLongMessagesAndIsKeptInTheFile) {
  auto plain = Toy();
  auto capped = Toy();
  ASSERT_TRUE(plain.ok() && capped.ok());
  ASSERT_TRUE(capped->SetEvidenceCap(4).ok());
  const int life = plain->ClassIndex("life_safety");
  const auto long_text = Grams("有人溺水了 快救人 救命 有人落水");
  const double p_plain = plain->Predict(long_text)[life];
  const double p_capped = capped->Predict(long_text)[life];
  EXPECT_GT(p_plain, p_capped);  // less sure...
  EXPECT_GT(p_capped, 0.5);      // ...but still of the same class
  const auto short_text = Grams("救");  // one known gram: under the cap
  EXPECT_NEAR(plain->Predict(short_text)[life], capped->Predict(short_text)[life], 1e-12);

  const std::string file = capped->Serialize({});
  EXPECT_NE(file.find("evidence_cap\t4\n"), std::string::npos);
  auto parsed = NgramModel::Parse(file);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->evidence_cap(), 4);
  EXPECT_NEAR(parsed->Predict(long_text)[life], p_capped, 1e-9);
  EXPECT_EQ(plain->Serialize({}).find("evidence_cap"), std::string::npos);

  EXPECT_FALSE(capped->SetEvidenceCap(-1).ok());
  std::string bad = file;
  bad.replace(bad.find("evidence_cap\t4"), 15, "evidence_cap\t-2");
  auto refused = NgramModel::Parse(bad);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("evidence_cap"), std::string::npos);
}

TEST(NgramModel, BadFilesAreRefusedNamingTheLine) {
  const std::string head = "format\tcrowdsafe-ngram-nb\t1\nmax_n\t3\nalpha\t0.5\n";
  struct Case {
    std::string content;
    std::string says;
  };
  const std::vector<Case> cases = {
      {"", "empty"},
      {"# only a comment\n", "empty"},
      {"format\tsomething-else\t1\n", "line 1"},
      {"format\tcrowdsafe-ngram-nb\t2\n", "version"},
      {head, "no class"},
      {head + "gram\t救\t1\n", "before any class"},
      {head + "class\tlife_safety\t2\n", "class needs"},
      {head + "class\tlife_safety\t2\t-5\n", "class needs"},
      {head + "class\tlife_safety\t2\t5\ngram\t救\t1\t2\n", "one count per class"},
      {head + "class\tlife_safety\t2\t5\ngram\t救\tmany\n", "count"},
      {head + "class\tlife_safety\t2\t5\ngram\t救\t1\ngram\t救\t1\n", "twice"},
      {head + "class\tlife_safety\t2\t5\nweights\t1\n", "unknown record"},
      {"format\tcrowdsafe-ngram-nb\t1\nalpha\t0\n", "alpha"},
      {"format\tcrowdsafe-ngram-nb\t1\nmax_n\t9\n", "max_n"},
  };
  for (const auto& c : cases) {
    auto m = NgramModel::Parse(c.content);
    ASSERT_FALSE(m.ok()) << c.content;
    EXPECT_EQ(m.status().code(), absl::StatusCode::kInvalidArgument) << c.content;
    EXPECT_NE(m.status().message().find(c.says), std::string::npos) << m.status();
  }
}

TEST(NgramModel, AMissingFileIsNotFound) {
  auto m = NgramModel::LoadFile("/nonexistent/ngram_model.tsv");
  EXPECT_EQ(m.status().code(), absl::StatusCode::kNotFound);
}

TEST(NgramModel, TrainingRefusesALabelOutsideTheClasses) {
  auto m = NgramModel::Train({{Grams("x"), "tip"}}, {"consultation"}, 3, 0.5);
  EXPECT_EQ(m.status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace cs::appeals
