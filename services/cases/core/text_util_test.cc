#include "services/cases/core/text_util.h"

#include <gtest/gtest.h>

namespace cs::cases {
namespace {

TEST(TextUtil, BigramsOverlapAcrossWording) {
  const auto a = TextGrams("左脸有痣，戴眼镜");
  const auto b = TextGrams("戴眼镜 脸上有痣");
  const auto c = TextGrams("扎两个辫子");
  EXPECT_GT(Jaccard(a, b), 0.2);
  EXPECT_EQ(Jaccard(a, c), 0.0);
  EXPECT_DOUBLE_EQ(Jaccard(a, a), 1.0);
  EXPECT_EQ(TextGrams("Glasses"), TextGrams("glasses"));
}

TEST(TextUtil, XmlEscapeEscapesAndDropsForbidden) {
  EXPECT_EQ(XmlEscape("a<b & \"c\" 'd'>"), "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;");
  EXPECT_EQ(XmlEscape(std::string("x\x01y\xFFz", 5)), "xyz");
  EXPECT_EQ(XmlEscape("企鹅\n"), "企鹅\n");
}

}  // namespace
}  // namespace cs::cases
