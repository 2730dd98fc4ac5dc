#include "services/appeals/desk/text_diff.h"

#include <random>
#include <string>

#include "common/text/utf8.h"
#include "gtest/gtest.h"
#include "services/appeals/desk/sha256.h"

namespace cs::appeals {

void PrintTo(const DiffOp& op, std::ostream* os) {
  *os << "{" << static_cast<int>(op.kind) << ", \"" << op.text << "\"}";
}

namespace {

TEST(CharDiffTest, ChangedDigitInChineseText) {
  auto ops = CharDiff("身高约100厘米", "身高约105厘米");
  ASSERT_EQ(ops.size(), 4u);
  EXPECT_EQ(ops[0], (DiffOp{DiffKind::kEqual, "身高约10"}));
  EXPECT_EQ(ops[1], (DiffOp{DiffKind::kDelete, "0"}));
  EXPECT_EQ(ops[2], (DiffOp{DiffKind::kInsert, "5"}));
  EXPECT_EQ(ops[3], (DiffOp{DiffKind::kEqual, "厘米"}));
}

TEST(CharDiffTest, NeverSplitsACharacter) {
  // 红 and 蓝 share their first UTF-8 byte pattern class; a byte diff would split them.
  auto ops = CharDiff("上衣红色", "上衣蓝色");
  for (const auto& op : ops) EXPECT_EQ(EncodeUtf8(DecodeUtf8(op.text).substr(0, 99)), op.text);
  EXPECT_EQ(ApplySide(ops, false), "上衣红色");
  EXPECT_EQ(ApplySide(ops, true), "上衣蓝色");
}

TEST(CharDiffTest, RebuildsBothSides) {
  const std::string a = "【寻找走失儿童家长】今日14时许，在企鹅馆发现一名男孩";
  const std::string b = "【寻找走失儿童家长】今日14时30分许，在鲸鲨馆附近发现一名男孩，约4岁";
  auto ops = CharDiff(a, b);
  EXPECT_EQ(ApplySide(ops, false), a);
  EXPECT_EQ(ApplySide(ops, true), b);
}

TEST(CharDiffTest, EmptySides) {
  auto ops = CharDiff("", "新");
  ASSERT_EQ(ops.size(), 1u);
  EXPECT_EQ(ops[0].kind, DiffKind::kInsert);
  EXPECT_TRUE(CharDiff("", "").empty());
}

TEST(LineDiffTest, ReportsWholeLines) {
  auto ops = LineDiff("a\nb\nc\n", "a\nx\nc\n");
  ASSERT_EQ(ops.size(), 4u);
  EXPECT_EQ(ops[1], (DiffOp{DiffKind::kDelete, "b\n"}));
  EXPECT_EQ(ops[2], (DiffOp{DiffKind::kInsert, "x\n"}));
}

TEST(LineDiffTest, HugeInputFallsBackWithoutQuadraticWork) {
  std::string a, b;
  for (int i = 0; i < 3000; ++i) {
    a += "line a " + std::to_string(i) + "\n";
    b += "line b " + std::to_string(i) + "\n";
  }
  auto ops = LineDiff(a, b);
  ASSERT_EQ(ops.size(), 2u);  // 3000 x 3000 > kMaxDiffCells: one delete, one insert
  EXPECT_EQ(ApplySide(ops, true), b);
}

TEST(Sha256Test, KnownVector) {
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(RandomInputTest, ArbitraryBytesNeverCrashAndDiffsRebuildDecodedText) {
  std::mt19937 rng(7);
  for (int round = 0; round < 300; ++round) {
    std::string a(rng() % 64, '\0'), b(rng() % 64, '\0');
    for (auto& c : a) c = static_cast<char>(rng());
    for (auto& c : b) c = static_cast<char>(rng());
    const auto da = DecodeUtf8(a);
    const auto db = DecodeUtf8(b);
    auto ops = CharDiff(a, b);
    // Invalid bytes become U+FFFD, so compare against the decoded-and-re-encoded text.
    EXPECT_EQ(ApplySide(ops, false), EncodeUtf8(da));
    EXPECT_EQ(ApplySide(ops, true), EncodeUtf8(db));
    for (char32_t cp : da) EXPECT_LE(cp, 0x10FFFFu);
  }
}

}  // namespace
}  // namespace cs::appeals
