// DraftAppeal through the adapter with the real drafting library: texts in three languages with
// Weibo lengths, idempotent retries, field-named errors, personal data never stored; and CAP 1.2
// export of what was published, updated and retracted.
#include <gtest/gtest.h>

#include <cstdlib>

#include "services/appeals/appeal_service.h"

namespace cs::appeals {
namespace {

namespace v1 = crowdsafe::v1;

class DraftAppealTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // The shipped phrase table: the English is written from it.
    const char* root = std::getenv("CS_SOURCE_DIR");
    auto d = bridge::CreateAppealDrafter(std::string(root ? root : ".") + "/config/phrases.yaml");
    ASSERT_TRUE(d.ok()) << d.status();
    drafter_ = *std::move(d);
    service_ = Make("021-6123 4567");
    actor_.set_user_id("system:case-timer");
    actor_.set_role(v1::ROLE_SYSTEM);
  }

  std::unique_ptr<AppealServiceImpl> Make(const std::string& hotline, bool with_cap = true) {
    AppealServiceOptions o;
    o.venue_id = "ocean";
    o.appeals = &appeals_;
    o.inbox = &inbox_;
    o.answers = &answers_;
    o.publisher = &publisher_;
    o.clock = &clock_;
    o.drafter = drafter_.get();
    o.official_hotline = hotline;
    o.venue_name = "海洋公园 Ocean Park";
    if (with_cap) o.cap = {"press.ocean-park.example", "Ocean Park press office", 31.2, 121.5, 1.5};
    auto s = AppealServiceImpl::Create(std::move(o));
    EXPECT_TRUE(s.ok()) << s.status();
    return s.ok() ? *std::move(s) : nullptr;
  }

