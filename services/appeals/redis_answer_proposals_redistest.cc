// RedisAnswerProposalStore and RedisWeiboInboxState against a private redis-server: create once,
// compare-and-set, list, and everything acknowledged surviving a Redis crash (AOF).
#include <gtest/gtest.h>

#include <memory>

#include "common/testing/redis_store_test.h"
#include "services/appeals/redis_answer_proposals.h"
#include "services/appeals/redis_weibo_inbox_state.h"

namespace cs::appeals {
namespace {

class RedisLearningStoresTest : public testing::RedisStoreTest {
 protected:
  void MakeStores(RedisClient& client) override {
    proposals_ = std::make_unique<RedisAnswerProposalStore>(client, "ocean");
    weibo_ = std::make_unique<RedisWeiboInboxState>(client, "ocean");
  }

  std::unique_ptr<RedisAnswerProposalStore> proposals_;
  std::unique_ptr<RedisWeiboInboxState> weibo_;
};

TEST_F(RedisLearningStoresTest, ProposalsAreCreatedOnceAndUpdatedByCompareAndSet) {
  AnswerProposal p;
  p.id = "prop-1";
  p.message_id = "wb-dm-1";
  p.answer_id = "ans-prop-1";
  p.question = "鲸鲨馆几点喂食？";
  p.answer = "每天11:00和15:00。";
  p.keywords = {"鲸鲨馆", "喂食"};
  p.proposed_by = "officer-li";
  p.proposed_at = FromMillis(1'796'083'200'000);
  ASSERT_TRUE(proposals_->Create(p).ok());
  EXPECT_TRUE(absl::IsAlreadyExists(proposals_->Create(p)));

  auto stored = proposals_->Get("prop-1");
  ASSERT_TRUE(stored.ok()) << stored.status();
  EXPECT_EQ(stored->revision, 1);
  EXPECT_EQ(stored->keywords, p.keywords);
  stored->state = ProposalState::kApproved;
  stored->reviewed_by = "officer-wang";
  stored->reviewed_at = FromMillis(1'796'083'260'000);
  ASSERT_TRUE(proposals_->Update(*stored).ok());
  EXPECT_TRUE(absl::IsAborted(proposals_->Update(*stored)));  // revision 1 is gone

  CrashAndRestartRedis();
  auto all = proposals_->List();
  ASSERT_TRUE(all.ok()) << all.status();
  ASSERT_EQ(all->size(), 1u);
  EXPECT_EQ((*all)[0].state, ProposalState::kApproved);
  EXPECT_EQ((*all)[0].revision, 2);
  EXPECT_EQ((*all)[0].reviewed_at, FromMillis(1'796'083'260'000));
  EXPECT_TRUE(absl::IsNotFound(proposals_->Get("prop-2").status()));
}

TEST_F(RedisLearningStoresTest, WeiboStateKeepsCursorsRecordsAndTheReplyClaim) {
  ASSERT_TRUE(weibo_->SetCursor(WeiboSource::kMention, "4902000000000009").ok());
  WeiboItemRecord r;
  r.inbox_id = "wb-cm-77";
  r.target = {WeiboSource::kComment, "77", "4800", "7002"};
  ASSERT_TRUE(weibo_->Record(r).ok());
  WeiboItemRecord again = r;
  again.target.sender_uid = "other";
  ASSERT_TRUE(weibo_->Record(again).ok());  // written once: the first record stays

  CrashAndRestartRedis();
  EXPECT_EQ(*weibo_->Cursor(WeiboSource::kMention), "4902000000000009");
  EXPECT_EQ(*weibo_->Cursor(WeiboSource::kDirectMessage), "");
  auto found = weibo_->Find(WeiboSource::kComment, "77");
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->target.sender_uid, "7002");
  EXPECT_EQ(weibo_->Awaiting()->size(), 1u);

  EXPECT_TRUE(*weibo_->MoveReply(r.target, ReplyKind::kAnswer, ReplyState::kAwaiting, ReplyState::kSending, "", ""));
  EXPECT_FALSE(*weibo_->MoveReply(r.target, ReplyKind::kAnswer, ReplyState::kAwaiting, ReplyState::kSending, "", ""));
  EXPECT_EQ(weibo_->Awaiting()->size(), 1u);  // sending is still open
  EXPECT_TRUE(*weibo_->MoveReply(r.target, ReplyKind::kAnswer, ReplyState::kSending, ReplyState::kSent, "r9", ""));
  EXPECT_TRUE(weibo_->Awaiting()->empty());
  found = weibo_->Find(WeiboSource::kComment, "77");
  EXPECT_EQ((*found)->reply_state, ReplyState::kSent);
  EXPECT_EQ((*found)->reply_id, "r9");
  auto ttl = client_->Command({"TTL", "cs:{venue:ocean}:weibo:item:cm:77"});
  ASSERT_TRUE(ttl.ok());
  EXPECT_GT(ttl->integer, 29 * 24 * 3600);  // a finished record expires in 30 days
  EXPECT_TRUE(absl::IsNotFound(
      weibo_->MoveReply({WeiboSource::kDirectMessage, "nope", "", ""}, ReplyKind::kAnswer,
                        ReplyState::kAwaiting,
                        ReplyState::kSent, "", "")
          .status()));
}

}  // namespace
}  // namespace cs::appeals
