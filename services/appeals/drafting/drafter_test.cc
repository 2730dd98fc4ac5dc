#include "services/appeals/drafting/drafter.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "common/privacy/pii_guard.h"
#include "services/appeals/drafting/weibo_length.h"

namespace cs::appeals {
namespace {

// 2026-02-12 06:30 UTC = 14:30 in Shanghai.
constexpr int64_t kFoundMillis = 1770877800000;

CaseSnapshot PenguinBoy() {
  CaseSnapshot s;
  s.kind = CaseKind::kFound;
  s.time = FromMillis(kFoundMillis);
  s.zone_name_zh = "企鹅馆";
  s.zone_name_en = "Penguin Pavilion";
  s.venue_name_zh = "海洋公园";
  s.venue_name_en = "Ocean Park";
  s.sex = Sex::kMale;
  s.age_years = 4;
  s.height_cm = 110;
  s.top = {"红色连帽外套", "red hooded jacket"};
  s.bottom = {"蓝色牛仔裤", "blue jeans"};
  s.hat = {"黄色鸭舌帽", "yellow cap"};
  s.shoes = {"白色运动鞋", "white trainers"};
  s.features = {"背着小鲸鱼书包", "carries a small whale backpack"};
  s.where_now = {"园区走失儿童服务中心", "the park's lost-child centre"};
  s.surname = "张";
  s.official_hotline = "021-6123 4567";
  s.child_full_name = "张小明";
  s.guardian_name = "李秀英";
  return s;
}

class DrafterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto d = Drafter::Create();
    ASSERT_TRUE(d.ok()) << d.status();
    drafter_ = *std::move(d);
  }
  std::unique_ptr<Drafter> drafter_;
};

TEST_F(DrafterTest, FoundChildInHouseStyleInThreeLanguages) {
  auto draft = drafter_->Draft(PenguinBoy(), AppealKind::kFoundChild);
  ASSERT_TRUE(draft.ok()) << draft.status();
  ASSERT_EQ(draft->versions.size(), 3u);
  const DraftVersion& zh = draft->versions[0];
  EXPECT_EQ(zh.language, Language::kSimplifiedChinese);
  EXPECT_TRUE(zh.headline.starts_with("【寻找走失儿童家长】")) << zh.headline;
  for (const char* part : {"2月12日14:30", "企鹅馆", "男孩", "约4岁", "110厘米", "红色连帽外套",
                           "白色运动鞋", "走失儿童服务中心", "021-6123 4567"}) {
    EXPECT_NE(zh.headline.find(part), std::string::npos) << part << " in " << zh.headline;
  }
  const DraftVersion& hk = draft->versions[1];
  EXPECT_EQ(hk.language, Language::kTraditionalChinese);
  EXPECT_NE(hk.headline.find("尋找走失兒童家長"), std::string::npos) << hk.headline;
  EXPECT_NE(hk.headline.find("企鵝館"), std::string::npos) << hk.headline;
  const DraftVersion& en = draft->versions[2];
  EXPECT_NE(en.headline.find("white trainers"), std::string::npos) << en.headline;
  EXPECT_NE(en.headline.find("14:30 on 12 Feb"), std::string::npos) << en.headline;
  for (const DraftVersion& v : draft->versions) {
    EXPECT_LE(WeiboLength(v.headline), kWeiboHeadlineLimit) << v.headline;
    EXPECT_EQ(v.headline_length, WeiboLength(v.headline));
    EXPECT_LE(WeiboLength(v.long_text), kWeiboLongLimit);
    EXPECT_NE(v.headline.find("021-6123 4567"), std::string::npos);
    EXPECT_NE(v.long_text.find("021-6123 4567"), std::string::npos);
    // Without consent, the surname never appears with 小朋友; the full name never at all.
    EXPECT_EQ(v.long_text.find("小朋友"), std::string::npos);
    EXPECT_EQ(v.long_text.find("小明"), std::string::npos);
  }
  EXPECT_FALSE(draft->free_text_dropped);
}

TEST_F(DrafterTest, SurnameWithConsentOnly) {
  CaseSnapshot s = PenguinBoy();
  s.surname_consent = true;
  auto draft = drafter_->Draft(s, AppealKind::kFoundChild);
  ASSERT_TRUE(draft.ok()) << draft.status();
  EXPECT_NE(draft->versions[0].long_text.find("张小朋友"), std::string::npos);
  EXPECT_NE(draft->versions[1].long_text.find("張小朋友"), std::string::npos);
}

