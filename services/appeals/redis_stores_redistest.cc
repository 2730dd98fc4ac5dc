// The desk core (workflow, inbox, answer library, publish ledger) on the Redis stores against a
// real private redis-server: compare-and-set conflicts, the state and open indexes, ranges, and
// everything acknowledged surviving a Redis crash and restart (AOF).
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <thread>

#include "common/redis/redis_keys.h"
#include "common/testing/redis_store_test.h"
#include "services/appeals/desk/appeal_workflow.h"
#include "services/appeals/desk/inbox.h"
#include "services/appeals/redis_appeal_store.h"
#include "services/appeals/redis_inbox_store.h"

namespace cs::appeals {
namespace {

using namespace std::chrono_literals;

AppealTexts Texts(const std::string& headline) {
  AppealTexts t;
  t.zh_hans = {headline, headline + "。请拨打官方热线。"};
  t.zh_hant = {"【尋找走失兒童家長】", "請撥打官方熱線。"};
  t.en = {"Looking for the parents of a lost boy", "Call the official hotline."};
  return t;
}

std::vector<std::string> Sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

class RedisStoresTest : public testing::RedisStoreTest {
 protected:
  void MakeStores(RedisClient& client) override {
    appeals_ = std::make_unique<RedisAppealStore>(client, "ocean");
    inbox_store_ = std::make_unique<RedisInboxStore>(client, "ocean");
    answers_ = std::make_unique<RedisAnswerStore>(client, "ocean");
    ledger_ = std::make_unique<RedisPublishLedger>(client, "ocean");
  }

  std::unique_ptr<RedisAppealStore> appeals_;
  std::unique_ptr<RedisInboxStore> inbox_store_;
  std::unique_ptr<RedisAnswerStore> answers_;
  std::unique_ptr<RedisPublishLedger> ledger_;
  ManualClock clock_{FromMillis(1'771'300'800'000)};
  Actor drafter_{"system:drafter", Role::kSystem};
  Actor press_{"officer-li", Role::kPressOfficer};
};

TEST_F(RedisStoresTest, AppealKeysCarryTheVenueHashTag) {
  EXPECT_EQ(appeals_->RecordKey("a1"), "cs:{venue:ocean}:appeal:a1");
  EXPECT_EQ(HashTagOf(appeals_->StateKey(AppealState::kDraft)), "venue:ocean");
  EXPECT_EQ(HashTagOf(ledger_->Key("a1:v1:abc")), "venue:ocean");
}

TEST_F(RedisStoresTest, CreateIsOnceAndGetReturnsRevisionOne) {
  AppealWorkflow wf(appeals_.get(), &clock_);
  NewAppeal n{"a1", "case-7", AppealKind::kFoundChild, Texts("【寻找走失儿童家长】企鹅馆"), {{"p1"}}, {}, {}};
  ASSERT_TRUE(wf.CreateDraft(n, drafter_).ok());
  auto again = wf.CreateDraft(n, drafter_);
  EXPECT_EQ(again.status().code(), absl::StatusCode::kAlreadyExists);
  auto a = appeals_->Get("a1");
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->revision, 1);
  EXPECT_EQ(a->current().texts.zh_hans.headline, "【寻找走失儿童家长】企鹅馆");
  EXPECT_EQ(appeals_->Get("nope").status().code(), absl::StatusCode::kNotFound);
}

TEST_F(RedisStoresTest, UpdateIsCompareAndSetOnRevision) {
  AppealWorkflow wf(appeals_.get(), &clock_);
  NewAppeal n{"a1", "case-7", AppealKind::kFoundChild, Texts("企鹅馆"), {}, {}, {}};
  ASSERT_TRUE(wf.CreateDraft(n, drafter_).ok());
  auto mine = appeals_->Get("a1");
  auto theirs = appeals_->Get("a1");
  ASSERT_TRUE(mine.ok() && theirs.ok());
  theirs->terminal_reason = "theirs";
  ASSERT_TRUE(appeals_->Update(*theirs).ok());
  mine->terminal_reason = "mine";
  EXPECT_EQ(appeals_->Update(*mine).code(), absl::StatusCode::kAborted);
  auto stored = appeals_->Get("a1");
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->terminal_reason, "theirs");
  EXPECT_EQ(stored->revision, 2);
  Appeal ghost = *stored;
  ghost.id = "ghost";
  EXPECT_EQ(appeals_->Update(ghost).code(), absl::StatusCode::kNotFound);
}

