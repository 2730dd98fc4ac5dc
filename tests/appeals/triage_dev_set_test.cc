// The shipped triage rules (config/triage) on the development set of the press desk
// (../shared/data/inbox/messages.json, written independently of the rules; see its
// PROVENANCE.md). It guards the tuning: a rule change that loses a threat to life fails here.
// The headline figures come from the held-out set (docs/benchmarks.md), not from this one.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "common/testing/shared_data.h"
#include "services/appeals/drafting_bridge.h"
#include "services/appeals/triage_config_loader.h"
#include "tools/triage_eval/triage_evaluation.h"

namespace cs::appeals {
namespace {

std::string SourceDir() {
  const char* dir = std::getenv("CS_SOURCE_DIR");
  return dir != nullptr ? dir : ".";
}

TEST(TriageDevSet, LifeSafetyRecallAndOverallAccuracyMeetTheTargets) {
  const std::string set = cs::testing::SharedDataPath("inbox/messages.json");
  if (!std::filesystem::exists(set)) {
    GTEST_SKIP() << "development set absent: " << set << " (../shared is not checked out here)";
  }
  auto files = LoadTriageConfigDir(SourceDir() + "/config/triage");
  ASSERT_TRUE(files.ok()) << files.status();
  auto fold = bridge::CreateTraditionalFolder();
  ASSERT_TRUE(fold.ok()) << fold.status();
  auto rules = TriageRules::Create(files->triage, *fold);
  ASSERT_TRUE(rules.ok()) << rules.status();
  auto messages = eval::LoadLabelledMessages(set);
  ASSERT_TRUE(messages.ok()) << messages.status();
  ASSERT_GE(messages->size(), 200u);

  eval::Evaluation e = eval::Evaluate(*rules, *messages);
  const eval::CategoryFigures& life = e.by_category.at("life_safety");
  std::string missed;
  for (const auto& m : e.misses) {
    if (m.expected == "life_safety" || m.got == "life_safety") {
      missed += m.id + " (" + m.expected + " -> " + m.got + ") ";
    }
  }
  EXPECT_GE(life.recall(), 0.98) << eval::FormatMarkdown(e) << missed;
  EXPECT_GE(life.precision(), 0.80) << eval::FormatMarkdown(e) << missed;
  EXPECT_GE(e.accuracy(), 0.90) << eval::FormatMarkdown(e);
}

}  // namespace
}  // namespace cs::appeals
