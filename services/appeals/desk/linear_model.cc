#include "services/appeals/desk/linear_model.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "services/appeals/desk/absl_view.h"

namespace cs::appeals {
namespace {

constexpr std::string_view kFormat = "crowdsafe-linear";
constexpr int kVersion = 1;

absl::Status LineError(size_t line, std::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat("linear model line ", line, ": ", Av(what)));
}

bool ParseFinite(absl::string_view field, double& out) {
  return absl::SimpleAtod(field, &out) && std::isfinite(out);
}

}  // namespace

std::vector<double> Softmax(const std::vector<double>& decision, double temperature) {
  std::vector<double> p(decision.size());
  if (p.empty()) return p;
  const double top = *std::max_element(decision.begin(), decision.end());
  double sum = 0;
  for (size_t c = 0; c < p.size(); ++c) {
    p[c] = std::exp((decision[c] - top) / temperature);
    sum += p[c];
  }
  for (double& v : p) v /= sum;
  return p;
}

absl::StatusOr<LinearModel> LinearModel::Create(
    std::vector<std::string> classes, const ModelFeatureSpec& spec,
    std::unordered_map<std::string, std::vector<double>> weights, std::vector<double> bias,
    double temperature) {
  if (classes.empty()) return absl::InvalidArgumentError("classes: none");
  if (bias.size() != classes.size()) return absl::InvalidArgumentError("bias: one per class");
  if (!(temperature > 0) || !std::isfinite(temperature)) {
    return absl::InvalidArgumentError("temperature: must be a positive number");
  }
  for (const auto& [feature, row] : weights) {
    if (row.size() != classes.size()) {
      return absl::InvalidArgumentError("weights: one per class for every feature");
    }
  }
  LinearModel m;
  m.classes_ = std::move(classes);
  m.features_ = spec;
  m.weights_ = std::move(weights);
  m.bias_ = std::move(bias);
  m.temperature_ = temperature;
  return m;
}

absl::Status LinearModel::SetTemperature(double temperature) {
  if (!(temperature > 0) || !std::isfinite(temperature)) {
    return absl::InvalidArgumentError("temperature: must be a positive number");
  }
  temperature_ = temperature;
  return absl::OkStatus();
}

absl::StatusOr<LinearModel> LinearModel::Parse(std::string_view content) {
  LinearModel m;
  bool format_seen = false;
  size_t line_no = 0;
  for (absl::string_view line : absl::StrSplit(Av(content), '\n')) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;
    std::vector<absl::string_view> f = absl::StrSplit(line, '\t');
    if (!format_seen) {
      int version = 0;
      if (f.size() != 3 || f[0] != "format" || f[1] != Av(kFormat) ||
          !absl::SimpleAtoi(f[2], &version) || version != kVersion) {
        return LineError(line_no, "expected 'format\tcrowdsafe-linear\t1' first");
      }
      format_seen = true;
      continue;
    }
    std::string error;
    if (ReadFeatureRecord(f, m.features_, error)) {
      if (!error.empty()) return LineError(line_no, error);
    } else if (f[0] == "temperature") {
      if (f.size() != 2 || !ParseFinite(f[1], m.temperature_) || !(m.temperature_ > 0)) {
        return LineError(line_no, "temperature must be a positive number");
      }
    } else if (f[0] == "class") {
      if (!m.weights_.empty()) return LineError(line_no, "class after the first weight");
      double bias = 0;
      if (f.size() != 3 || f[1].empty() || !ParseFinite(f[2], bias)) {
        return LineError(line_no, "class needs a name and a bias");
      }
      m.classes_.emplace_back(f[1]);
      m.bias_.push_back(bias);
    } else if (f[0] == "weight") {
      if (m.classes_.empty()) return LineError(line_no, "weight before any class");
      if (f.size() != m.classes_.size() + 2 || f[1].empty()) {
        return LineError(line_no, "weight needs the feature and one weight per class");
      }
      std::vector<double> row(m.classes_.size());
      for (size_t c = 0; c < row.size(); ++c) {
        if (!ParseFinite(f[c + 2], row[c])) return LineError(line_no, "weight not a number");
      }
      if (!m.weights_.emplace(std::string(f[1]), std::move(row)).second) {
        return LineError(line_no, "feature listed twice");
      }
    } else {
      return LineError(line_no, "unknown record");
    }
  }
  if (!format_seen) return absl::InvalidArgumentError("linear model: empty (no format line)");
  if (m.classes_.empty()) return absl::InvalidArgumentError("linear model: no class lines");
  return m;
}

absl::StatusOr<LinearModel> LinearModel::LoadFile(const std::string& path) {
  auto text = ReadModelFile(path, "the linear model");
  if (!text.ok()) return text.status();
  auto model = Parse(*text);
  if (!model.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": ", model.status().message()));
  }
  return model;
}

std::string LinearModel::Serialize(const std::vector<std::string>& header) const {
  std::string out;
  for (const auto& h : header) absl::StrAppend(&out, "# ", h, "\n");
  absl::StrAppend(&out, "format\t", Av(kFormat), "\t", kVersion, "\n");
  AppendFeatureRecords(features_, out);
  absl::StrAppend(&out, "temperature\t", absl::StrFormat("%.6g", temperature_), "\n");
  for (size_t c = 0; c < classes_.size(); ++c) {
    absl::StrAppend(&out, "class\t", classes_[c], "\t", absl::StrFormat("%.6g", bias_[c]), "\n");
  }
  // Sorted, so retraining on the same data gives the same file (reviewable diffs).
  std::vector<const std::string*> features;
  features.reserve(weights_.size());
  for (const auto& [g, row] : weights_) features.push_back(&g);
  std::sort(features.begin(), features.end(), [](auto* a, auto* b) { return *a < *b; });
  for (const std::string* g : features) {
    absl::StrAppend(&out, "weight\t", *g);
    for (double v : weights_.at(*g)) absl::StrAppend(&out, "\t", absl::StrFormat("%.5g", v));
    out += '\n';
  }
  return out;
}

std::vector<double> LinearModel::Decision(const std::vector<std::string>& features) const {
  std::vector<double> d = bias_;
  if (features.empty()) return d;
  const double x = 1 / std::sqrt(static_cast<double>(features.size()));
  for (const auto& g : features) {
    auto it = weights_.find(g);
    if (it == weights_.end()) continue;
    for (size_t c = 0; c < d.size(); ++c) d[c] += x * it->second[c];
  }
  return d;
}

std::vector<double> LinearModel::Predict(const std::vector<std::string>& features) const {
  return Softmax(Decision(features), temperature_);
}

}  // namespace cs::appeals
