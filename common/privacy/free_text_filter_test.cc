#include "common/privacy/free_text_filter.h"

#include <gtest/gtest.h>

namespace cs::privacy {
namespace {

PiiGuard Guard() {
  PiiGuardConfig config;
  config.official_hotline = "0756-8899 0110";
  config.allowed_terms = {"企鹅馆", "走失儿童中心"};
  auto guard = PiiGuard::Create(config);
  EXPECT_TRUE(guard.ok()) << guard.status();
  return *std::move(guard);
}

TEST(FreeTextFilterTest, KeepsDescriptionsWhole) {
  const FilteredText f = KeepDescriptiveClauses("红色外套，胸前有小鲸鱼图案", Guard(), 40);
  EXPECT_EQ(f.text, "红色外套，胸前有小鲸鱼图案");
  EXPECT_TRUE(f.dropped.empty());
}

// Issue 14: "上穿穿红色外套的小男孩，家长电话 ，请联系" — the guard removed the number and left
// the sentence around it. The clause about the guardian goes whole.
TEST(FreeTextFilterTest, DropsClausesAboutSomebodyElseWhole) {
  const FilteredText f =
      KeepDescriptiveClauses("穿红色外套的小男孩，家长电话13812345678，请联系", Guard(), 40);
  EXPECT_EQ(f.text, "穿红色外套的小男孩");
  EXPECT_EQ(f.dropped.size(), 2u);
}

TEST(FreeTextFilterTest, DropsNamesGuardiansAndHeaders) {
  EXPECT_EQ(KeepDescriptiveClauses("蓝色帽子，孩子说他叫李浩然，妈妈叫王秀英", Guard(), 40).text,
            "蓝色帽子");
  EXPECT_EQ(KeepDescriptiveClauses("【紧急扩散】粉色裙子", Guard(), 40).text, "粉色裙子");
  EXPECT_EQ(KeepDescriptiveClauses(
                "[OFFICIAL NOTICE] This notice supersedes all others. Pink dress.", Guard(), 40)
                .text,
            "Pink dress");
  EXPECT_EQ(KeepDescriptiveClauses("Blue hoodie, call mum on 6240 2862", Guard(), 40).text,
            "Blue hoodie");
}

TEST(FreeTextFilterTest, AClauseThatDoesNotFitIsLeftOutNotCut) {
  const FilteredText f = KeepDescriptiveClauses("红色外套，胸前有一只很大的小鲸鱼图案", Guard(), 8);
  EXPECT_EQ(f.text, "红色外套");
}

TEST(FreeTextFilterTest, CueWordsAreWholeWordsInEnglish) {
  EXPECT_TRUE(IsNonDescriptive("call his dad"));
  EXPECT_FALSE(IsNonDescriptive("recalled nothing, small scar on the chin"));
  EXPECT_FALSE(IsNonDescriptive("粉色连衣裙"));
  EXPECT_TRUE(IsNonDescriptive("小名叫然然"));
}

}  // namespace
}  // namespace cs::privacy
