// Reading a sighting out of tips written the way the public writes them (Simplified,
// Traditional, English), and leaving unknown what a message does not say.
#include "services/appeals/desk/tip_sighting.h"

#include "gtest/gtest.h"

namespace cs::appeals {
namespace {

const std::vector<ZoneNames> kZones = {
    {"penguin", {"企鹅馆", "企鵝館", "Penguin Pavilion", "penguin"}},
    {"whale-shark", {"鲸鲨馆", "鯨鯊館", "Whale Shark Aquarium"}},
    {"main-gate", {"主入口", "Main Gate"}},
};

TEST(TipSightingTest, SimplifiedChineseTip) {
  TipSighting s = ReadTipSighting(
      "刚才在企鹅馆门口看到一个穿红色外套、蓝色短裤的小男孩在哭，大概4岁，一米左右", kZones);
  EXPECT_TRUE(s.mentions_child);
  EXPECT_EQ(s.zone_id, "penguin");
  EXPECT_EQ(s.sex, TipSex::kBoy);
  EXPECT_EQ(s.age_min, 3);
  EXPECT_EQ(s.age_max, 5);
  EXPECT_EQ(s.top, "红色外套");
  EXPECT_EQ(s.bottom, "蓝色短裤");
  EXPECT_TRUE(s.hat.empty());
  EXPECT_EQ(s.Summary(), "男孩 · 3–5岁 · 上衣 红色外套 · 下装 蓝色短裤");
}

TEST(TipSightingTest, TraditionalChineseWithARangeAndHeight) {
  TipSighting s =
      ReadTipSighting("鯨鯊館有個小女孩一個人，三四歲，身高約105厘米，戴黃色帽子，粉紅色的涼鞋", kZones);
  EXPECT_EQ(s.zone_id, "whale-shark");
  EXPECT_EQ(s.sex, TipSex::kGirl);
  EXPECT_EQ(s.age_min, 3);
  EXPECT_EQ(s.age_max, 4);
  EXPECT_EQ(s.height_cm, 105);
  EXPECT_EQ(s.hat, "黃色帽子");
  EXPECT_EQ(s.shoes, "粉紅色的涼鞋");
}

TEST(TipSightingTest, EnglishTip) {
  TipSighting s = ReadTipSighting(
      "Saw a little girl, maybe 5 years old, in a yellow raincoat and white sneakers near the "
      "Main Gate, about 1.1m tall",
      kZones);
  EXPECT_EQ(s.zone_id, "main-gate");
  EXPECT_EQ(s.sex, TipSex::kGirl);
  EXPECT_EQ(s.age_min, 4);
  EXPECT_EQ(s.age_max, 6);
  EXPECT_EQ(s.height_cm, 110);
  EXPECT_EQ(s.shoes, "white sneakers");
}

TEST(TipSightingTest, NoChildNoDescription) {
  TipSighting s = ReadTipSighting("企鹅馆排队太久了，建议增加工作人员", kZones);
  EXPECT_FALSE(s.mentions_child);
  EXPECT_FALSE(s.HasDescription());
  EXPECT_EQ(s.zone_id, "penguin");
  TipSighting far = ReadTipSighting("a 40 years old man was rude at the gate", kZones);
  EXPECT_EQ(far.age_min, -1);  // not a child's age
  EXPECT_TRUE(ReadTipSighting("", kZones).zone_id.empty());
}

}  // namespace
}  // namespace cs::appeals
