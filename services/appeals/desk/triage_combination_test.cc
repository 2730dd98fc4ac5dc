// The rules and the n-gram model together (TriageConfig::model): the model catches threats the
// rules have no phrase for; the rules' strong hard negatives veto it.
#include <gtest/gtest.h>

#include <memory>

#include "services/appeals/desk/inbox_triage.h"

namespace cs::appeals {
namespace {

std::vector<std::string> Grams(const std::string& text) {
  return CharNgrams(PrepareTriageText(text, nullptr), 3);
}

std::shared_ptr<const NgramModel> ToyModel() {
  std::vector<NgramExample> examples;
  for (const char* t : {"我不想活了 想自杀", "活不下去了 要从楼上跳下去", "我想自杀 不想活",
                        "他拿刀要砍人", "孩子掉进水里不动了", "活着没意思 想跳下去"}) {
    examples.push_back({Grams(t), "life_safety"});
  }
  for (const char* t : {"请问几点开门", "门票多少钱", "停车场在哪里", "请问今天开放吗"}) {
    examples.push_back({Grams(t), "consultation"});
  }
  for (const char* t : {"排队太久了 服务太差", "工作人员态度很差", "要求退款"}) {
    examples.push_back({Grams(t), "complaint"});
  }
  auto model = NgramModel::Train(examples, {"consultation", "complaint", "life_safety"}, 3, 0.5);
  EXPECT_TRUE(model.ok()) << model.status();
  return std::make_shared<const NgramModel>(*std::move(model));
}

TriageConfig Config(double veto) {
  TriageConfig c = TriageConfig::Default();
  c.phrases.signals = {MakeSignal("self_harm", "life_safety", 1.0, {"自杀"}),
                       MakeSignal("question", "consultation", 1.0, {"请问"})};
  c.model = ToyModel();
  c.model_life_safety_threshold = 0.5;
  c.model_veto = veto;
  c.rules_sure_score = 1.0;
  return c;
}

TEST(TriageCombination, TheModelCatchesAThreatInWordingTheRulesLack) {
  auto rules_only_config = Config(0.6);
  rules_only_config.model = nullptr;
  auto rules_only = TriageRules::Create(rules_only_config);
  auto combined = TriageRules::Create(Config(0.6));
  ASSERT_TRUE(rules_only.ok() && combined.ok());
  const std::string text = "真的活不下去了 今晚就跳下去";
  EXPECT_EQ(rules_only->SuggestCategory(text), Category::kConsultation);
  const Triage t = combined->Route(text);
  EXPECT_EQ(t.category, Category::kLifeSafety);
  EXPECT_GE(t.model_life_safety, 0.5);
  EXPECT_EQ(t.department, "command_centre");
}

TEST(TriageCombination, ANegatedSelfHarmPhraseStaysOutWhenTheRulesVetoStrongly) {
  const std::string text = "我不是想自杀 只是不想活得这么累";
  auto weak_veto = TriageRules::Create(Config(/*veto=*/5.0));  // negation never strong enough
  auto strong_veto = TriageRules::Create(Config(/*veto=*/0.6));
  ASSERT_TRUE(weak_veto.ok() && strong_veto.ok());
  // The model alone would call it a threat; so the veto is what keeps it out.
  const Triage without = weak_veto->Route(text);
  ASSERT_GE(without.model_life_safety, 0.5);
  EXPECT_EQ(without.category, Category::kLifeSafety);
  const Triage with = strong_veto->Route(text);
  EXPECT_NE(with.category, Category::kLifeSafety);
  EXPECT_EQ(with.life_safety_score, 0.0);
}

// The model learnt the hard negatives too: when it is near-certain of a threat despite a denial
// cue, the veto gives way (model_veto_holds_below); below that, the veto holds as before.
TEST(TriageCombination, TheVetoGivesWayToANearCertainModel) {
  const std::string text = "我不是想自杀 只是不想活得这么累";
  auto probe = TriageRules::Create(Config(/*veto=*/0.6));
  ASSERT_TRUE(probe.ok());
  const double posterior = probe->Route(text).model_life_safety;
  ASSERT_GE(posterior, 0.5);
  ASSERT_NE(probe->Route(text).category, Category::kLifeSafety);  // vetoed by default
  TriageConfig holds = Config(0.6);
  holds.model_veto_holds_below = posterior + 1e-9;  // the model not sure enough: the veto holds
  TriageConfig gives_way = Config(0.6);
  gives_way.model_veto_holds_below = posterior - 1e-9;
  auto holding = TriageRules::Create(holds);
  auto giving = TriageRules::Create(gives_way);
  ASSERT_TRUE(holding.ok() && giving.ok());
  EXPECT_NE(holding->Route(text).category, Category::kLifeSafety);
  EXPECT_EQ(giving->Route(text).category, Category::kLifeSafety);
  TriageConfig bad = Config(0.6);
  bad.model_veto_holds_below = 0;
  EXPECT_EQ(TriageRules::Create(bad).status().message(),
            "model_veto_holds_below: must be positive");
}

TEST(TriageCombination, TheModelPicksTheCategoryOnlyWhenTheRulesAreUnsure) {
  auto combined = TriageRules::Create(Config(0.6));
  ASSERT_TRUE(combined.ok());
  // No rule fires: the model's best category other than life safety.
  EXPECT_EQ(combined->SuggestCategory("排队两个小时 服务太差了"), Category::kComplaint);
  // A sure rule (请问, weight 1.0) keeps its category whatever the model thinks.
  EXPECT_EQ(combined->SuggestCategory("请问 排队太久 服务太差 要退款"), Category::kConsultation);
}

TEST(TriageCombination, AnUnsureModelLeavesAMessageWithoutRuleEvidenceToConsultation) {
  auto always = Config(0.6);
  auto abstaining = Config(0.6);
  abstaining.model_abstain_below = 0.9;
  auto picks = TriageRules::Create(always);
  auto abstains = TriageRules::Create(abstaining);
  ASSERT_TRUE(picks.ok() && abstains.ok());
  // A greeting: nothing in it for the rules, little for the model. Without abstention the
  // model's faint preference decides; with it, the general queue.
  const std::string greeting = "你好 很高兴";
  EXPECT_NE(picks->SuggestCategory(greeting), Category::kConsultation);
  EXPECT_EQ(abstains->SuggestCategory(greeting), Category::kConsultation);
  // A complaint the model is sure of still goes to complaints.
  EXPECT_EQ(abstains->SuggestCategory("排队太久了 服务太差 态度很差"), Category::kComplaint);
  abstaining.model_abstain_below = 1.5;
  EXPECT_EQ(TriageRules::Create(abstaining).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(TriageCombination, TheModelDismissesOnlyAWeakLifeSafetyAlarm) {
  auto c = Config(0.6);
  c.phrases.signals.push_back(MakeSignal("cannot_breathe", "life_safety", 1.0, {"窒息"}));
  auto keeps_config = c;
  c.model_dismiss_below = 0.5;
  c.model_dismiss_up_to_score = 1.5;
  auto keeps = TriageRules::Create(keeps_config);
  auto dismisses = TriageRules::Create(c);
  ASSERT_TRUE(keeps.ok() && dismisses.ok());
  // Hyperbole the rules take for a threat (score 1.0), the model for a question.
  const std::string hyperbole = "美到窒息 请问几点开门";
  ASSERT_LT(dismisses->Route(hyperbole).model_life_safety, 0.5);
  EXPECT_EQ(keeps->SuggestCategory(hyperbole), Category::kLifeSafety);
  EXPECT_EQ(dismisses->SuggestCategory(hyperbole), Category::kConsultation);
  // Two signs of a threat (score 2.0) stand, whatever the model says.
  EXPECT_EQ(dismisses->SuggestCategory("美到窒息 请问几点开门 想自杀"), Category::kLifeSafety);
  c.model_dismiss_below = 1.0;
  EXPECT_EQ(TriageRules::Create(c).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(TriageCombination, TheRulesOverruleTheModelsAlarmOnlyWhenSureOfAnotherCategory) {
  auto c = Config(0.6);
  c.model_overruled_by_category_score = 0.8;
  c.model_overruled_below_life_score = 0.3;
  const std::vector<double> alarm = {0.005, 0.005, 0.99};  // consultation, complaint, life
  // A sure report with no trace of a threat: the model's alarm is overruled.
  TriageScores report;
  report.by_category["report"] = 1.2;  // above rules_sure_score: the model picks no other
  EXPECT_EQ(CombineWithModel(c, Category::kReport, report, alarm), Category::kReport);
  // The same report with a trace of a threat (0.3): the alarm stands, recall first.
  TriageScores traced = report;
  traced.by_category["life_safety"] = 0.3;
  EXPECT_EQ(CombineWithModel(c, Category::kReport, traced, alarm), Category::kLifeSafety);
  // A weak report (0.5): the alarm stands.
  TriageScores weak;
  weak.by_category["report"] = 0.5;
  EXPECT_EQ(CombineWithModel(c, Category::kReport, weak, alarm), Category::kLifeSafety);
  // By default the rules never overrule the model.
  auto by_default = Config(0.6);
  EXPECT_EQ(CombineWithModel(by_default, Category::kReport, report, alarm),
            Category::kLifeSafety);
  c.model_overruled_below_life_score = -1;
  EXPECT_EQ(TriageRules::Create(c).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(TriageCombination, HalfASignFromTheRulesAndHalfFromTheModelMakeAnAlarm) {
  auto c = Config(0.6);
  c.model_life_safety_threshold = 0.9;
  c.model_partial_rule_score = 0.3;
  c.model_partial_posterior = 0.2;
  const std::vector<double> half = {0.4, 0.3, 0.3};  // consultation, complaint, life
  TriageScores trace;  // a child on the rocks: one concept the rules know, under the threshold
  trace.by_category["life_safety"] = 0.3;
  trace.by_category["consultation"] = 0.3;
  EXPECT_EQ(CombineWithModel(c, Category::kConsultation, trace, half), Category::kLifeSafety);
  // Either half alone is not enough.
  TriageScores no_trace;
  no_trace.by_category["consultation"] = 0.3;
  EXPECT_EQ(CombineWithModel(c, Category::kConsultation, no_trace, half),
            Category::kConsultation);
  const std::vector<double> unsure = {0.85, 0.05, 0.1};
  EXPECT_EQ(CombineWithModel(c, Category::kConsultation, trace, unsure), Category::kConsultation);
  // A strong veto of the rules (a negated sign) still keeps it out.
  TriageScores negated = trace;
  negated.evidence.push_back({"self_harm", "life_safety", "", "自杀", 0.0, {"negation"}});
  EXPECT_EQ(CombineWithModel(c, Category::kConsultation, negated, half),
            Category::kConsultation);
  // Off by default.
  EXPECT_EQ(CombineWithModel(Config(0.6), Category::kConsultation, trace, half),
            Category::kConsultation);
  c.model_partial_posterior = 1.5;
  EXPECT_EQ(TriageRules::Create(c).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(TriageCombination, HalfASignInLatinLettersNeedsAMoreSureModel) {
  EXPECT_DOUBLE_EQ(LatinLetterShare("help me"), 1.0);
  EXPECT_DOUBLE_EQ(LatinLetterShare("救命 help"), 4.0 / 6.0);
  EXPECT_DOUBLE_EQ(LatinLetterShare("救命！123"), 0.0);
  EXPECT_DOUBLE_EQ(LatinLetterShare(""), 0.0);
  auto c = Config(0.6);
  c.model_life_safety_threshold = 0.9;
  c.model_partial_rule_score = 0.3;
  c.model_partial_posterior = 0.2;
  c.model_partial_posterior_latin = 0.5;
  const std::vector<double> third = {0.4, 0.3, 0.3};  // consultation, complaint, life
  TriageScores trace;
  trace.by_category["life_safety"] = 0.3;
  trace.latin_share = 0.2;  // mostly Chinese: 0.3 is enough
  EXPECT_EQ(CombineWithModel(c, Category::kConsultation, trace, third), Category::kLifeSafety);
  trace.latin_share = 0.8;  // mostly English or pinyin: 0.5 needed
  EXPECT_EQ(CombineWithModel(c, Category::kConsultation, trace, third), Category::kConsultation);
  EXPECT_EQ(CombineWithModel(c, Category::kConsultation, trace, {0.3, 0.1, 0.6}),
            Category::kLifeSafety);
  // The scorer measures it on the text as written.
  auto rules = TriageRules::Create(c);
  ASSERT_TRUE(rules.ok()) << rules.status();
  EXPECT_DOUBLE_EQ(rules->Explain("wo xiang zi sha").latin_share, 1.0);
  c.model_partial_posterior_latin = -1;  // off: Latin messages as any other
  EXPECT_EQ(CombineWithModel(c, Category::kConsultation, trace, third), Category::kLifeSafety);
}

TEST(TriageCombination, TheServiceReadsTheSoundGramsTheModelWasTrainedOn) {
  ModelFeatureSpec spec;
  spec.sound_n = 2;
  const auto sounds = PinyinTable::FromEntries(
      {{U'割', "ge"}, {U'腕', "wan"}, {U'婉', "wan"}, {U'请', "qing"}, {U'问', "wen"}});
  std::vector<NgramExample> examples = {
      {ModelFeatures("我要割腕", nullptr, spec, sounds.get()), "life_safety"},
      {ModelFeatures("请问几点开门", nullptr, spec, sounds.get()), "consultation"}};
  auto model = NgramModel::Train(examples, {"consultation", "life_safety"}, spec, 0.5);
  ASSERT_TRUE(model.ok()) << model.status();
  auto c = Config(0.6);
  c.phrases.signals = {MakeSignal("question", "consultation", 1.0, {"请问"})};
  c.model = std::make_shared<const NgramModel>(*std::move(model));
  c.model_life_safety_threshold = 0.6;  // without features, the even prior gives 0.5
  auto without_table = TriageRules::Create(c);
  c.phrases.homophones = sounds;
  auto with_table = TriageRules::Create(c);
  ASSERT_TRUE(with_table.ok() && without_table.ok());
  // "ge wan" shares no character with anything trained on, only syllables.
  EXPECT_EQ(with_table->SuggestCategory("ge wan"), Category::kLifeSafety);
  EXPECT_NE(without_table->SuggestCategory("ge wan"), Category::kLifeSafety);
}

TEST(TriageCombination, AModelWithoutALifeSafetyClassIsRefused) {
  auto c = Config(0.6);
  auto model = NgramModel::Train({{Grams("请问"), "consultation"}}, {"consultation"}, 3, 0.5);
  ASSERT_TRUE(model.ok());
  c.model = std::make_shared<const NgramModel>(*std::move(model));
  EXPECT_EQ(TriageRules::Create(c).status().code(), absl::StatusCode::kInvalidArgument);
  auto bad_threshold = Config(0.6);
  bad_threshold.model_life_safety_threshold = 0;
  EXPECT_EQ(TriageRules::Create(bad_threshold).status().code(), absl::StatusCode::kInvalidArgument);
}

// A linear model that knows "煤气" (gas) as a threat, over the toy model's classes and features.
std::shared_ptr<const LinearModel> GasLinearModel(std::vector<std::string> classes) {
  std::vector<double> threat(classes.size(), -2.0);
  threat.back() = 6.0;  // life_safety is the last class
  auto m = LinearModel::Create(classes, ModelFeatureSpec{},
                               {{"煤", threat}, {"气", threat}, {"煤气", threat}},
                               std::vector<double>(classes.size(), 0.0), 0.5);
  EXPECT_TRUE(m.ok()) << m.status();
  return std::make_shared<const LinearModel>(*std::move(m));
}

TEST(TriageCombination, TheLinearModelsPosteriorIsAveragedIn) {
  const std::string text = "停车场在哪里的煤气管漏气";
  auto c = Config(0.6);
  auto naive_bayes_alone = TriageRules::Create(c);
  c.linear_model = GasLinearModel({"consultation", "complaint", "life_safety"});
  c.linear_model_weight = 0.75;
  auto blended = TriageRules::Create(c);
  ASSERT_TRUE(naive_bayes_alone.ok() && blended.ok());
  const Triage alone = naive_bayes_alone->Route(text);
  EXPECT_LT(alone.model_life_safety, 0.5);
  EXPECT_NE(alone.category, Category::kLifeSafety);
  const Triage t = blended->Route(text);
  EXPECT_EQ(t.category, Category::kLifeSafety);
  // (1 - 0.75) * naive Bayes + 0.75 * linear.
  const auto features = CharNgrams(PrepareTriageText(text, nullptr), 3);
  EXPECT_NEAR(t.model_life_safety,
              0.25 * alone.model_life_safety + 0.75 * c.linear_model->Predict(features).back(),
              1e-12);
  c.linear_model_weight = 0;  // naive Bayes alone again
  auto weight_zero = TriageRules::Create(c);
  ASSERT_TRUE(weight_zero.ok());
  EXPECT_EQ(weight_zero->SuggestCategory(text), alone.category);
}

TEST(TriageCombination, ALinearModelOfOtherClassesOrFeaturesIsRefused) {
  auto c = Config(0.6);
  c.linear_model = GasLinearModel({"consultation", "life_safety"});
  EXPECT_EQ(TriageRules::Create(c).status().code(), absl::StatusCode::kInvalidArgument);
  ModelFeatureSpec marks;
  marks.marks = true;
  auto other_features = LinearModel::Create({"consultation", "complaint", "life_safety"}, marks, {},
                                            {0, 0, 0}, 1.0);
  ASSERT_TRUE(other_features.ok());
  c.linear_model = std::make_shared<const LinearModel>(*std::move(other_features));
  EXPECT_EQ(TriageRules::Create(c).status().code(), absl::StatusCode::kInvalidArgument);
  c.linear_model = GasLinearModel({"consultation", "complaint", "life_safety"});
  c.linear_model_weight = 1.5;
  EXPECT_EQ(TriageRules::Create(c).status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace cs::appeals
