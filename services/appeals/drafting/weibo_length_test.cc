#include "services/appeals/drafting/weibo_length.h"

#include <gtest/gtest.h>

#include <string>

namespace cs::appeals {
namespace {

TEST(WeiboLengthTest, CjkCountsOneEach) {
  EXPECT_EQ(WeiboLength("寻找走失儿童家长"), 8);
  EXPECT_EQ(WeiboLength("【】，。"), 4);
}

TEST(WeiboLengthTest, FullWidthCountsOne) { EXPECT_EQ(WeiboLength("ＡＢＣ１２"), 5); }

TEST(WeiboLengthTest, AsciiCountsHalfRoundedUpOverTheWholeText) {
  EXPECT_EQ(WeiboLength(""), 0);
  EXPECT_EQ(WeiboLength("a"), 1);
  EXPECT_EQ(WeiboLength("ab"), 1);
  EXPECT_EQ(WeiboLength("abc"), 2);
  // Rounded once over the whole text, not per run: 1 + 1 ASCII halves make 1, plus 1 CJK.
  EXPECT_EQ(WeiboLength("a中b"), 2);
  EXPECT_EQ(WeiboLength(std::string(280, 'x')), 140);
  EXPECT_EQ(WeiboLength(std::string(281, 'x')), 141);
}

TEST(WeiboLengthTest, UrlCountsTenWhateverItsLength) {
  EXPECT_EQ(WeiboLength("http://t.cn/A"), 10);
  EXPECT_EQ(WeiboLength("https://example.com/" + std::string(500, 'a')), 10);
  EXPECT_EQ(WeiboLength("见HTTPS://weibo.com/x 谢谢"), 1 + 10 + 1 + 2);  // space + CJK
  // A bare scheme is not a link.
  EXPECT_EQ(WeiboLength("http://"), 4);
  EXPECT_EQ(WeiboLength("a http://x.cn b http://y.cn"), 10 + 10 + 3);  // 5 ASCII: "a ", " b "
}

TEST(WeiboLengthTest, InvalidUtf8CountsOnePerBadByteAndNeverCrashes) {
  EXPECT_EQ(WeiboLength("\xff"), 1);
  EXPECT_EQ(WeiboLength("\xe4\xb8"), 2);      // truncated 3-byte sequence
  EXPECT_EQ(WeiboLength("\xc0\xaf"), 2);      // overlong '/'
  EXPECT_EQ(WeiboLength("\xed\xa0\x80"), 3);  // surrogate
  EXPECT_EQ(WeiboLength(std::string("a\0b", 3)), 2);
}

}  // namespace
}  // namespace cs::appeals
