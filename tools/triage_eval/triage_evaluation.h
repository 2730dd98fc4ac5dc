// Measures the desk's triage rules on a labelled message set (JSON: an array of objects with
// id, text, category and optionally zone_hint, as in ../shared/data/inbox/messages.json):
// recall and precision per category, overall accuracy, the confusion matrix and the misses.
// Thread-safety: plain functions and values.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/appeals/desk/inbox_triage.h"
#include "services/appeals/desk/zone_mentions.h"

namespace cs::appeals::eval {

struct LabelledMessage {
  std::string id;
  std::string text;
  std::string category;   // a CategoryName
  std::string zone_hint;  // "" when the text names no place in the venue
};

// Reads a JSON array of messages (yaml-cpp reads JSON). InvalidArgument naming the element for
// a missing field or an unknown category.
absl::StatusOr<std::vector<LabelledMessage>> LoadLabelledMessages(const std::string& path);

struct CategoryFigures {
  int labelled = 0;   // messages with this label
  int predicted = 0;  // messages triage put here
  int correct = 0;
  double recall() const { return labelled == 0 ? 0.0 : double(correct) / labelled; }
  double precision() const { return predicted == 0 ? 0.0 : double(correct) / predicted; }
};

struct Miss {
  std::string id;
  std::string expected;
  std::string got;
  std::string text;
  std::string why;  // the evidence, "signal:phrase=weight[modifiers]"
};

struct Evaluation {
  int total = 0;
  int correct = 0;
  std::map<std::string, CategoryFigures> by_category;           // every CategoryName
  std::map<std::string, std::map<std::string, int>> confusion;  // [expected][got]
  std::vector<Miss> misses;
  // Zones (when a ZoneMentions is given): messages whose resolved zone equals zone_hint ("" for
  // none), over all messages and over the life-safety ones (where the pin matters).
  int zone_correct = 0;
  int life_safety_zone_correct = 0;
  std::vector<Miss> zone_misses;  // expected/got are zone ids
  double accuracy() const { return total == 0 ? 0.0 : double(correct) / total; }
};

// An evaluation with a row for every category, each at zero.
Evaluation EmptyEvaluation();

// Counts one message labelled `m.category` and triaged as `got`; a miss keeps `explanation`.
void Tally(Evaluation& e, const LabelledMessage& m, const std::string& got,
           std::string explanation = "");

Evaluation Evaluate(const TriageRules& rules, const std::vector<LabelledMessage>& messages,
                    const ZoneMentions* zones = nullptr);

// A Markdown table: category, labelled, predicted, recall, precision; then overall accuracy.
std::string FormatMarkdown(const Evaluation& e);

}  // namespace cs::appeals::eval
