// Round trips of the stored record format, and refusal of damaged or foreign records.
#include "services/appeals/record_codec.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <iterator>

namespace cs::appeals {
namespace {

Appeal SampleAppeal() {
  Appeal a;
  a.id = "ap-1";
  a.case_id = "case-7";
  a.kind = AppealKind::kFoundChild;
  a.author_id = "system:drafter";
  a.state = AppealState::kPublished;
  AppealVersion v;
  v.number = 1;
  v.texts.zh_hans = {"【寻找走失儿童家长】企鹅馆", "长文：一名男孩，约5岁。\n请拨打热线。"};
  v.texts.zh_hant = {"【尋找走失兒童家長】", "請撥打熱線。"};
  v.texts.en = {"Parents sought: 3:1 odd;text", "Call 12345; ok"};
  v.author_id = "system:drafter";
  v.created_at = FromMillis(1'770'000'000'123);
  v.sha256_hex = std::string(64, 'a');
  a.versions = {v, v};
  a.versions[1].number = 2;
  a.photos = {{"photo-1", false}, {"photo-2", true}};
  a.audit.push_back({"officer-li", Role::kPressOfficer, FromMillis(1'770'000'100'000), "approve",
                     AppealState::kInReview, AppealState::kApproved, 2, std::string(64, 'b'), ""});
  a.follow_ups = {"ap-2", "ap-3"};
  a.approved_by = "officer-li";
  a.approved_version = 2;
  a.publication.queued_at = FromMillis(1'770'000'200'000);
  a.publication.post_url = "https://weibo.com/1/abc";
  a.publication.published_version = 2;
  a.publication.published_at = FromMillis(1'770'000'300'000);
  a.terminal_reason = "";
  a.created_at = FromMillis(1'770'000'000'000);
  a.updated_at = FromMillis(1'770'000'300'000);
  return a;
}

TEST(RecordCodecTest, AppealRoundTripsEveryField) {
  Appeal a = SampleAppeal();
  auto b = DecodeAppeal(EncodeAppeal(a));
  ASSERT_TRUE(b.ok()) << b.status();
  EXPECT_EQ(b->id, a.id);
  EXPECT_EQ(b->kind, a.kind);
  EXPECT_EQ(b->state, a.state);
  ASSERT_EQ(b->versions.size(), 2u);
  EXPECT_EQ(b->versions[1].number, 2);
  EXPECT_EQ(b->versions[0].texts, a.versions[0].texts);
  EXPECT_EQ(b->versions[0].created_at, a.versions[0].created_at);
  ASSERT_EQ(b->photos.size(), 2u);
  EXPECT_FALSE(b->photos[0].face_blurred);
  EXPECT_TRUE(b->photos[1].face_blurred);
  ASSERT_EQ(b->audit.size(), 1u);
  EXPECT_EQ(b->audit[0].role, Role::kPressOfficer);
  EXPECT_EQ(b->audit[0].to, AppealState::kApproved);
  EXPECT_EQ(b->audit[0].version_sha256, a.audit[0].version_sha256);
  EXPECT_EQ(b->follow_ups, a.follow_ups);
  EXPECT_EQ(b->publication.queued_at, a.publication.queued_at);
  EXPECT_EQ(b->publication.published_at, a.publication.published_at);
  EXPECT_EQ(b->publication.post_url, a.publication.post_url);
  EXPECT_EQ(b->updated_at, a.updated_at);
  // Re-encoding gives the same bytes: nothing was lost or reordered.
  EXPECT_EQ(EncodeAppeal(*b), EncodeAppeal(a));
}

// appeal/2: what the PII guard left out and the phrases needing translation; appeal/1 records
// (stored before them) still decode, without either.
TEST(RecordCodecTest, GuardFindingsAndTranslationsRoundTripAndOldRecordsStillDecode) {
  Appeal a = SampleAppeal();
  const std::string old_blob = EncodeAppeal(a);
  a.pii_findings = {{"phone", "features", "removed"}, {"not_descriptive", "top", "removed"}};
  a.needs_translation = {"胸前印有小鲸鱼"};
  auto b = DecodeAppeal(EncodeAppeal(a));
  ASSERT_TRUE(b.ok()) << b.status();
  EXPECT_EQ(b->pii_findings, a.pii_findings);
  EXPECT_EQ(b->needs_translation, a.needs_translation);
  // The same record as appeal/1 wrote it: the old magic, no tail ("0;" findings, "0;" phrases,
  // appeal/3's "0:0;0:0:" and appeal/4's "0;" for each of the two photos).
  ASSERT_EQ(old_blob.rfind("8:appeal/4", 0), 0u);
  const std::string v1 = "8:appeal/1" + old_blob.substr(10, old_blob.size() - 10 - 4 - 16 - 4);
  auto c = DecodeAppeal(v1);
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_TRUE(c->pii_findings.empty());
  EXPECT_EQ(c->id, a.id);
}

// appeal/3: each photo's source, face count and pending lift; appeal/2 records still decode.
TEST(RecordCodecTest, PhotoLiftRoundTripsAndAppeal2RecordsStillDecode) {
  Appeal a = SampleAppeal();
  const std::string plain = EncodeAppeal(a);
  a.photos[1].source_id = "case-7/photo-0";
  a.photos[1].faces_blurred = 2;
  a.photos[1].lift_requested_by = "press-1";
  a.photos[1].lift_reason = "家长书面同意公开照片";
  auto b = DecodeAppeal(EncodeAppeal(a));
  ASSERT_TRUE(b.ok()) << b.status();
  EXPECT_EQ(b->photos[1].source_id, "case-7/photo-0");
  EXPECT_EQ(b->photos[1].faces_blurred, 2);
  EXPECT_EQ(b->photos[1].lift_requested_by, "press-1");
  EXPECT_EQ(b->photos[1].lift_reason, a.photos[1].lift_reason);
  EXPECT_TRUE(b->photos[1].lift_pending());
  const std::string v2 = "8:appeal/2" + plain.substr(10, plain.size() - 10 - 16 - 4);
  auto c = DecodeAppeal(v2);
  ASSERT_TRUE(c.ok()) << c.status();
  ASSERT_EQ(c->photos.size(), 2u);
  EXPECT_FALSE(c->photos[1].lift_pending());
}

// tests/testdata/records/appeal2_sample.bin is SampleAppeal() as the encoder wrote it before
// the codec moved to common/: it still decodes, and today's encoder writes the same bytes
// followed by appeal/3's photo tail.
TEST(RecordCodecTest, AnAppealStoredByTheOlderEncoderStillReads) {
  const char* src = std::getenv("CS_SOURCE_DIR");
  std::ifstream in(std::string(src ? src : ".") + "/tests/testdata/records/appeal2_sample.bin",
                   std::ios::binary);
  const std::string stored((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_EQ(stored.rfind("8:appeal/2", 0), 0u) << "appeal2_sample.bin is missing";
  auto a = DecodeAppeal(stored);
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->versions.at(1).texts.en.headline, "Parents sought: 3:1 odd;text");
  EXPECT_EQ(a->publication.published_at, FromMillis(1'770'000'300'000));
  const std::string now = EncodeAppeal(SampleAppeal());
  EXPECT_EQ(now.rfind("8:appeal/4", 0), 0u);
  EXPECT_EQ(now.substr(10, stored.size() - 10), stored.substr(10));
}

// appeal/4 (issue 14): each photo's no-face flag (blurred whole) round-trips; an appeal/3 record
// reads with the flag off.
TEST(RecordCodecTest, NoFaceFlagRoundTripsAndAppeal3RecordsStillDecode) {
  Appeal a = SampleAppeal();
  const std::string plain = EncodeAppeal(a);
  a.photos[0].no_face_found = true;
  auto b = DecodeAppeal(EncodeAppeal(a));
  ASSERT_TRUE(b.ok()) << b.status();
  EXPECT_TRUE(b->photos[0].no_face_found);
  EXPECT_FALSE(b->photos[1].no_face_found);
  const std::string v3 = "8:appeal/3" + plain.substr(10, plain.size() - 10 - 4);
  auto c = DecodeAppeal(v3);
  ASSERT_TRUE(c.ok()) << c.status();
  ASSERT_EQ(c->photos.size(), 2u);
  EXPECT_FALSE(c->photos[0].no_face_found);
  EXPECT_EQ(c->id, a.id);
}

TEST(RecordCodecTest, EveryTruncationOfAnAppealIsRefused) {
  std::string blob = EncodeAppeal(SampleAppeal());
  for (size_t n = 0; n < blob.size(); ++n) {
    EXPECT_FALSE(DecodeAppeal(blob.substr(0, n)).ok()) << "prefix of " << n << " bytes";
  }
  EXPECT_FALSE(DecodeAppeal(blob + "1;").ok());
}

TEST(RecordCodecTest, ForeignOrOutOfRangeRecordsAreRefused) {
  EXPECT_FALSE(DecodeAppeal(EncodeMessage(InboxMessage{})).ok());
  std::string blob = EncodeAppeal(SampleAppeal());
  // The state follows the author id; 3 = PUBLISHED. 9 is no AppealState.
  auto pos = blob.find("system:drafter3;");
  ASSERT_NE(pos, std::string::npos);
  std::string bad = blob;
  bad[pos + 14] = '9';
  EXPECT_FALSE(DecodeAppeal(bad).ok());
  EXPECT_FALSE(DecodeAppeal("999999999999999999999999:x").ok());
}

TEST(RecordCodecTest, MessageAndAnswerRoundTrip) {
  InboxMessage m;
  m.id = "m-1";
  m.channel = "weibo_dm";
  m.text = "孩子走丢了，在企鹅馆附近";
  m.sender_handle = "@someone";
  m.category = Category::kHelpRequest;
  m.matched_keywords = {"走丢"};
  m.department = "security";
  m.deadline = FromMillis(1'770'000'900'000);
  m.state = MessageState::kAnswered;
  m.answered_at = FromMillis(1'770'000'500'000);
  m.case_id = "case-7";
  auto m2 = DecodeMessage(EncodeMessage(m));
  ASSERT_TRUE(m2.ok()) << m2.status();
  EXPECT_EQ(m2->text, m.text);
  EXPECT_EQ(m2->category, Category::kHelpRequest);
  EXPECT_EQ(m2->state, MessageState::kAnswered);
  EXPECT_EQ(m2->answered_at, m.answered_at);
  EXPECT_FALSE(m2->closed_at.has_value());
  EXPECT_EQ(EncodeMessage(*m2), EncodeMessage(m));

  // message/2 carries the zone, the life-safety kind and the out-of-hours reply; message/3 the
  // replies' delivery and the page's acknowledgement. Older records still read, with those empty.
  InboxMessage ls = m;
  ls.category = Category::kLifeSafety;
  ls.zone_id = "plaza";
  ls.life_safety_kind = "crowd_crush";
  ls.auto_reply = "请拨打 110 或 120";
  ls.reply_delivery = ReplyDelivery::kFailed;
  ls.auto_reply_delivery = ReplyDelivery::kSent;
  ls.page_acknowledged_by = "desk.wang";
  ls.page_acknowledged_at = FromMillis(1'770'000'040'000);
  auto ls2 = DecodeMessage(EncodeMessage(ls));
  ASSERT_TRUE(ls2.ok()) << ls2.status();
  EXPECT_EQ(ls2->category, Category::kLifeSafety);
  EXPECT_EQ(ls2->zone_id, "plaza");
  EXPECT_EQ(ls2->life_safety_kind, "crowd_crush");
  EXPECT_EQ(ls2->auto_reply, ls.auto_reply);
  EXPECT_EQ(ls2->reply_delivery, ReplyDelivery::kFailed);
  EXPECT_EQ(ls2->auto_reply_delivery, ReplyDelivery::kSent);
  EXPECT_EQ(ls2->page_acknowledged_by, "desk.wang");
  EXPECT_EQ(ls2->page_acknowledged_at, ls.page_acknowledged_at);
  std::string v3 = EncodeMessage(m);
  ASSERT_EQ(v3.rfind("9:message/3", 0), 0u);
  const std::string v3_fields = "0;0;0:0;";  // none, none, no one, never
  ASSERT_EQ(v3.substr(v3.size() - v3_fields.size()), v3_fields);
  std::string v2 = v3.substr(0, v3.size() - v3_fields.size());
  v2.replace(0, 11, "9:message/2");
  auto two = DecodeMessage(v2);
  ASSERT_TRUE(two.ok()) << two.status();
  EXPECT_EQ(two->reply_delivery, ReplyDelivery::kNone);
  EXPECT_FALSE(two->page_acknowledged_at.has_value());
  std::string v1 = v2;
  v1.replace(0, 11, "9:message/1");
  ASSERT_EQ(v1.substr(v1.size() - 6), "0:0:0:");  // the three empty message/2 fields
  v1.resize(v1.size() - 6);
  auto old = DecodeMessage(v1);
  ASSERT_TRUE(old.ok()) << old.status();
  EXPECT_EQ(old->text, m.text);
  EXPECT_TRUE(old->zone_id.empty());
  // A delivery state beyond the known ones is a damaged record, not a guess.
  std::string bad = v3.substr(0, v3.size() - v3_fields.size()) + "9;0;0:0;";
  EXPECT_FALSE(DecodeMessage(bad).ok());

  AnswerEntry e{"faq-1",
                "儿童走失怎么办",
                "请立即联系工作人员",
                {"走失", "儿童"},
                "officer-li",
                3,
                true,
                FromMillis(1'770'000'000'000)};
  auto e2 = DecodeAnswer(EncodeAnswer(e));
  ASSERT_TRUE(e2.ok()) << e2.status();
  EXPECT_EQ(e2->keywords, e.keywords);
  EXPECT_EQ(e2->version, 3);
  EXPECT_TRUE(e2->retired);

  AnswerAudit au{"faq-1", 3, "officer-li", FromMillis(1'770'000'000'000), "retire", "outdated"};
  auto au2 = DecodeAnswerAudit(EncodeAnswerAudit(au));
  ASSERT_TRUE(au2.ok()) << au2.status();
  EXPECT_EQ(au2->reason, "outdated");
  EXPECT_EQ(au2->action, "retire");
}

}  // namespace
}  // namespace cs::appeals
