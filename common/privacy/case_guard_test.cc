#include "common/privacy/case_guard.h"

#include <gtest/gtest.h>

#include "common/privacy/sanitizer.h"

namespace cs::privacy {
namespace {

TEST(CaseGuard, StrikesTheCasesRestrictedValuesAndCueNamesInAnyField) {
  auto variants = ScriptVariants::Open();
  ASSERT_TRUE(variants.ok()) << variants.status();
  CaseGuardInput in;
  in.official_hotline = "0756-3112 0110";
  in.child_full_name = "李浩然";
  in.guardian_name = "王秀英";
  in.other_name_forms = {"Li Haoran"};
  in.surname = "李浩";  // a surname field holding more than a surname
  const std::string note = "小名叫然然";
  in.free_texts = {note};
  auto guard = PiiGuard::Create(CaseGuardConfig(in), (*variants)->converters());
  ASSERT_TRUE(guard.ok()) << guard.status();
  // In Traditional script, with spaces, in pinyin, and a nickname learnt from another field.
  for (const char* text : {"妈妈 王 秀 英在找", "李浩然穿红衣", "李浩然的媽媽王秀英", "LI HAORAN",
                           "然然穿红衣", "李小朋友"}) {
    EXPECT_FALSE(guard->Scan(text).empty()) << text;
  }
  EXPECT_EQ(SanitizeField("红色外套", *guard), "红色外套");
  EXPECT_TRUE(CaseGuardConfig(in).child_surname == "李");
}

}  // namespace
}  // namespace cs::privacy
