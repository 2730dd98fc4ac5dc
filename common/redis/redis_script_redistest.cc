// RedisScript and WaitReplicas against one private redis-server (the standalone default).
#include <gtest/gtest.h>

#include "common/redis/hiredis_client.h"
#include "common/redis/redis_keys.h"
#include "common/redis/redis_pool.h"
#include "common/redis/redis_script.h"
#include "common/testing/redis_server.h"

namespace cs {
namespace {

const RedisScript kIncrBy("return redis.call('INCRBY', KEYS[1], ARGV[1])");

class RedisScriptTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(server_.Start().ok()); }
  testing::RedisServer server_;
};

TEST_F(RedisScriptTest, NameIsWhatScriptLoadAnswers) {
  HiredisClient redis(server_.Config());
  auto loaded = redis.Command({"SCRIPT", "LOAD", kIncrBy.text()});
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_EQ(loaded->str, kIncrBy.sha1());
}

TEST_F(RedisScriptTest, RunsByShaAndLoadsItselfAfterScriptFlush) {
  HiredisClient redis(server_.Config());
  const std::string key = VenueKey("ocean", "n");
  auto first = kIncrBy.Eval(redis, {key}, {"2"});  // the server has never seen it: NOSCRIPT
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->integer, 2);
  auto exists = redis.Command({"SCRIPT", "EXISTS", kIncrBy.sha1()});
  ASSERT_TRUE(exists.ok());
  EXPECT_EQ(exists->elements.at(0).integer, 1);  // the EVAL fallback cached it

  ASSERT_TRUE(redis.Command({"SCRIPT", "FLUSH"}).ok());
  auto again = kIncrBy.Eval(redis, {key}, {"3"});
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->integer, 5);  // ran once, not twice
  EXPECT_EQ(*redis.Get(key), "5");
}

TEST_F(RedisScriptTest, ScriptErrorsAreInternalWithTheCodeOnly) {
  HiredisClient redis(server_.Config());
  ASSERT_TRUE(redis.Set("s", "not-a-number").ok());
  auto r = kIncrBy.Eval(redis, {"s"}, {"1"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInternal);
  EXPECT_EQ(r.status().message().find("not-a-number"), std::string_view::npos);
}

TEST_F(RedisScriptTest, WaitWithoutReplicasCountsNoneAndSaysSo) {
  RedisPool pool(server_.Config(), 3);
  ASSERT_TRUE(pool.Set(VenueKey("ocean", "w"), "1").ok());
  auto acknowledged = pool.WaitReplicas(VenueKey("ocean", "w"), 1, 50);
  ASSERT_TRUE(acknowledged.ok()) << acknowledged.status();
  EXPECT_EQ(*acknowledged, 0);  // a standalone server has no replica: the timeout passed
  auto confirmed = kIncrBy.EvalAndWait(pool, {VenueKey("ocean", "n")}, {"1"}, 1, 50);
  ASSERT_TRUE(confirmed.ok()) << confirmed.status();
  EXPECT_EQ(confirmed->reply.integer, 1);
  EXPECT_EQ(confirmed->replicas, 0);
}

TEST_F(RedisScriptTest, WaitCountsAReplicaOfAStandaloneServer) {
  testing::RedisServer replica;
  ASSERT_TRUE(replica.Start().ok());
  HiredisClient to_replica(replica.Config());
  ASSERT_TRUE(to_replica.Command({"REPLICAOF", "127.0.0.1", std::to_string(server_.port())}).ok());
  HiredisClient redis(server_.Config());
  const std::string key = VenueKey("ocean", "n");
  // The replica needs a moment for its first sync; WAIT itself is the way to wait for it.
  int64_t replicas = 0;
  for (int i = 0; i < 50 && replicas < 1; ++i) {
    auto confirmed = kIncrBy.EvalAndWait(redis, {key}, {"1"}, 1, 200);
    ASSERT_TRUE(confirmed.ok()) << confirmed.status();
    replicas = confirmed->replicas;
  }
  EXPECT_EQ(replicas, 1);
  auto direct = redis.WaitReplicas(key, 1, 1000);
  ASSERT_TRUE(direct.ok());
  EXPECT_EQ(*direct, 1);
}

}  // namespace
}  // namespace cs
