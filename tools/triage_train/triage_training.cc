#include "tools/triage_train/triage_training.h"

#include <map>
#include <memory>

namespace cs::appeals::training {
namespace {

constexpr Category kAll[] = {Category::kConsultation, Category::kHelpRequest,
                             Category::kComplaint,    Category::kTip,
                             Category::kReport,       Category::kLifeSafety};

void Tally(eval::Evaluation& e, const eval::LabelledMessage& m, const std::string& got) {
  ++e.total;
  ++e.by_category[m.category].labelled;
  ++e.by_category[got].predicted;
  ++e.confusion[m.category][got];
  if (got == m.category) {
    ++e.correct;
    ++e.by_category[got].correct;
  } else {
    e.misses.push_back({m.id, m.category, got, m.text, ""});
  }
}

eval::Evaluation Empty() {
  eval::Evaluation e;
  for (Category c : kAll) e.by_category[CategoryName(c)];
  return e;
}

}  // namespace

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
    Tally(e, m, model.classes()[best]);
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
    const TriageConfig& rules, const ScriptFolder& fold,
    const std::vector<std::vector<eval::LabelledMessage>>& sets, int max_n,
    const std::vector<Setting>& settings) {
  if (sets.size() != 2) return absl::InvalidArgumentError("set: cross-set needs exactly two");
  // One model per (alpha, training set): the other knobs only change the combination.
  std::map<std::pair<double, size_t>, std::shared_ptr<const NgramModel>> models;
  std::vector<SettingResult> out;
  for (const Setting& s : settings) {
    SettingResult r{s, Empty()};
    for (size_t train = 0; train < 2; ++train) {
      auto& model = models[{s.alpha, train}];
      if (model == nullptr) {
        auto trained = TrainModel(sets[train], fold, max_n, s.alpha);
        if (!trained.ok()) return trained.status();
        model = std::make_shared<const NgramModel>(*std::move(trained));
      }
      TriageConfig c = rules;
      c.model = model;
      c.model_life_safety_threshold = s.life_safety_threshold;
      c.rules_sure_score = s.rules_sure_score;
      c.model_veto = s.veto;
      auto combined = TriageRules::Create(std::move(c), fold);
      if (!combined.ok()) return combined.status();
      Pool(r.pooled, eval::Evaluate(*combined, sets[1 - train]));
    }
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace cs::appeals::training
