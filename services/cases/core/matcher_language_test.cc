// The language feature when a field names no language (issue 13, session 11): an officer who
// writes "不会说" (cannot talk), "听不懂" (could not understand) or "婴儿" (a baby) could not tell
// the language, so the field is unknown, not a language of its own; a "方言" without a name is
// some variety of Chinese. Before this, each such text was a language of its own and counted as
// "different languages" (full evidence against) against every guardian's language.
#include <gtest/gtest.h>

#include <cstdlib>

#include "common/text/phrase_table.h"
#include "services/cases/core/matcher.h"
#include "services/cases/core/test_venue.h"

namespace cs::cases {
namespace {

const text::PhraseTable* Phrases() {
  static const text::PhraseTable* table = [] {
    const char* src = std::getenv("CS_SOURCE_DIR");
    auto t = text::PhraseTable::LoadFile(std::string(src ? src : ".") + "/config/phrases.yaml");
    return t.ok() ? new text::PhraseTable(*std::move(t)) : nullptr;
  }();
  return table;
}

class MatcherLanguageTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_NE(Phrases(), nullptr) << "config/phrases.yaml did not load"; }

  Case Report(const std::string& id, CaseKind kind, const std::string& language) {
    Case c;
    c.id = id;
    c.kind = kind;
    c.child.sex = Sex::kMale;
    c.child.age_min = c.child.age_max = 6;
    c.child.clothing.top.colour_words = "红";
    c.child.language = language;
    c.zone_id = "penguin";
    c.seen_at = t0_;
    c.filed_at = t0_;
    return c;
  }
  // The language feature of the found report `found_language` against one missing report.
  FeatureScore Language(const std::string& missing_language, const std::string& found_language) {
    MatchIndex index(venue_, {}, Phrases());
    index.Upsert(Report("m-1", CaseKind::kMissing, missing_language));
    Case found = Report("f-1", CaseKind::kFound, found_language);
    found.seen_at = found.filed_at = t0_ + std::chrono::minutes(10);
    const std::vector<Candidate> out = index.Match(found, 1);
    EXPECT_EQ(out.size(), 1u);
    for (const FeatureScore& f : out.at(0).features)
      if (f.feature == "language") {
        warnings_ = out[0].warnings;
        return f;
      }
    ADD_FAILURE() << "no language feature";
    return {};
  }
  bool Warned(const std::string& needle) const {
    for (const std::string& w : warnings_)
      if (w.find(needle) != std::string::npos) return true;
    return false;
  }

  Venue venue_ = testing::OceanTestVenue();
  TimePoint t0_ = FromMillis(1'770'000'000'000);
  std::vector<std::string> warnings_;
};

TEST_F(MatcherLanguageTest, AFieldThatNamesNoLanguageIsUnknownNotAgainst) {
  for (const char* officer : {"不会说", "听不懂", "婴儿", "不说话", "不会说话", "无", "unknown"}) {
    for (const char* guardian : {"闽南话", "English", "普通话", "河南话"}) {
      const FeatureScore f = Language(guardian, officer);
      EXPECT_DOUBLE_EQ(f.evidence, 0.0) << officer << " vs " << guardian << ": " << f.explanation;
      EXPECT_NE(f.explanation.find("names no language"), std::string::npos) << f.explanation;
      EXPECT_NE(f.explanation_zh.find("未知，中性"), std::string::npos) << f.explanation_zh;
      EXPECT_FALSE(Warned("languages differ")) << officer << " vs " << guardian;
    }
  }
}

TEST_F(MatcherLanguageTest, ADialectWithoutANameIsSomeChineseVariety) {
  for (const char* officer : {"听不懂的方言", "听不太懂，方言", "方言"}) {
    const FeatureScore teochew = Language("潮汕话", officer);
    EXPECT_DOUBLE_EQ(teochew.evidence, 0.0) << officer << ": " << teochew.explanation;
    EXPECT_NE(teochew.explanation.find("a dialect without a name"), std::string::npos)
        << teochew.explanation;
    EXPECT_NE(Language("温州话", officer).explanation_zh.find("未说明是哪种方言"), std::string::npos);
    // Still a variety of Chinese: against English it is evidence against, as before.
    EXPECT_LT(Language("English", officer).evidence, 0) << officer;
  }
}

TEST_F(MatcherLanguageTest, NamedLanguagesKeepTheirEvidence) {
  // Two named dialects: weak evidence against, as before.
  const FeatureScore dialects = Language("温州话", "河南话");
  EXPECT_LT(dialects.evidence, 0);
  EXPECT_GT(dialects.evidence, -0.5);
  // Chinese against English: full evidence against, and the warning.
  EXPECT_LT(Language("粤语", "English").evidence, -1.0);
  EXPECT_TRUE(Warned("languages differ"));
  // A country's name as the language, inside an officer's hedge (phrase table, session 11).
  const FeatureScore portuguese = Language("Portuguese", "外语(葡萄牙?)");
  EXPECT_GT(portuguese.evidence, 1.0) << portuguese.explanation;
  EXPECT_LT(Language("粤语", "外语(葡萄牙?)").evidence, -1.0);
}

}  // namespace
}  // namespace cs::cases
