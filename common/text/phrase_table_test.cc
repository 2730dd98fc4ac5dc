#include "common/text/phrase_table.h"

#include <cstdlib>

#include <gtest/gtest.h>

namespace cs::text {
namespace {

std::string ShippedTablePath() {
  const char* src = std::getenv("CS_SOURCE_DIR");
  return std::string(src ? src : ".") + "/config/phrases.yaml";
}

TEST(PhraseTableTest, ShippedTableLoads) {
  auto table = PhraseTable::LoadFile(ShippedTablePath());
  ASSERT_TRUE(table.ok()) << table.status();
  EXPECT_GT(table->size(), 100u);
}

TEST(PhraseTableTest, OneLanguageInEveryScript) {
  auto table = PhraseTable::LoadFile(ShippedTablePath());
  ASSERT_TRUE(table.ok()) << table.status();
  for (const char* spelling : {"粵語", "粤语", "Cantonese", "廣東話", " cantonese "}) {
    const Phrase* p = table->Find(spelling);
    ASSERT_NE(p, nullptr) << spelling;
    EXPECT_EQ(p->id, "language.cantonese") << spelling;
  }
  EXPECT_EQ(table->Find("國語")->id, "language.mandarin");
  EXPECT_EQ(table->Find("no such phrase"), nullptr);
}

TEST(PhraseTableTest, ShadesNameTheirBase) {
  auto table = PhraseTable::LoadFile(ShippedTablePath());
  ASSERT_TRUE(table.ok()) << table.status();
  const Phrase* light_blue = table->Find("淺藍");
  ASSERT_NE(light_blue, nullptr);
  EXPECT_EQ(light_blue->id, "colour.light_blue");
  EXPECT_EQ(light_blue->base, "colour.blue");
  EXPECT_EQ(light_blue->en, "light blue");
  EXPECT_EQ(table->FindById(light_blue->base)->zh_hant, "藍色");
}

TEST(PhraseTableTest, ScanTakesTheLongestSpellingAndFiltersByKind) {
  auto table = PhraseTable::LoadFile(ShippedTablePath());
  ASSERT_TRUE(table.ok()) << table.status();
  const std::string text = "浅蓝色外套，戴眼镜，说粤语";
  auto all = table->Scan(text);
  ASSERT_EQ(all.size(), 4u);
  EXPECT_EQ(all[0].phrase->id, "colour.light_blue");
  EXPECT_EQ(text.substr(all[0].begin, all[0].end - all[0].begin), "浅蓝色");
  EXPECT_EQ(all[1].phrase->id, "garment.jacket");
  EXPECT_EQ(all[2].phrase->id, "feature.glasses");
  EXPECT_EQ(all[3].phrase->id, "language.cantonese");
  auto garments = table->Scan(text, PhraseKind::kGarment);
  ASSERT_EQ(garments.size(), 1u);
  EXPECT_EQ(garments[0].phrase->id, "garment.jacket");
}

TEST(PhraseTableTest, EnglishMatchesWholeWordsOnly) {
  auto table = PhraseTable::LoadFile(ShippedTablePath());
  ASSERT_TRUE(table.ok()) << table.status();
  EXPECT_TRUE(table->Scan("a bored child", PhraseKind::kColour).empty());
  auto hits = table->Scan("Wears GLASSES and a Red hoodie", std::nullopt);
  ASSERT_EQ(hits.size(), 3u);
  EXPECT_EQ(hits[0].phrase->id, "feature.glasses");
  EXPECT_EQ(hits[1].phrase->id, "colour.red");
  EXPECT_EQ(hits[2].phrase->id, "garment.hoodie");
}

TEST(PhraseTableTest, ExtensionReplacesAndAdds) {
  auto table = PhraseTable::LoadString(R"(phrases:
  - {id: garment.jacket, kind: garment, zh: 外套}
)");
  ASSERT_TRUE(table.ok()) << table.status();
  EXPECT_EQ(table->Find("外套")->en, "");
  auto more = PhraseTable::LoadString(R"(phrases:
  - {id: garment.jacket, kind: garment, zh: 外套, en: jacket}
  - {id: feature.ultraman, kind: feature, zh: 奥特曼, hant: 奧特曼, en: Ultraman}
)");
  ASSERT_TRUE(more.ok()) << more.status();
  ASSERT_TRUE(table->Extend(*more).ok());
  EXPECT_EQ(table->Find("外套")->en, "jacket");
  EXPECT_EQ(table->Find("奧特曼")->id, "feature.ultraman");
  EXPECT_EQ(table->size(), 2u);
}

TEST(PhraseTableTest, BadFilesAreRefusedWithTheirLine) {
  auto clash = PhraseTable::LoadString(R"(phrases:
  - {id: colour.red, kind: colour, zh: 红色}
  - {id: colour.pink, kind: colour, zh: 粉色, also: [红色]}
)", "clash.yaml");
  ASSERT_FALSE(clash.ok());
  EXPECT_NE(clash.status().message().find("clash.yaml:3"), std::string::npos)
      << clash.status();
  auto unknown_key = PhraseTable::LoadString(R"(phrases:
  - {id: colour.red, kind: colour, zh: 红色, colour: red}
)");
  EXPECT_FALSE(unknown_key.ok());
  auto bad_kind = PhraseTable::LoadString(R"(phrases:
  - {id: x.y, kind: gadget, zh: 东西}
)");
  EXPECT_FALSE(bad_kind.ok());
  auto bad_base = PhraseTable::LoadString(R"(phrases:
  - {id: colour.light_blue, kind: colour, zh: 浅蓝, base: colour.blue}
)");
  EXPECT_FALSE(bad_base.ok());
  auto duplicate = PhraseTable::LoadString(R"(phrases:
  - {id: colour.red, kind: colour, zh: 红色}
  - {id: colour.red, kind: colour, zh: 大红}
)");
  EXPECT_FALSE(duplicate.ok());
}

}  // namespace
}  // namespace cs::text
