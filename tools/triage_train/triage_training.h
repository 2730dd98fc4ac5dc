// Trains the inbox triage's n-gram model (services/appeals/desk/ngram_model.h) from labelled
// message sets, and estimates how the rules, the model and the two combined generalise by
// leave-one-set-out evaluation: train on all development sets but one, test on that one, for
// each set in turn (with two sets: train on one, test on the other, both ways).
// Thread-safety: plain functions and values.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/appeals/desk/inbox_triage.h"
#include "tools/triage_eval/triage_evaluation.h"
#include "tools/triage_train/linear_training.h"

namespace cs::appeals::training {

// Every CategoryName, in Category order: the model's classes.
std::vector<std::string> ModelClasses();

// How to train: the features (model_features.h), the smoothing, and the pinyin table the sound
// grams need (null: no sound grams, whatever spec says).
struct ModelRecipe {
  ModelFeatureSpec features;
  double alpha = 0.2;
  double evidence_cap = 0;  // NgramModel::SetEvidenceCap; 0: plain naive Bayes
  const PinyinTable* sounds = nullptr;
  // A linear model (linear_training.h) trained beside the naive Bayes on the same features, its
  // posteriors blended in at linear_weight (BlendPosteriors; 1: the linear model alone).
  bool linear = false;
  double linear_weight = 0.5;
  LinearRecipe linear_recipe;
};

// The models of one fold: naive Bayes, and the linear model when the recipe asks for it.
struct FoldModels {
  std::shared_ptr<const NgramModel> naive_bayes;
  std::shared_ptr<const LinearModel> linear;  // null unless recipe.linear
};

// Trained on every set but sets[leave_out] (leave_out >= sets.size(): on all of them), the
// linear model calibrated leaving each of those sets out in turn. Memoised within the process
// by (sets, leave_out, alpha): the leave-one-out runs ask for the same fold several times, and
// the linear model with its calibration is the slow part.
absl::StatusOr<FoldModels> TrainFoldModels(
    const std::vector<std::vector<eval::LabelledMessage>>& sets, size_t leave_out,
    const ScriptFolder& fold, const ModelRecipe& recipe);

// What the fold's models say of one message: each model's posteriors and their blend.
struct ModelOpinion {
  std::vector<double> naive_bayes;
  std::vector<double> linear;  // empty without a linear model
  std::vector<double> blended;
};
ModelOpinion Opinion(const FoldModels& models, const ScriptFolder& fold, const ModelRecipe& recipe,
                     const std::string& text);

// Multinomial naive Bayes over ModelFeatures(text, fold, recipe.features, recipe.sounds).
absl::StatusOr<NgramModel> TrainModel(const std::vector<eval::LabelledMessage>& messages,
                                      const ScriptFolder& fold, const ModelRecipe& recipe);

// The model's posteriors of one message (the features the model was trained on).
std::vector<double> Posteriors(const NgramModel& model, const ScriptFolder& fold,
                               const PinyinTable* sounds, const std::string& text);

// The model alone: its most probable class for each message.
eval::Evaluation EvaluateModel(const NgramModel& model, const ScriptFolder& fold,
                               const PinyinTable* sounds,
                               const std::vector<eval::LabelledMessage>& messages);

// Zero counts for every category.
eval::Evaluation Empty();

// Adds `b`'s counts to `a` (figures pooled over the held-out folds).
void Pool(eval::Evaluation& a, const eval::Evaluation& b);

// One combination setting tried in leave-one-set-out evaluation.
struct Setting {
  double alpha;
  double life_safety_threshold;
  double rules_sure_score;
  double veto;
  double abstain_below = 0;
  double dismiss_below = 0;
  double dismiss_up_to_score = 0;
  double overruled_by_category_score = 99;  // TriageConfig::model_overruled_by_category_score
  double overruled_below_life_score = 0;
  double partial_rule_score = 99;  // TriageConfig::model_partial_rule_score
  double partial_posterior = 1.0;  // TriageConfig::model_partial_posterior
};

struct SettingResult {
  Setting setting;
  eval::Evaluation pooled;              // all folds
  std::vector<eval::Evaluation> folds;  // folds[t]: tested on set t, trained on the others
};

// The rules that score one fold's test set, and the config they were made from (no model).
// Leave one set out uses the same rules in every fold (in-sample wherever they were written
// from the set); leave one AUTHOR out uses, for each fold, the rules loaded without those whose
// `from:` names the fold's set (LoadTriageConfigDir's without_origins).
struct FoldRules {
  TriageConfig config;
  std::shared_ptr<const TriageRules> rules;
};

// For each setting and each set t: train on the other sets, test (rules + model,
// CombineWithModel) on t; pooled and per fold. `config` is what `rules` were made from (without
// a model); the rules score each message once. Needs two sets or more.
absl::StatusOr<std::vector<SettingResult>> LeaveOneSetOut(
    const TriageConfig& config, const TriageRules& rules, const ScriptFolder& fold,
    const std::vector<std::vector<eval::LabelledMessage>>& sets, const ModelRecipe& recipe,
    const std::vector<Setting>& settings);

// The same with rules of their own per fold: per_fold[t] scores set t.
absl::StatusOr<std::vector<SettingResult>> LeaveOneSetOut(
    const std::vector<FoldRules>& per_fold, const ScriptFolder& fold,
    const std::vector<std::vector<eval::LabelledMessage>>& sets, const ModelRecipe& recipe,
    const std::vector<Setting>& settings);

// The model alone, leave-one-set-out: per fold and pooled (pooled last).
absl::StatusOr<std::vector<eval::Evaluation>> ModelLeaveOneSetOut(
    const ScriptFolder& fold, const std::vector<std::vector<eval::LabelledMessage>>& sets,
    const ModelRecipe& recipe);

// One line of JSON per message (set index, id, label, the rules' decision and per-category
// scores, the life-safety veto weight, the leave-one-set-out posteriors in ModelClasses order),
// for exploring combination rules outside C++.
absl::StatusOr<std::string> DumpLeaveOneSetOut(
    const std::vector<FoldRules>& per_fold, const ScriptFolder& fold,
    const std::vector<std::vector<eval::LabelledMessage>>& sets, const ModelRecipe& recipe);

}  // namespace cs::appeals::training
