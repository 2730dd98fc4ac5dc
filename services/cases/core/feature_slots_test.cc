#include "services/cases/core/feature_slots.h"

#include <gtest/gtest.h>

#include <cstdlib>

#include "common/text/phrase_table.h"
#include "services/cases/core/feature_terms.h"

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

std::vector<SlotConflict> Conflicts(std::string_view a, std::string_view b) {
  return SlotConflicts(ReadFeatureSlots(a, Phrases()), ReadFeatureSlots(b, Phrases()), {});
}

TEST(FeatureSlotsTest, ReadsTheSideAndPlaceOfAMarkInEitherLanguage) {
  ASSERT_NE(Phrases(), nullptr);
  auto zh = ReadFeatureSlots("扎两个小辫子，左脸颊有颗小痣", Phrases());
  ASSERT_EQ(zh.size(), 1u);
  EXPECT_EQ(zh[0].object, FeaturePhraseTerm("feature.mole"));
  EXPECT_EQ(zh[0].sides, kSideLeft);
  EXPECT_NE(zh[0].regions, 0u);
  auto en = ReadFeatureSlots("glasses, a mole on the right cheek", Phrases());
  ASSERT_EQ(en.size(), 2u);
  EXPECT_EQ(en[1].sides, kSideRight);
  EXPECT_EQ(en[0].sides, 0u);  // the glasses are in another clause
}

TEST(FeatureSlotsTest, SameThingOtherValueConflicts) {
  ASSERT_NE(Phrases(), nullptr);
  // A mole on the left cheek against one on the right: robust, a full contradiction.
  auto side = Conflicts("左脸有颗痣", "mole on the right cheek");
  ASSERT_EQ(side.size(), 1u);
  EXPECT_EQ(side[0].kind, SlotKind::kSide);
  EXPECT_DOUBLE_EQ(side[0].weight, 1.0);
  EXPECT_NE(side[0].explanation_en.find("left"), std::string::npos);
  EXPECT_NE(side[0].explanation_zh.find("左边"), std::string::npos);
  // A birthmark on the face against one on the hand.
  auto region = Conflicts("脸上有块胎记", "手背上有胎记");
  ASSERT_EQ(region.size(), 1u);
  EXPECT_EQ(region[0].kind, SlotKind::kRegion);
  // A silver bracelet against a gold one: a worn thing's colour.
  auto colour = Conflicts("戴银色手链", "手上戴着金色的手链");
  ASSERT_EQ(colour.size(), 1u);
  EXPECT_EQ(colour[0].kind, SlotKind::kColour);
  EXPECT_DOUBLE_EQ(colour[0].weight, SlotWeights{}.worn_colour);
  // A balloon's colour counts little: balloons are swapped.
  auto balloon = Conflicts("拿着红色气球", "holding a blue balloon");
  ASSERT_EQ(balloon.size(), 1u);
  EXPECT_LT(balloon[0].weight, colour[0].weight);
}

TEST(FeatureSlotsTest, SameValueOrNotStatedIsNoConflict) {
  ASSERT_NE(Phrases(), nullptr);
  EXPECT_TRUE(Conflicts("左脸有痣", "左边脸上一颗痣").empty());
  EXPECT_TRUE(Conflicts("脸上有痣", "右脸有痣").empty());          // one side states no side
  EXPECT_TRUE(Conflicts("左脸有痣", "右手戴手表").empty());        // different things
  EXPECT_TRUE(Conflicts("银色手链", "灰色手链").empty());          // silver and grey are alike
  EXPECT_TRUE(Conflicts("一米一左右有颗痣", "右脸有痣").empty());  // 左右 is "about"
  EXPECT_TRUE(Conflicts("没戴红色手表", "蓝色手表").empty());      // stated absent
  // 无名指 (the ring finger) states nothing absent.
  EXPECT_EQ(Conflicts("左手无名指上有颗痣", "右手有痣").size(), 1u);
}

}  // namespace
}  // namespace cs::cases
