// The appeal-request consumer on a real private redis-server with the real drafter: a request
// case-service raised becomes one draft (also when read twice), a request the drafter refuses is
// acknowledged and not retried forever, an outage leaves requests pending until the next pass,
// and a follow-up is drafted only against an appeal that was published.
#include <gtest/gtest.h>

#include <cstdlib>

#include "common/redis/hiredis_client.h"
#include "common/redis/redis_keys.h"
#include "common/testing/redis_server.h"
#include "services/appeals/appeal_requests.h"
#include "services/appeals/appeal_service.h"

namespace cs::appeals {
namespace {
namespace v1 = crowdsafe::v1;

class AppealRequestsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(server_.Start().ok());
    client_ = std::make_unique<HiredisClient>(server_.Config());
    // The shipped phrase table: the English is written from it.
    const char* root = std::getenv("CS_SOURCE_DIR");
    auto d = bridge::CreateAppealDrafter(std::string(root ? root : ".") + "/config/phrases.yaml");
    ASSERT_TRUE(d.ok()) << d.status();
    drafter_ = *std::move(d);
    AppealServiceOptions o;
    o.venue_id = "ocean";
    o.appeals = &appeals_;
    o.inbox = &inbox_;
    o.answers = &answers_;
    o.publisher = &publisher_;
    o.clock = &clock_;
    o.drafter = drafter_.get();
    o.official_hotline = "021-6123 4567";
    auto s = AppealServiceImpl::Create(std::move(o));
    ASSERT_TRUE(s.ok()) << s.status();
    service_ = *std::move(s);
    consumer_ = std::make_unique<AppealRequestConsumer>(*client_, "ocean", *service_);
  }

  // What case-service's escalation loop writes (services/cases/case_events.cc).
  void Raise(v1::AppealKind kind, const std::string& case_id, const std::string& top = "红色外套",
             const std::string& features = "", const std::string& guardian = "") {
    v1::DraftAppealRequest r;
    r.mutable_guard_only()->set_guardian_name(guardian);
    r.set_kind(kind);
    r.set_request_id(case_id + "/" + (kind == v1::APPEAL_FOLLOW_UP ? "follow_up" : "found"));
    auto* s = r.mutable_snapshot();
    s->set_case_id(case_id);
    s->set_venue_id("ocean");
    s->set_venue_name_zh("海洋公园");
    s->set_venue_name_en("Ocean Park");
    s->set_zone_name_zh("企鹅馆");
    s->set_zone_name_en("Penguin Pavilion");
    s->mutable_at()->set_seconds(1'771'300'800);
    s->set_sex("male");
    s->set_age_min(4);
    s->set_age_max(6);
    s->set_top(top);
    s->set_features(features);
    s->set_held_at("走失儿童中心");
    ASSERT_TRUE(
        client_->XAdd(VenueKey("ocean", "appeal-requests"), {{"r", r.SerializeAsString()}}).ok());
  }

  std::vector<v1::Appeal> All() {
    v1::ListAppealsRequest list;
    list.mutable_actor()->set_user_id("press.li");
    list.mutable_actor()->set_role(v1::ROLE_PRESS);
    v1::ListAppealsResponse out;
    EXPECT_TRUE(service_->ListAppeals(nullptr, &list, &out).ok());
    return {out.appeals().begin(), out.appeals().end()};
  }

  void Publish(const std::string& id) {
    v1::AppealActionRequest a;
    a.set_appeal_id(id);
    a.mutable_actor()->set_user_id("press.li");
    a.mutable_actor()->set_role(v1::ROLE_PRESS);
    v1::Appeal out;
    ASSERT_TRUE(service_->SubmitForReview(nullptr, &a, &out).ok());
    a.mutable_actor()->set_user_id("press.wang");
    ASSERT_TRUE(service_->ApproveAppeal(nullptr, &a, &out).ok());
    v1::PublishAppealRequest p;
    p.set_appeal_id(id);
    *p.mutable_actor() = a.actor();
    p.set_post_url("https://weibo.com/5123456789/PqRsTuVwX");
    ASSERT_TRUE(service_->PublishAppeal(nullptr, &p, &out).ok());
  }

  int64_t Pending() {
    auto r = client_->Command(
        {"XPENDING", VenueKey("ocean", "appeal-requests"), AppealRequestConsumer::kGroup});
    return r.ok() && !r->elements.empty() ? r->elements[0].integer : -1;
  }

  cs::testing::RedisServer server_;
  std::unique_ptr<HiredisClient> client_;
  InMemoryAppealStore appeals_;
  InMemoryInboxStore inbox_;
  InMemoryAnswerStore answers_;
  OutboxPublisher publisher_;
  ManualClock clock_{FromMillis(1'771'300'900'000)};
  std::unique_ptr<bridge::AppealDrafter> drafter_;
  std::unique_ptr<AppealServiceImpl> service_;
  std::unique_ptr<AppealRequestConsumer> consumer_;
};

TEST_F(AppealRequestsTest, ARequestBecomesOneDraftEvenWhenRaisedTwice) {
  Raise(v1::APPEAL_FOUND_CHILD, "case-7");
  Raise(v1::APPEAL_FOUND_CHILD, "case-7");  // at-least-once delivery from case-service
  auto acked = consumer_->Poll();
  ASSERT_TRUE(acked.ok()) << acked.status();
  EXPECT_EQ(*acked, 2);
  auto all = All();
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].case_id(), "case-7");
  EXPECT_EQ(all[0].state(), v1::APPEAL_DRAFT);
  EXPECT_EQ(all[0].author(), "system:case-timer");
  EXPECT_EQ(Pending(), 0);
}

