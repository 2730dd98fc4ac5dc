#include "services/appeals/drafting/appeal_template.h"

#include <gtest/gtest.h>

#include <string>

#include "services/appeals/drafting/weibo_length.h"

namespace cs::appeals {
namespace {

TEST(AppealTemplateTest, RendersAndLeavesOutEmptyOptionalParts) {
  auto t = AppealTemplate::Parse("t", "发现{sex}[，戴{hat}][，脚穿{shoes}]。电话{hotline}。", 140);
  ASSERT_TRUE(t.ok()) << t.status();
  TemplateValues v = {{"sex", "男孩"}, {"shoes", "白鞋"}, {"hotline", "110"}};
  EXPECT_EQ(t->Render(v, {}), "发现男孩，脚穿白鞋。电话110。");
  EXPECT_EQ(t->Render(v, {"shoes"}), "发现男孩。电话110。");
  EXPECT_TRUE(t->optional_placeholders().contains("hat"));
  EXPECT_FALSE(t->optional_placeholders().contains("sex"));
}

TEST(AppealTemplateTest, RejectsBadTemplatesNamingTheField) {
  struct Case {
    const char* text;
    const char* message;
  } cases[] = {
      {"电话{hotline}{name}", "unknown placeholder {name}"},
      {"没有热线{sex}", "required {hotline} is missing"},
      {"[电话{hotline}]", "may not sit inside"},
      {"{hotline", "is not closed"},
      {"{hotline}}", "has no '{'"},
      {"[[{sex}]]{hotline}", "may not nest"},
      {"{hotline}]", "has no '['"},
      {"[{sex}{hotline}", "may not sit inside"},
  };
  for (const Case& c : cases) {
    auto t = AppealTemplate::Parse("templates.zh.found_headline", c.text, 140);
    ASSERT_FALSE(t.ok()) << c.text;
    EXPECT_NE(t.status().message().find("templates.zh.found_headline"), std::string::npos);
    EXPECT_NE(t.status().message().find(c.message), std::string::npos) << t.status();
  }
}

TEST(AppealTemplateTest, RejectsATemplateThatCannotFitEvenEmpty) {
  const std::string long_text = std::string(280, 'x') + "中{hotline}";
  EXPECT_FALSE(AppealTemplate::Parse("t", long_text, 140).ok());
  // Optional text does not count against the minimum.
  const std::string optional = "[" + std::string(400, 'x') + "{features}]{hotline}";
  EXPECT_TRUE(AppealTemplate::Parse("t", optional, 140).ok());
}

TEST(AppealTemplateTest, DefaultsAreValid) {
  const AppealTemplateSet& d = DefaultAppealTemplates();
  for (const AppealTemplateTexts* texts : {&d.zh, &d.en}) {
    for (const std::string* h :
         {&texts->found_headline, &texts->missing_headline, &texts->followup_headline}) {
      EXPECT_TRUE(AppealTemplate::Parse("h", *h, kWeiboHeadlineLimit).ok()) << *h;
    }
    for (const std::string* l : {&texts->found_long, &texts->missing_long, &texts->followup_long}) {
      EXPECT_TRUE(AppealTemplate::Parse("l", *l, kWeiboLongLimit).ok()) << *l;
    }
  }
}

}  // namespace
}  // namespace cs::appeals
