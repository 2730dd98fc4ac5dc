#include "tools/triage_train/triage_training.h"

#include <map>
#include <memory>

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
                                      const ScriptFolder& fold, int max_n, double alpha) {
  std::vector<NgramExample> examples;
  examples.reserve(messages.size());
  for (const auto& m : messages) {
    examples.push_back({CharNgrams(PrepareTriageText(m.text, fold), max_n), m.category});
  }
  return NgramModel::Train(examples, ModelClasses(), max_n, alpha);
}

eval::Evaluation EvaluateModel(const NgramModel& model, const ScriptFolder& fold,
                               const std::vector<eval::LabelledMessage>& messages) {
  eval::Evaluation e = Empty();
  for (const auto& m : messages) {
    const auto p = model.Predict(CharNgrams(PrepareTriageText(m.text, fold), model.max_n()));
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

absl::StatusOr<std::vector<SettingResult>> CrossSet(
    const TriageConfig& config, const TriageRules& rules, const ScriptFolder& fold,
    const std::vector<std::vector<eval::LabelledMessage>>& sets, int max_n,
    const std::vector<Setting>& settings) {
  if (sets.size() != 2) return absl::InvalidArgumentError("set: cross-set needs exactly two");
  // The rules' scores do not depend on the setting: once per message.
  std::vector<std::vector<TriageScores>> scores(2);
  std::vector<std::vector<Category>> by_rules(2);
  for (size_t s = 0; s < 2; ++s) {
    for (const auto& m : sets[s]) {
      scores[s].push_back(rules.Explain(m.text));
      by_rules[s].push_back(rules.RulesDecide(scores[s].back()));
    }
  }
  // One model per (alpha, training set), with its posteriors on the other set.
  struct Trained {
    std::shared_ptr<const NgramModel> model;
    std::vector<std::vector<double>> posteriors;
  };
  std::map<std::pair<double, size_t>, Trained> models;
  TriageConfig c = config;
  std::vector<SettingResult> out;
  for (const Setting& setting : settings) {
    SettingResult r{setting, Empty()};
    for (size_t train = 0; train < 2; ++train) {
      const size_t test = 1 - train;
      Trained& t = models[{setting.alpha, train}];
      if (t.model == nullptr) {
        auto trained = TrainModel(sets[train], fold, max_n, setting.alpha);
        if (!trained.ok()) return trained.status();
        t.model = std::make_shared<const NgramModel>(*std::move(trained));
        for (const auto& m : sets[test]) {
          t.posteriors.push_back(
              t.model->Predict(CharNgrams(PrepareTriageText(m.text, fold), max_n)));
        }
      }
      c.model = t.model;
      c.model_life_safety_threshold = setting.life_safety_threshold;
      c.rules_sure_score = setting.rules_sure_score;
      c.model_veto = setting.veto;
      eval::Evaluation e = Empty();
      for (size_t i = 0; i < sets[test].size(); ++i) {
        const Category got =
            CombineWithModel(c, by_rules[test][i], scores[test][i], t.posteriors[i]);
        eval::Tally(e, sets[test][i], CategoryName(got));
      }
      Pool(r.pooled, e);
    }
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace cs::appeals::training
