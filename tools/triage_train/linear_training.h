// Trains the triage's discriminative model (services/appeals/desk/linear_model.h) with liblinear:
// L2-regularised logistic regression, one class against the rest, over the same features as the
// naive Bayes, then a temperature fitted so that softmax(decision / temperature) is calibrated
// on messages the weights were not trained on (each training set in turn left out, as an
// unseen author would be). liblinear is a build dependency of this tool only: the service
// reads the weights file.
// Thread-safety: plain functions (liblinear's print hook is set once, to silence).
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/appeals/desk/linear_model.h"
#include "services/appeals/desk/ngram_model.h"

namespace cs::appeals::training {

struct LinearRecipe {
  double c = 1.0;             // liblinear's C: the inverse of the L2 penalty
  double eps = 0.01;          // liblinear's stopping tolerance
  double prune_below = 1e-4;  // a feature whose every weight is smaller is not written
  bool calibrate = true;      // fit the temperature leaving one group out; false: 1
  bool l1 = false;            // L1 instead of L2 regularisation (liblinear's L1R_LR): sparse
};

// `groups[i]` names the set example i comes from; with two groups or more (and
// recipe.calibrate) the temperature minimises the log loss of each group's decision values
// under the weights trained on the other groups. InvalidArgument for an example whose label is
// not in `classes` or groups of the wrong length.
absl::StatusOr<LinearModel> TrainLinear(const std::vector<NgramExample>& examples,
                                        const std::vector<size_t>& groups,
                                        std::vector<std::string> classes,
                                        const ModelFeatureSpec& spec, const LinearRecipe& recipe);

// The temperature in [0.02, 50] that minimises the mean log loss of softmax(decision / T) on
// `labels` (class indices); 1 with no examples.
double FitTemperature(const std::vector<std::vector<double>>& decisions,
                      const std::vector<int>& labels);

}  // namespace cs::appeals::training
