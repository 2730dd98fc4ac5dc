#include "tools/triage_eval/triage_evaluation.h"

#include <yaml-cpp/yaml.h>

#include <cstdio>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace cs::appeals::eval {
namespace {

constexpr Category kAll[] = {Category::kLifeSafety, Category::kHelpRequest,
                             Category::kReport,     Category::kTip,
                             Category::kComplaint,  Category::kConsultation};

std::string Explain(const TriageScores& scores) {
  std::string why;
  for (const auto& e : scores.evidence) {
    absl::StrAppend(&why, why.empty() ? "" : " ", e.category, "/", e.signal, ":", e.phrase, "=",
                    absl::StrFormat("%.2f", e.weight));
    for (const auto& d : e.discounted) absl::StrAppend(&why, "[", d, "]");
  }
  return why;
}

}  // namespace

absl::StatusOr<std::vector<LabelledMessage>> LoadLabelledMessages(const std::string& path) {
  YAML::Node doc;
  try {
    doc = YAML::LoadFile(path);
  } catch (const YAML::Exception& e) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": not readable JSON: ", e.what()));
  }
  if (!doc.IsSequence()) return absl::InvalidArgumentError(path + ": expected a JSON array");
  std::vector<LabelledMessage> out;
  for (size_t i = 0; i < doc.size(); ++i) {
    const YAML::Node& n = doc[i];
    const std::string at = absl::StrCat(path, "[", i, "]");
    if (!n.IsMap() || !n["text"] || !n["category"]) {
      return absl::InvalidArgumentError(at + ": needs text and category");
    }
    LabelledMessage m;
    m.id = n["id"] ? n["id"].as<std::string>() : absl::StrCat(i);
    m.text = n["text"].as<std::string>();
    m.category = n["category"].as<std::string>();
    if (!CategoryFromName(m.category)) {
      return absl::InvalidArgumentError(at + ".category: not a message category");
    }
    if (n["zone_hint"] && !n["zone_hint"].IsNull()) m.zone_hint = n["zone_hint"].as<std::string>();
    out.push_back(std::move(m));
  }
  return out;
}

Evaluation EmptyEvaluation() {
  Evaluation e;
  for (Category c : kAll) e.by_category[CategoryName(c)];
  return e;
}

void Tally(Evaluation& e, const LabelledMessage& m, const std::string& got,
           std::string explanation) {
  ++e.total;
  ++e.by_category[m.category].labelled;
  ++e.by_category[got].predicted;
  ++e.confusion[m.category][got];
  if (got == m.category) {
    ++e.correct;
    ++e.by_category[got].correct;
  } else {
    e.misses.push_back({m.id, m.category, got, m.text, std::move(explanation)});
  }
}

Evaluation Evaluate(const TriageRules& rules, const std::vector<LabelledMessage>& messages,
                    const ZoneMentions* zones) {
  Evaluation e = EmptyEvaluation();
  for (const auto& m : messages) {
    const std::string got = CategoryName(rules.SuggestCategory(m.text));
    Tally(e, m, got, got == m.category ? "" : Explain(rules.Explain(m.text)));
    if (zones != nullptr) {
      const std::string zone = zones->Resolve(m.text);
      if (zone == m.zone_hint) {
        ++e.zone_correct;
        if (m.category == "life_safety") ++e.life_safety_zone_correct;
      } else {
        e.zone_misses.push_back({m.id, m.zone_hint, zone, m.text, ""});
      }
    }
  }
  return e;
}

std::string FormatMarkdown(const Evaluation& e) {
  std::string out = "| category | labelled | predicted | correct | recall | precision |\n";
  out += "|---|---:|---:|---:|---:|---:|\n";
  for (Category c : kAll) {
    const CategoryFigures& f = e.by_category.at(CategoryName(c));
    absl::StrAppendFormat(&out, "| %s | %d | %d | %d | %.1f %% | %.1f %% |\n", CategoryName(c),
                          f.labelled, f.predicted, f.correct, 100 * f.recall(),
                          100 * f.precision());
  }
  absl::StrAppendFormat(&out, "| **all** | %d | | %d | **%.1f %% right** | |\n", e.total, e.correct,
                        100 * e.accuracy());
  if (e.zone_correct + static_cast<int>(e.zone_misses.size()) > 0) {
    absl::StrAppendFormat(&out,
                          "\nzone pinned as labelled (its zone_hint, or none): %d of %d messages; "
                          "%d of %d life-safety messages\n",
                          e.zone_correct, e.total, e.life_safety_zone_correct,
                          e.by_category.at("life_safety").labelled);
  }
  return out;
}

}  // namespace cs::appeals::eval