  v1::DraftAppealRequest FoundChild() {
    v1::DraftAppealRequest r;
    r.set_kind(v1::APPEAL_FOUND_CHILD);
    r.set_request_id("case-42/found");
    *r.mutable_actor() = actor_;
    auto* s = r.mutable_snapshot();
    s->set_case_id("case-42");
    s->set_venue_id("ocean");
    s->set_venue_name_zh("海洋公园");
    s->set_venue_name_en("Ocean Park");
    s->set_zone_name_zh("企鹅馆");
    s->set_zone_name_en("Penguin Pavilion");
    s->mutable_at()->set_seconds(1'771'300'800);
    s->set_sex("male");
    s->set_age_min(4);
    s->set_age_max(6);
    s->set_height_cm(105);
    s->set_top("红色外套");
    s->set_shoes("蓝色运动鞋");
    s->set_held_at("走失儿童中心");
    return r;
  }

  InMemoryAppealStore appeals_;
  InMemoryInboxStore inbox_;
  InMemoryAnswerStore answers_;
  OutboxPublisher publisher_;
  ManualClock clock_{FromMillis(1'771'300'900'000)};
  std::unique_ptr<bridge::AppealDrafter> drafter_;
  std::unique_ptr<AppealServiceImpl> service_;
  v1::Actor actor_;
};

TEST_F(DraftAppealTest, DraftsThreeLanguagesOncePerRequestId) {
  auto req = FoundChild();
  v1::Appeal a;
  auto s = service_->DraftAppeal(nullptr, &req, &a);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(a.state(), v1::APPEAL_DRAFT);
  EXPECT_EQ(a.kind(), v1::APPEAL_FOUND_CHILD);
  EXPECT_EQ(a.case_id(), "case-42");
  EXPECT_EQ(a.author(), "system:case-timer");
  ASSERT_EQ(a.current().texts_size(), 3);
  const auto& zh = a.current().texts(0);
  EXPECT_EQ(zh.language(), "zh-Hans");
  EXPECT_EQ(zh.headline().rfind("【寻找走失儿童家长】", 0), 0u) << zh.headline();
  EXPECT_NE(zh.long_text().find("企鹅馆"), std::string::npos);
  EXPECT_NE(zh.long_text().find("021-6123 4567"), std::string::npos);
  EXPECT_GT(zh.headline_length(), 0);
  EXPECT_LE(zh.headline_length(), 140);
  EXPECT_FALSE(a.current().texts(1).headline().empty());
  EXPECT_FALSE(a.current().texts(2).headline().empty());

  v1::Appeal again;
  ASSERT_TRUE(service_->DraftAppeal(nullptr, &req, &again).ok());
  EXPECT_EQ(again.appeal_id(), a.appeal_id());
  EXPECT_EQ(again.version_count(), 1);
  EXPECT_EQ(appeals_.ListIdsInStates({AppealState::kDraft}).size(), 1u);

  // The same request id for another case is a client bug, not a retry.
  req.mutable_snapshot()->set_case_id("case-43");
  EXPECT_EQ(service_->DraftAppeal(nullptr, &req, &again).error_code(),
            grpc::StatusCode::ALREADY_EXISTS);
}

// Issue 14: the English carried the Chinese words ("wearing 红色外套"). It is written from the
// phrase table; what has no English is listed, left out, and blocks submission until a person
// edits the English.
TEST_F(DraftAppealTest, EnglishWithoutATranslationCannotBeSubmittedUntilEdited) {
  auto req = FoundChild();
  req.mutable_snapshot()->set_top("胸前印有小鲸鱼的卫衣");
  req.mutable_snapshot()->add_top_colours("深蓝色");
  v1::Appeal a;
  ASSERT_TRUE(service_->DraftAppeal(nullptr, &req, &a).ok());
  const auto& en = a.current().texts(2);
  EXPECT_EQ(en.language(), "en");
  EXPECT_NE(en.long_text().find("dark blue hoodie"), std::string::npos) << en.long_text();
  for (unsigned char c : en.long_text()) EXPECT_LT(c, 0xE3) << "no Chinese in the English";
  ASSERT_EQ(a.needs_translation_size(), 1);
  EXPECT_EQ(a.needs_translation(0), "胸前印有小鲸鱼");

  v1::AppealActionRequest submit;
  submit.set_appeal_id(a.appeal_id());
  submit.mutable_actor()->set_user_id("press.li");
  submit.mutable_actor()->set_role(v1::ROLE_PRESS);
  v1::Appeal out;
  EXPECT_EQ(service_->SubmitForReview(nullptr, &submit, &out).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);

  v1::EditAppealRequest edit;
  edit.set_appeal_id(a.appeal_id());
  edit.set_base_version(1);
  *edit.mutable_actor() = submit.actor();
  for (const auto& t : a.current().texts()) *edit.add_texts() = t;
  edit.mutable_texts(2)->set_long_text(en.long_text() + " A small whale is printed on the front.");
  ASSERT_TRUE(service_->EditAppeal(nullptr, &edit, &out).ok());
  EXPECT_EQ(out.needs_translation_size(), 0);
  EXPECT_TRUE(service_->SubmitForReview(nullptr, &submit, &out).ok());
}

// The mirror (issue 14): English typed into the Chinese fields gets Chinese from the phrase
// table; a Latin phrase with no Chinese is left out of both Chinese versions, listed, and
// blocks submission until a person has written it into both (an edit of the English alone
// does not count).
TEST_F(DraftAppealTest, ChineseWithoutATranslationCannotBeSubmittedUntilWritten) {
  auto req = FoundChild();
  req.mutable_snapshot()->set_top("red jacket");
  req.mutable_snapshot()->set_features("speaks English only, Minecraft bag");
  v1::Appeal a;
  ASSERT_TRUE(service_->DraftAppeal(nullptr, &req, &a).ok());
  const auto& hans = a.current().texts(0);
  const auto& hant = a.current().texts(1);
  EXPECT_NE(hans.long_text().find("上穿红色外套"), std::string::npos) << hans.long_text();
  EXPECT_NE(hans.long_text().find("只会说英语"), std::string::npos) << hans.long_text();
  EXPECT_NE(hant.long_text().find("只會説英語"), std::string::npos) << hant.long_text();
  for (const auto* t : {&hans, &hant}) {
    EXPECT_EQ(t->long_text().find("Minecraft"), std::string::npos) << t->long_text();
    EXPECT_EQ(t->long_text().find("red"), std::string::npos) << t->long_text();
  }
  EXPECT_NE(a.current().texts(2).long_text().find("Minecraft bag"), std::string::npos)
      << "the English keeps what was typed in English";
  ASSERT_EQ(a.needs_translation_size(), 1);
  EXPECT_EQ(a.needs_translation(0), "Minecraft bag");

  v1::AppealActionRequest submit;
  submit.set_appeal_id(a.appeal_id());
  submit.mutable_actor()->set_user_id("press.li");
  submit.mutable_actor()->set_role(v1::ROLE_PRESS);
  v1::Appeal out;
  auto refused = service_->SubmitForReview(nullptr, &submit, &out);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(refused.error_message().rfind("texts.zh-Hans:", 0), 0u) << refused.error_message();

  v1::EditAppealRequest edit;
  edit.set_appeal_id(a.appeal_id());
  *edit.mutable_actor() = submit.actor();
  auto send = [&](int base, int language, const std::string& extra) {
    edit.clear_texts();
    edit.set_base_version(base);
    auto* t = edit.add_texts();
    *t = a.current().texts(language);
    t->set_long_text(t->long_text() + extra);
    return service_->EditAppeal(nullptr, &edit, &out);
  };
  // The English alone, then one Chinese version: the Chinese is still missing the phrase.
  ASSERT_TRUE(send(1, 2, " Thank you.").ok());
  EXPECT_EQ(out.needs_translation_size(), 1);
  ASSERT_TRUE(send(2, 0, "孩子背着印有“我的世界”图案的包。").ok());
  EXPECT_EQ(out.needs_translation_size(), 1);
  EXPECT_EQ(service_->SubmitForReview(nullptr, &submit, &out).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  // Both Chinese versions written (in separate edits): the flag is cleared.
  ASSERT_TRUE(send(3, 1, "孩子背著印有「我的世界」圖案的包。").ok());
  EXPECT_EQ(out.needs_translation_size(), 0);
  EXPECT_TRUE(service_->SubmitForReview(nullptr, &submit, &out).ok());
}

// A draft missing phrases in both directions is blocked until both are written.
TEST_F(DraftAppealTest, BothDirectionsMustBeWrittenBeforeSubmission) {
  auto req = FoundChild();
  req.mutable_snapshot()->set_top("胸前印有小鲸鱼的卫衣");
  req.mutable_snapshot()->set_shoes("Heelys");
  v1::Appeal a;
  ASSERT_TRUE(service_->DraftAppeal(nullptr, &req, &a).ok());
  ASSERT_EQ(a.needs_translation_size(), 2);
  EXPECT_EQ(a.needs_translation(0), "胸前印有小鲸鱼");
  EXPECT_EQ(a.needs_translation(1), "Heelys");
  v1::EditAppealRequest edit;
  edit.set_appeal_id(a.appeal_id());
  edit.set_base_version(1);
  edit.mutable_actor()->set_user_id("press.li");
  edit.mutable_actor()->set_role(v1::ROLE_PRESS);
  for (const auto& t : a.current().texts()) *edit.add_texts() = t;
  edit.mutable_texts(0)->set_long_text(a.current().texts(0).long_text() + "脚穿暴走鞋。");
  edit.mutable_texts(1)->set_long_text(a.current().texts(1).long_text() + "腳穿暴走鞋。");
  v1::Appeal out;
  ASSERT_TRUE(service_->EditAppeal(nullptr, &edit, &out).ok());
  ASSERT_EQ(out.needs_translation_size(), 1) << "the Chinese is written, the English is not";
  EXPECT_EQ(out.needs_translation(0), "胸前印有小鲸鱼");
  v1::AppealActionRequest submit;
  submit.set_appeal_id(a.appeal_id());
  *submit.mutable_actor() = edit.actor();
  auto refused = service_->SubmitForReview(nullptr, &submit, &out);
  EXPECT_EQ(refused.error_message().rfind("texts.en:", 0), 0u) << refused.error_message();
}

// Issue 14: pii_findings was empty on every draft, even where a number was removed.
TEST_F(DraftAppealTest, FindingsShowWhatTheGuardLeftOut) {
  auto req = FoundChild();
  req.mutable_snapshot()->set_features("戴眼镜，家长电话13912345678");
  v1::Appeal a;
  ASSERT_TRUE(service_->DraftAppeal(nullptr, &req, &a).ok());
  ASSERT_FALSE(a.pii_findings().empty());
  EXPECT_EQ(a.pii_findings(0).field(), "features");
  EXPECT_EQ(a.pii_findings(0).action(), "removed");
  v1::GetAppealRequest get;
  get.set_appeal_id(a.appeal_id());
  get.mutable_actor()->set_user_id("press.li");
  get.mutable_actor()->set_role(v1::ROLE_PRESS);
  v1::Appeal stored;
  ASSERT_TRUE(service_->GetAppeal(nullptr, &get, &stored).ok());
  EXPECT_EQ(stored.pii_findings_size(), a.pii_findings_size()) << "stored with the appeal";
}

TEST_F(DraftAppealTest, PersonalDataNeverReachesAStoredDraft) {
  auto req = FoundChild();
  req.mutable_snapshot()->set_features("家长电话13912345678，身份证110101201801011234");
  v1::Appeal a;
  auto s = service_->DraftAppeal(nullptr, &req, &a);
  if (s.ok()) {
    for (const auto& t : a.current().texts()) {
      EXPECT_EQ(t.long_text().find("13912345678"), std::string::npos);
      EXPECT_EQ(t.long_text().find("110101201801011234"), std::string::npos);
    }
  } else {
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << s.error_message();
    EXPECT_EQ(s.error_message().find("13912345678"), std::string::npos);
    EXPECT_TRUE(appeals_.ListIdsInStates({AppealState::kDraft}).empty());
  }
}

TEST_F(DraftAppealTest, BadInputNamesTheSnapshotField) {
  auto req = FoundChild();
  req.mutable_snapshot()->set_height_cm(300);
  v1::Appeal a;
  auto s = service_->DraftAppeal(nullptr, &req, &a);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(s.error_message().rfind("snapshot.height_cm", 0), 0u) << s.error_message();

  req = FoundChild();
  req.set_kind(v1::APPEAL_KIND_UNSPECIFIED);
  EXPECT_EQ(service_->DraftAppeal(nullptr, &req, &a).error_message().rfind("kind", 0), 0u);
  req = FoundChild();
  req.mutable_snapshot()->set_age_max(2);
  EXPECT_EQ(service_->DraftAppeal(nullptr, &req, &a).error_message().rfind("snapshot.age_max", 0),
            0u);
  req = FoundChild();
  req.set_kind(v1::APPEAL_FOLLOW_UP);
  EXPECT_EQ(service_->DraftAppeal(nullptr, &req, &a).error_message().rfind("follows_appeal_id", 0),
            0u);
  EXPECT_TRUE(appeals_.ListIdsInStates({AppealState::kDraft}).empty());
}

TEST_F(DraftAppealTest, WithoutAHotlineNothingIsDrafted) {
  auto no_hotline = Make("");
  ASSERT_NE(no_hotline, nullptr);
  auto req = FoundChild();
  v1::Appeal a;
  EXPECT_EQ(no_hotline->DraftAppeal(nullptr, &req, &a).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
}

v1::AppealActionRequest Action(const std::string& id, const std::string& user,
                               const std::string& reason = "") {
  v1::AppealActionRequest r;
  r.set_appeal_id(id);
  r.mutable_actor()->set_user_id(user);
  r.mutable_actor()->set_role(v1::ROLE_PRESS);
  r.set_reason(reason);
  return r;
}

TEST_F(DraftAppealTest, CapExportFollowsPublicationUpdateAndRetraction) {
  auto req = FoundChild();
  v1::Appeal a;
  ASSERT_TRUE(service_->DraftAppeal(nullptr, &req, &a).ok());
  const std::string id = a.appeal_id();
  v1::GetAppealRequest get;
  get.set_appeal_id(id);
  v1::ExportCapResponse cap;
  EXPECT_EQ(service_->ExportCap(nullptr, &get, &cap).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);

  auto submit = Action(id, "press.li");
  ASSERT_TRUE(service_->SubmitForReview(nullptr, &submit, &a).ok());
  auto approve = Action(id, "press.wang");
  ASSERT_TRUE(service_->ApproveAppeal(nullptr, &approve, &a).ok());
  v1::PublishAppealRequest pub;
  pub.set_appeal_id(id);
  pub.mutable_actor()->set_user_id("press.wang");
  pub.mutable_actor()->set_role(v1::ROLE_PRESS);
  pub.set_post_url("https://weibo.com/5123456789/PqRsTuVwX");
  ASSERT_TRUE(service_->PublishAppeal(nullptr, &pub, &a).ok());

  ASSERT_TRUE(service_->ExportCap(nullptr, &get, &cap).ok());
  const std::string alert_id = "crowdsafe-ocean-" + id + "-v1";
  EXPECT_NE(cap.xml().find("<msgType>Alert</msgType>"), std::string::npos) << cap.xml();
  EXPECT_NE(cap.xml().find("<identifier>" + alert_id + "</identifier>"), std::string::npos);
  EXPECT_NE(cap.xml().find("企鹅馆"), std::string::npos);
  // The same language tags as the API's AppealText.language.
  EXPECT_NE(cap.xml().find("<language>zh-Hant</language>"), std::string::npos);

  // The follow-up (已找到) is an Update referencing the Alert.
  v1::DraftAppealRequest follow = FoundChild();
  follow.set_kind(v1::APPEAL_FOLLOW_UP);
  follow.set_follows_appeal_id(id);
  follow.set_request_id("case-42/follow-up");
  v1::Appeal f;
  auto fs = service_->DraftAppeal(nullptr, &follow, &f);
  ASSERT_TRUE(fs.ok()) << fs.error_message();
  EXPECT_EQ(f.kind(), v1::APPEAL_FOLLOW_UP);
  EXPECT_EQ(f.follows_appeal_id(), id);
  auto fsubmit = Action(f.appeal_id(), "press.li");
  ASSERT_TRUE(service_->SubmitForReview(nullptr, &fsubmit, &f).ok());
  auto fapprove = Action(f.appeal_id(), "press.wang");
  ASSERT_TRUE(service_->ApproveAppeal(nullptr, &fapprove, &f).ok());
  pub.set_appeal_id(f.appeal_id());
  pub.set_post_url("https://weibo.com/5123456789/Followup1");
  ASSERT_TRUE(service_->PublishAppeal(nullptr, &pub, &f).ok());
  v1::GetAppealRequest get_follow;
  get_follow.set_appeal_id(f.appeal_id());
  v1::ExportCapResponse update;
  ASSERT_TRUE(service_->ExportCap(nullptr, &get_follow, &update).ok());
  EXPECT_NE(update.xml().find("<msgType>Update</msgType>"), std::string::npos) << update.xml();
  EXPECT_NE(update.xml().find(alert_id), std::string::npos);

  // Retracting the follow-up gives a Cancel referencing the follow-up's own message.
  auto retract = Action(f.appeal_id(), "press.wang", "duplicate post");
  ASSERT_TRUE(service_->RetractAppeal(nullptr, &retract, &f).ok());
  v1::ExportCapResponse cancel;
  ASSERT_TRUE(service_->ExportCap(nullptr, &get_follow, &cancel).ok());
  EXPECT_NE(cancel.xml().find("<msgType>Cancel</msgType>"), std::string::npos) << cancel.xml();
  EXPECT_NE(cancel.xml().find("crowdsafe-ocean-" + f.appeal_id() + "-v1"), std::string::npos);

  auto no_cap = Make("021-6123 4567", /*with_cap=*/false);
  ASSERT_NE(no_cap, nullptr);
  EXPECT_EQ(no_cap->ExportCap(nullptr, &get, &cap).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
}

}  // namespace
}  // namespace cs::appeals
