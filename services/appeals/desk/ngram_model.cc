#include "services/appeals/desk/ngram_model.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>
#include <unordered_set>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/text/utf8.h"
#include "services/appeals/desk/absl_view.h"

namespace cs::appeals {
namespace {

constexpr std::string_view kFormat = "crowdsafe-ngram-nb";
constexpr int kVersion = 1;

bool AllSpaces(const std::u32string& s, size_t begin, size_t end) {
  for (size_t i = begin; i < end; ++i) {
    if (s[i] != U' ') return false;
  }
  return true;
}

// A gram must survive the tab-separated file: no tabs, line breaks or other controls.
bool Writable(const std::u32string& s, size_t begin, size_t end) {
  for (size_t i = begin; i < end; ++i) {
    if (s[i] < 0x20 || s[i] == 0x7f) return false;
  }
  return true;
}

absl::Status LineError(size_t line, std::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat("model line ", line, ": ", Av(what)));
}

bool ParseCount(absl::string_view field, double& out) {
  return absl::SimpleAtod(field, &out) && std::isfinite(out) && out >= 0;
}

}  // namespace

std::vector<std::string> CharNgrams(const TriageText& text, int max_n) {
  std::vector<std::string> grams;
  std::unordered_set<std::string> seen;
  for (const auto& clause : text.clauses) {
    const std::u32string& s = clause.text;
    for (size_t i = 0; i < s.size(); ++i) {
      for (int n = 1; n <= max_n && i + n <= s.size(); ++n) {
        if (AllSpaces(s, i, i + n) || !Writable(s, i, i + n)) continue;
        std::string gram;
        for (size_t k = i; k < i + n; ++k) AppendUtf8(s[k], gram);
        if (seen.insert(gram).second) grams.push_back(std::move(gram));
      }
    }
  }
  return grams;
}

int NgramModel::ClassIndex(std::string_view name) const {
  for (size_t i = 0; i < classes_.size(); ++i) {
    if (classes_[i] == name) return static_cast<int>(i);
  }
  return -1;
}

void NgramModel::Finalise() {
  const size_t k = classes_.size();
  double all_messages = 0;
  for (double m : messages_) all_messages += m;
  const double vocabulary = static_cast<double>(counts_.size());
  log_prior_.assign(k, 0);
  log_denominator_.assign(k, 0);
  for (size_t c = 0; c < k; ++c) {
    // Add-one on the priors too, so a class with no messages is unlikely but not impossible.
    log_prior_[c] = std::log((messages_[c] + 1) / (all_messages + k));
    log_denominator_[c] = std::log(gram_totals_[c] + alpha_ * vocabulary);
  }
}

absl::StatusOr<NgramModel> NgramModel::Train(const std::vector<NgramExample>& examples,
                                             std::vector<std::string> classes, int max_n,
                                             double alpha) {
  ModelFeatureSpec spec;
  spec.max_n = max_n;
  return Train(examples, std::move(classes), spec, alpha);
}

absl::StatusOr<NgramModel> NgramModel::Train(const std::vector<NgramExample>& examples,
                                             std::vector<std::string> classes,
                                             const ModelFeatureSpec& spec, double alpha) {
  if (classes.empty()) return absl::InvalidArgumentError("classes: none");
  if (!(alpha > 0)) return absl::InvalidArgumentError("alpha: must be positive");
  if (spec.max_n < 1 || spec.max_n > 5) return absl::InvalidArgumentError("max_n: must be 1..5");
  if (spec.sound_n < 0 || spec.sound_n > 5) {
    return absl::InvalidArgumentError("sound_n: must be 0..5");
  }
  NgramModel m;
  m.classes_ = std::move(classes);
  m.features_ = spec;
  m.alpha_ = alpha;
  m.messages_.assign(m.classes_.size(), 0);
  m.gram_totals_.assign(m.classes_.size(), 0);
  for (size_t i = 0; i < examples.size(); ++i) {
    const int c = m.ClassIndex(examples[i].label);
    if (c < 0) {
      return absl::InvalidArgumentError(absl::StrCat("examples[", i, "].label: not a class"));
    }
    m.messages_[c] += 1;
    for (const auto& g : examples[i].grams) {
      auto& row = m.counts_[g];
      if (row.empty()) row.assign(m.classes_.size(), 0);
      row[c] += 1;
      m.gram_totals_[c] += 1;
    }
  }
  m.Finalise();
  return m;
}

