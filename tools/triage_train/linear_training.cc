#include "tools/triage_train/linear_training.h"

#include <linear.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <mutex>
#include <set>
#include <unordered_map>

#include "absl/strings/str_cat.h"

namespace cs::appeals::training {
namespace {

void Quiet(const char*) {}

// The examples chosen by `use`, as liblinear's sparse rows: one column per feature seen in
// them (1-based), each present feature 1 / sqrt(the message's feature count), as
// LinearModel::Decision reads a message, and liblinear's bias column last.
struct Problem {
  std::vector<std::string> names;  // names[j - 1]: column j
  std::vector<std::vector<feature_node>> rows;
  std::vector<double> y;  // class index
  problem p{};
};

std::unique_ptr<Problem> MakeProblem(const std::vector<NgramExample>& examples,
                                     const std::vector<int>& labels, const std::vector<bool>& use) {
  auto out = std::make_unique<Problem>();
  std::unordered_map<std::string, int> column;
  for (size_t i = 0; i < examples.size(); ++i) {
    if (!use[i]) continue;
    const auto& grams = examples[i].grams;
    const double x = grams.empty() ? 0 : 1 / std::sqrt(static_cast<double>(grams.size()));
    std::vector<feature_node> row;
    row.reserve(grams.size() + 2);
    for (const auto& g : grams) {
      auto [it, added] = column.emplace(g, static_cast<int>(column.size()) + 1);
      if (added) out->names.push_back(g);
      row.push_back({it->second, x});
    }
    std::sort(row.begin(), row.end(),
              [](const feature_node& a, const feature_node& b) { return a.index < b.index; });
    row.erase(std::unique(
                  row.begin(), row.end(),
                  [](const feature_node& a, const feature_node& b) { return a.index == b.index; }),
              row.end());
    out->rows.push_back(std::move(row));
    out->y.push_back(labels[i]);
  }
  const int bias_column = static_cast<int>(column.size()) + 1;
  for (auto& row : out->rows) {
    row.push_back({bias_column, 1.0});
    row.push_back({-1, 0});
  }
  out->p.l = static_cast<int>(out->rows.size());
  out->p.n = bias_column;
  out->p.bias = 1.0;
  return out;
}

// Trains on the examples chosen by `use`; temperature 1.
absl::StatusOr<LinearModel> TrainOnce(const std::vector<NgramExample>& examples,
                                      const std::vector<int>& labels, const std::vector<bool>& use,
                                      const std::vector<std::string>& classes,
                                      const ModelFeatureSpec& spec, const LinearRecipe& recipe) {
  static std::once_flag quiet;
  std::call_once(quiet, [] { set_print_string_function(&Quiet); });
  auto prob = MakeProblem(examples, labels, use);
  if (prob->p.l == 0) return absl::InvalidArgumentError("examples: none to train on");
  std::vector<feature_node*> x;
  for (auto& row : prob->rows) x.push_back(row.data());
  prob->p.x = x.data();
  prob->p.y = prob->y.data();
  parameter param{};
  param.solver_type = recipe.l1 ? L1R_LR : L2R_LR;
  param.eps = recipe.eps;
  param.C = recipe.c;
  if (const char* error = check_parameter(&prob->p, &param); error != nullptr) {
    return absl::InvalidArgumentError(absl::StrCat("liblinear: ", error));
  }
  model* trained = train(&prob->p, &param);
  const int k = get_nr_class(trained);
  std::vector<int> label_of(k);
  get_labels(trained, label_of.data());
  // A class with no training example never wins: a bias far below the others.
  std::vector<double> bias(classes.size(), -30);
  std::unordered_map<std::string, std::vector<double>> weights;
  if (k == 1) {
    bias[label_of[0]] = 0;
  } else {
    for (int l = 0; l < k; ++l) {
      bias[label_of[l]] = get_decfun_bias(trained, l);
    }
    for (size_t j = 0; j < prob->names.size(); ++j) {
      std::vector<double> row(classes.size(), 0);
      double largest = 0;
      for (int l = 0; l < k; ++l) {
        row[label_of[l]] = get_decfun_coef(trained, static_cast<int>(j) + 1, l);
        largest = std::max(largest, std::abs(row[label_of[l]]));
      }
      if (largest >= recipe.prune_below) weights.emplace(prob->names[j], std::move(row));
    }
  }
  free_and_destroy_model(&trained);
  return LinearModel::Create(classes, spec, std::move(weights), std::move(bias), 1.0);
}

}  // namespace

double FitTemperature(const std::vector<std::vector<double>>& decisions,
                      const std::vector<int>& labels) {
  if (decisions.empty()) return 1;
  auto loss = [&](double log_t) {
    const double t = std::exp(log_t);
    double sum = 0;
    for (size_t i = 0; i < decisions.size(); ++i) {
      sum -= std::log(std::max(1e-300, Softmax(decisions[i], t)[labels[i]]));
    }
    return sum;
  };
  // The log loss is convex in 1 / T; golden section on log T over [0.02, 50].
  double lo = std::log(0.02);
  double hi = std::log(50.0);
  const double g = (std::sqrt(5.0) - 1) / 2;
  double a = hi - g * (hi - lo);
  double b = lo + g * (hi - lo);
  double fa = loss(a);
  double fb = loss(b);
  for (int i = 0; i < 60; ++i) {
    if (fa < fb) {
      hi = b;
      b = a;
      fb = fa;
      a = hi - g * (hi - lo);
      fa = loss(a);
    } else {
      lo = a;
      a = b;
      fa = fb;
      b = lo + g * (hi - lo);
      fb = loss(b);
    }
  }
  return std::exp((lo + hi) / 2);
}

absl::StatusOr<LinearModel> TrainLinear(const std::vector<NgramExample>& examples,
                                        const std::vector<size_t>& groups,
                                        std::vector<std::string> classes,
                                        const ModelFeatureSpec& spec, const LinearRecipe& recipe) {
  if (groups.size() != examples.size()) {
    return absl::InvalidArgumentError("groups: one per example");
  }
  std::vector<int> labels(examples.size());
  for (size_t i = 0; i < examples.size(); ++i) {
    auto it = std::find(classes.begin(), classes.end(), examples[i].label);
    if (it == classes.end()) {
      return absl::InvalidArgumentError(absl::StrCat("examples[", i, "].label: not a class"));
    }
    labels[i] = static_cast<int>(it - classes.begin());
  }
  double temperature = 1;
  const std::set<size_t> distinct(groups.begin(), groups.end());
  if (recipe.calibrate && distinct.size() >= 2) {
    std::vector<std::vector<double>> decisions;
    std::vector<int> held_labels;
    for (size_t held : distinct) {
      std::vector<bool> use(examples.size());
      for (size_t i = 0; i < examples.size(); ++i) use[i] = groups[i] != held;
      auto inner = TrainOnce(examples, labels, use, classes, spec, recipe);
      if (!inner.ok()) return inner.status();
      for (size_t i = 0; i < examples.size(); ++i) {
        if (use[i]) continue;
        decisions.push_back(inner->Decision(examples[i].grams));
        held_labels.push_back(labels[i]);
      }
    }
    temperature = FitTemperature(decisions, held_labels);
  }
  auto model =
      TrainOnce(examples, labels, std::vector<bool>(examples.size(), true), classes, spec, recipe);
  if (!model.ok()) return model.status();
  if (auto s = model->SetTemperature(temperature); !s.ok()) return s;
  return model;
}

}  // namespace cs::appeals::training