TEST_F(RedisStoresTest, ConcurrentEditorsLoseNoEdit) {
  AppealWorkflow wf(appeals_.get(), &clock_);
  ASSERT_TRUE(
      wf.CreateDraft({"a1", "case-7", AppealKind::kFoundChild, Texts("企鹅馆"), {}, {}, {}}, drafter_)
          .ok());
  // Two editors on two connections; every Aborted is reloaded and retried, as callers must.
  constexpr int kEditsEach = 25;
  auto editor = [&](const std::string& who) {
    HiredisClient client(server_.Config());
    RedisAppealStore store(client, "ocean");
    AppealWorkflow mine(&store, &clock_);
    for (int i = 0; i < kEditsEach; ++i) {
      while (true) {
        auto r = mine.Edit("a1", Texts(who + std::to_string(i)), {who, Role::kDrafter});
        if (r.ok()) break;
        ASSERT_EQ(r.status().code(), absl::StatusCode::kAborted) << r.status();
      }
    }
  };
  std::thread a(editor, "editor-a");
  std::thread b(editor, "editor-b");
  a.join();
  b.join();
  auto final = appeals_->Get("a1");
  ASSERT_TRUE(final.ok());
  EXPECT_EQ(final->versions.size(), 1u + 2 * kEditsEach);
  EXPECT_EQ(final->revision, 1 + 2 * kEditsEach);
  int edits = 0;
  for (const auto& e : final->audit) edits += e.action == "edit";
  EXPECT_EQ(edits, 2 * kEditsEach);
}

TEST_F(RedisStoresTest, StateIndexFollowsTransitions) {
  AppealWorkflow wf(appeals_.get(), &clock_);
  for (const char* id : {"a1", "a2", "a3"}) {
    ASSERT_TRUE(
        wf.CreateDraft({id, "case-7", AppealKind::kFoundChild, Texts("企鹅馆"), {}, {}, {}}, drafter_)
            .ok());
  }
  ASSERT_TRUE(wf.Submit("a2", drafter_).ok());
  ASSERT_TRUE(wf.Submit("a3", drafter_).ok());
  ASSERT_TRUE(wf.Approve("a3", press_).ok());
  EXPECT_EQ(appeals_->ListIdsInStates({AppealState::kDraft}), std::vector<std::string>{"a1"});
  EXPECT_EQ(appeals_->ListIdsInStates({AppealState::kInReview}), std::vector<std::string>{"a2"});
  EXPECT_EQ(Sorted(appeals_->ListIdsInStates({AppealState::kDraft, AppealState::kApproved})),
            (std::vector<std::string>{"a1", "a3"}));
  // Expiry sweeps read the index: both idle drafts expire, the approved one stays.
  clock_.Advance(7h);
  auto expired = wf.ExpireStale();
  ASSERT_TRUE(expired.ok()) << expired.status();
  EXPECT_EQ(*expired, 2);
  EXPECT_EQ(Sorted(appeals_->ListIdsInStates({AppealState::kExpired})),
            (std::vector<std::string>{"a1", "a2"}));
  EXPECT_TRUE(appeals_->ListIdsInStates({AppealState::kDraft}).empty());
}

TEST_F(RedisStoresTest, AcknowledgedWorkflowSurvivesRedisCrash) {
  AppealWorkflow wf(appeals_.get(), &clock_);
  ASSERT_TRUE(
      wf.CreateDraft({"a1", "case-7", AppealKind::kFoundChild, Texts("企鹅馆"), {{"p1"}}, {}, {}}, drafter_)
          .ok());
  ASSERT_TRUE(wf.Submit("a1", drafter_).ok());
  ASSERT_TRUE(wf.Approve("a1", press_).ok());
  ASSERT_TRUE(wf.MarkPosted("a1", press_, "https://weibo.com/123/AbC").ok());
  ASSERT_TRUE(ledger_->Put("a1:v1:x", {PublishRecord::State::kPosted, "4900", 2}).ok());

  CrashAndRestartRedis();
  AppealWorkflow after(appeals_.get(), &clock_);

  auto a = after.Get("a1");
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->state, AppealState::kPublished);
  EXPECT_EQ(a->publication.post_url, "https://weibo.com/123/AbC");
  ASSERT_EQ(a->audit.size(), 4u);
  EXPECT_EQ(a->audit[2].action, "approve");
  EXPECT_EQ(a->audit[2].actor_id, "officer-li");
  EXPECT_EQ(a->audit[2].version_sha256, a->current().sha256_hex);
  EXPECT_EQ(appeals_->ListIdsInStates({AppealState::kPublished}), std::vector<std::string>{"a1"});
  auto record = ledger_->Get("a1:v1:x");
  ASSERT_TRUE(record.has_value());
  EXPECT_EQ(record->state, PublishRecord::State::kPosted);
  EXPECT_EQ(record->post_id, "4900");
  EXPECT_EQ(record->attempts, 2);
  EXPECT_FALSE(ledger_->Get("other").has_value());
  // And the workflow carries on after the restart.
  EXPECT_TRUE(after.Retract("a1", press_, "child found").ok());
}

TEST_F(RedisStoresTest, WritesFailCleanlyWhileRedisIsDown) {
  AppealWorkflow wf(appeals_.get(), &clock_);
  server_.Kill();
  auto created =
      wf.CreateDraft({"a1", "case-7", AppealKind::kFoundChild, Texts("企鹅馆"), {}, {}, {}}, drafter_);
  EXPECT_FALSE(created.ok());
  EXPECT_FALSE(ledger_->Put("k", {}).ok());
  ASSERT_TRUE(server_.Restart().ok());
  Connect();
  // Nothing was acknowledged, so nothing half-written is there.
  EXPECT_EQ(appeals_->Get("a1").status().code(), absl::StatusCode::kNotFound);
}

