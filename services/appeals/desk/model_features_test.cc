// What the n-gram model reads beyond the rules' characters (model_features.h): Cantonese folded
// to Mandarin, syllable grams shared by homophones and pinyin, and a model file that records
// which of them it was trained on.
#include "services/appeals/desk/model_features.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "services/appeals/desk/ngram_model.h"

namespace cs::appeals {
namespace {

std::shared_ptr<const PinyinTable> Sounds() {
  return PinyinTable::FromEntries({{U'割', "ge"},
                                   {U'腕', "wan"},
                                   {U'婉', "wan"},
                                   {U'我', "wo"},
                                   {U'要', "yao"},
                                   {U'请', "qing"},
                                   {U'问', "wen"}});
}

bool Has(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

TEST(FoldCantonese, WrittenCantoneseReadsAsMandarin) {
  EXPECT_EQ(FoldCantonese("个细路唔见咗"), "个小孩不见了");
  EXPECT_EQ(FoldCantonese("佢哋喺边度"), "他们在哪里");
  EXPECT_EQ(FoldCantonese("唔该"), "谢谢");  // the two-character word wins over 唔
  EXPECT_EQ(FoldCantonese("冇人理"), "没人理");
  EXPECT_EQ(FoldCantonese("企鹅馆点走"), "企鹅馆点走");  // 企 and 行 keep their Mandarin sense
}

TEST(FoldCantonese, EmojiVariantsBecomeOneCharacter) {
  EXPECT_EQ(FoldCantonese("救命\xF0\x9F\x98\xAD\xEF\xB8\x8F"), "救命\xF0\x9F\x98\xAD");
}

TEST(SoundNgrams, HomophonesAndPinyinShareTheirSyllableGrams) {
  const auto sounds = Sounds();
  const auto typed = SoundNgrams(PrepareTriageText("我要割腕", nullptr), 2, *sounds);
  const auto typo = SoundNgrams(PrepareTriageText("我要割婉", nullptr), 2, *sounds);
  const auto pinyin = SoundNgrams(PrepareTriageText("wo yao ge wan", nullptr), 2, *sounds);
  EXPECT_EQ(typed, typo);
  EXPECT_EQ(typed, pinyin);
  EXPECT_TRUE(Has(typed, "♪ge wan"));
  EXPECT_TRUE(Has(typed, "♪wo"));
}

TEST(SoundNgrams, NoGramSpansAClauseOrAnUnknownCharacter) {
  const auto grams = SoundNgrams(PrepareTriageText("割，腕 割😭腕", nullptr), 2, *Sounds());
  EXPECT_TRUE(Has(grams, "♪ge"));
  EXPECT_FALSE(Has(grams, "♪ge wan"));
}

TEST(ModelFeatures, TheSpecDecidesWhatIsExtracted) {
  const auto sounds = Sounds();
  ModelFeatureSpec chars_only;
  const auto plain = ModelFeatures("佢唔见咗", nullptr, chars_only, sounds.get());
  EXPECT_TRUE(Has(plain, "唔"));
  EXPECT_FALSE(Has(plain, "不"));
  ModelFeatureSpec spec;
  spec.cantonese = true;
  spec.sound_n = 2;
  const auto rich = ModelFeatures("佢唔见咗 割婉", nullptr, spec, sounds.get());
  EXPECT_TRUE(Has(rich, "不见了"));
  EXPECT_TRUE(Has(rich, "♪ge wan"));
  // Without the table the sound grams are left out, the character grams stay.
  const auto no_table = ModelFeatures("割婉", nullptr, spec, nullptr);
  EXPECT_TRUE(Has(no_table, "割婉"));
  EXPECT_TRUE(std::none_of(no_table.begin(), no_table.end(),
                           [](const std::string& g) { return g.rfind("♪", 0) == 0; }));
}

// The clause split drops punctuation; the marks say whether a message asks, exclaims or protests.
TEST(MarkGrams, QuestionAndExclamationMarksWithTheCharacterBefore) {
  const auto asks = MarkGrams("请问几点开门？");
  EXPECT_TRUE(Has(asks, "¶?"));
  EXPECT_TRUE(Has(asks, "¶门?"));
  EXPECT_TRUE(Has(asks, "¶end?"));
  EXPECT_FALSE(Has(asks, "¶!"));
  const auto protests = MarkGrams("凭什么?! 排了两个小时吗？？ 😡");
  EXPECT_TRUE(Has(protests, "¶?!"));
  EXPECT_TRUE(Has(protests, "¶??"));
  EXPECT_TRUE(Has(protests, "¶吗?"));
  EXPECT_TRUE(Has(protests, "¶end?"));  // an emoji after the last mark does not end it
  const auto trails = MarkGrams("好累... 不想说了");
  EXPECT_TRUE(Has(trails, "¶."));
  EXPECT_FALSE(Has(trails, "¶end."));  // words follow the ellipsis
  EXPECT_TRUE(MarkGrams("没有标点").empty());
}

TEST(ModelFeatures, MarksAreExtractedOnlyWhenTheSpecSaysSo) {
  ModelFeatureSpec spec;
  const auto plain = ModelFeatures("門票多少錢？", nullptr, spec, nullptr);
  EXPECT_TRUE(std::none_of(plain.begin(), plain.end(),
                           [](const std::string& g) { return g.rfind("¶", 0) == 0; }));
  spec.marks = true;
  // The script is folded first, so 錢 and 钱 give one feature.
  const ScriptFolder fold = [](std::string_view s) {
    std::string out(s);
    for (auto [from, to] : {std::pair<std::string, std::string>{"門", "门"}, {"錢", "钱"}}) {
      for (size_t p = out.find(from); p != std::string::npos; p = out.find(from)) {
        out.replace(p, from.size(), to);
      }
    }
    return out;
  };
  const auto marked = ModelFeatures("門票多少錢？", fold, spec, nullptr);
  EXPECT_TRUE(Has(marked, "¶钱?"));
  EXPECT_TRUE(Has(marked, "门票"));
  auto model = NgramModel::Train({{marked, "a"}}, {"a"}, spec, 0.5);
  ASSERT_TRUE(model.ok()) << model.status();
  const std::string file = model->Serialize({});
  EXPECT_NE(file.find("marks\t1\n"), std::string::npos);
  auto parsed = NgramModel::Parse(file);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_TRUE(parsed->features().marks);
  EXPECT_FALSE(NgramModel::Parse("format\tcrowdsafe-ngram-nb\t1\nmarks\t2\n").ok());
}

// Inflections of one English word share its inner letter grams; Han text gives none.
TEST(LatinWordGrams, InflectionsShareTheirInnerGrams) {
  const auto a = LatinWordGrams(PrepareTriageText("her throat is swelling", nullptr), 4);
  const auto b = LatinWordGrams(PrepareTriageText("Throat swells, can't breathe", nullptr), 4);
  EXPECT_TRUE(Has(a, "‹swel›") && Has(b, "‹swel›"));
  EXPECT_TRUE(Has(a, "‹_thr›") && Has(b, "‹oat_›"));
  EXPECT_FALSE(Has(a, "‹_is_›"));  // a whole short word is the sound grams' business
  EXPECT_TRUE(Has(b, "‹cant›"));   // apostrophes dropped as the rules drop them
  EXPECT_TRUE(LatinWordGrams(PrepareTriageText("喉咙肿了", nullptr), 4).empty());
  ModelFeatureSpec spec;
  EXPECT_FALSE(Has(ModelFeatures("swelling", nullptr, spec, nullptr), "‹swel›"));
  spec.latin_n = 4;
  EXPECT_TRUE(Has(ModelFeatures("swelling", nullptr, spec, nullptr), "‹swel›"));
  auto model = NgramModel::Train({{ModelFeatures("swelling", nullptr, spec, nullptr), "a"}}, {"a"},
                                 spec, 0.5);
  ASSERT_TRUE(model.ok()) << model.status();
  auto parsed = NgramModel::Parse(model->Serialize({}));
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->features().latin_n, 4);
}

TEST(ModelFeatures, TheModelFileRecordsTheSpec) {
  ModelFeatureSpec spec;
  spec.cantonese = true;
  spec.sound_n = 2;
  const auto sounds = Sounds();
  auto model = NgramModel::Train({{ModelFeatures("我要割腕", nullptr, spec, sounds.get()), "a"},
                                  {ModelFeatures("请问", nullptr, spec, sounds.get()), "b"}},
                                 {"a", "b"}, spec, 0.5);
  ASSERT_TRUE(model.ok()) << model.status();
  const std::string file = model->Serialize({});
  EXPECT_NE(file.find("sound_n\t2\n"), std::string::npos);
  EXPECT_NE(file.find("cantonese\t1\n"), std::string::npos);
  auto parsed = NgramModel::Parse(file);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->features().sound_n, 2);
  EXPECT_TRUE(parsed->features().cantonese);
  // Pinyin the model never saw still reads as its class, through the syllables.
  const auto p =
      parsed->Predict(ModelFeatures("ge wan", nullptr, parsed->features(), sounds.get()));
  EXPECT_GT(p[0], p[1]);
  const std::string head = "format\tcrowdsafe-ngram-nb\t1\n";
  EXPECT_FALSE(NgramModel::Parse(head + "sound_n\t9\n").ok());
  EXPECT_FALSE(NgramModel::Parse(head + "cantonese\tyes\n").ok());
}

}  // namespace
}  // namespace cs::appeals
