// A statistical second opinion for inbox triage: multinomial naive Bayes over character 1-3
// grams of the text triage already normalises (PrepareTriageText: Traditional folded to
// Simplified, ASCII lower case, split into clauses). The phrase rules know the wordings the
// desk wrote down; the n-grams carry what labelled messages share beyond them ("不想", "活", "救"
// in wordings nobody listed), so the model catches threats phrased in unseen ways.
//
// The model file (config/triage/ngram_model.tsv, written by crowdsafe-triage-train) is plain
// tab-separated text: '#' comment lines (what it was trained on, how to retrain), then
//   format  crowdsafe-ngram-nb  1
//   max_n   3
//   alpha   0.5
//   sound_n 2        (optional: syllable grams, model_features.h)
//   cantonese 1      (optional: Cantonese folded to Mandarin first)
//   evidence_cap 12  (optional: a message's grams count as at most this many, see below)
//   class   <category>  <messages>  <gram count>        (one line per class, in order)
//   gram    <utf-8 gram>  <count per class, in class order>
// Counts are kept (not log probabilities) so smoothing is one number in the file.
// Thread-safety: immutable after Parse or Train; Predict is safe from several threads.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "absl/status/statusor.h"
#include "services/appeals/desk/model_features.h"
#include "services/appeals/desk/triage_text.h"

namespace cs::appeals {

// The character n-grams (1..max_n code points inside one clause, UTF-8) of a prepared text,
// each once (presence, not frequency: in a short message a repeated "救命救命" says little
// more than one), in order of first occurrence. Grams made only of spaces are left out.
std::vector<std::string> CharNgrams(const TriageText& text, int max_n);

struct NgramExample {
  std::vector<std::string> grams;
  std::string label;  // a class name (a CategoryName in triage)
};

class NgramModel {
 public:
  // InvalidArgument naming the line for anything malformed: unknown format or version, a
  // class or gram line with the wrong number of fields, a negative or non-numeric count, a
  // gram before the classes, no classes, alpha not positive, max_n outside 1..5.
  static absl::StatusOr<NgramModel> Parse(std::string_view content);
  static absl::StatusOr<NgramModel> LoadFile(const std::string& path);
  // Counts grams per class. `classes` fixes the class order; an example with another label is
  // InvalidArgument.
  static absl::StatusOr<NgramModel> Train(const std::vector<NgramExample>& examples,
                                          std::vector<std::string> classes, int max_n,
                                          double alpha);
  // The same, recording which features the examples' grams are (ModelFeatures with `spec`), so
  // the service extracts the same ones.
  static absl::StatusOr<NgramModel> Train(const std::vector<NgramExample>& examples,
                                          std::vector<std::string> classes,
                                          const ModelFeatureSpec& spec, double alpha);

  // The file form, with `header` lines written as '#' comments first.
  std::string Serialize(const std::vector<std::string>& header) const;

  // Posterior probability of each class (class order), from add-alpha smoothed gram
  // likelihoods and the classes' message frequencies. Grams never seen in training are ignored.
  // With an evidence cap, a message with more known grams than the cap has its summed gram
  // log-likelihoods scaled by cap / grams: overlapping 1-3 grams are far from independent, so
  // without the cap a long message's posterior saturates at 0 or 1 whatever it says, and no
  // threshold on it means anything (an English or pinyin message was "certain" life safety).
  std::vector<double> Predict(const std::vector<std::string>& grams) const;

  // 0: no cap (plain naive Bayes). InvalidArgument for a negative or non-finite cap.
  absl::Status SetEvidenceCap(double cap);
  double evidence_cap() const { return evidence_cap_; }

  const std::vector<std::string>& classes() const { return classes_; }
  int max_n() const { return features_.max_n; }
  const ModelFeatureSpec& features() const { return features_; }
  double alpha() const { return alpha_; }
  // -1 when the model has no such class.
  int ClassIndex(std::string_view name) const;

 private:
  NgramModel() = default;
  void Finalise();  // log priors and per-class denominators from the counts

  std::vector<std::string> classes_;
  std::vector<double> messages_;     // per class
  std::vector<double> gram_totals_;  // per class
  std::unordered_map<std::string, std::vector<double>> counts_;
  ModelFeatureSpec features_;
  double alpha_ = 0.5;
  double evidence_cap_ = 0;
  std::vector<double> log_prior_;
  std::vector<double> log_denominator_;
};

}  // namespace cs::appeals