// Issue 14: case-service handed appeal-service only the surname, so a guardian's name typed
// into the features was published. The restricted values now reach the guard, are struck in
// any spacing, and leave no trace: not in the appeal, not in the request stream.
TEST_F(AppealRequestsTest, RestrictedValuesReachTheGuardOnlyAndTheEntryIsDeleted) {
  Raise(v1::APPEAL_FOUND_CHILD, "case-11", "红色外套", "戴眼镜，一直找王 秀 英", "王秀英");
  ASSERT_EQ(*consumer_->Poll(), 1);
  auto all = All();
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].SerializeAsString().find("秀"), std::string::npos);
  bool found = false;
  for (const auto& t : all[0].current().texts())
    found |= t.long_text().find("戴眼镜") != std::string::npos;
  EXPECT_TRUE(found) << "the description itself stays";
  EXPECT_FALSE(all[0].pii_findings().empty());
  auto len = client_->Command({"XLEN", VenueKey("ocean", "appeal-requests")});
  ASSERT_TRUE(len.ok());
  EXPECT_EQ(len->integer, 0) << "the entry that carried the restricted values is gone";
}

TEST_F(AppealRequestsTest, FollowUpOnlyAfterSomethingWasPublished) {
  Raise(v1::APPEAL_FOLLOW_UP, "case-8");
  ASSERT_EQ(*consumer_->Poll(), 1);
  EXPECT_TRUE(All().empty()) << "nothing went out, so nothing to follow up";

  Raise(v1::APPEAL_FOUND_CHILD, "case-9");
  ASSERT_EQ(*consumer_->Poll(), 1);
  const std::string original = All().at(0).appeal_id();
  Publish(original);
  Raise(v1::APPEAL_FOLLOW_UP, "case-9");
  ASSERT_EQ(*consumer_->Poll(), 1);
  auto all = All();
  ASSERT_EQ(all.size(), 2u);
  const v1::Appeal& follow = all[0].appeal_id() == original ? all[1] : all[0];
  EXPECT_EQ(follow.kind(), v1::APPEAL_FOLLOW_UP);
  EXPECT_EQ(follow.follows_appeal_id(), original);
}

TEST_F(AppealRequestsTest, RefusedRequestIsAcknowledgedAndOutageLeavesItPending) {
  Raise(v1::APPEAL_FOUND_CHILD, "");  // no case id: the drafter refuses, forever
  ASSERT_EQ(*consumer_->Poll(), 1);
  EXPECT_TRUE(All().empty());
  EXPECT_EQ(Pending(), 0);

  // Redis goes away: the pass fails and nothing is lost; after it is back the request drafts.
  Raise(v1::APPEAL_FOUND_CHILD, "case-10");
  server_.Kill();
  EXPECT_FALSE(consumer_->Poll().ok());
  ASSERT_TRUE(server_.Restart().ok());
  absl::StatusOr<int> acked;
  for (int i = 0; i < 50; ++i) {  // the client reconnects with backoff
    acked = consumer_->Poll();
    if (acked.ok() && *acked > 0) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_TRUE(acked.ok()) << acked.status();
  EXPECT_EQ(*acked, 1);
  ASSERT_EQ(All().size(), 1u);
}

}  // namespace
}  // namespace cs::appeals
