// English typed into the Chinese fields (issue 14): the Chinese comes from the phrase table, a
// Latin phrase with no Chinese is left out of the Chinese and listed in `untranslated_zh`, and
// Latin stays only where the table (or the venue config) writes the Chinese in Latin, or as a
// letter code. The drafter-level goldens are in golden_drafts_test.cc.
#include "services/appeals/drafting/description_builder.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <vector>

namespace cs::appeals {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

class DescriptionBuilderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* root = std::getenv("CS_SOURCE_DIR");
    auto table =
        text::PhraseTable::LoadFile(std::string(root ? root : ".") + "/config/phrases.yaml");
    ASSERT_TRUE(table.ok()) << table.status();
    table_ = *std::move(table);
  }
  DescribedPart Top(std::string_view text, std::vector<std::string> chips = {}) {
    return DescribeGarment(text, chips, table_, "上衣", "top");
  }
  text::PhraseTable table_;
};

TEST_F(DescriptionBuilderTest, AGarmentTypedInEnglishIsWrittenInChineseFromTheTable) {
  const DescribedPart red = Top("red jacket");
  EXPECT_EQ(red.zh, "红色外套");
  EXPECT_EQ(red.en, "a red jacket");
  EXPECT_THAT(red.untranslated_zh, IsEmpty());
  EXPECT_EQ(Top("Spiderman T-shirt").zh, "蜘蛛侠T恤");
  EXPECT_EQ(Top("blue and white striped T-shirt").zh, "蓝色、白色相间的条纹T恤");
}

TEST_F(DescriptionBuilderTest, ALatinPhraseWithNoChineseIsLeftOutAndListed) {
  const DescribedPart zip = Top("red jacket with a zip");
  EXPECT_EQ(zip.zh, "红色外套");
  EXPECT_EQ(zip.en, "red jacket with a zip") << "the English is what was typed";
  EXPECT_THAT(zip.untranslated_zh, ElementsAre("with a zip"));
  EXPECT_THAT(zip.untranslated, IsEmpty());

  // A colour chip the table does not know is English as typed, and has no Chinese yet.
  const DescribedPart teal = Top("T恤", {"teal"});
  EXPECT_EQ(teal.zh, "T恤");
  EXPECT_EQ(teal.en, "a teal T-shirt");
  EXPECT_THAT(teal.untranslated_zh, ElementsAre("teal"));
}

TEST_F(DescriptionBuilderTest, EnglishWordsInsideChineseTextAreTranslatedOrLeftOut) {
  const DescribedPart print = Top("印有Minecraft图案的T恤", {"绿色"});
  EXPECT_EQ(print.zh, "印有图案的绿色T恤");
  EXPECT_THAT(print.untranslated_zh, ElementsAre("Minecraft"));
  EXPECT_EQ(Top("印有Spiderman的卫衣").zh, "印有蜘蛛侠的卫衣") << "a known name is translated";
  // The verb and the 的 that introduced a left-out word go with it.
  const DescribedPart creeper = Top("红色卫衣，印有Creeper的");
  EXPECT_EQ(creeper.zh, "红色卫衣");
  EXPECT_THAT(creeper.untranslated_zh, ElementsAre("Creeper"));
  // Letter codes read the same in Chinese and stay.
  EXPECT_EQ(DescribeText("NBA球衣，胸前有A字", table_).zh, "NBA球衣，胸前有A字");
  EXPECT_EQ(Top("白色卫衣，胸前印着 SINCE 1998").zh, "白色卫衣，胸前印着 SINCE 1998");
  EXPECT_EQ(DescribeText("身高约90cm，偏瘦", table_).zh, "身高约90cm，偏瘦");
  const DescribedPart word = DescribeText("胸前印着Hello Ocean", table_);
  EXPECT_THAT(word.untranslated_zh, ElementsAre("Hello Ocean")) << "English words, not lettering";
}

TEST_F(DescriptionBuilderTest, FeaturesTypedInEnglishGetChinese) {
  const DescribedPart only = DescribeText("speaks English only, wears glasses", table_);
  EXPECT_EQ(only.zh, "只会说英语，戴眼镜");
  EXPECT_EQ(only.en, "speaks English only, wears glasses");
  EXPECT_THAT(only.untranslated_zh, IsEmpty());
  EXPECT_EQ(DescribeText("speaks Cantonese and English", table_).zh, "会说粤语和英语");
  const DescribedPart lego = DescribeText("curly hair, holding a Lego robot", table_);
  EXPECT_EQ(lego.zh, "卷发");
  EXPECT_THAT(lego.untranslated_zh, ElementsAre("holding a Lego robot"));
  // Mixed: the English words take the table's Chinese.
  EXPECT_EQ(DescribeText("戴眼镜，speaks English", table_).zh, "戴眼镜，会说英语");
  // And the other direction keeps the "only" as well.
  EXPECT_EQ(DescribeText("只会说粤语", table_).en, "speaks only Cantonese");
}

TEST_F(DescriptionBuilderTest, TheVenuesEnglishNamesTakeTheirConfiguredChinese) {
  const VenuePlaces places = {
      {"venue.name", text::PhraseKind::kPlace, "企鹅馆", "企鹅馆", "Penguin Pavilion", {}, ""}};
  EXPECT_EQ(DescribeText("Penguin Pavilion", table_, places).zh, "企鹅馆");
  EXPECT_EQ(DescribeText("the lost child centre", table_, places).zh, "走失儿童中心");
  const DescribedPart gate = DescribeText("Gate 3 ticket office", table_, places);
  EXPECT_EQ(gate.zh, "");
  EXPECT_THAT(gate.untranslated_zh, ElementsAre("Gate 3 ticket office"));
}

// The rule for brand names (services/appeals/README.md): the table's `zh` is what the Chinese
// says. The shipped table writes Nike as 耐克 and keeps Vans in Latin; a press office that
// keeps Nike in Latin says so with an extension entry of the same id.
TEST_F(DescriptionBuilderTest, ABrandStaysInLatinOnlyWhereTheTableWritesItSo) {
  EXPECT_EQ(Top("Nike T-shirt").zh, "耐克T恤");
  EXPECT_EQ(DescribeGarment("Vans canvas shoes", {}, table_, "鞋子", "shoes").zh, "Vans帆布鞋");
  const DescribedPart unknown = DescribeGarment("Heelys", {}, table_, "鞋子", "shoes");
  EXPECT_THAT(unknown.untranslated_zh, ElementsAre("Heelys")) << "a brand not in the table";
  EXPECT_EQ(unknown.zh.find("Heelys"), std::string::npos);

  auto press = text::PhraseTable::LoadString(
      "phrases:\n  - {id: pattern.nike, kind: pattern, zh: Nike, en: Nike, also: [耐克, nike]}\n");
  ASSERT_TRUE(press.ok()) << press.status();
  ASSERT_TRUE(table_.Extend(*press).ok());
  EXPECT_EQ(Top("Nike T-shirt").zh, "Nike T恤") << "two Latin words keep their space";
  EXPECT_EQ(Top("耐克运动服").zh, "Nike运动服");
  EXPECT_EQ(Top("Nike T-shirt").en, "a Nike T-shirt");
}

}  // namespace
}  // namespace cs::appeals
