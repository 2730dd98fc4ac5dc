// crowdsafe-triage-train: trains the inbox triage's n-gram model from labelled message sets and
// writes it where config/triage/*.yaml (settings.ngram_model) names it; with --cross-set,
// estimates how rules, model and the combination generalise instead (train on one set, test on
// the other, both directions) over a grid of settings. From the repo root:
//   build/release/bin/crowdsafe-triage-train --rules config/triage
//     --set ../shared/data/inbox/messages.json --set tests/testdata/inbox/heldout.json
//     --out config/triage/ngram_model.tsv
//   build/release/bin/crowdsafe-triage-train ... --cross-set
#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <fstream>

#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "services/appeals/drafting_bridge.h"
#include "services/appeals/triage_config_loader.h"
#include "tools/triage_train/triage_training.h"

namespace {

using cs::appeals::eval::Evaluation;

std::string Line(const Evaluation& e) {
  const auto& life = e.by_category.at("life_safety");
  return absl::StrFormat("| %.1f %% | %.1f %% | %.1f %% |", 100 * life.recall(),
                         100 * life.precision(), 100 * e.accuracy());
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Train the inbox triage n-gram model, or estimate it by cross-set evaluation"};
  std::string rules_dir = "config/triage";
  std::vector<std::string> sets;
  std::string out_path;
  double alpha = 0.5;
  int max_n = 3;
  bool cross_set = false;
  app.add_option("--rules", rules_dir, "directory of triage rule files (*.yaml)");
  app.add_option("--set", sets, "labelled messages (JSON array)")->required();
  app.add_option("--out", out_path, "write the model trained on all sets here");
  app.add_option("--alpha", alpha, "add-alpha smoothing of the gram counts");
  app.add_option("--max-n", max_n, "longest character gram");
  app.add_flag("--cross-set", cross_set, "train on one set, test on the other, both ways");
  CLI11_PARSE(app, argc, argv);

  auto files =
      cs::appeals::LoadTriageConfigDir(rules_dir, "ocean", cs::appeals::ModelLoading::kSkip);
  if (!files.ok()) {
    std::fprintf(stderr, "rules: %s\n", files.status().ToString().c_str());
    return 2;
  }
  auto fold = cs::appeals::bridge::CreateTraditionalFolder();
  if (!fold.ok()) {
    std::fprintf(stderr, "OpenCC: %s\n", fold.status().ToString().c_str());
    return 2;
  }
  std::vector<std::vector<cs::appeals::eval::LabelledMessage>> loaded;
  std::vector<cs::appeals::eval::LabelledMessage> all;
  for (const auto& path : sets) {
    auto messages = cs::appeals::eval::LoadLabelledMessages(path);
    if (!messages.ok()) {
      std::fprintf(stderr, "%s\n", messages.status().ToString().c_str());
      return 2;
    }
    all.insert(all.end(), messages->begin(), messages->end());
    loaded.push_back(*std::move(messages));
  }

  if (cross_set) {
    if (loaded.size() != 2) {
      std::fprintf(stderr, "--cross-set needs exactly two --set\n");
      return 2;
    }
    auto rules = cs::appeals::TriageRules::Create(files->triage, *fold);
    if (!rules.ok()) {
      std::fprintf(stderr, "rules: %s\n", rules.status().ToString().c_str());
      return 2;
    }
    // The rules were tuned on both sets: their figures here are in-sample, not cross-set.
    Evaluation by_rules = cs::appeals::training::Empty();
    Evaluation by_model = cs::appeals::training::Empty();
    for (size_t t = 0; t < 2; ++t) {
      cs::appeals::training::Pool(by_rules, cs::appeals::eval::Evaluate(*rules, loaded[t]));
      auto model = cs::appeals::training::TrainModel(loaded[1 - t], *fold, max_n, alpha);
      if (!model.ok()) {
        std::fprintf(stderr, "%s\n", model.status().ToString().c_str());
        return 2;
      }
      cs::appeals::training::Pool(by_model,
                                  cs::appeals::training::EvaluateModel(*model, *fold, loaded[t]));
    }
    std::printf("## rules alone (in-sample: the rules were tuned on both sets)\n\n%s\n",
                cs::appeals::eval::FormatMarkdown(by_rules).c_str());
    std::printf("## model alone, cross-set (alpha %g), both directions pooled\n\n%s\n", alpha,
                cs::appeals::eval::FormatMarkdown(by_model).c_str());
    // The model alone as a life-safety detector at several posterior thresholds: how much of
    // the other set's threats it finds by itself (the rules' share is in-sample here).
    std::printf(
        "## model alone as life-safety detector, cross-set (alpha %g)\n\n| threshold | "
        "recall | precision |\n|---:|---:|---:|\n",
        alpha);
    std::vector<std::vector<std::vector<double>>> posteriors(2);
    for (size_t t = 0; t < 2; ++t) {
      auto model = cs::appeals::training::TrainModel(loaded[1 - t], *fold, max_n, alpha);
      if (!model.ok()) return 2;
      for (const auto& m : loaded[t]) {
        posteriors[t].push_back(model->Predict(
            cs::appeals::CharNgrams(cs::appeals::PrepareTriageText(m.text, *fold), max_n)));
      }
    }
    const size_t life = static_cast<size_t>(cs::appeals::Category::kLifeSafety);
    for (double thr : {0.01, 0.1, 0.3, 0.5, 0.7, 0.9, 0.97, 0.99, 0.999}) {
      int labelled = 0, flagged = 0, hit = 0;
      for (size_t t = 0; t < 2; ++t) {
        for (size_t i = 0; i < loaded[t].size(); ++i) {
          const bool is = loaded[t][i].category == "life_safety";
          const bool said = posteriors[t][i][life] >= thr;
          labelled += is;
          flagged += said;
          hit += is && said;
        }
      }
      std::printf("| %g | %.1f %% | %.1f %% |\n", thr, 100.0 * hit / std::max(1, labelled),
                  100.0 * hit / std::max(1, flagged));
    }
    std::printf("\n");
    std::vector<cs::appeals::training::Setting> grid;
    for (double a : {0.01, 0.05, 0.2, 0.5}) {
      for (double thr : {0.1, 0.3, 0.5, 0.7, 0.9, 0.97, 0.99, 0.999}) {
        for (double sure : {0.3, 1.0}) {
          for (double veto : {0.3, 0.6, 1.0, 100.0}) grid.push_back({a, thr, sure, veto});
        }
      }
    }
    // The shipped setting first, so its full table is printed.
    const auto& t = files->triage;
    grid.insert(grid.begin(),
                {alpha, t.model_life_safety_threshold, t.rules_sure_score, t.model_veto});
    auto results =
        cs::appeals::training::CrossSet(files->triage, *rules, *fold, loaded, max_n, grid);
    if (!results.ok()) {
      std::fprintf(stderr, "%s\n", results.status().ToString().c_str());
      return 2;
    }
    std::printf(
        "## combined, cross-set, shipped setting (alpha %g, threshold %g, sure %g, veto "
        "%g)\n\n%s\n",
        alpha, t.model_life_safety_threshold, t.rules_sure_score, t.model_veto,
        cs::appeals::eval::FormatMarkdown(results->front().pooled).c_str());
    for (const auto& m : results->front().pooled.misses) {
      if (m.expected == "life_safety" || m.got == "life_safety") {
        std::printf("- %s expected %s got %s: %s\n", m.id.c_str(), m.expected.c_str(),
                    m.got.c_str(), m.text.c_str());
      }
    }
    std::printf(
        "\n## combined, cross-set, the grid\n\n| alpha | threshold | sure | veto | "
        "life-safety recall | precision | all right |\n|---:|---:|---:|---:|---:|---:|---:|\n");
    for (size_t i = 1; i < results->size(); ++i) {
      const auto& r = (*results)[i];
      std::printf("| %g | %g | %g | %g %s\n", r.setting.alpha, r.setting.life_safety_threshold,
                  r.setting.rules_sure_score, r.setting.veto, Line(r.pooled).c_str());
    }
    return 0;
  }

  if (out_path.empty()) {
    std::fprintf(stderr, "give --out (write the model) or --cross-set (estimate it)\n");
    return 2;
  }
  auto model = cs::appeals::training::TrainModel(all, *fold, max_n, alpha);
  if (!model.ok()) {
    std::fprintf(stderr, "%s\n", model.status().ToString().c_str());
    return 2;
  }
  const std::vector<std::string> header = {
      "crowdsafe inbox triage: multinomial naive Bayes over character 1-" + std::to_string(max_n) +
          " grams of the normalised text",
      "(services/appeals/desk/ngram_model.h). Generated: do not edit by hand.",
      "Trained on " + std::to_string(all.size()) + " messages: " + absl::StrJoin(sets, ", "),
      "Retrain (from the repo root, after a change to the sets or to the text normalisation):",
      "  build/release/bin/crowdsafe-triage-train --rules " + rules_dir + " --set " +
          absl::StrJoin(sets, " --set ") + " --alpha " + absl::StrFormat("%g", alpha) + " --out " +
          out_path,
      "Cross-set estimate of how it generalises: the same command with --cross-set, no --out.",
  };
  std::ofstream out(out_path, std::ios::binary | std::ios::trunc);
  out << model->Serialize(header);
  if (!out.flush()) {
    std::fprintf(stderr, "cannot write %s\n", out_path.c_str());
    return 2;
  }
  std::printf("wrote %s (%zu messages)\n", out_path.c_str(), all.size());
  return 0;
}
