#include "services/appeals/drafting/cap_export.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "common/testing/shared_data.h"
#include "common/text/utf8.h"

namespace cs::appeals {

namespace {

const std::string kSchema = cs::testing::SharedDataPath("schemas/cap12.xsd");
constexpr int64_t kSentMillis = 1770877800000;  // 2026-02-12 14:30 Shanghai

CapAppeal FoundAppeal() {
  CapAppeal a;
  a.identifier = "ocean-appeal-42-v1";
  a.sender = "press@ocean-park.example";
  a.sent = FromMillis(kSentMillis);
  a.sender_name = "海洋公园警务室 Ocean Park police post";
  a.contact = "021-6123 4567";
  a.infos = {{"zh-CN", "【寻找走失儿童家长】", "在企鹅馆发现一名约4岁的男孩 & <他> \"很好\"",
              "请速与警方联系，电话021-6123 4567。"},
             {"en", "Found child", "A boy aged about 4 was found at the Penguin Pavilion.",
              "Please call 021-6123 4567."}};
  a.area = {"海洋公园 Ocean Park", 30.9008, 121.9147, 1.2, {}};
  return a;
}

// Runs xmllint against the official schema; skips when either is missing.
void ValidateOrSkip(const std::string& xml, const std::string& name) {
  if (!std::filesystem::exists(kSchema)) {
    GTEST_SKIP() << "skipped: " << kSchema
                 << " is absent (../shared exists beside the source tree only on the team's "
                    "machines and in CI)";
  }
  // xmllint is installed by deploy/install-deps.sh (libxml2-utils): missing, it is a broken setup.
  if (std::system("command -v xmllint >/dev/null 2>&1") != 0) {
    FAIL() << "xmllint is missing (Debian package libxml2-utils, installed by install-deps.sh)";
  }
  const std::filesystem::path path =
      std::filesystem::temp_directory_path() / ("appeals_drafting_cap_" + name + ".xml");
  std::ofstream(path) << xml;
  const std::string cmd =
      std::string("xmllint --noout --schema ") + kSchema + " " + path.string() + " 2>/dev/null";
  EXPECT_EQ(std::system(cmd.c_str()), 0) << xml;
  std::filesystem::remove(path);
}

TEST(CapExportTest, AlertIsValidCap12) {
  auto xml = ExportCap(FoundAppeal());
  ASSERT_TRUE(xml.ok()) << xml.status();
  EXPECT_NE(xml->find("<msgType>Alert</msgType>"), std::string::npos);
  EXPECT_NE(xml->find("<category>Rescue</category>"), std::string::npos);
  EXPECT_NE(xml->find("<event>Lost child</event>"), std::string::npos);
  EXPECT_NE(xml->find("<sent>2026-02-12T14:30:00+08:00</sent>"), std::string::npos);
  EXPECT_NE(xml->find("&amp; &lt;他&gt; &quot;很好&quot;"), std::string::npos);
  EXPECT_NE(xml->find("<circle>30.900800,121.914700 1.200</circle>"), std::string::npos);
  EXPECT_EQ(xml->find("<references>"), std::string::npos);
  ValidateOrSkip(*xml, "alert");
}

TEST(CapExportTest, UpdateAndCancelReferenceTheEarlierMessage) {
  CapAppeal a = FoundAppeal();
  a.identifier = "ocean-appeal-42-v2";
  a.msg_type = CapMsgType::kUpdate;
  a.references = {{"press@ocean-park.example", "ocean-appeal-42-v1", FromMillis(kSentMillis)}};
  a.area.polygon = {{30.90, 121.91}, {30.91, 121.91}, {30.91, 121.92}, {30.90, 121.91}};
  auto update = ExportCap(a);
  ASSERT_TRUE(update.ok()) << update.status();
  EXPECT_NE(update->find("<msgType>Update</msgType>"), std::string::npos);
  EXPECT_NE(update->find("<references>press@ocean-park.example,ocean-appeal-42-v1,"
                         "2026-02-12T14:30:00+08:00</references>"),
            std::string::npos);
  EXPECT_NE(update->find("<polygon>"), std::string::npos);
  ValidateOrSkip(*update, "update");

  a.identifier = "ocean-appeal-42-v3";
  a.msg_type = CapMsgType::kCancel;
  a.category = "Safety";
  auto cancel = ExportCap(a);
  ASSERT_TRUE(cancel.ok()) << cancel.status();
  EXPECT_NE(cancel->find("<msgType>Cancel</msgType>"), std::string::npos);
  EXPECT_NE(cancel->find("<urgency>Past</urgency>"), std::string::npos);
  ValidateOrSkip(*cancel, "cancel");
}

TEST(CapExportTest, BadInputNamesTheField) {
  CapAppeal a = FoundAppeal();
  a.identifier = "has space";
  EXPECT_NE(ExportCap(a).status().message().find("cap.identifier"), std::string::npos);
  a = FoundAppeal();
  a.msg_type = CapMsgType::kCancel;
  EXPECT_NE(ExportCap(a).status().message().find("cap.references"), std::string::npos);
  a = FoundAppeal();
  a.area.lat = 91;
  EXPECT_NE(ExportCap(a).status().message().find("cap.area.lat"), std::string::npos);
  a = FoundAppeal();
  a.category = "Amber";
  EXPECT_NE(ExportCap(a).status().message().find("cap.category"), std::string::npos);
  a = FoundAppeal();
  a.infos.clear();
  EXPECT_NE(ExportCap(a).status().message().find("cap.infos"), std::string::npos);
  a = FoundAppeal();
  a.area.polygon = {{30.9, 121.9}, {30.91, 121.9}, {30.9, 121.9}};
  EXPECT_NE(ExportCap(a).status().message().find("cap.area.polygon"), std::string::npos);
}

TEST(CapExportTest, ARealDraftExportsAsValidCap) {
  auto drafter = Drafter::Create();
  ASSERT_TRUE(drafter.ok()) << drafter.status();
  CaseSnapshot s;
  s.time = FromMillis(kSentMillis);
  s.zone_name_zh = "企鹅馆";
  s.zone_name_en = "Penguin Pavilion";
  s.sex = Sex::kFemale;
  s.age_years = 5;
  s.shoes = {"粉色凉鞋 <b>&amp;</b>", "pink sandals"};
  s.official_hotline = "110";
  auto draft = (*drafter)->Draft(s, AppealKind::kFoundChild);
  ASSERT_TRUE(draft.ok()) << draft.status();
  CapAppeal a = FoundAppeal();
  a.infos = CapInfosFromDraft(*draft);
  ASSERT_EQ(a.infos.size(), 3u);
  EXPECT_EQ(a.infos[1].language, "zh-Hant");
  EXPECT_EQ(a.infos[0].description, draft->versions[0].long_text);
  auto xml = ExportCap(a);
  ASSERT_TRUE(xml.ok()) << xml.status();
  EXPECT_NE(xml->find("粉色凉鞋"), std::string::npos);
  ValidateOrSkip(*xml, "draft");
}

TEST(CapExportTest, XmlEscapeDropsWhatXmlForbids) {
  EXPECT_EQ(XmlEscape("a<b>&\"'"), "a&lt;b&gt;&amp;&quot;&apos;");
  EXPECT_EQ(XmlEscape("x\x01y\xffz\n"), "xyz\n");
}

// Issue 14: the CAP headline was cut mid-word and dropped digits of the hotline
// ("Enquiries: 021-5819 ").
TEST(CapHeadlineTest, CutsAtABoundaryAndNeverInsideANumber) {
  const std::string en =
      "FOUND: The boy at Penguin Pavilion, Ocean Park (14:05 on 17 Feb) is back with the family. "
      "Thank you for sharing; please delete your reposts. Enquiries: 0756-8899 0110.";
  for (size_t max : {60u, 100u, 130u, 150u, 155u}) {
    const std::string cut = CapHeadline(en, max);
    SCOPED_TRACE(cut);
    EXPECT_LE(CodePointCount(cut), max);
    EXPECT_TRUE(cut.ends_with("…"));
    // Either the whole hotline or none of it.
    const bool any = cut.find("0756") != std::string::npos;
    EXPECT_EQ(any, cut.find("0756-8899 0110") != std::string::npos);
    const std::string body = cut.substr(0, cut.size() - std::string("…").size());
    EXPECT_TRUE(en.starts_with(body));
    const char next = en[body.size()];
    EXPECT_TRUE(next == ' ' || next == ',' || next == ';' || next == '.') << "cut mid-word";
  }
  EXPECT_EQ(CapHeadline("short", 160), "short");
  const std::string zh =
      "【寻找走失儿童家长】2月17日14:05，在海洋公园企鹅馆发现一名约5岁的男孩。"
      "请孩子家长或知情者速与警方联系，电话0756-8899 0110。";
  const std::string cut = CapHeadline(zh, 50);
  EXPECT_LE(CodePointCount(cut), 50u);
  EXPECT_TRUE(cut.find("0756") == std::string::npos ||
              cut.find("0756-8899 0110") != std::string::npos);
}

}  // namespace
}  // namespace cs::appeals
