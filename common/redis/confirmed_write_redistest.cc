// Confirmed writes (RedisClient::ConfirmedCommand/Pipeline/Eval, redis.wait_replicas) against a
// private primary and replica pair: confirmed while the replica answers, refused UNAVAILABLE
// within the timeout while it hangs (SIGSTOP), and no WAIT at all when the setting is off.
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "common/redis/hiredis_client.h"
#include "common/redis/redis_keys.h"
#include "common/redis/redis_pool.h"
#include "common/testing/redis_replica_pair.h"

namespace cs {
namespace {

constexpr const char* kIncrBy = "return redis.call('INCRBY', KEYS[1], ARGV[1])";

// How many WAIT commands `redis` has served (INFO commandstats), or -1 when unreadable.
int64_t WaitCalls(RedisClient& redis) {
  auto info = redis.Command({"INFO", "commandstats"});
  if (!info.ok()) return -1;
  const size_t at = info->str.find("cmdstat_wait:calls=");
  if (at == std::string::npos) return 0;
  return std::stoll(info->str.substr(at + std::string("cmdstat_wait:calls=").size()));
}

TEST(ConfirmedWriteTest, OffByDefaultSendsNoWait) {
  testing::RedisServer server;
  ASSERT_TRUE(server.Start().ok());
  RedisPool pool(server.Config(), 2);  // wait_replicas: 0, the standalone default
  ASSERT_EQ(pool.write_confirmation().replicas, 0);
  const std::string key = VenueKey("ocean", "n");
  auto reply = pool.ConfirmedEval(kIncrBy, {key}, {"4"});
  ASSERT_TRUE(reply.ok()) << reply.status();
  EXPECT_EQ(reply->integer, 4);
  auto set = pool.ConfirmedCommand({"SET", VenueKey("ocean", "s"), "1"});
  ASSERT_TRUE(set.ok()) << set.status();
  HiredisClient direct(server.Config());
  EXPECT_EQ(WaitCalls(direct), 0);
}

TEST(ConfirmedWriteTest, KeysInTwoSlotsAreRefusedBeforeAnythingIsSent) {
  testing::RedisServer server;
  ASSERT_TRUE(server.Start().ok());
  RedisPool pool(server.Config(), 1);
  auto replies = pool.ConfirmedPipeline(
      {{"SET", VenueKey("ocean", "a"), "1"}, {"SET", VenueKey("beach", "a"), "1"}});
  EXPECT_EQ(replies.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_FALSE(pool.Get(VenueKey("ocean", "a"))->has_value());
}

class ConfirmedWriteReplicaTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(pair_.Start().ok()); }
  RedisConfig Confirming(int timeout_ms) const { return pair_.Confirming(timeout_ms); }
  testing::RedisServer& primary() { return pair_.primary(); }
  testing::RedisServer& replica() { return pair_.replica(); }

  testing::RedisReplicaPair pair_;
};

TEST_F(ConfirmedWriteReplicaTest, ALiveReplicaConfirmsAndHasTheWrite) {
  RedisPool pool(Confirming(2000), 3);
  HiredisClient direct(primary().Config());
  const int64_t waits_before = WaitCalls(direct);
  const std::string key = VenueKey("ocean", "n");
  for (int i = 1; i <= 5; ++i) {  // each call lands on another connection of the pool
    auto reply = pool.ConfirmedEval(kIncrBy, {key}, {"1"});
    ASSERT_TRUE(reply.ok()) << reply.status();
    EXPECT_EQ(reply->integer, i);
  }
  auto replies = pool.ConfirmedPipeline(
      {{"HSET", VenueKey("ocean", "h"), "f", "v"}, {"INCR", VenueKey("ocean", "c")}});
  ASSERT_TRUE(replies.ok()) << replies.status();
  ASSERT_EQ(replies->size(), 2u);  // the writes' replies, not the WAIT's
  EXPECT_EQ((*replies)[1].integer, 1);
  // Confirmed means the replica has applied it: read it there.
  HiredisClient on_replica(replica().Config());
  EXPECT_EQ(*on_replica.Get(key), "5");
  EXPECT_EQ(*on_replica.HGet(VenueKey("ocean", "h"), "f"), "v");
  // One per call, in the call's round trip, and one more: the first EVALSHA met NOSCRIPT (the
  // server had not seen the script), so its round trip was sent again with the text.
  EXPECT_EQ(WaitCalls(direct) - waits_before, 7);
}

TEST_F(ConfirmedWriteReplicaTest, AHungReplicaMakesTheWriteUnavailableWithinTheTimeout) {
  constexpr int kTimeoutMs = 300;
  RedisPool pool(Confirming(kTimeoutMs), 2);
  const std::string key = VenueKey("ocean", "n");
  replica().Pause();
  const auto start = std::chrono::steady_clock::now();
  auto reply = pool.ConfirmedEval(kIncrBy, {key}, {"1"});
  const auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(reply.ok());
  EXPECT_EQ(reply.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_NE(reply.status().message().find("not confirmed"), std::string_view::npos);
  // WAIT returned when its timeout passed, not at once and not after the command timeout.
  EXPECT_GE(elapsed, std::chrono::milliseconds(kTimeoutMs));
  EXPECT_LT(elapsed, std::chrono::milliseconds(kTimeoutMs + 5000));
  // A single command is refused the same way, and its error says nothing about the value.
  auto set = pool.ConfirmedCommand({"SET", VenueKey("ocean", "s"), "secret-value"});
  EXPECT_EQ(set.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(set.status().message().find("secret-value"), std::string_view::npos);
  // Not rolled back (it cannot be): the primary has the write, its fate is unknown. Which is
  // why callers retry idempotent writes: here, once the replica is back, a retry is confirmed.
  HiredisClient direct(primary().Config());
  EXPECT_EQ(*direct.Get(key), "1");
  replica().Resume();
  // Retried as a caller would: right after SIGCONT the replica may still be catching up.
  absl::StatusOr<RedisReply> retry = absl::UnavailableError("not sent");
  for (int attempt = 0; attempt < 50 && absl::IsUnavailable(retry.status()); ++attempt)
    retry = pool.ConfirmedCommand({"SET", VenueKey("ocean", "s"), "secret-value"});
  ASSERT_TRUE(retry.ok()) << retry.status();
}

TEST_F(ConfirmedWriteReplicaTest, AnErrorReplyStaysAnErrorWhenConfirmed) {
  RedisPool pool(Confirming(1000), 1);
  ASSERT_TRUE(pool.Set(VenueKey("ocean", "t"), "not-a-number").ok());
  auto reply = pool.ConfirmedEval(kIncrBy, {VenueKey("ocean", "t")}, {"1"});
  ASSERT_FALSE(reply.ok());
  EXPECT_EQ(reply.status().code(), absl::StatusCode::kInternal);
  EXPECT_EQ(reply.status().message().find("not-a-number"), std::string_view::npos);
}

}  // namespace
}  // namespace cs
