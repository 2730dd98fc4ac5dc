// crowdsafe-triage-train: trains the inbox triage's n-gram model from labelled message sets and
// writes it where config/triage/*.yaml (settings.ngram_model) names it; with --cross-set,
// estimates how rules, model and the combination generalise instead: leave one set out (train
// on the other sets, test on it, for each set), over a grid of settings. From the repo root:
//   build/release/bin/crowdsafe-triage-train --rules config/triage
//     --set ../shared/data/inbox/messages.json --set tests/testdata/inbox/heldout.json
//     --set tests/testdata/inbox/heldout2.json --set tests/testdata/inbox/heldout3.json
//     --out config/triage/ngram_model.tsv
//   build/release/bin/crowdsafe-triage-train ... --cross-set
#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>

#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "services/appeals/drafting_bridge.h"
#include "services/appeals/triage_config_loader.h"
#include "tools/triage_train/triage_training.h"

namespace {

namespace training = cs::appeals::training;
namespace eval = cs::appeals::eval;
using eval::Evaluation;

// Life-safety recall, precision and all right, as table cells.
std::string Cells(const Evaluation& e) {
  const auto& life = e.by_category.at("life_safety");
  return absl::StrFormat("%.1f %% | %.1f %% | %.1f %%", 100 * life.recall(), 100 * life.precision(),
                         100 * e.accuracy());
}

// The per-fold tables and the pooled one.
void PrintFolds(const std::vector<std::string>& sets, const std::vector<Evaluation>& folds,
                const Evaluation& pooled) {
  for (size_t t = 0; t < folds.size(); ++t) {
    std::printf("### tested on %s (trained on the others)\n\n%s\n", sets[t].c_str(),
                eval::FormatMarkdown(folds[t]).c_str());
  }
  std::printf("### pooled over the %zu folds\n\n%s\n", folds.size(),
              eval::FormatMarkdown(pooled).c_str());
}

std::vector<training::Setting> Grid(const cs::appeals::TriageConfig& t, double alpha) {
  // The shipped setting first, so its full tables are printed.
  std::vector<training::Setting> grid = {{alpha, t.model_life_safety_threshold, t.rules_sure_score,
                                          t.model_veto, t.model_abstain_below,
                                          t.model_dismiss_below, t.model_dismiss_up_to_score,
                                          t.model_overruled_by_category_score,
                                          t.model_overruled_below_life_score,
                                          t.model_partial_rule_score,
                                          t.model_partial_posterior}};
  for (double a : {0.02, 0.05, 0.2}) {
    for (double thr : {0.9, 0.99, 0.999}) {
      for (double sure : {0.3, 1.0, 2.0, 99.0}) {
        for (double veto : {0.3, 1.0}) {
          for (double abstain : {0.0, 0.7, 0.9}) {
            for (double dismiss : {0.0, 1e-4, 1e-2}) {
              for (double up_to : {1.3, 1.6}) {
                // The rules overrule the model's alarm: never, or when sure of another
                // category (0.8) and without a trace of a threat (below 0.3).
                for (double overrule : {99.0, 0.8}) {
                  grid.push_back({a, thr, sure, veto, abstain, dismiss, up_to, overrule, 0.3});
                }
                if (dismiss == 0) break;  // the score cap means nothing without dismissal
              }
            }
          }
        }
      }
    }
  }
  return grid;
}

// Leaving one author out: the combination settings that matter once the rules are out of
// sample too (the model's life-safety threshold above all), at the shipped alpha.
std::vector<training::Setting> AuthorGrid(const cs::appeals::TriageConfig& t, double alpha) {
  std::vector<training::Setting> grid = Grid(t, alpha);
  grid.resize(1);
  // (rule score, posterior) of "half a sign from each"; 99: off.
  const std::pair<double, double> partials[] = {{99, 1}, {0.3, 0.2}, {0.3, 0.1}, {0.6, 0.1},
                                                {0.9, 0.05}};
  for (double thr : {0.5, 0.7, 0.8, 0.9, 0.99}) {
    for (double abstain : {0.5, 0.9}) {
      for (double dismiss : {1e-4, 1e-2}) {
        for (double up_to : {1.3, 2.0}) {
          for (double overrule : {99.0, 0.8}) {
            for (const auto& [score, posterior] : partials) {
              grid.push_back({alpha, thr, t.rules_sure_score, t.model_veto, abstain, dismiss,
                              up_to, overrule, t.model_overruled_below_life_score, score,
                              posterior});
            }
          }
        }
      }
    }
  }
  return grid;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Train the inbox triage n-gram model, or estimate it leaving one set out"};
  std::string rules_dir = "config/triage";
  std::vector<std::string> sets;
  std::string out_path;
  training::ModelRecipe recipe;
  bool cross_set = false;
  bool by_author = false;
  std::string dump_path;
  app.add_option("--rules", rules_dir, "directory of triage rule files (*.yaml)");
  app.add_option("--set", sets, "labelled messages (JSON array)")->required();
  app.add_option("--out", out_path, "write the model trained on all sets here");
  app.add_option("--alpha", recipe.alpha, "add-alpha smoothing of the gram counts");
  app.add_option("--max-n", recipe.features.max_n, "longest character gram");
  app.add_option("--sound-n", recipe.features.sound_n, "longest syllable gram (0: none)");
  app.add_option("--evidence-cap", recipe.evidence_cap,
                 "a message's grams count as at most this many (0: plain naive Bayes)");
  app.add_flag("--cantonese", recipe.features.cantonese, "fold Cantonese to Mandarin first");
  app.add_option("--latin-n", recipe.features.latin_n,
                 "letter grams of 4..N inside Latin words (LatinWordGrams; 0: none)");
  app.add_flag("--marks", recipe.features.marks,
               "question and exclamation marks as features (MarkGrams, model_features.h)");
  std::string linear_out_path;
  app.add_flag("--linear", recipe.linear,
               "also train the linear model (logistic regression, linear_training.h) and blend "
               "its posteriors in");
  app.add_option("--linear-weight", recipe.linear_weight,
                 "the linear model's share of the blended posteriors (1: it alone)");
  app.add_option("--linear-c", recipe.linear_recipe.c,
                 "the linear model's C (inverse L2 penalty)");
  app.add_flag("--linear-l1", recipe.linear_recipe.l1,
               "L1 instead of L2 regularisation of the linear model (sparse weights)");
  app.add_option("--linear-out", linear_out_path,
                 "with --linear and --out: write the linear model trained on all sets here");
  app.add_flag("--cross-set,--leave-one-set-out", cross_set,
               "train on all sets but one, test on it, for each set");
  app.add_flag("--leave-one-author-out", by_author,
               "as --cross-set, and each fold also leaves out the rules whose from: names the "
               "set tested on (its file stem): the whole system as an unseen author meets it");
  app.add_option("--dump", dump_path,
                 "with --cross-set: also write each message's rule scores and held-out "
                 "posteriors here (JSON lines)");
  CLI11_PARSE(app, argc, argv);

  auto files =
      cs::appeals::LoadTriageConfigDir(rules_dir, "ocean", cs::appeals::ModelLoading::kSkip);
  if (!files.ok()) {
    std::fprintf(stderr, "rules: %s\n", files.status().ToString().c_str());
    return 2;
  }
  recipe.sounds = files->triage.phrases.homophones.get();
  // The blend the service will use, unless the command line tries another.
  if (app.count("--linear-weight") == 0) recipe.linear_weight = files->triage.linear_model_weight;
  if (recipe.features.sound_n > 0 && recipe.sounds == nullptr) {
    std::fprintf(stderr, "--sound-n needs the pinyin table (settings.pinyin_table): %s\n",
                 files->pinyin_table_error.ToString().c_str());
    return 2;
  }
  auto fold = cs::appeals::bridge::CreateTraditionalFolder();
  if (!fold.ok()) {
    std::fprintf(stderr, "OpenCC: %s\n", fold.status().ToString().c_str());
    return 2;
  }
  std::vector<std::vector<eval::LabelledMessage>> loaded;
  std::vector<eval::LabelledMessage> all;
  for (const auto& path : sets) {
    auto messages = eval::LoadLabelledMessages(path);
    if (!messages.ok()) {
      std::fprintf(stderr, "%s\n", messages.status().ToString().c_str());
      return 2;
    }
    all.insert(all.end(), messages->begin(), messages->end());
    loaded.push_back(*std::move(messages));
  }
  const auto& f = recipe.features;
  const std::string recipe_flags = absl::StrFormat(
      "--alpha %g --max-n %d --sound-n %d%s%s%s%s", recipe.alpha, f.max_n, f.sound_n,
      f.cantonese ? " --cantonese" : "", f.marks ? " --marks" : "",
      f.latin_n > 0 ? absl::StrFormat(" --latin-n %d", f.latin_n) : std::string(),
      recipe.evidence_cap > 0 ? absl::StrFormat(" --evidence-cap %g", recipe.evidence_cap)
                              : std::string()) +
      (recipe.linear ? absl::StrFormat(" --linear --linear-c %g --linear-weight %g%s",
                                       recipe.linear_recipe.c, recipe.linear_weight,
                                       recipe.linear_recipe.l1 ? " --linear-l1" : "")
                     : std::string());

  if (by_author) cross_set = true;
  if (cross_set) {
    if (loaded.size() < 2) {
      std::fprintf(stderr, "--cross-set needs two or more --set\n");
      return 2;
    }
    auto rules = cs::appeals::TriageRules::Create(files->triage, *fold);
    if (!rules.ok()) {
      std::fprintf(stderr, "rules: %s\n", rules.status().ToString().c_str());
      return 2;
    }
    std::printf("# leave one %s out (%s)\n\n", by_author ? "author" : "set",
                recipe_flags.c_str());
    // In-sample: every fold scored by all the rules. By author: fold t by the rules not
    // written from set t (LoadTriageConfigDir's without_origins, the set's file stem).
    auto shared_rules = std::make_shared<const cs::appeals::TriageRules>(*rules);
    std::vector<training::FoldRules> in_sample(loaded.size(), {files->triage, shared_rules});
    std::vector<training::FoldRules> per_fold = in_sample;
    if (by_author) {
      for (size_t t = 0; t < sets.size(); ++t) {
        const std::string origin = std::filesystem::path(sets[t]).stem().string();
        auto without = cs::appeals::LoadTriageConfigDir(
            rules_dir, "ocean", cs::appeals::ModelLoading::kSkip, {origin});
        if (!without.ok()) {
          std::fprintf(stderr, "rules: %s\n", without.status().ToString().c_str());
          return 2;
        }
        auto fold_rules = cs::appeals::TriageRules::Create(without->triage, *fold);
        if (!fold_rules.ok()) {
          std::fprintf(stderr, "rules: %s\n", fold_rules.status().ToString().c_str());
          return 2;
        }
        std::printf("- fold %zu (%s): rules not from `%s`: %zu of %zu signals, %zu of %zu "
                    "masks\n",
                    t, sets[t].c_str(), origin.c_str(), without->triage.phrases.signals.size(),
                    files->triage.phrases.signals.size(), without->triage.phrases.masks.size(),
                    files->triage.phrases.masks.size());
        per_fold[t] = {without->triage,
                       std::make_shared<const cs::appeals::TriageRules>(*std::move(fold_rules))};
      }
      std::printf("\n");
    }
    if (!dump_path.empty()) {
      auto dump = training::DumpLeaveOneSetOut(per_fold, *fold, loaded, recipe);
      std::ofstream out(dump_path, std::ios::binary | std::ios::trunc);
      if (!dump.ok() || !(out << *dump) || !out.flush()) {
        std::fprintf(stderr, "cannot write %s\n", dump_path.c_str());
        return 2;
      }
    }
    // Leaving one set out, the rules' figures are in-sample wherever they were written from the
    // set; leaving one author out, they are not.
    std::printf("## rules alone (%s)\n\n",
                by_author ? "each fold without the rules written from its set"
                          : "in-sample wherever the rules were tuned on the set");
    Evaluation by_rules = training::Empty();
    for (size_t t = 0; t < loaded.size(); ++t) {
      const Evaluation e = eval::Evaluate(*per_fold[t].rules, loaded[t]);
      std::printf("- %s: | %s |\n", sets[t].c_str(), Cells(e).c_str());
      training::Pool(by_rules, e);
    }
    std::printf("\n%s\n", eval::FormatMarkdown(by_rules).c_str());
    auto by_model = training::ModelLeaveOneSetOut(*fold, loaded, recipe);
    if (!by_model.ok()) {
      std::fprintf(stderr, "%s\n", by_model.status().ToString().c_str());
      return 2;
    }
    std::printf("## model alone, most probable class\n\n");
    const Evaluation model_pooled = by_model->back();
    by_model->pop_back();
    PrintFolds(sets, *by_model, model_pooled);

    const auto grid = by_author ? AuthorGrid(files->triage, recipe.alpha)
                                : Grid(files->triage, recipe.alpha);
    if (by_author) {
      // Before and after in one run: the shipped setting with every rule (in-sample where a
      // rule was written from the fold's set) against the rules not written from it.
      auto before = training::LeaveOneSetOut(in_sample, *fold, loaded, recipe, {grid.front()});
      if (!before.ok()) {
        std::fprintf(stderr, "%s\n", before.status().ToString().c_str());
        return 2;
      }
      std::printf("## combined, configured setting: every rule (in-sample) | rules not from the "
                  "fold's set\n\n| tested on | LS recall | precision | all right | LS recall "
                  "| precision | all right |\n|---|---:|---:|---:|---:|---:|---:|\n");
      auto after = training::LeaveOneSetOut(per_fold, *fold, loaded, recipe, {grid.front()});
      if (!after.ok()) {
        std::fprintf(stderr, "%s\n", after.status().ToString().c_str());
        return 2;
      }
      for (size_t t = 0; t < sets.size(); ++t) {
        std::printf("| %s | %s | %s |\n", sets[t].c_str(),
                    Cells(before->front().folds[t]).c_str(),
                    Cells(after->front().folds[t]).c_str());
      }
      std::printf("| **pooled** | %s | %s |\n\n", Cells(before->front().pooled).c_str(),
                  Cells(after->front().pooled).c_str());
    }
    auto results = training::LeaveOneSetOut(per_fold, *fold, loaded, recipe, grid);
    if (!results.ok()) {
      std::fprintf(stderr, "%s\n", results.status().ToString().c_str());
      return 2;
    }
    const auto& shipped = results->front();
    std::printf(
        "## combined, the configured setting (alpha %g, threshold %g, sure %g, veto %g, abstain "
        "below %g, dismiss below %g up to score %g, overruled by %g below %g, half a sign "
        "from each at %g and %g)\n\n",
        shipped.setting.alpha, shipped.setting.life_safety_threshold,
        shipped.setting.rules_sure_score, shipped.setting.veto, shipped.setting.abstain_below,
        shipped.setting.dismiss_below, shipped.setting.dismiss_up_to_score,
        shipped.setting.overruled_by_category_score, shipped.setting.overruled_below_life_score,
        shipped.setting.partial_rule_score, shipped.setting.partial_posterior);
    PrintFolds(sets, shipped.folds, shipped.pooled);
    for (const auto& m : shipped.pooled.misses) {
      if (m.expected == "life_safety" || m.got == "life_safety") {
        std::printf("- %s expected %s got %s: %s\n", m.id.c_str(), m.expected.c_str(),
                    m.got.c_str(), m.text.c_str());
      }
    }
    std::printf(
        "\n## combined, the grid (life-safety recall | precision | all right; pooled, then per "
        "fold)\n\n| alpha | threshold | sure | veto | abstain | dismiss | up to | overruled by | "
        "half: score | posterior | pooled | | |");
    for (size_t t = 0; t < sets.size(); ++t) std::printf(" fold %zu | | |", t);
    std::printf("\n");
    for (size_t i = 1; i < results->size(); ++i) {
      const auto& r = (*results)[i];
      std::printf("| %g | %g | %g | %g | %g | %g | %g | %g | %g | %g | %s |", r.setting.alpha,
                  r.setting.life_safety_threshold, r.setting.rules_sure_score, r.setting.veto,
                  r.setting.abstain_below, r.setting.dismiss_below, r.setting.dismiss_up_to_score,
                  r.setting.overruled_by_category_score, r.setting.partial_rule_score,
                  r.setting.partial_posterior, Cells(r.pooled).c_str());
      for (const auto& e : r.folds) std::printf(" %s |", Cells(e).c_str());
      std::printf("\n");
    }
    return 0;
  }

  if (out_path.empty()) {
    std::fprintf(stderr, "give --out (write the model) or --cross-set (estimate it)\n");
    return 2;
  }
  if (recipe.linear != !linear_out_path.empty()) {
    std::fprintf(stderr, "--linear and --linear-out go together when writing the models\n");
    return 2;
  }
  auto models = training::TrainFoldModels(loaded, loaded.size(), *fold, recipe);
  if (!models.ok()) {
    std::fprintf(stderr, "%s\n", models.status().ToString().c_str());
    return 2;
  }
  const cs::appeals::NgramModel* model = models->naive_bayes.get();
  const std::vector<std::string> header = {
      "crowdsafe inbox triage: multinomial naive Bayes over character 1-" +
          std::to_string(f.max_n) + " grams (and syllable grams, Cantonese folded, when the",
      "records below say so) of the normalised text (services/appeals/desk/ngram_model.h,",
      "model_features.h). Generated: do not edit by hand.",
      "Trained on " + std::to_string(all.size()) + " messages: " + absl::StrJoin(sets, ", "),
      "Retrain (from the repo root, after a change to the sets or to the text normalisation):",
      "  build/release/bin/crowdsafe-triage-train --rules " + rules_dir + " --set " +
          absl::StrJoin(sets, " --set ") + " " + recipe_flags + " --out " + out_path +
          (linear_out_path.empty() ? "" : " --linear-out " + linear_out_path),
      "Leave-one-set-out estimate: the same command with --cross-set, no --out.",
  };
  std::ofstream out(out_path, std::ios::binary | std::ios::trunc);
  out << model->Serialize(header);
  if (!out.flush()) {
    std::fprintf(stderr, "cannot write %s\n", out_path.c_str());
    return 2;
  }
  std::printf("wrote %s (%zu messages)\n", out_path.c_str(), all.size());
  if (models->linear != nullptr) {
    const std::vector<std::string> linear_header = {
        "crowdsafe inbox triage: L2-regularised logistic regression (liblinear, one class against",
        "the rest) over the naive Bayes model's features, softmax at the temperature fitted",
        "leaving each set out (services/appeals/desk/linear_model.h, tools/triage_train/",
        "linear_training.h). Generated: do not edit by hand.",
        "Trained on " + std::to_string(all.size()) + " messages: " + absl::StrJoin(sets, ", "),
        "Retrain: the command in " + out_path + " (it writes both files).",
    };
    std::ofstream linear_out(linear_out_path, std::ios::binary | std::ios::trunc);
    linear_out << models->linear->Serialize(linear_header);
    if (!linear_out.flush()) {
      std::fprintf(stderr, "cannot write %s\n", linear_out_path.c_str());
      return 2;
    }
    std::printf("wrote %s (%zu features, temperature %.3g)\n", linear_out_path.c_str(),
                models->linear->size(), models->linear->temperature());
  }
  return 0;
}
