// Public PFIF exports of hostile cases (issue 14): whatever an officer or a guardian typed into
// the free-text fields, the public document carries nothing an appeal could not publish.
#include <gtest/gtest.h>

#include <memory>
#include <regex>
#include <string>
#include <vector>

#include "common/privacy/case_guard.h"
#include "services/cases/core/pfif.h"
#include "services/cases/core/test_venue.h"

namespace cs::cases {
namespace {

class PfifHostileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto v = privacy::ScriptVariants::Open();
    ASSERT_TRUE(v.ok()) << v.status();
    variants_ = *std::move(v);
    options_.script_variants = variants_->converters();
  }

  static Case Base() {
    Case c;
    c.id = "case-9";
    c.kind = CaseKind::kMissing;
    c.child.sex = Sex::kMale;
    c.child.age_min = c.child.age_max = 5;
    c.zone_id = "penguin";
    c.seen_at = FromMillis(1'770'000'000'000);
    c.filed_at = c.seen_at;
    c.restricted.child_name = "王小明";
    c.restricted.guardian_name = "李秀英";
    c.restricted.guardian_phone = "13912345678";
    return c;
  }

  // The text content of every <pfif:description> and note <pfif:text>.
  static std::vector<std::string> FreeTextValues(const std::string& xml) {
    std::vector<std::string> out;
    const std::regex value("<pfif:(description|text)>([^<]*)</pfif:");
    for (std::sregex_iterator it(xml.begin(), xml.end(), value), end; it != end; ++it)
      out.push_back((*it)[2]);
    return out;
  }

  std::unique_ptr<privacy::ScriptVariants> variants_;
  PfifOptions options_;
};

struct Hostile {
  const char* field;  // which field carries it
  const char* text;
  std::vector<const char*> forbidden;  // none of these may appear in the export
};

TEST_F(PfifHostileTest, NothingForbiddenLeavesInAnyFreeTextField) {
  const std::vector<Hostile> cases = {
      {"features", "左脸有痣，家长电话13800138000请联系", {"13800138000", "请联系"}},
      {"features", "戴眼镜，电话 138****5678", {"138****5678", "5678"}},
      {"features", "身份证110101201903074518", {"110101201903074518"}},
      {"note", "住在珠海市香洲区凤凰路88号502房", {"凤凰路", "502房", "88号"}},
      {"features", "邮箱 wang.xiuying@163.com", {"wang.xiuying", "163.com", "@"}},
      {"top", "红色外套 #寻人# @珠海发布", {"#", "@", "寻人#", "珠海发布"}},
      {"features", "详情见 http://t.cn/A6xyz 或 www.example.com", {"http", "t.cn", "www."}},
      {"bottom", "蓝色\x07牛仔\u202e裤\u200b", {"\x07", "\u202e", "\u200b"}},
      {"note", "家长开粤C·12345的车来的", {"12345", "粤C"}},
      {"features", "微信 wxid_abc123", {"wxid_abc123", "abc123"}},
      {"features", "孩子说他叫李浩然，妈妈叫王秀英", {"李浩然", "王秀英", "浩然"}},
      {"features", "爸爸是张建国", {"张建国"}},
      // The case's own restricted names, disguised.
      {"features", "他是王 小 明", {"王 小 明", "小明"}},
      {"held_at", "和妈妈李秀英在一起", {"李秀英", "秀英"}},
      {"features", "媽媽李秀英在找", {"李秀英", "秀英"}},
      {"features", "联系13912345678", {"13912345678"}},
  };
  for (const Hostile& h : cases) {
    Case c = Base();
    c.child.clothing.shoes.text = "白色运动鞋";  // a benign part that must survive
    const std::string field = h.field;
    if (field == "features") c.child.features = h.text;
    if (field == "top") c.child.clothing.top.text = h.text;
    if (field == "bottom") c.child.clothing.bottom.text = h.text;
    if (field == "note") c.last_seen_note = h.text;
    if (field == "held_at") {
      c.kind = CaseKind::kFound;
      c.held_at = h.text;
    }
    const std::string xml = ExportPfif({c}, testing::OceanTestVenue(), options_);
    const std::vector<std::string> values = FreeTextValues(xml);
    ASSERT_FALSE(values.empty()) << h.text;
    for (const std::string& v : values) {
      for (const char* bad : h.forbidden) {
        EXPECT_EQ(v.find(bad), std::string::npos) << "'" << bad << "' leaks from: " << h.text;
      }
      for (unsigned char ch : v) EXPECT_GE(ch, 0x20) << "control character from: " << h.text;
      // No run of 7 digits anywhere (a phone, an id), whatever the spacing.
      EXPECT_FALSE(std::regex_search(v, std::regex("[0-9][0-9 \\-*]{5,}[0-9]"))) << v;
    }
    EXPECT_NE(xml.find("白色运动鞋"), std::string::npos) << h.text;
    // The restricted values are never written as such.
    for (const char* restricted : {"王小明", "李秀英", "13912345678"})
      EXPECT_EQ(xml.find(restricted), std::string::npos) << h.text;
  }
}

TEST_F(PfifHostileTest, BenignDescriptionIsKept) {
  Case c = Base();
  c.child.clothing.top = {"粉红", "连帽外套，胸前有小鲸鱼图案"};
  c.child.features = "戴红色发卡，23号球衣";
  c.child.language = "粤语";
  c.last_seen_note = "在企鹅馆出口走散";
  const std::string xml = ExportPfif({c}, testing::OceanTestVenue(), options_);
  for (const char* kept :
       {"粉红", "连帽外套", "小鲸鱼图案", "戴红色发卡", "23号球衣", "粤语", "在企鹅馆出口走散"}) {
    EXPECT_NE(xml.find(kept), std::string::npos) << kept;
  }
}

}  // namespace
}  // namespace cs::cases
