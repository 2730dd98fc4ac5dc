#include "tools/triage_train/triage_training.h"

#include <map>
#include <algorithm>
#include <memory>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"

namespace cs::appeals::training {
namespace {

constexpr Category kAll[] = {Category::kConsultation, Category::kHelpRequest,
                             Category::kComplaint,    Category::kTip,
                             Category::kReport,       Category::kLifeSafety};

}  // namespace

eval::Evaluation Empty() { return eval::EmptyEvaluation(); }

std::vector<std::string> ModelClasses() {
  std::vector<std::string> out;
  for (Category c : kAll) out.emplace_back(CategoryName(c));
  return out;
}

absl::StatusOr<NgramModel> TrainModel(const std::vector<eval::LabelledMessage>& messages,
                                      const ScriptFolder& fold, const ModelRecipe& recipe) {
  ModelFeatureSpec spec = recipe.features;
  if (recipe.sounds == nullptr) spec.sound_n = 0;
  std::vector<NgramExample> examples;
  examples.reserve(messages.size());
  for (const auto& m : messages) {
    examples.push_back({ModelFeatures(m.text, fold, spec, recipe.sounds), m.category});
  }
  auto model = NgramModel::Train(examples, ModelClasses(), spec, recipe.alpha);
  if (!model.ok()) return model;
  if (auto s = model->SetEvidenceCap(recipe.evidence_cap); !s.ok()) return s;
  return model;
}

std::vector<double> Posteriors(const NgramModel& model, const ScriptFolder& fold,
                               const PinyinTable* sounds, const std::string& text) {
  return model.Predict(ModelFeatures(text, fold, model.features(), sounds));
}

absl::StatusOr<FoldModels> TrainFoldModels(
    const std::vector<std::vector<eval::LabelledMessage>>& sets, size_t leave_out,
    const ScriptFolder& fold, const ModelRecipe& recipe) {
  static std::map<std::tuple<const void*, size_t, size_t, double>, FoldModels> trained;
  const auto key = std::make_tuple(static_cast<const void*>(sets.data()), sets.size(), leave_out,
                                   recipe.alpha);
  if (auto it = trained.find(key); it != trained.end()) {
    if (!recipe.linear || it->second.linear != nullptr) return it->second;
  }
  std::vector<eval::LabelledMessage> messages;
  std::vector<size_t> groups;
  for (size_t s = 0; s < sets.size(); ++s) {
    if (s == leave_out) continue;
    messages.insert(messages.end(), sets[s].begin(), sets[s].end());
    groups.insert(groups.end(), sets[s].size(), s);
  }
  auto nb = TrainModel(messages, fold, recipe);
  if (!nb.ok()) return nb.status();
  FoldModels out;
  out.naive_bayes = std::make_shared<const NgramModel>(*std::move(nb));
  if (recipe.linear) {
    std::vector<NgramExample> examples;
    examples.reserve(messages.size());
    for (const auto& m : messages) {
      examples.push_back({ModelFeatures(m.text, fold, out.naive_bayes->features(), recipe.sounds),
                          m.category});
    }
    auto linear = TrainLinear(examples, groups, ModelClasses(), out.naive_bayes->features(),
                              recipe.linear_recipe);
    if (!linear.ok()) return linear.status();
    out.linear = std::make_shared<const LinearModel>(*std::move(linear));
  }
  trained[key] = out;
  return out;
}

ModelOpinion Opinion(const FoldModels& models, const ScriptFolder& fold, const ModelRecipe& recipe,
                     const std::string& text) {
  const auto features =
      ModelFeatures(text, fold, models.naive_bayes->features(), recipe.sounds);
  ModelOpinion o;
  o.naive_bayes = models.naive_bayes->Predict(features);
  if (models.linear != nullptr) o.linear = models.linear->Predict(features);
  o.blended = BlendPosteriors(o.naive_bayes, o.linear, recipe.linear_weight);
  return o;
}

eval::Evaluation EvaluateModel(const NgramModel& model, const ScriptFolder& fold,
                               const PinyinTable* sounds,
                               const std::vector<eval::LabelledMessage>& messages) {
  eval::Evaluation e = Empty();
  for (const auto& m : messages) {
    const auto p = Posteriors(model, fold, sounds, m.text);
    size_t best = 0;
    for (size_t c = 1; c < p.size(); ++c) {
      if (p[c] > p[best]) best = c;
    }
    eval::Tally(e, m, model.classes()[best]);
  }
  return e;
}

void Pool(eval::Evaluation& a, const eval::Evaluation& b) {
  a.total += b.total;
  a.correct += b.correct;
  for (const auto& [name, f] : b.by_category) {
    auto& t = a.by_category[name];
    t.labelled += f.labelled;
    t.predicted += f.predicted;
    t.correct += f.correct;
  }
  for (const auto& [expected, row] : b.confusion) {
    for (const auto& [got, n] : row) a.confusion[expected][got] += n;
  }
  a.misses.insert(a.misses.end(), b.misses.begin(), b.misses.end());
}

absl::StatusOr<std::vector<eval::Evaluation>> ModelLeaveOneSetOut(
    const ScriptFolder& fold, const std::vector<std::vector<eval::LabelledMessage>>& sets,
    const ModelRecipe& recipe) {
  if (sets.size() < 2) return absl::InvalidArgumentError("set: needs two or more");
  std::vector<eval::Evaluation> out;
  eval::Evaluation pooled = Empty();
  for (size_t t = 0; t < sets.size(); ++t) {
    auto models = TrainFoldModels(sets, t, fold, recipe);
    if (!models.ok()) return models.status();
    eval::Evaluation e = Empty();
    for (const auto& m : sets[t]) {
      const auto p = Opinion(*models, fold, recipe, m.text).blended;
      const size_t best = std::max_element(p.begin(), p.end()) - p.begin();
      eval::Tally(e, m, models->naive_bayes->classes()[best]);
    }
    out.push_back(std::move(e));
    Pool(pooled, out.back());
  }
  out.push_back(std::move(pooled));
  return out;
}

absl::StatusOr<std::vector<SettingResult>> LeaveOneSetOut(
    const TriageConfig& config, const TriageRules& rules, const ScriptFolder& fold,
    const std::vector<std::vector<eval::LabelledMessage>>& sets, const ModelRecipe& recipe,
    const std::vector<Setting>& settings) {
  // Not owned: the caller's rules outlive the call.
  std::shared_ptr<const TriageRules> shared(&rules, [](const TriageRules*) {});
  return LeaveOneSetOut(std::vector<FoldRules>(sets.size(), FoldRules{config, shared}), fold,
                        sets, recipe, settings);
}

absl::StatusOr<std::vector<SettingResult>> LeaveOneSetOut(
    const std::vector<FoldRules>& per_fold, const ScriptFolder& fold,
    const std::vector<std::vector<eval::LabelledMessage>>& sets, const ModelRecipe& recipe,
    const std::vector<Setting>& settings) {
  if (sets.size() < 2) return absl::InvalidArgumentError("set: needs two or more");
  const size_t n = sets.size();
  if (per_fold.size() != n) return absl::InvalidArgumentError("rules: one per set");
  // The rules' scores do not depend on the setting: once per message.
  std::vector<std::vector<TriageScores>> scores(n);
  std::vector<std::vector<Category>> by_rules(n);
  for (size_t s = 0; s < n; ++s) {
    for (const auto& m : sets[s]) {
      scores[s].push_back(per_fold[s].rules->Explain(m.text));
      by_rules[s].push_back(per_fold[s].rules->RulesDecide(scores[s].back()));
    }
  }
  // One model per (alpha, held-out set), with its posteriors on that set.
  struct Trained {
    std::shared_ptr<const NgramModel> model;
    std::vector<std::vector<double>> posteriors;
  };
  std::map<std::pair<double, size_t>, Trained> models;
  std::vector<SettingResult> out;
  for (const Setting& setting : settings) {
    SettingResult r{setting, Empty(), {}};
    for (size_t test = 0; test < n; ++test) {
      TriageConfig c = per_fold[test].config;
      Trained& t = models[{setting.alpha, test}];
      if (t.model == nullptr) {
        ModelRecipe fold_recipe = recipe;
        fold_recipe.alpha = setting.alpha;
        auto trained = TrainFoldModels(sets, test, fold, fold_recipe);
        if (!trained.ok()) return trained.status();
        t.model = trained->naive_bayes;
        for (const auto& m : sets[test]) {
          t.posteriors.push_back(Opinion(*trained, fold, fold_recipe, m.text).blended);
        }
      }
      c.model = t.model;
      c.model_life_safety_threshold = setting.life_safety_threshold;
      c.rules_sure_score = setting.rules_sure_score;
      c.model_veto = setting.veto;
      c.model_abstain_below = setting.abstain_below;
      c.model_dismiss_below = setting.dismiss_below;
      c.model_dismiss_up_to_score = setting.dismiss_up_to_score;
      c.model_overruled_by_category_score = setting.overruled_by_category_score;
      c.model_overruled_below_life_score = setting.overruled_below_life_score;
      c.model_partial_rule_score = setting.partial_rule_score;
      c.model_partial_posterior = setting.partial_posterior;
      eval::Evaluation e = Empty();
      for (size_t i = 0; i < sets[test].size(); ++i) {
        const Category got =
            CombineWithModel(c, by_rules[test][i], scores[test][i], t.posteriors[i]);
        eval::Tally(e, sets[test][i], CategoryName(got));
      }
      Pool(r.pooled, e);
      r.folds.push_back(std::move(e));
    }
    out.push_back(std::move(r));
  }
  return out;
}

absl::StatusOr<std::string> DumpLeaveOneSetOut(
    const std::vector<FoldRules>& per_fold, const ScriptFolder& fold,
    const std::vector<std::vector<eval::LabelledMessage>>& sets, const ModelRecipe& recipe) {
  if (per_fold.size() != sets.size()) return absl::InvalidArgumentError("rules: one per set");
  std::string out;
  for (size_t test = 0; test < sets.size(); ++test) {
    const TriageConfig& config = per_fold[test].config;
    const TriageRules& rules = *per_fold[test].rules;
    auto models = TrainFoldModels(sets, test, fold, recipe);
    if (!models.ok()) return models.status();
    for (const auto& m : sets[test]) {
      const TriageScores scores = rules.Explain(m.text);
      std::vector<std::string> by_category;
      for (Category c : kAll) {
        by_category.push_back(absl::StrFormat("%.4f", scores.total(CategoryName(c))));
      }
      const ModelOpinion o = Opinion(*models, fold, recipe, m.text);
      auto numbers = [](const std::vector<double>& v) {
        std::vector<std::string> out;
        for (double x : v) out.push_back(absl::StrFormat("%.6g", x));
        return absl::StrJoin(out, ",");
      };
      // Ids and labels are plain ASCII in the sets; no escaping needed.
      absl::StrAppend(&out, "{\"set\":", test, ",\"id\":\"", m.id, "\",\"label\":\"", m.category,
                      "\",\"rules\":\"", CategoryName(rules.RulesDecide(scores)), "\",\"scores\":[",
                      absl::StrJoin(by_category, ","),
                      "],\"veto\":", absl::StrFormat("%.4f", LifeSafetyVetoWeight(config, scores)),
                      ",\"latin\":", absl::StrFormat("%.3f", scores.latin_share),
                      ",\"p\":[", numbers(o.blended), "],\"p_nb\":[", numbers(o.naive_bayes),
                      "],\"p_lr\":[", numbers(o.linear), "]}\n");
    }
  }
  return out;
}

}  // namespace cs::appeals::training
