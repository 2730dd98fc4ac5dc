// A discriminative second opinion beside the naive Bayes (ngram_model.h), over the same features
// (ModelFeatures): one weight per (feature, class) and a bias per class, trained by
// crowdsafe-triage-train (L2-regularised logistic regression, liblinear, one class against the
// rest), and a temperature fitted on held-out sets so softmax(decision / temperature) is a
// calibrated posterior the combination's thresholds can be set on. Naive Bayes counts each
// gram's evidence as if the grams were independent; the weights here are fitted jointly, so a
// gram every class shares ("了", "我") weighs nothing and a rare telling one weighs much.
//
// A message is a vector of its features' presence, each 1 / sqrt(number of features of the
// message) (unit length: a long message does not saturate the posterior the way naive Bayes
// did before its evidence cap). The service needs only the file and a dot product.
//
// The file (config/triage/linear_model.tsv) is tab-separated text: '#' comment lines, then
//   format       crowdsafe-linear  1
//   max_n 3 / sound_n / cantonese / marks / latin_n    (ModelFeatureSpec, as in ngram_model.h)
//   temperature  1.7
//   class        <category>  <bias>        (one line per class, in order)
//   weight       <utf-8 feature>  <weight per class, in class order>
// Thread-safety: immutable after Parse or Create; Predict is safe from several threads.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "absl/status/statusor.h"
#include "services/appeals/desk/model_features.h"

namespace cs::appeals {

class LinearModel {
 public:
  // InvalidArgument naming the line for anything malformed: unknown format or version, a
  // class or weight line with the wrong number of fields, a non-finite number, a weight before
  // the classes, no classes, a temperature not positive.
  static absl::StatusOr<LinearModel> Parse(std::string_view content);
  static absl::StatusOr<LinearModel> LoadFile(const std::string& path);
  // From trained weights: `weights[feature]` has one value per class, `bias` too.
  static absl::StatusOr<LinearModel> Create(
      std::vector<std::string> classes, const ModelFeatureSpec& spec,
      std::unordered_map<std::string, std::vector<double>> weights, std::vector<double> bias,
      double temperature);

  std::string Serialize(const std::vector<std::string>& header) const;

  // The raw decision values, bias + x . w per class (features never seen in training count in
  // the message's length but carry no weight, as in training, where every feature was seen).
  std::vector<double> Decision(const std::vector<std::string>& features) const;
  // softmax(Decision / temperature).
  std::vector<double> Predict(const std::vector<std::string>& features) const;

  // InvalidArgument for a temperature that is not a positive number.
  absl::Status SetTemperature(double temperature);

  const std::vector<std::string>& classes() const { return classes_; }
  const ModelFeatureSpec& features() const { return features_; }
  double temperature() const { return temperature_; }
  size_t size() const { return weights_.size(); }

 private:
  LinearModel() = default;
  std::vector<std::string> classes_;
  std::vector<double> bias_;
  std::unordered_map<std::string, std::vector<double>> weights_;
  ModelFeatureSpec features_;
  double temperature_ = 1;
};

// softmax(decision / temperature), the largest value subtracted first.
std::vector<double> Softmax(const std::vector<double>& decision, double temperature);

}  // namespace cs::appeals
