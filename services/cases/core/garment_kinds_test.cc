#include "services/cases/core/garment_kinds.h"

#include <gtest/gtest.h>

#include <cstdlib>

#include "common/text/phrase_table.h"

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

bool Contradict(GarmentSlot slot, const char* a, const char* b) {
  return KindsContradict(ReadGarmentKinds(slot, a, Phrases()), ReadGarmentKinds(slot, b, Phrases()));
}

TEST(GarmentKinds, ExclusiveKindsContradictInAnyLanguage) {
  ASSERT_NE(Phrases(), nullptr);
  EXPECT_TRUE(Contradict(GarmentSlot::kTop, "粉色连衣裙", "粉色T恤"));
  EXPECT_TRUE(Contradict(GarmentSlot::kTop, "pink dress", "粉色短袖"));
  EXPECT_TRUE(Contradict(GarmentSlot::kBottom, "蓝色短裤", "blue jeans"));  // jeans are trousers
  EXPECT_TRUE(Contradict(GarmentSlot::kShoes, "凉鞋", "白色运动鞋"));
  EXPECT_TRUE(Contradict(GarmentSlot::kShoes, "拖鞋", "boots"));  // slippers count as sandals
}

TEST(GarmentKinds, SpecificAndGeneralKindsAgree) {
  EXPECT_FALSE(Contradict(GarmentSlot::kTop, "艾莎公主裙", "浅蓝色裙子"));  // a princess dress is a dress
  EXPECT_FALSE(Contradict(GarmentSlot::kBottom, "牛仔裤", "蓝色长裤"));
  EXPECT_FALSE(Contradict(GarmentSlot::kShoes, "亮灯鞋", "运动鞋"));
  EXPECT_FALSE(Contradict(GarmentSlot::kBottom, "粉色裙子", "pink skirt"));  // a dress under bottom
}

TEST(GarmentKinds, LayersAndUnnamedKindsNeverContradict) {
  // A jacket comes off: the officer sees the T-shirt under it.
  EXPECT_FALSE(Contradict(GarmentSlot::kTop, "红色外套", "白色T恤"));
  EXPECT_FALSE(Contradict(GarmentSlot::kTop, "连帽卫衣", "长袖"));
  EXPECT_FALSE(Contradict(GarmentSlot::kTop, "蓝色的", "蓝色T恤"));  // one side names no kind
  EXPECT_FALSE(Contradict(GarmentSlot::kBottom, "打底裤", "短裙"));  // leggings go with anything
  EXPECT_FALSE(Contradict(GarmentSlot::kShoes, "鞋子", "凉鞋"));      // generic shoes
  EXPECT_FALSE(Contradict(GarmentSlot::kHat, "鸭舌帽", "草帽"));      // hats are not compared
}

TEST(GarmentKinds, NoTableReadsNothing) {
  EXPECT_TRUE(ReadGarmentKinds(GarmentSlot::kTop, "连衣裙", nullptr).empty());
}

}  // namespace
}  // namespace cs::cases
