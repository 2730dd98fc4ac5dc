#include "common/privacy/pii_guard.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace cs::privacy {
using text::ChineseConverter;
using text::kSimplifiedToHongKong;
using text::kSimplifiedToTraditional;
using text::kTraditionalToSimplified;

namespace {

class PiiGuardTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* name :
         {kSimplifiedToTraditional, kTraditionalToSimplified, kSimplifiedToHongKong}) {
      auto c = ChineseConverter::Create(name);
      ASSERT_TRUE(c.ok()) << c.status();
      converters_.push_back(*std::move(c));
    }
    PiiGuardConfig config;
    config.official_hotline = "021-6123 4567";
    config.protected_names = {{"张小明", "张"}, {"李秀英", ""}, {"Zhang Xiaoming", "Zhang"}};
    config.child_surname = "张";
    config.surname_consent = false;
    config.allowed_terms = {"海洋公园", "巡游大街", "Parade Street", "3号门"};
    auto guard = PiiGuard::Create(config, Converters());
    ASSERT_TRUE(guard.ok()) << guard.status();
    guard_.emplace(*std::move(guard));
  }

  std::vector<const ChineseConverter*> Converters() const {
    std::vector<const ChineseConverter*> out;
    for (const auto& c : converters_) out.push_back(c.get());
    return out;
  }

  std::vector<PiiKind> Kinds(const std::string& text) const {
    std::vector<PiiKind> kinds;
    for (const PiiFinding& f : guard_->Scan(text)) kinds.push_back(f.kind);
    return kinds;
  }

  bool Has(const std::string& text, PiiKind kind) const {
    for (PiiKind k : Kinds(text)) {
      if (k == kind) return true;
    }
    return false;
  }

  std::vector<std::unique_ptr<ChineseConverter>> converters_;
  std::optional<PiiGuard> guard_;
};

TEST_F(PiiGuardTest, CleanHouseStyleTextHasNoFindings) {
  EXPECT_TRUE(
      Kinds("【寻找走失儿童家长】2月12日14:30，在海洋公园企鹅馆发现一名约4岁的男孩，"
            "身高约110厘米，上穿红色外套，脚穿白色运动鞋。请速与警方联系，电话021-6123 4567。")
          .empty());
  EXPECT_TRUE(Kinds("FOUND CHILD: a boy aged about 4, about 110 cm tall, at Parade Street. "
                    "Call +86 21 6123 4567.")
                  .empty());
}

TEST_F(PiiGuardTest, PhonesInManyFormsButNotTheHotline) {
  for (const char* phone :
       {"13812345678", "138 1234 5678", "138-1234-5678", "138.1234.5678", "+86 138 1234 5678",
        "0086-13812345678", "(+86)13812345678", "１３８１２３４５６７８", "一三八一二三四五六七八",
        "幺三八幺二三四五六拐八", "壹叁捌壹贰叁肆伍陆柒捌", "1三8一２3四5６7８", "010-87654321",
        "(0571) 8765 4321", "0755.8765.4321", "87654321", "壹參捌壹貳參肆伍陸柒捌"}) {
    const std::string text = std::string("请联系") + phone + "谢谢";
    EXPECT_TRUE(Has(text, PiiKind::kPhone)) << phone;
  }
  for (const char* hotline :
       {"021-6123 4567", "02161234567", "+86 21 6123 4567", "0086-21-61234567",
        "０２１－６１２３４５６７", "零二一六一二三四五六七"}) {
    EXPECT_FALSE(Has(std::string("电话") + hotline + "。", PiiKind::kPhone)) << hotline;
  }
}

TEST_F(PiiGuardTest, PhoneSpanPointsAtTheDigits) {
  const std::string text = "电话138 1234 5678。";
  const auto findings = guard_->Scan(text);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(text.substr(findings[0].begin, findings[0].end - findings[0].begin), "138 1234 5678");
}

TEST_F(PiiGuardTest, IdNumbers) {
  EXPECT_TRUE(Has("身份证11010519491231002X", PiiKind::kIdNumber));  // valid checksum, X
  EXPECT_TRUE(Has("身份证110105194912310021x", PiiKind::kPhone) ||
              Has("身份证110105194912310021x", PiiKind::kIdNumber));
  EXPECT_TRUE(Has("ID 440524188001010014", PiiKind::kIdNumber));
  EXPECT_TRUE(Has("证号 110105 491231 002", PiiKind::kIdNumber));  // 15 digits
  // A wrong checksum is still a long number and still refused.
  EXPECT_TRUE(Has("440524188001010015", PiiKind::kPhone));
}

TEST_F(PiiGuardTest, Addresses) {
  for (const char* addr :
       {"浙江省杭州市西湖区", "上海市浦东新区世纪大道100号", "南京路12号", "幸福小区3栋2单元502室",
        "人民路88弄", "No. 12 Nanjing Road", "88 Century Avenue", "Room 502", "Pudong District",
        "臺北市大安區", "十二号楼"}) {
    EXPECT_TRUE(Has(std::string("住在") + addr + "附近", PiiKind::kAddress)) << addr;
  }
  for (const char* ok :
       {"在3号门附近", "2月12号下午", "景区超市", "巡游大街", "在Parade Street", "上海市公安局"}) {
    EXPECT_FALSE(Has(ok, PiiKind::kAddress)) << ok;
  }
}

