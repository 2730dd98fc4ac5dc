#include "common/text/utf8.h"

#include <gtest/gtest.h>

#include <string>

namespace cs {
namespace {

TEST(Utf8Test, DecodesOneToFourByteSequences) {
  EXPECT_EQ(DecodeUtf8("a\u00e9\u4f01\U0001F600"), std::u32string(U"a\u00e9\u4f01\U0001F600"));
  size_t len = 0;
  EXPECT_EQ(DecodeUtf8At("\xe4\xbc\x81", 0, &len), U'\u4f01');
  EXPECT_EQ(len, 3u);
}

TEST(Utf8Test, EachInvalidByteBecomesOneReplacement) {
  // overlong '/', a surrogate (U+D800), above U+10FFFF, a stray continuation, a cut sequence
  for (const char* bad : {"\xc0\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\x80", "\xe4\xbc"}) {
    const std::string s(bad);
    const std::u32string cps = DecodeUtf8(s);
    EXPECT_EQ(cps.size(), s.size()) << "one code point per byte";
    EXPECT_EQ(cps[0], kReplacementChar);
    EXPECT_FALSE(IsValidUtf8(s));
  }
  EXPECT_EQ(DecodeUtf8("a\xffz"), std::u32string(U"a\uFFFDz"));
}

TEST(Utf8Test, AnEncodedReplacementCharacterIsValid) {
  EXPECT_TRUE(IsValidUtf8("\xef\xbf\xbd"));
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("企鹅馆 Penguin"));
}

TEST(Utf8Test, EncodeRoundTripsAndReplacesNonScalarValues) {
  const std::u32string cps = U"x\u00e9\u4f01\U0001F600";
  EXPECT_EQ(DecodeUtf8(EncodeUtf8(cps)), cps);
  std::string out;
  AppendUtf8(0xD800, out);
  AppendUtf8(0x110000, out);
  EXPECT_EQ(out, "\xef\xbf\xbd\xef\xbf\xbd");
}

TEST(Utf8Test, CountsAndCutsOnCodePointBoundaries) {
  const std::string s = "企鹅a\xff";
  EXPECT_EQ(CodePointCount(s), 4u);
  EXPECT_EQ(TruncateCodePoints(s, 1), "企");
  EXPECT_EQ(TruncateCodePoints(s, 3), "企鹅a");
  EXPECT_EQ(TruncateCodePoints(s, 10), s);
}

TEST(Utf8Test, CjkIdeographs) {
  EXPECT_TRUE(IsCjkIdeograph(U'企'));
  EXPECT_TRUE(IsCjkIdeograph(0x20000));
  EXPECT_FALSE(IsCjkIdeograph(U'a'));
  EXPECT_FALSE(IsCjkIdeograph(U'。'));
}

}  // namespace
}  // namespace cs