TEST_F(DrafterTest, HeadlineDropsLowPriorityPartsButKeepsHotlineAndCallToAct) {
  CaseSnapshot s = PenguinBoy();
  s.features.zh = "左手腕戴蓝色手环，说话带宁波口音，喜欢企鹅玩偶，怕生";
  s.top.zh = "深蓝色连帽卫衣胸前印有白色小鲸鱼图案和英文字母";
  s.bottom.zh = "灰色运动裤两侧有白色条纹裤脚卷起";
  s.hat.zh = "黄色鸭舌帽帽檐有卡通企鹅图案";
  auto draft = drafter_->Draft(s, AppealKind::kFoundChild);
  ASSERT_TRUE(draft.ok()) << draft.status();
  const DraftVersion& zh = draft->versions[0];
  EXPECT_LE(zh.headline_length, kWeiboHeadlineLimit);
  ASSERT_FALSE(zh.dropped.empty());
  EXPECT_EQ(zh.dropped.front(), "features") << "features go first";
  EXPECT_NE(zh.headline.find("请孩子家长或知情者速与警方联系"), std::string::npos);
  EXPECT_NE(zh.headline.find("021-6123 4567"), std::string::npos);
  // The long version keeps everything.
  EXPECT_NE(zh.long_text.find("宁波口音"), std::string::npos);
}

TEST_F(DrafterTest, MissingAndFollowUp) {
  CaseSnapshot s = PenguinBoy();
  s.kind = CaseKind::kMissing;
  s.last_seen_time = FromMillis(kFoundMillis - 20 * 60 * 1000);
  s.last_seen_place = {"鲸鲨馆出口", "the whale shark aquarium exit"};
  auto missing = drafter_->Draft(s, AppealKind::kMissingChild);
  ASSERT_TRUE(missing.ok()) << missing.status();
  EXPECT_TRUE(missing->versions[0].headline.starts_with("【寻人启事】"));
  EXPECT_NE(missing->versions[0].headline.find("2月12日14:10"), std::string::npos);
  EXPECT_NE(missing->versions[0].headline.find("鲸鲨馆出口"), std::string::npos);
  auto followup = drafter_->Draft(s, AppealKind::kFollowUp);
  ASSERT_TRUE(followup.ok()) << followup.status();
  EXPECT_NE(followup->versions[0].headline.find("已找到，感谢转发，请删除转发"), std::string::npos);
  EXPECT_NE(followup->versions[2].headline.find("please delete your reposts"), std::string::npos);
}

// The follow-up names no clothing, so a garment phrase the English lacks must not hold it back
// (the demo's follow-up was blocked by the found report's "胸前有企鹅").
TEST_F(DrafterTest, FollowUpNeedsNoTranslationOfClothing) {
  CaseSnapshot s = PenguinBoy();
  s.top = {"羽绒服，胸前有企鹅", ""};
  auto found = drafter_->Draft(s, AppealKind::kFoundChild);
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_FALSE(found->needs_translation.empty()) << "the found appeal should ask for English";
  auto followup = drafter_->Draft(s, AppealKind::kFollowUp);
  ASSERT_TRUE(followup.ok()) << followup.status();
  EXPECT_TRUE(followup->needs_translation.empty());
  EXPECT_TRUE(followup->versions[2].untranslated.empty());
}

TEST_F(DrafterTest, BadSnapshotNamesTheField) {
  CaseSnapshot s = PenguinBoy();
  s.height_cm = 300;
  auto draft = drafter_->Draft(s, AppealKind::kFoundChild);
  ASSERT_FALSE(draft.ok());
  // The field and its range, never the value sent (docs/error_policy.md).
  EXPECT_EQ(draft.status().message(), "case.height_cm: must be 40..200 (or 0, not given)");
  s = PenguinBoy();
  s.official_hotline = "110 #call#";
  draft = drafter_->Draft(s, AppealKind::kFoundChild);
  ASSERT_FALSE(draft.ok());
  EXPECT_NE(draft.status().message().find("case.official_hotline"), std::string::npos);
  s = PenguinBoy();
  s.zone_name_zh.clear();
  EXPECT_FALSE(drafter_->Draft(s, AppealKind::kFoundChild).ok());
}