TEST_F(PiiGuardTest, NamesInAnyForm) {
  for (const char* form :
       {"张小明", "张 小 明", "张\u200b小\u200d明", "張小明", "张·小·明", "小明", "李秀英",
        "李秀英", "秀英", "ZHANG xiaoming", "zhang-xiao-ming", "张小朋友", "張小朋友"}) {
    EXPECT_TRUE(Has(std::string("孩子") + form + "走失", PiiKind::kName)) << form;
  }
  EXPECT_FALSE(Has("张大爷在企鹅馆", PiiKind::kName));
  EXPECT_FALSE(Has("zhangxiaomingo", PiiKind::kName));  // Latin names match whole words only
}

TEST_F(PiiGuardTest, TopicsMentionsUrlsMarkup) {
  EXPECT_TRUE(Has("#寻人#", PiiKind::kTopic));
  EXPECT_TRUE(Has("＃寻人＃", PiiKind::kTopic));
  EXPECT_TRUE(Has("@上海警方", PiiKind::kMention));
  EXPECT_TRUE(Has("＠someone", PiiKind::kMention));
  EXPECT_TRUE(Has("see https://evil.example/x", PiiKind::kUrl));
  EXPECT_TRUE(Has("ｈｔｔｐ：／／evil.cn", PiiKind::kUrl));
  EXPECT_TRUE(Has("www.evil.com", PiiKind::kUrl));
  EXPECT_TRUE(Has("t.cn/A6abc", PiiKind::kUrl));
  EXPECT_TRUE(Has("<script>alert(1)</script>", PiiKind::kMarkup));
  EXPECT_TRUE(Has("＜img src=x onerror=alert(1)＞", PiiKind::kMarkup));
  EXPECT_TRUE(Has("javascript:alert(1)", PiiKind::kMarkup));
  EXPECT_TRUE(Has("&lt;b&gt;", PiiKind::kMarkup));
  EXPECT_FALSE(Has("身高1.10米", PiiKind::kUrl));
}

TEST_F(PiiGuardTest, HiddenCharacters) {
  EXPECT_TRUE(Has("a\u202Eb", PiiKind::kHiddenChar));
  EXPECT_TRUE(Has("a\u200Bb", PiiKind::kHiddenChar));
  EXPECT_TRUE(Has("a\x01 b", PiiKind::kHiddenChar));
  EXPECT_TRUE(Has("a\xff b", PiiKind::kHiddenChar));
  EXPECT_FALSE(Has("第一行\n第二行", PiiKind::kHiddenChar));
}

TEST_F(PiiGuardTest, BidiOverrideCannotHideAPhone) {
  // "8765 4321" written backwards under a right-to-left override still holds 8 digits.
  EXPECT_TRUE(Has("电话\u202E1234 5678\u202C", PiiKind::kPhone));
}

TEST_F(PiiGuardTest, ConsentAllowsSurnamePlusXiaopengyou) {
  PiiGuardConfig config;
  config.official_hotline = "110";
  config.child_surname = "张";
  config.surname_consent = true;
  auto guard = PiiGuard::Create(config, Converters());
  ASSERT_TRUE(guard.ok());
  EXPECT_TRUE(guard->Scan("张小朋友").empty());
}

TEST_F(PiiGuardTest, BadConfigNamesTheField) {
  PiiGuardConfig config;
  config.official_hotline = "no digits";
  auto guard = PiiGuard::Create(config);
  ASSERT_FALSE(guard.ok());
  EXPECT_NE(guard.status().message().find("official_hotline"), std::string::npos);
  config.official_hotline = "110";
  config.protected_names = {{"", ""}};
  guard = PiiGuard::Create(config);
  ASSERT_FALSE(guard.ok());
  EXPECT_NE(guard.status().message().find("protected_names[0].full"), std::string::npos);
}

TEST_F(PiiGuardTest, HugeTextIsScannedWithoutTrouble) {
  std::string text;
  for (int i = 0; i < 20000; ++i) text += "一二三四五";  // 100,000 numerals in one run
  const auto findings = guard_->Scan(text);
  ASSERT_FALSE(findings.empty());
  EXPECT_EQ(findings.front().kind, PiiKind::kPhone);
}

}  // namespace
}  // namespace cs::privacy

namespace cs::privacy {
namespace {

// A channel with no hotline (a PFIF export) may carry no phone number, not even the venue's.
TEST(PiiGuardNoHotline, EveryNumberIsAFinding) {
  auto guard = PiiGuard::Create(PiiGuardConfig{});
  ASSERT_TRUE(guard.ok()) << guard.status();
  for (const char* text : {"电话13800138000", "请拨 0756-3112 0110", "138****5678"}) {
    EXPECT_FALSE(guard->Scan(text).empty()) << text;
  }
  EXPECT_TRUE(guard->Scan("红色外套，蓝色短裤").empty());
}

}  // namespace
}  // namespace cs::privacy
