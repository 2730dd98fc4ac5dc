// The shipped triage rules (config/triage) on the press desk's eight development sets
// (../shared/data/inbox/messages.json, and tests/testdata/inbox/heldout.json, heldout2.json …
// heldout7.json, each held out until it was released for tuning; all written
// independently of the rules, see
// their PROVENANCE*.md). They guard the tuning: a change that loses a threat to life fails here.
// These are tuning figures; the headline figures come from a held-out set (docs/benchmarks.md).
// The shipped n-gram model (config/triage/ngram_model.tsv) was trained on these same sets, so
// with it the figures are in-sample twice over; leave-one-author-out estimates (model and rules
// out of sample): crowdsafe-triage-train --leave-one-author-out.
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

void ExpectTargetsMet(const std::string& set) {
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
  // Above the targets (98 % / 80 %, 90 %): every set reaches at least 100 % / 96.2 %,
  // 98.8 % right in-sample (2026-12-03, tenth session: both models trained on all eight sets),
  // so a change that costs a few messages
  // fails here. In-sample: leaving one author out (crowdsafe-triage-train
  // --leave-one-author-out) is the estimate that counts.
  EXPECT_GE(life.recall(), 0.98) << eval::FormatMarkdown(e) << missed;
  EXPECT_GE(life.precision(), 0.90) << eval::FormatMarkdown(e) << missed;
  EXPECT_GE(e.accuracy(), 0.95) << eval::FormatMarkdown(e);
}

TEST(TriageDevSet, LifeSafetyRecallAndOverallAccuracyMeetTheTargets) {
  const std::string set = cs::testing::SharedDataPath("inbox/messages.json");
  if (!std::filesystem::exists(set)) {
    GTEST_SKIP() << "development set absent: " << set << " (../shared is not checked out here)";
  }
  ExpectTargetsMet(set);
}

TEST(TriageDevSet, TheSecondDevelopmentSetMeetsTheTargetsToo) {
  ExpectTargetsMet(SourceDir() + "/tests/testdata/inbox/heldout.json");
}

TEST(TriageDevSet, TheThirdDevelopmentSetMeetsTheTargetsToo) {
  ExpectTargetsMet(SourceDir() + "/tests/testdata/inbox/heldout2.json");
}

TEST(TriageDevSet, TheFourthDevelopmentSetMeetsTheTargetsToo) {
  ExpectTargetsMet(SourceDir() + "/tests/testdata/inbox/heldout3.json");
}

// Held out once (84.2 % / 79.2 %, 81.1 % right), a development set since 2026-12-02.
TEST(TriageDevSet, TheFifthDevelopmentSetMeetsTheTargetsToo) {
  ExpectTargetsMet(SourceDir() + "/tests/testdata/inbox/heldout4.json");
}

// Held out once each (92.9 % / 90.9 %, 86.9 % and 95.3 % / 83.6 %, 87.5 % right on session 6's
// main), development sets since 2026-12-03; no rule has been written from them.
TEST(TriageDevSet, TheSixthDevelopmentSetMeetsTheTargetsToo) {
  ExpectTargetsMet(SourceDir() + "/tests/testdata/inbox/heldout5.json");
}

TEST(TriageDevSet, TheSeventhDevelopmentSetMeetsTheTargetsToo) {
  ExpectTargetsMet(SourceDir() + "/tests/testdata/inbox/heldout6.json");
}

// Held out once (98.0 % / 89.8 %, 91.1 % right on session 9's main), a development set since
// 2026-12-03; no rule has been written from it.
TEST(TriageDevSet, TheEighthDevelopmentSetMeetsTheTargetsToo) {
  ExpectTargetsMet(SourceDir() + "/tests/testdata/inbox/heldout7.json");
}

}  // namespace
}  // namespace cs::appeals
