#include "services/appeals/desk/phrase_scorer.h"

#include <gtest/gtest.h>

#include <fstream>

namespace cs::appeals {
namespace {

PhraseRules Rules() {
  PhraseRules r;
  r.signals = {
      MakeSignal("intent", "life_safety", 0.6, {"不想活", "kill myself"}),
      MakeSignal("place", "life_safety", 0.5, {"栏杆外", "海堤", "on the railing"}),
      MakeSignal("strangle", "life_safety", 1.0, {"掐*脖子"}),
      MakeSignal("toy", "life_safety", -0.5, {"公仔"}),
  };
  r.modifiers = {
      {"negation", {"不是", "没有", "not "}, TriageModifier::Scope::kBefore, 4, 0.0, {}, false, {}},
      {"past", {"昨天"}, TriageModifier::Scope::kSentence, 0, 0.2, {"还在"}, false, {}},
      {"joke", {"哈哈", "开玩笑"}, TriageModifier::Scope::kMessage, 0, 0.3, {}, true, {}},
  };
  r.masks = {"累死"};
  return r;
}

class PhraseScorerTest : public ::testing::Test {
 protected:
  double LifeSafety(std::string_view text) { return scorer_.Score(text).total("life_safety"); }
  PhraseScorer scorer_ = *PhraseScorer::Create(Rules());
};

TEST_F(PhraseScorerTest, SignalsAddUpAcrossClauses) {
  EXPECT_DOUBLE_EQ(LifeSafety("不想活了，我在海堤上"), 1.1);
  EXPECT_DOUBLE_EQ(LifeSafety("不想活了"), 0.6);
  EXPECT_DOUBLE_EQ(LifeSafety("今天天气很好"), 0.0);
}

TEST_F(PhraseScorerTest, EachSignalCountsItsBestOccurrenceOnce) {
  EXPECT_DOUBLE_EQ(LifeSafety("不想活 不想活 不想活"), 0.6);
}

TEST_F(PhraseScorerTest, GapsStayInsideOneClause) {
  EXPECT_DOUBLE_EQ(LifeSafety("一个男的掐着他老婆的脖子"), 1.0);
  EXPECT_DOUBLE_EQ(LifeSafety("掐了一下，脖子"), 0.0);  // the comma ends the clause
}

TEST_F(PhraseScorerTest, NegationBeforeThePhraseCancelsIt) {
  EXPECT_DOUBLE_EQ(LifeSafety("我不是不想活，只是累"), 0.0);
  EXPECT_DOUBLE_EQ(LifeSafety("im not on the railing"), 0.0);
  // Negation far before the phrase, or in another clause, does not count.
  EXPECT_DOUBLE_EQ(LifeSafety("不是开玩笑，我在海堤上"), 0.5);
}

// Spaced-out writing (a learner of Chinese, an elderly writer, a voice keyboard): the spaces
// separate words, so they must not cut the text into one-character clauses that no phrase spans.
// The Weibo habit of a space as a comma, between phrases, still splits.
TEST_F(PhraseScorerTest, SpacedOutWritingJoinsItsWordsAgain) {
  const TriageText spaced = PrepareTriageText("我 八十 岁 了 一 个 人 住 不 想 活 了", nullptr);
  ASSERT_EQ(spaced.clauses.size(), 1u);
  EXPECT_EQ(spaced.clauses[0].text, U"我八十岁了一个人住不想活了");
  EXPECT_DOUBLE_EQ(LifeSafety("我 很 累 不 想 活 了 我 在 海 堤"), 1.1);
  // Phrases between the spaces (1.8 characters a token on average): still clauses.
  EXPECT_EQ(PrepareTriageText("笑死 北极熊 一直 在 水里", nullptr).clauses.size(), 5u);
  // Latin words next to Han ones still end a clause; spaces between Latin words stay spaces.
  const TriageText mixed = PrepareTriageText("有人 打 我 朋友 knife 在 后面 bleeding", nullptr);
  ASSERT_EQ(mixed.clauses.size(), 4u);  // 有人打我朋友 | knife | 在后面 | bleeding
  EXPECT_EQ(mixed.clauses[0].text, U"有人打我朋友");
  EXPECT_EQ(mixed.clauses[2].text, U"在后面");
}

// A phrase written with homophones throughout (a pinyin input method's slip) is found by sound,
// for less; a phrase of fewer than three characters never is (too many words read alike).
TEST(PhraseScorerHomophoneTest, APhraseWrittenWithHomophonesCountsForLess) {
  PhraseRules r;
  r.signals = {MakeSignal("cut", "life_safety", 0.6, {"割腕了"}),
               MakeSignal("die", "life_safety", 0.6, {"想死"})};
  r.modifiers = {{"negation", {"没有"}, TriageModifier::Scope::kBefore, 4, 0.0}};
  r.homophones = PinyinTable::FromEntries({{U'割', "ge"}, {U'腕', "wan"}, {U'婉', "wan"},
                                           {U'晚', "wan"}, {U'了', "le"}, {U'想', "xiang"},
                                           {U'相', "xiang"}, {U'死', "si"}, {U'似', "si"}});
  r.homophone_factor = 0.8;
  auto scorer = *PhraseScorer::Create(r);
  EXPECT_DOUBLE_EQ(scorer.Score("我割腕了").total("life_safety"), 0.6);   // as written
  EXPECT_DOUBLE_EQ(scorer.Score("我割婉了").total("life_safety"), 0.48);  // by sound
  EXPECT_DOUBLE_EQ(scorer.Score("我没有割晚了").total("life_safety"), 0.0);  // still negated
  auto scored = scorer.Score("割婉了");
  ASSERT_EQ(scored.evidence.size(), 1u);
  EXPECT_EQ(scored.evidence[0].discounted, std::vector<std::string>{"homophone"});
  EXPECT_DOUBLE_EQ(scorer.Score("长得很相似").total("life_safety"), 0.0);  // 2 characters: never
  r.homophone_factor = 0;
  EXPECT_DOUBLE_EQ(PhraseScorer::Create(r)->Score("我割婉了").total("life_safety"), 0.0);
  r.homophone_factor = 1.5;
  EXPECT_EQ(PhraseScorer::Create(r).status().message(), "homophone_factor: must be in [0, 1]");
}

TEST(PinyinTableTest, ReadsTheMostCommonReadingOfEachCharacterFromARimeDictionary) {
  const std::string path = ::testing::TempDir() + "/pinyin_table_test.dict.yaml";
  {
    std::ofstream out(path);
    out << "# Rime dictionary\n---\nname: test\n...\n\n"
           "了\tle\t98.90%\n了\tliao\t1.10%\n腕\twan\n婉\twan\n割腕\tge wan\nx\tex\n";
  }
  auto table = PinyinTable::Load(path);
  ASSERT_TRUE(table.ok()) << table.status();
  EXPECT_EQ((*table)->size(), 3u);  // 了, 腕, 婉: words and non-Han entries are skipped
  EXPECT_EQ((*table)->Syllable(U'了'), "le");
  EXPECT_EQ((*table)->SoundOf(U'腕'), (*table)->SoundOf(U'婉'));
  EXPECT_NE((*table)->SoundOf(U'腕'), (*table)->SoundOf(U'了'));
  EXPECT_EQ((*table)->SoundOf(U'猫'), U'猫');  // unknown: itself
  EXPECT_EQ(PinyinTable::Load(path + ".absent").status().code(), absl::StatusCode::kNotFound);
  { std::ofstream(path) << "---\n...\n"; }
  EXPECT_EQ(PinyinTable::Load(path).status().code(), absl::StatusCode::kInvalidArgument);
}

// "有没有", "是不是": the negation cue inside a yes-no question negates nothing.
TEST(PhraseScorerVoidAfterTest, AQuestionIsNotANegation) {
  PhraseRules r;
  r.signals = {MakeSignal("talk", "help_request", 0.9, {"能聊天的地方"}),
               MakeSignal("ill", "consultation", 0.5, {"生病"})};
  TriageModifier negation{"negation", {"没有", "不是", "冇"}, TriageModifier::Scope::kBefore, 4,
                          0.0, {}, false, {}};
  negation.void_after = {"有", "是"};
  r.modifiers = {negation};
  auto with_void = *PhraseScorer::Create(r);
  // Without void_after the question reads as a negation; with it, the sign counts.
  r.modifiers = {TriageModifier{"negation", {"没有"}, TriageModifier::Scope::kBefore, 4, 0.0}};
  auto naive = *PhraseScorer::Create(r);
  EXPECT_DOUBLE_EQ(naive.Score("有没有能聊天的地方").total("help_request"), 0.0);
  EXPECT_DOUBLE_EQ(with_void.Score("有没有能聊天的地方").total("help_request"), 0.9);
  EXPECT_DOUBLE_EQ(with_void.Score("是不是生病了").total("consultation"), 0.5);
  // A real negation still negates.
  EXPECT_DOUBLE_EQ(with_void.Score("没有能聊天的地方").total("help_request"), 0.0);
  EXPECT_DOUBLE_EQ(with_void.Score("不是生病").total("consultation"), 0.0);
  r.modifiers = {negation};
  r.modifiers[0].void_after = {""};
  EXPECT_EQ(PhraseScorer::Create(r).status().message(), "modifiers[0].void_after[0]: empty");
}

TEST_F(PhraseScorerTest, JokesDiscountButANegatedJokeDoesNot) {
  EXPECT_NEAR(LifeSafety("不想活了 哈哈"), 0.18, 1e-9);
  EXPECT_DOUBLE_EQ(LifeSafety("不是开玩笑 不想活了"), 0.6);
}

TEST_F(PhraseScorerTest, PastEventsDiscountUnlessStillHappening) {
  EXPECT_NEAR(LifeSafety("昨天有人掐他脖子"), 0.2, 1e-9);
  EXPECT_DOUBLE_EQ(LifeSafety("昨天开始他就掐他脖子 现在还在"), 1.0);
}

TEST_F(PhraseScorerTest, QuotesHalveAPhrase) {
  EXPECT_DOUBLE_EQ(LifeSafety("朋友说“不想活了”"), 0.3);
}

TEST_F(PhraseScorerTest, MasksHideIdiomsFromMaskedCategoriesOnly) {
  PhraseRules r = Rules();
  r.signals.push_back(MakeSignal("tired", "life_safety", 1.0, {"累死"}));
  r.signals.push_back(MakeSignal("tired_complaint", "complaint", 0.6, {"累死"}));
  auto scorer = *PhraseScorer::Create(r);
  auto scores = scorer.Score("排队三小时 累死了");
  EXPECT_DOUBLE_EQ(scores.total("life_safety"), 0.0);
  EXPECT_DOUBLE_EQ(scores.total("complaint"), 0.6);
}

TEST_F(PhraseScorerTest, LatinPhrasesStartAtAWordBoundaryAndIgnoreCaseAndApostrophes) {
  EXPECT_DOUBLE_EQ(LifeSafety("I'm going to KILL MYSELF"), 0.6);
  EXPECT_DOUBLE_EQ(LifeSafety("skill myselfie"), 0.0);
}

TEST_F(PhraseScorerTest, NegativeWeightsCountAgainst) {
  EXPECT_DOUBLE_EQ(LifeSafety("公仔掉在海堤上"), 0.0);
}

TEST_F(PhraseScorerTest, FolderMapsScriptsBeforeMatching) {
  auto fold = [](std::string_view s) {
    std::string out(s);
    const std::string from = "臺";
    for (size_t p = out.find(from); p != std::string::npos; p = out.find(from)) {
      out.replace(p, from.size(), "台");
    }
    return out;
  };
  PhraseRules r;
  r.signals = {MakeSignal("roof", "life_safety", 0.5, {"天台"})};
  auto scorer = *PhraseScorer::Create(r, fold);
  EXPECT_DOUBLE_EQ(scorer.Score("我在天臺").total("life_safety"), 0.5);
}

TEST_F(PhraseScorerTest, HomophoneTyposInLongChinesePhrasesCountForLess) {
  PhraseRules r;
  r.signals = {MakeSignal("bleeding", "life_safety", 1.0, {"流了好多血"})};
  r.fuzzy_factor = 0.8;
  auto scorer = *PhraseScorer::Create(r);
  EXPECT_DOUBLE_EQ(scorer.Score("他流了好多学").total("life_safety"), 0.8);
  EXPECT_DOUBLE_EQ(scorer.Score("他流了好多血").total("life_safety"), 1.0);
  EXPECT_DOUBLE_EQ(scorer.Score("他流了不少学").total("life_safety"), 0.0);  // two wrong
  r.fuzzy_factor = 0;
  EXPECT_DOUBLE_EQ(PhraseScorer::Create(r)->Score("他流了好多学").total("life_safety"), 0.0);
}

TEST_F(PhraseScorerTest, EvidenceNamesTheSignalAndTheDiscount) {
  auto scores = scorer_.Score("朋友说“不想活了”");
  ASSERT_EQ(scores.evidence.size(), 1u);
  EXPECT_EQ(scores.evidence[0].signal, "intent");
  EXPECT_EQ(scores.evidence[0].phrase, "不想活");
  EXPECT_EQ(scores.evidence[0].discounted, std::vector<std::string>{"quote"});
}

TEST(PhraseScorerCreate, RejectsBadRulesNamingTheField) {
  PhraseRules r = Rules();
  r.signals[1].phrases.push_back("");
  EXPECT_EQ(PhraseScorer::Create(r).status().message(),
            "signals[1].phrases[3]: empty, or starts or ends with '*'");
  r = Rules();
  r.modifiers[0].factor = 1.5;
  EXPECT_EQ(PhraseScorer::Create(r).status().message(), "modifiers[0].factor: must be in [0, 1]");
  r = Rules();
  r.signals[0].category.clear();
  EXPECT_EQ(PhraseScorer::Create(r).status().message(), "signals[0].category: required");
}

}  // namespace
}  // namespace cs::appeals