TEST_F(RedisStoresTest, InboxOpenSetRangesAndConflicts) {
  auto rules = TriageRules::Create(TriageConfig::Default());
  ASSERT_TRUE(rules.ok());
  Inbox inbox(inbox_store_.get(), &*rules, nullptr, &clock_);
  TimePoint t0 = clock_.Now();
  ASSERT_TRUE(inbox.Receive({"m1", "weibo_dm", "孩子走丢了，在企鹅馆", t0, "@a"}).ok());
  ASSERT_TRUE(inbox.Receive({"m2", "web", "停车场在哪里", t0 + 1s, "@b"}).ok());
  ASSERT_TRUE(inbox.Receive({"m3", "web", "请问几点关门", t0 + 2s, "@c"}).ok());
  EXPECT_EQ(inbox.Receive({"m1", "weibo_dm", "again", t0, "@a"}).status().code(),
            absl::StatusCode::kAlreadyExists);

  auto ids = [](const std::vector<InboxMessage>& ms) {
    std::vector<std::string> out;
    for (const auto& m : ms) out.push_back(m.id);
    return Sorted(out);
  };
  // Half-open: [t0, t0+2s) holds m1 and m2 but not m3.
  EXPECT_EQ(ids(inbox_store_->ListReceived(t0, t0 + 2s)), (std::vector<std::string>{"m1", "m2"}));
  EXPECT_EQ(ids(inbox_store_->ListOpen()), (std::vector<std::string>{"m1", "m2", "m3"}));

  ASSERT_TRUE(inbox.Answer("m2", press_, "停车场在东门。").ok());
  EXPECT_EQ(ids(inbox_store_->ListOpen()), (std::vector<std::string>{"m1", "m3"}));

  auto stale = inbox_store_->Get("m1");
  ASSERT_TRUE(stale.ok());
  ASSERT_TRUE(inbox.Assign("m1", press_, "desk.wang").ok());
  stale->reply = "lost update";
  EXPECT_EQ(inbox_store_->Update(*stale).code(), absl::StatusCode::kAborted);

  CrashAndRestartRedis();
  Inbox after(inbox_store_.get(), &*rules, nullptr, &clock_);
  auto m1 = after.Get("m1", /*include_restricted=*/true);
  ASSERT_TRUE(m1.ok()) << m1.status();
  EXPECT_EQ(m1->state, MessageState::kAssigned);
  EXPECT_EQ(m1->assignee_id, "desk.wang");
  EXPECT_EQ(m1->sender_handle, "@a");
  EXPECT_EQ(m1->category, Category::kHelpRequest);
  EXPECT_EQ(m1->revision, 2);
}

TEST_F(RedisStoresTest, AnswerLibraryVersionsAuditAndReloadAfterRestart) {
  {
    AnswerLibrary library(answers_.get(), &clock_);
    ASSERT_TRUE(library.Load().ok());
    auto e = library.Put({"faq-lost",
                          "孩子走失了怎么办",
                          "请立即联系最近的工作人员或前往游客中心。",
                          {"走失", "找孩子"}},
                         press_);
    ASSERT_TRUE(e.ok()) << e.status();
    ASSERT_TRUE(
        library.Put({"faq-park", "停车场在哪里", "停车场位于东门外。", {"停车"}}, press_).ok());
    auto edited = library.Put({"faq-lost",
                               "孩子走失了怎么办",
                               "请立即联系最近的工作人员，或前往游客中心广播。",
                               {"走失", "找孩子"}},
                              press_, 1);
    ASSERT_TRUE(edited.ok()) << edited.status();
    EXPECT_EQ(edited->version, 2);
  }
  // A writer that read version 1 and lost the race is refused by the store itself.
  AnswerEntry late{"faq-lost", "q", "a", {}, "officer-wang", 2, false, clock_.Now()};
  EXPECT_EQ(
      answers_->Append(late, {"faq-lost", 2, "officer-wang", clock_.Now(), "edit", ""}).code(),
      absl::StatusCode::kAborted);

  CrashAndRestartRedis();

  auto history = answers_->History("faq-lost");
  ASSERT_TRUE(history.ok()) << history.status();
  ASSERT_EQ(history->size(), 2u);
  EXPECT_EQ((*history)[1].answer, "请立即联系最近的工作人员，或前往游客中心广播。");
  auto audit = answers_->AuditLog("faq-lost");
  ASSERT_TRUE(audit.ok());
  ASSERT_EQ(audit->size(), 2u);
  EXPECT_EQ((*audit)[1].actor_id, "officer-li");
  EXPECT_EQ(answers_->History("nope").status().code(), absl::StatusCode::kNotFound);

  AnswerLibrary reloaded(answers_.get(), &clock_);
  ASSERT_TRUE(reloaded.Load().ok());
  EXPECT_EQ(reloaded.size(), 2u);
  auto hits = reloaded.Search("小孩走失");
  ASSERT_FALSE(hits.empty());
  EXPECT_EQ(hits[0].id, "faq-lost");
}

}  // namespace
}  // namespace cs::appeals
