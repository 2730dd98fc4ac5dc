// crowdsafe-triage-eval: recall and precision per category of the inbox triage rules on a
// labelled message set. Example (from the repo root):
//   build/release/bin/crowdsafe-triage-eval --rules config/triage
//     --set ../shared/data/inbox/messages.json --misses
#include <CLI/CLI.hpp>
#include <cstdio>

#include "services/appeals/drafting_bridge.h"
#include "services/appeals/triage_config_loader.h"
#include "tools/triage_eval/triage_evaluation.h"

int main(int argc, char** argv) {
  CLI::App app{"Measure the inbox triage rules on a labelled message set"};
  std::string rules_dir = "config/triage";
  std::vector<std::string> sets;
  bool misses = false;
  app.add_option("--rules", rules_dir, "directory of triage rule files (*.yaml)");
  app.add_option("--set", sets, "labelled messages (JSON array)")->required();
  app.add_flag("--misses", misses, "list every misfiled message with its evidence");
  CLI11_PARSE(app, argc, argv);

  auto files = cs::appeals::LoadTriageConfigDir(rules_dir);
  if (!files.ok()) {
    std::fprintf(stderr, "rules: %s\n", files.status().ToString().c_str());
    return 2;
  }
  auto fold = cs::appeals::bridge::CreateTraditionalFolder();
  if (!fold.ok()) {
    std::fprintf(stderr, "OpenCC: %s\n", fold.status().ToString().c_str());
    return 2;
  }
  auto rules = cs::appeals::TriageRules::Create(files->triage, *fold);
  if (!rules.ok()) {
    std::fprintf(stderr, "rules: %s\n", rules.status().ToString().c_str());
    return 2;
  }
  cs::appeals::ZoneMentions zones(files->zones, *fold);
  for (const auto& path : sets) {
    auto messages = cs::appeals::eval::LoadLabelledMessages(path);
    if (!messages.ok()) {
      std::fprintf(stderr, "%s\n", messages.status().ToString().c_str());
      return 2;
    }
    auto e = cs::appeals::eval::Evaluate(*rules, *messages, &zones);
    std::printf("## %s\n\n%s\n", path.c_str(), cs::appeals::eval::FormatMarkdown(e).c_str());
    if (misses) {
      for (const auto& m : e.misses) {
        std::printf("- %s expected %s got %s: %s\n    %s\n", m.id.c_str(), m.expected.c_str(),
                    m.got.c_str(), m.text.c_str(), m.why.c_str());
      }
      for (const auto& m : e.zone_misses) {
        std::printf("- zone %s expected '%s' got '%s': %s\n", m.id.c_str(), m.expected.c_str(),
                    m.got.c_str(), m.text.c_str());
      }
    }
  }
  return 0;
}