absl::StatusOr<NgramModel> NgramModel::Parse(std::string_view content) {
  NgramModel m;
  bool format_seen = false;
  size_t line_no = 0;
  for (absl::string_view line : absl::StrSplit(Av(content), '\n')) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;
    std::vector<absl::string_view> f = absl::StrSplit(line, '\t');
    if (!format_seen) {
      if (f.size() != 3 || f[0] != "format" || f[1] != Av(kFormat)) {
        return LineError(line_no, "expected 'format\tcrowdsafe-ngram-nb\t1' first");
      }
      int version = 0;
      if (!absl::SimpleAtoi(f[2], &version) || version != kVersion) {
        return LineError(line_no, "unsupported format version");
      }
      format_seen = true;
      continue;
    }
    std::string error;
    if (ReadFeatureRecord(f, m.features_, error)) {
      if (!error.empty()) return LineError(line_no, error);
    } else if (f[0] == "evidence_cap") {
      double cap = 0;
      if (f.size() != 2 || !absl::SimpleAtod(f[1], &cap) || !m.SetEvidenceCap(cap).ok()) {
        return LineError(line_no, "evidence_cap must be a number >= 0");
      }
    } else if (f[0] == "alpha") {
      if (f.size() != 2 || !absl::SimpleAtod(f[1], &m.alpha_) || !(m.alpha_ > 0) ||
          !std::isfinite(m.alpha_)) {
        return LineError(line_no, "alpha must be a positive number");
      }
    } else if (f[0] == "class") {
      if (!m.counts_.empty()) return LineError(line_no, "class after the first gram");
      double messages = 0;
      double grams = 0;
      if (f.size() != 4 || f[1].empty() || !ParseCount(f[2], messages) ||
          !ParseCount(f[3], grams)) {
        return LineError(line_no, "class needs a name and two non-negative counts");
      }
      m.classes_.emplace_back(f[1]);
      m.messages_.push_back(messages);
      m.gram_totals_.push_back(grams);
    } else if (f[0] == "gram") {
      if (m.classes_.empty()) return LineError(line_no, "gram before any class");
      if (f.size() != m.classes_.size() + 2 || f[1].empty()) {
        return LineError(line_no, "gram needs the gram and one count per class");
      }
      std::vector<double> row(m.classes_.size());
      for (size_t c = 0; c < row.size(); ++c) {
        if (!ParseCount(f[c + 2], row[c])) return LineError(line_no, "count not a number >= 0");
      }
      if (!m.counts_.emplace(std::string(f[1]), std::move(row)).second) {
        return LineError(line_no, "gram listed twice");
      }
    } else {
      return LineError(line_no, "unknown record");
    }
  }
  if (!format_seen) return absl::InvalidArgumentError("model: empty (no format line)");
  if (m.classes_.empty()) return absl::InvalidArgumentError("model: no class lines");
  m.Finalise();
  return m;
}

absl::Status NgramModel::SetEvidenceCap(double cap) {
  if (!(cap >= 0) || !std::isfinite(cap)) {
    return absl::InvalidArgumentError("evidence_cap: must be a number >= 0");
  }
  evidence_cap_ = cap;
  return absl::OkStatus();
}

absl::StatusOr<NgramModel> NgramModel::LoadFile(const std::string& path) {
  auto text = ReadModelFile(path, "the n-gram model");
  if (!text.ok()) return text.status();
  auto model = Parse(*text);
  if (!model.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": ", model.status().message()));
  }
  return model;
}

std::string NgramModel::Serialize(const std::vector<std::string>& header) const {
  std::string out;
  for (const auto& h : header) absl::StrAppend(&out, "# ", h, "\n");
  absl::StrAppend(&out, "format\t", Av(kFormat), "\t", kVersion, "\n");
  AppendFeatureRecords(features_, out);
  if (evidence_cap_ > 0) absl::StrAppend(&out, "evidence_cap\t", evidence_cap_, "\n");
  absl::StrAppend(&out, "alpha\t", alpha_, "\n");
  for (size_t c = 0; c < classes_.size(); ++c) {
    absl::StrAppend(&out, "class\t", classes_[c], "\t", messages_[c], "\t", gram_totals_[c], "\n");
  }
  // Sorted, so retraining on the same data gives the same file (reviewable diffs).
  std::vector<const std::string*> grams;
  grams.reserve(counts_.size());
  for (const auto& [g, row] : counts_) grams.push_back(&g);
  std::sort(grams.begin(), grams.end(), [](auto* a, auto* b) { return *a < *b; });
  for (const std::string* g : grams) {
    absl::StrAppend(&out, "gram\t", *g);
    for (double v : counts_.at(*g)) absl::StrAppend(&out, "\t", v);
    out += '\n';
  }
  return out;
}

std::vector<double> NgramModel::Predict(const std::vector<std::string>& grams) const {
  const size_t k = classes_.size();
  std::vector<double> log_likelihood(k, 0);
  size_t known = 0;
  for (const auto& g : grams) {
    auto it = counts_.find(g);
    if (it == counts_.end()) continue;
    ++known;
    for (size_t c = 0; c < k; ++c) {
      log_likelihood[c] += std::log(it->second[c] + alpha_) - log_denominator_[c];
    }
  }
  const double scale = evidence_cap_ > 0 && static_cast<double>(known) > evidence_cap_
                           ? evidence_cap_ / static_cast<double>(known)
                           : 1.0;
  std::vector<double> log_p = log_prior_;
  for (size_t c = 0; c < k; ++c) log_p[c] += scale * log_likelihood[c];
  const double top = *std::max_element(log_p.begin(), log_p.end());
  double sum = 0;
  for (double& v : log_p) {
    v = std::exp(v - top);
    sum += v;
  }
  for (double& v : log_p) v /= sum;
  return log_p;
}

}  // namespace cs::appeals
