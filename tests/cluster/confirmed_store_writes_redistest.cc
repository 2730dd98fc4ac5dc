// The stores' acknowledging writes go through RedisClient's confirmed writes: with
// redis.wait_replicas 1 a gate batch, a case, an appeal and an inbox message are acknowledged
// while the replica answers, and refused UNAVAILABLE (not acknowledged; the caller retries with
// the same sequence or id) while it hangs. Each store against a private primary and replica.
#include <gtest/gtest.h>

#include <memory>

#include "common/redis/hiredis_client.h"
#include "common/redis/redis_pool.h"
#include "common/testing/redis_replica_pair.h"
#include "services/appeals/redis_appeal_store.h"
#include "services/appeals/redis_inbox_store.h"
#include "services/cases/redis_case_store.h"
#include "services/crowd/core/ingestor.h"
#include "services/crowd/redis_crowd_store.h"

namespace cs {
namespace {

constexpr int kTimeoutMs = 200;

class ConfirmedStoreWritesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(pair_.Start().ok());
    pool_ = std::make_unique<RedisPool>(pair_.Confirming(kTimeoutMs), 2);
  }

  // Runs `write` with the replica hung (must be UNAVAILABLE), then with it back (must be OK):
  // the same write, retried, as a caller with an idempotency key or sequence would.
  template <typename Write>
  void RefusedWhileHungThenAcknowledged(Write write) {
    pair_.replica().Pause();
    absl::Status hung = write();
    pair_.replica().Resume();
    EXPECT_EQ(hung.code(), absl::StatusCode::kUnavailable) << hung;
    absl::Status back = RetriedUntilAcknowledged(write);
    EXPECT_TRUE(back.ok()) << back;
  }

  // As a caller does: an UNAVAILABLE write is sent again. Right after SIGCONT the replica may
  // need more than the short timeout to catch up on a loaded machine, so a few tries may be
  // refused before one is confirmed; anything but OK or UNAVAILABLE ends the loop.
  template <typename Write>
  static absl::Status RetriedUntilAcknowledged(Write write) {
    absl::Status s;
    for (int attempt = 0; attempt < 50; ++attempt) {
      s = write();
      if (s.code() != absl::StatusCode::kUnavailable) return s;
    }
    return s;
  }

  testing::RedisReplicaPair pair_;
  std::unique_ptr<RedisPool> pool_;
};

TEST_F(ConfirmedStoreWritesTest, GateBatch) {
  Venue venue;
  venue.id = "t";
  venue.max_capacity = 1000;
  venue.zones = {{"plaza", "广场", "Plaza", 500, 1000, 0, 0}};
  venue.gates = {{"main", kOutside, "plaza", 4, 4, false, true}};
  crowd::RedisCrowdStore store(*pool_);
  ManualClock clock(FromMillis(1'771'300'800'000));
  crowd::Ingestor ingest(venue, &store, &clock);
  std::vector<crowd::GateEvent> batch = {{"main", crowd::Direction::kIn, 5, 1, clock.Now()}};
  RefusedWhileHungThenAcknowledged([&] { return ingest.Ingest(batch).status(); });
  // Counted once although it reached the primary twice: the retry found seq 1 applied.
  HiredisClient on_replica(pair_.replica().Config());
  crowd::RedisCrowdStore replica_view(on_replica);
  EXPECT_EQ(replica_view.ReadOccupancy("t")->at("plaza"), 5);
}

TEST_F(ConfirmedStoreWritesTest, CaseFiling) {
  cases::RedisCaseStore store(*pool_, "ocean");
  cases::Case c;
  c.id = "case-1";
  c.filed_at = FromMillis(1'771'300'100'000);
  pair_.replica().Pause();
  auto hung = store.Put(c, 0);
  pair_.replica().Resume();
  EXPECT_EQ(hung.status().code(), absl::StatusCode::kUnavailable) << hung.status();
  // The case write may be on the primary; the filing is retried as a new Put that finds it.
  absl::Status retry = RetriedUntilAcknowledged([&] { return store.Put(c, 0).status(); });
  EXPECT_TRUE(retry.ok() || retry.code() == absl::StatusCode::kAlreadyExists) << retry;
  c.id = "case-2";
  auto put = store.Put(c, 0);
  ASSERT_TRUE(put.ok()) << put.status();
  HiredisClient on_replica(pair_.replica().Config());
  cases::RedisCaseStore replica_view(on_replica, "ocean");
  EXPECT_TRUE(replica_view.Get("case-2").ok());
  EXPECT_EQ(replica_view.ListAll()->size(), 2u);  // the venue index was confirmed too
}

TEST_F(ConfirmedStoreWritesTest, AppealAndInboxMessage) {
  appeals::RedisAppealStore appeal_store(*pool_, "ocean");
  appeals::Appeal appeal;
  appeal.id = "a1";
  appeal.versions.push_back({});
  pair_.replica().Pause();
  absl::Status hung = appeal_store.Create(appeal);
  pair_.replica().Resume();
  EXPECT_EQ(hung.code(), absl::StatusCode::kUnavailable) << hung;

  appeals::RedisInboxStore inbox(*pool_, "ocean");
  appeals::InboxMessage message;
  message.id = "m1";
  message.channel = "hotline";
  message.text = "走失";
  message.received_at = FromMillis(1'771'300'100'000);
  RefusedWhileHungThenAcknowledged([&] {
    // Create is create-once: a retry that finds the message stored is the acknowledgement.
    absl::Status s = inbox.Create(message);
    return s.code() == absl::StatusCode::kAlreadyExists ? absl::OkStatus() : s;
  });
}

}  // namespace
}  // namespace cs
