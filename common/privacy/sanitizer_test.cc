#include "common/privacy/sanitizer.h"

#include <gtest/gtest.h>

#include <string>

#include "common/text/utf8.h"

namespace cs::privacy {

namespace {

PiiGuard MakeGuard() {
  PiiGuardConfig config;
  config.official_hotline = "110";
  config.protected_names = {{"王小红", "王"}};
  auto guard = PiiGuard::Create(config);
  EXPECT_TRUE(guard.ok());
  return *std::move(guard);
}

TEST(SanitizerTest, KeepsOrdinaryDescriptions) {
  const PiiGuard guard = MakeGuard();
  EXPECT_EQ(SanitizeField("红色连帽卫衣，胸前有小鲸鱼图案", guard),
            "红色连帽卫衣，胸前有小鲸鱼图案");
  EXPECT_EQ(SanitizeField("  blue   jeans\n", guard), "blue jeans");
}

TEST(SanitizerTest, RemovesHiddenCharactersMarkupAndLinks) {
  const PiiGuard guard = MakeGuard();
  EXPECT_EQ(SanitizeField("红\u200b色\u202e外套\x01", guard), "红色外套");
  EXPECT_EQ(SanitizeField("<b>红色</b>外套<script>alert(1)</script>", guard), "红色外套");
  EXPECT_EQ(SanitizeField("白鞋 https://evil.cn/x 谢谢", guard), "白鞋 谢谢");
  EXPECT_EQ(SanitizeField("#热门#白鞋@某人", guard), "白鞋");
  EXPECT_EQ(SanitizeField("{hotline}【置顶】", guard), "hotline置顶");
  EXPECT_EQ(SanitizeField("bad\xff\xfe utf8", guard), "bad utf8");
}

TEST(SanitizerTest, RemovesPersonalData) {
  const PiiGuard guard = MakeGuard();
  EXPECT_EQ(SanitizeField("白鞋，家长电话138-1234-5678", guard), "白鞋，家长电话");
  EXPECT_EQ(SanitizeField("王 小 红穿白鞋", guard), "穿白鞋");
  EXPECT_EQ(SanitizeField("白鞋，住人民路12号", guard), "白鞋，");
  // A removal that joins two halves into a new number is caught on the next pass.
  EXPECT_EQ(SanitizeField("13800<x>138000", guard), "");
}

TEST(SanitizerTest, TruncatesToTheLimit) {
  const PiiGuard guard = MakeGuard();
  std::string huge;
  for (int i = 0; i < 100000; ++i) huge += "鲸";
  const std::string out = SanitizeField(huge, guard, 40);
  EXPECT_EQ(CodePointCount(out), 40u);
  EXPECT_EQ(SanitizeField("abcdef", guard, 3), "abc");
}

}  // namespace
}  // namespace cs::privacy
