// Trains the inbox triage's n-gram model (services/appeals/desk/ngram_model.h) from labelled
// message sets, and estimates how the rules, the model and the two combined generalise by
// cross-set evaluation: train on one development set, test on the other (both directions).
// Thread-safety: plain functions and values.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/appeals/desk/inbox_triage.h"
#include "tools/triage_eval/triage_evaluation.h"

namespace cs::appeals::training {

// Every CategoryName, in Category order: the model's classes.
std::vector<std::string> ModelClasses();

// Multinomial naive Bayes over the 1..max_n character grams of PrepareTriageText(text, fold).
absl::StatusOr<NgramModel> TrainModel(const std::vector<eval::LabelledMessage>& messages,
                                      const ScriptFolder& fold, int max_n, double alpha);

// The model alone: its most probable class for each message.
eval::Evaluation EvaluateModel(const NgramModel& model, const ScriptFolder& fold,
                               const std::vector<eval::LabelledMessage>& messages);

// Zero counts for every category.
eval::Evaluation Empty();

// Adds `b`'s counts to `a` (figures pooled over both cross-set directions).
void Pool(eval::Evaluation& a, const eval::Evaluation& b);

// One combination setting tried in cross-set evaluation.
struct Setting {
  double alpha;
  double life_safety_threshold;
  double rules_sure_score;
  double veto;
};

struct SettingResult {
  Setting setting;
  eval::Evaluation pooled;  // both directions
};

// For each setting: train on each set, test (rules + model, CombineWithModel) on the other,
// pool the two directions. `config` is what `rules` were made from (without a model); the
// rules score each message once. Needs exactly two sets.
absl::StatusOr<std::vector<SettingResult>> CrossSet(
    const TriageConfig& config, const TriageRules& rules, const ScriptFolder& fold,
    const std::vector<std::vector<eval::LabelledMessage>>& sets, int max_n,
    const std::vector<Setting>& settings);

}  // namespace cs::appeals::training
