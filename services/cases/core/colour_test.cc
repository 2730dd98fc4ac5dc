#include "services/cases/core/colour.h"

#include <gtest/gtest.h>

namespace cs::cases {
namespace {

// Reference pairs from Sharma, Wu & Dalal (2005), Table 1.
TEST(Colour, DeltaE2000MatchesSharmaReferenceData) {
  struct Pair {
    Lab x, y;
    double de;
  };
  const Pair pairs[] = {
      {{50, 2.6772f, -79.7751f}, {50, 0, -82.7485f}, 2.0425},
      {{50, 0, 0}, {50, -1, 2}, 2.3669},
      {{50, 2.5f, 0}, {73, 25, -18}, 27.1492},
      {{50, 2.5f, 0}, {61, -5, 29}, 22.8977},
      {{50, 2.5f, 0}, {56, -27, -3}, 31.9030},
      {{50, 2.5f, 0}, {58, 24, 15}, 19.4535},
  };
  for (const auto& p : pairs) {
    EXPECT_NEAR(DeltaE2000(p.x, p.y), p.de, 1e-3);
    EXPECT_NEAR(DeltaE2000(p.y, p.x), p.de, 1e-3);  // symmetric
  }
}

TEST(Colour, SrgbToLabKnownPoints) {
  const Lab white = SrgbToLab(255, 255, 255);
  EXPECT_NEAR(white.l, 100, 0.05);
  EXPECT_NEAR(white.a, 0, 0.05);
  EXPECT_NEAR(white.b, 0, 0.05);
  const Lab red = SrgbToLab(255, 0, 0);  // ~ (53.24, 80.09, 67.20)
  EXPECT_NEAR(red.l, 53.24, 0.1);
  EXPECT_NEAR(red.a, 80.09, 0.2);
  EXPECT_NEAR(red.b, 67.20, 0.2);
}

TEST(Colour, SynonymsResolveToTheSameColour) {
  auto navy = LookupColour("navy");
  auto zangqing = LookupColour("藏青色");
  auto zanglan = LookupColour("藏蓝");
  auto haijun = LookupColour("海军蓝");
  ASSERT_TRUE(navy && zangqing && zanglan && haijun);
  EXPECT_LT(DeltaE2000(navy->lab, zangqing->lab), 0.01);
  EXPECT_LT(DeltaE2000(navy->lab, haijun->lab), 0.01);
  EXPECT_EQ(LookupColour("Grey")->canonical, LookupColour("gray")->canonical);
  EXPECT_FALSE(LookupColour("plaid").has_value());
}

TEST(Colour, NearColoursCloserThanDifferentOnes) {
  const Lab navy = LookupColour("藏青")->lab;
  const Lab dark_blue = LookupColour("深蓝")->lab;
  const Lab red = LookupColour("红")->lab;
  const Lab pink = LookupColour("粉红")->lab;
  EXPECT_LT(DeltaE2000(navy, dark_blue), 10);
  EXPECT_GT(DeltaE2000(navy, red), 40);
  EXPECT_LT(DeltaE2000(red, pink), DeltaE2000(red, navy));
}

TEST(Colour, FindsColourWordsInDescriptions) {
  auto c = FindColours("深蓝色外套");
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].canonical, "dark blue");  // longest match, not "blue"
  c = FindColours("Navy jacket, white T-shirt");
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(c[0].canonical, "navy");
  EXPECT_EQ(c[1].canonical, "white");
  EXPECT_TRUE(FindColours("a bored child").empty());  // no "red" inside a word
  c = FindColours("米色裤子配卡其腰带");
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(c[0].canonical, "beige");
  EXPECT_EQ(c[1].canonical, "khaki");
  for (const char* w :
       {"红",        "大红",       "粉",       "天蓝",  "浅蓝",  "蓝",    "绿",
        "军绿",      "墨绿",       "黄",       "橙",    "紫",    "白",    "黑",
        "灰",        "棕",         "咖啡",     "米色",  "卡其",  "red",   "pink",
        "dark blue", "light blue", "sky blue", "blue",  "green", "olive", "yellow",
        "orange",    "purple",     "white",    "black", "brown", "beige", "khaki"}) {
    EXPECT_TRUE(LookupColour(w).has_value()) << w;
  }
}

}  // namespace
}  // namespace cs::cases

namespace cs::cases {
namespace {

TEST(Colour, PaletteHoldsEachCanonicalColourOnceAndQuantises) {
  const auto& palette = Palette();
  ASSERT_GT(palette.size(), 20u);
  ASSERT_LE(palette.size(), 64u);  // the matcher's per-query tables hold 64
  for (size_t i = 0; i < palette.size(); ++i)
    for (size_t j = i + 1; j < palette.size(); ++j)
      EXPECT_NE(palette[i].canonical, palette[j].canonical);
  EXPECT_EQ(palette[NearestPaletteIndex(LookupColour("藏青")->lab)].canonical, "navy");
  EXPECT_EQ(palette[NearestPaletteIndex(SrgbToLab(250, 250, 250))].canonical, "white");
}

}  // namespace
}  // namespace cs::cases

namespace cs::cases {
namespace {

// Issue 13: Traditional colour words were not read.
TEST(Colour, Issue13TraditionalWordsFoldToSimplified) {
  ASSERT_TRUE(LookupColour("藍色").has_value());
  EXPECT_EQ(LookupColour("藍色")->canonical, "blue");
  EXPECT_EQ(LookupColour("黃")->canonical, "yellow");
  EXPECT_EQ(LookupColour("軍綠")->canonical, "olive");
  auto c = FindColours("深藍色外套，紅鞋");
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(c[0].canonical, "dark blue");
  EXPECT_EQ(c[1].canonical, "red");
}

// A word the lexicon lacks is read from its base character and marked so.
TEST(Colour, Issue13UnlistedWordsReadFromTheirBaseCharacter) {
  auto w = ReadColourWord("翠绿");
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0].canonical, "green");
  EXPECT_TRUE(w[0].from_base);
  EXPECT_EQ(w[0].word, "翠绿");
  auto lighter = ReadColourWord("淺紫");  // a modifier shapes the base: lighter than purple
  ASSERT_EQ(lighter.size(), 1u);
  EXPECT_GT(lighter[0].lab.l, LookupColour("紫")->lab.l);
  auto two = ReadColourWord("蓝白");  // blue and white, not a mixed shade
  ASSERT_EQ(two.size(), 2u);
  EXPECT_EQ(two[0].canonical, "blue");
  EXPECT_EQ(two[1].canonical, "white");
  EXPECT_TRUE(ReadColourWord("彩色").empty());
}

// A shade and its base are close; two different shades of a family are compared by CIEDE2000.
TEST(Colour, Issue13ShadeAgainstBaseIsCloseShadeAgainstShadeIsNot) {
  const NamedColour blue = *LookupColour("蓝");
  const NamedColour light = *LookupColour("浅蓝");
  const NamedColour navy = *LookupColour("藏青");
  const NamedColour sky = *LookupColour("天蓝");
  EXPECT_GE(ColourSimilarity(blue, light), 0.8);
  EXPECT_GE(ColourSimilarity(navy, blue), 0.8);
  EXPECT_LT(ColourSimilarity(navy, sky), 0.5);
  EXPECT_LT(ColourSimilarity(blue, *LookupColour("红")), 0.1);
}

}  // namespace
}  // namespace cs::cases
