#include "services/appeals/drafting/clothing_phrase.h"

#include <gtest/gtest.h>

namespace cs::appeals {
namespace {

TEST(WearingEn, ListsAnySubsetWithOneVerbAndTheLastTwoJoinedByAnd) {
  EXPECT_EQ(WearingEn({"a red jacket", "blue jeans", "", "white shoes"}),
            "wearing a red jacket, blue jeans and white shoes");
  // No top: the verb stays (it used to sit in the top's optional part and went with it).
  EXPECT_EQ(WearingEn({"", "", "a yellow sun hat", "light-up shoes"}),
            "wearing a yellow sun hat and light-up shoes");
  EXPECT_EQ(WearingEn({"", "", "", "white shoes"}), "wearing white shoes");
  // No shoes: the last two are still joined by "and", never by a bare comma.
  EXPECT_EQ(WearingEn({"a red jacket", "blue jeans", "", ""}), "wearing a red jacket and blue jeans");
  EXPECT_EQ(WearingEn({"a", "b", "c", "d"}), "wearing a, b, c and d");
  EXPECT_EQ(WearingEn({}), "");
}

TEST(WearingZh, EachGarmentKeepsItsOwnVerb) {
  EXPECT_EQ(WearingZh({"红色外套", "蓝色牛仔裤", "黑色鸭舌帽", "白色运动鞋"}),
            "上穿红色外套，下穿蓝色牛仔裤，头戴黑色鸭舌帽，脚穿白色运动鞋");
  EXPECT_EQ(WearingZh({"", "", "黄色遮阳帽", "亮灯鞋"}), "头戴黄色遮阳帽，脚穿亮灯鞋");
  EXPECT_EQ(WearingZh({}), "");
}

}  // namespace
}  // namespace cs::appeals