TEST_F(DrafterTest, PersonalDataInFieldsNeverReachesTheDraft) {
  CaseSnapshot s = PenguinBoy();
  s.top.zh = "红色外套 家长李秀英 电话13812345678";
  s.features.zh = "住上海市浦东新区世纪大道100号 #寻人# @某人 <b>x</b>";
  s.where_now.zh = "张 小 明 在服务中心";
  auto draft = drafter_->Draft(s, AppealKind::kFoundChild);
  ASSERT_TRUE(draft.ok()) << draft.status();
  for (const DraftVersion& v : draft->versions) {
    for (const std::string* text : {&v.headline, &v.long_text}) {
      for (const char* leak :
           {"李秀英", "13812345678", "世纪大道", "100号", "#", "@", "<b>", "小明", "小 明"}) {
        EXPECT_EQ(text->find(leak), std::string::npos) << leak << " in " << *text;
      }
    }
  }
}

TEST_F(DrafterTest, RefusesWhenATemplateItselfCarriesPersonalData) {
  AppealTemplateSet templates = DefaultAppealTemplates();
  templates.zh.found_headline =
      "【寻找走失儿童家长】{place}发现{sex}。另请致电13912345678或{hotline}。";
  auto d = Drafter::Create(templates);
  ASSERT_TRUE(d.ok()) << d.status();
  auto draft = (*d)->Draft(PenguinBoy(), AppealKind::kFoundChild);
  ASSERT_FALSE(draft.ok());
  EXPECT_EQ(draft.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(draft.status().message().find("draft refused"), std::string::npos);
  EXPECT_NE(draft.status().message().find("phone"), std::string::npos);
  EXPECT_EQ(draft.status().message().find("139"), std::string::npos);
}

TEST_F(DrafterTest, FieldsThatReadAsAnAddressSideBySideAreDroppedNotPublished) {
  AppealTemplateSet templates = DefaultAppealTemplates();
  // Adjacent fields: each is harmless alone, together they read 杭州市西湖区.
  templates.zh.found_headline = "【寻找走失儿童家长】{place}[{top}][{bottom}]。电话{hotline}。";
  auto d = Drafter::Create(templates);
  ASSERT_TRUE(d.ok()) << d.status();
  CaseSnapshot s = PenguinBoy();
  s.top.zh = "杭州市";
  s.bottom.zh = "西湖区";
  auto draft = (*d)->Draft(s, AppealKind::kFoundChild);
  ASSERT_TRUE(draft.ok()) << draft.status();
  EXPECT_TRUE(draft->free_text_dropped);
  EXPECT_EQ(draft->versions[0].headline, "【寻找走失儿童家长】企鹅馆。电话021-6123 4567。");
}

TEST_F(DrafterTest, BadTemplatesAreRejectedAtCreate) {
  AppealTemplateSet templates = DefaultAppealTemplates();
  templates.en.missing_long = "Missing {child_name}. Call {hotline}.";
  auto d = Drafter::Create(templates);
  ASSERT_FALSE(d.ok());
  EXPECT_NE(d.status().message().find("templates.en.missing_long"), std::string::npos);
}

// Issue 14: a full name sent in the surname field was published as "李浩小朋友".
TEST_F(DrafterTest, SurnameFieldHoldingMoreThanASurnamePublishesNoName) {
  CaseSnapshot s = PenguinBoy();
  s.child_full_name = "";
  s.surname = "李浩";
  s.surname_consent = true;
  auto draft = drafter_->Draft(s, AppealKind::kFoundChild);
  ASSERT_TRUE(draft.ok()) << draft.status();
  for (const DraftVersion& v : draft->versions) {
    EXPECT_EQ(v.long_text.find("李浩"), std::string::npos) << v.long_text;
    EXPECT_EQ(v.long_text.find("小朋友"), std::string::npos) << v.long_text;
  }
  EXPECT_NE(std::find(draft->findings.begin(), draft->findings.end(),
                      DraftFinding{"name", "surname", "removed"}),
            draft->findings.end());
}

TEST_F(DrafterTest, CompoundSurnameIsPublishedWholeWithConsent) {
  CaseSnapshot s = PenguinBoy();
  s.child_full_name = "欧阳俊熙";
  s.surname = "欧";  // what a first-character rule would send
  s.surname_consent = true;
  auto draft = drafter_->Draft(s, AppealKind::kFoundChild);
  ASSERT_TRUE(draft.ok()) << draft.status();
  EXPECT_NE(draft->versions[0].long_text.find("欧阳小朋友"), std::string::npos)
      << draft->versions[0].long_text;
  EXPECT_EQ(draft->versions[0].long_text.find("俊熙"), std::string::npos);
}

// Issue 14: pii_findings was empty on every draft, even where a number was removed.
TEST_F(DrafterTest, FindingsSayWhatTheGuardLeftOutAndWhere) {
  CaseSnapshot s = PenguinBoy();
  s.features = {"背着小鲸鱼书包，家长电话13812345678", ""};
  s.top = {"红色外套，孩子说他叫李浩然", ""};
  auto draft = drafter_->Draft(s, AppealKind::kFoundChild);
  ASSERT_TRUE(draft.ok()) << draft.status();
  bool features = false, top = false;
  for (const DraftFinding& f : draft->findings) {
    features |= f.field == "features";
    top |= f.field == "top";
    EXPECT_EQ(f.action, "removed");
  }
  EXPECT_TRUE(features);
  EXPECT_TRUE(top);
  const std::string& zh = draft->versions[0].long_text;
  EXPECT_NE(zh.find("背着小鲸鱼书包"), std::string::npos) << zh;
  EXPECT_EQ(zh.find("家长电话"), std::string::npos) << zh;
  EXPECT_EQ(zh.find("李浩然"), std::string::npos) << zh;
}

// Issue 14: a nickname introduced in one sentence ("小名叫然然") was published from another.
TEST_F(DrafterTest, ANameIntroducedByACueIsStruckEverywhere) {
  CaseSnapshot s = PenguinBoy();
  s.features = {"小名叫然然，听到然然会回头", ""};
  s.hat = {"印着然然两个字的帽子", ""};
  auto draft = drafter_->Draft(s, AppealKind::kFoundChild);
  ASSERT_TRUE(draft.ok()) << draft.status();
  for (const DraftVersion& v : draft->versions) {
    EXPECT_EQ(v.long_text.find("然然"), std::string::npos) << v.long_text;
  }
}

// Issue 14: last_seen_note never reached a draft.
TEST_F(DrafterTest, LastSeenNoteReachesTheMissingChildAppeal) {
  CaseSnapshot s = PenguinBoy();
  s.kind = CaseKind::kMissing;
  s.last_seen_time = FromMillis(kFoundMillis);
  s.last_seen_note = {"在企鹅馆出口排队时走散", ""};
  auto draft = drafter_->Draft(s, AppealKind::kMissingChild);
  ASSERT_TRUE(draft.ok()) << draft.status();
  EXPECT_NE(draft->versions[0].long_text.find("在企鹅馆出口排队时走散"), std::string::npos)
      << draft->versions[0].long_text;
}

// The case's restricted values are struck in any script or spacing.
TEST_F(DrafterTest, RestrictedValuesAreStruckInAnyScriptOrSpacing) {
  CaseSnapshot s = PenguinBoy();
  s.guardian_name = "王秀英";
  s.features = {"胸前贴纸写着 王 秀 英", ""};
  s.hat = {"帽子里写着王秀英", ""};
  s.shoes = {"白鞋，鞋上有王·秀·英三个字", ""};
  auto draft = drafter_->Draft(s, AppealKind::kFoundChild);
  ASSERT_TRUE(draft.ok()) << draft.status();
  for (const DraftVersion& v : draft->versions) {
    for (const char* bad : {"王", "秀英", "秀英"}) {
      EXPECT_EQ(v.long_text.find(bad), std::string::npos) << v.long_text;
    }
  }
}

// Issue 14: the clothing is one phrase built from the garments still in, so a headline that
// has to drop the top keeps "wearing", and the long text says it as a sentence, not a form.
TEST_F(DrafterTest, ClothingKeepsItsVerbWhenTheTopIsDroppedToFit) {
  CaseSnapshot s = PenguinBoy();
  s.features = {"", "carries a small whale backpack with a blue zip and a name tag cut off"};
  s.top.en = "navy hooded sweatshirt with a white whale on the front and letters on the sleeves";
  s.bottom.en = "grey tracksuit bottoms with white stripes down the sides, rolled at the ankle";
  s.hat.en = "yellow baseball cap with a cartoon penguin on the peak and a strap at the back";
  // Fields are cut at 40 code points; these two fill what the headline cannot drop early.
  s.shoes.en = "white trainers with flashing red lights";
  s.where_now.en = "the lost-child centre by the north gate";
  auto draft = drafter_->Draft(s, AppealKind::kFoundChild);
  ASSERT_TRUE(draft.ok()) << draft.status();
  const DraftVersion& en = draft->versions[2];
  ASSERT_NE(std::find(en.dropped.begin(), en.dropped.end(), "top"), en.dropped.end())
      << en.headline;
  EXPECT_NE(en.headline.find(", wearing white trainers with flashing red lights."),
            std::string::npos)
      << en.headline;
  EXPECT_EQ(en.headline.find(" and white trainers"), std::string::npos) << en.headline;
  // The long version keeps every garment, in one sentence.
  EXPECT_NE(en.long_text.find(" He is about 110 cm tall and is wearing navy hooded sweatshirt"),
            std::string::npos)
      << en.long_text;
  EXPECT_NE(en.long_text.find(" and white trainers with flashing red lights."), std::string::npos)
      << en.long_text;
  for (const char* form : {"Top:", "Bottom:", "Hat:", "Shoes:", "Height about"}) {
    EXPECT_EQ(en.long_text.find(form), std::string::npos) << form << " in " << en.long_text;
  }
}

TEST_F(DrafterTest, MissingChildSentencesHaveASubjectAndTheChildsPronoun) {
  CaseSnapshot s = PenguinBoy();
  s.kind = CaseKind::kMissing;
  s.last_seen_time = FromMillis(kFoundMillis);
  s.height_cm = 0;  // the subject 孩子 used to sit in the height's optional part
  s.last_seen_note = {"在企鹅馆出口走散", "Lost at the penguin pavilion exit"};
  auto draft = drafter_->Draft(s, AppealKind::kMissingChild);
  ASSERT_TRUE(draft.ok()) << draft.status();
  const DraftVersion& zh = draft->versions[0];
  EXPECT_NE(zh.long_text.find("在企鹅馆出口走散。孩子上穿红色连帽外套，下穿蓝色牛仔裤，"
                              "头戴黄色鸭舌帽，脚穿白色运动鞋。"),
            std::string::npos)
      << zh.long_text;
  const DraftVersion& en = draft->versions[2];
  EXPECT_NE(en.long_text.find("separated from his family"), std::string::npos) << en.long_text;
  EXPECT_NE(en.long_text.find(" He was last seen wearing red hooded jacket, blue jeans, yellow "
                              "cap and white trainers."),
            std::string::npos)
      << en.long_text;
  EXPECT_NE(en.long_text.find("please stay with him"), std::string::npos) << en.long_text;
  s.sex = Sex::kUnknown;
  auto unknown = drafter_->Draft(s, AppealKind::kMissingChild);
  ASSERT_TRUE(unknown.ok()) << unknown.status();
  EXPECT_NE(unknown->versions[2].long_text.find("separated from their family"), std::string::npos);
  EXPECT_NE(unknown->versions[2].long_text.find(" The child was last seen wearing"),
            std::string::npos)
      << unknown->versions[2].long_text;
}

// A verb typed into a garment's text is not written twice ("头戴戴着…", "脚穿穿着…").
TEST_F(DrafterTest, ATypedVerbIsNotWrittenTwice) {
  CaseSnapshot s = PenguinBoy();
  s.hat = {"戴着一顶印有小猪图案的帽子", ""};
  s.shoes = {"穿着闪灯的鞋", ""};
  auto draft = drafter_->Draft(s, AppealKind::kFoundChild);
  ASSERT_TRUE(draft.ok()) << draft.status();
  for (const DraftVersion& v : {draft->versions[0], draft->versions[1]}) {
    for (const std::string* text : {&v.headline, &v.long_text}) {
      for (const char* twice : {"戴戴", "戴着", "戴著", "穿穿", "穿着", "穿著"}) {
        EXPECT_EQ(text->find(twice), std::string::npos) << twice << " in " << *text;
      }
    }
  }
  EXPECT_NE(draft->versions[0].long_text.find("头戴一顶印有小猪图案的帽子，脚穿闪灯的鞋"),
            std::string::npos)
      << draft->versions[0].long_text;
}

}  // namespace
}  // namespace cs::appeals
