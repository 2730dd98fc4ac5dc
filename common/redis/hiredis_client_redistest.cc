// HiredisClient against a real, private redis-server.
#include <gtest/gtest.h>
#include <signal.h>

#include <thread>

#include "common/redis/hiredis_client.h"
#include "common/redis/redis_keys.h"
#include "common/redis/redis_pool.h"
#include "common/redis/resp_reply.h"
#include "common/testing/redis_server.h"

namespace cs {
namespace {

class HiredisClientTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(server_.Start().ok()); }
  testing::RedisServer server_;
};

TEST_F(HiredisClientTest, TypedCommandsRoundTrip) {
  HiredisClient redis(server_.Config());
  const std::string key = VenueKey("ocean", "test");
  ASSERT_TRUE(redis.Set(key, "v1").ok());
  EXPECT_EQ(redis.Get(key)->value(), "v1");
  EXPECT_FALSE(redis.Get(VenueKey("ocean", "absent"))->has_value());
  EXPECT_FALSE(*redis.SetIfAbsent(key, "v2"));
  EXPECT_EQ(*redis.HIncrBy(VenueKey("ocean", "occ"), "penguin", 5), 5);
  EXPECT_EQ(*redis.HIncrBy(VenueKey("ocean", "occ"), "penguin", -2), 3);
  auto all = redis.HGetAll(VenueKey("ocean", "occ"));
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->at("penguin"), "3");
  auto id1 = redis.XAdd(VenueKey("ocean", "alerts"), {{"a", "1"}});
  auto id2 = redis.XAdd(VenueKey("ocean", "alerts"), {{"a", "2"}});
  ASSERT_TRUE(id1.ok() && id2.ok());
  auto after = redis.XRangeAfter(VenueKey("ocean", "alerts"), *id1, 10);
  ASSERT_TRUE(after.ok());
  ASSERT_EQ(after->size(), 1u);
  EXPECT_EQ((*after)[0].fields[0].second, "2");
  auto eval = redis.Eval("return redis.call('INCRBY', KEYS[1], ARGV[1])", {key + ":n"}, {"7"});
  ASSERT_TRUE(eval.ok());
  EXPECT_EQ(eval->integer, 7);
}

TEST_F(HiredisClientTest, ErrorReplyIsInternalAndConnectionSurvives) {
  HiredisClient redis(server_.Config());
  ASSERT_TRUE(redis.Set("k", "not-a-number").ok());
  auto r = redis.Incr("k");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInternal);
  EXPECT_TRUE(redis.Ping().ok());
  EXPECT_EQ(redis.reconnects(), 0);
}

TEST_F(HiredisClientTest, PipelineReturnsEveryReplyInOrder) {
  HiredisClient redis(server_.Config());
  std::vector<RedisArgv> cmds;
  for (int i = 0; i < 1000; ++i) cmds.push_back({"HINCRBY", "h", "f", "1"});
  cmds.push_back({"HGET", "h", "f"});
  cmds.push_back({"INCR", "h"});  // wrong type: an error reply inside the pipeline
  auto replies = redis.Pipeline(cmds);
  ASSERT_TRUE(replies.ok()) << replies.status();
  ASSERT_EQ(replies->size(), 1002u);
  EXPECT_EQ((*replies)[999].integer, 1000);
  EXPECT_EQ((*replies)[1000].str, "1000");
  EXPECT_EQ((*replies)[1001].type, RedisReply::Type::kError);
}

TEST_F(HiredisClientTest, CommandThatTimesOutIsDeadlineExceededAndClientRecovers) {
  RedisConfig config = server_.Config();
  config.command_timeout_ms = 200;
  HiredisClient redis(config);
  ASSERT_TRUE(redis.Ping().ok());
  // DEBUG SLEEP blocks the server longer than our timeout.
  auto slow = redis.Command({"DEBUG", "SLEEP", "1"});
  ASSERT_FALSE(slow.ok());
  EXPECT_EQ(slow.status().code(), absl::StatusCode::kDeadlineExceeded) << slow.status();
  // The stale connection was dropped; a fresh one answers correctly, not with the late "+OK".
  absl::Status ping = redis.Ping();
  for (int i = 0; i < 100 && !ping.ok(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));  // backoff window, then retry
    ping = redis.Ping();
  }
  ASSERT_TRUE(ping.ok()) << ping;
  ASSERT_TRUE(redis.Set("after", "x").ok());
  EXPECT_EQ(redis.Get("after")->value(), "x");
}

TEST_F(HiredisClientTest, ReconnectsAfterServerIsKilledAndRestarted) {
  HiredisClient redis(server_.Config());
  ASSERT_TRUE(redis.Set("durable", "yes").ok());
  server_.Kill();
  auto down = redis.Get("durable");
  ASSERT_FALSE(down.ok());
  EXPECT_EQ(down.status().code(), absl::StatusCode::kUnavailable) << down.status();
  // While down and backing off, calls fail fast instead of hanging.
  auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(redis.Ping().ok());
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));

  ASSERT_TRUE(server_.Restart().ok());
  absl::StatusOr<std::optional<std::string>> up = absl::UnavailableError("not yet");
  for (int i = 0; i < 100 && !up.ok(); ++i) {
    up = redis.Get("durable");
    if (!up.ok()) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_TRUE(up.ok()) << up.status();
  EXPECT_EQ(up->value(), "yes");  // AOF (appendfsync always) kept the acknowledged write
  EXPECT_GE(redis.reconnects(), 1);
}

// Issue 18: an idle connection that the server closed (here by a restart) is replaced before the
// next command is sent, so that command succeeds; before, it failed with "server closed the
// connection", and a pool of four failed four calls after every restart, one per connection,
// which made the lifecycle test's read after a Redis restart fail now and then.
TEST_F(HiredisClientTest, AConnectionClosedWhileIdleIsReplacedBeforeTheNextCommand) {
  HiredisClient redis(server_.Config());
  ASSERT_TRUE(redis.Set("durable", "yes").ok());
  server_.Kill();
  ASSERT_TRUE(server_.Restart().ok());
  auto got = redis.Get("durable");
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->value(), "yes");
  EXPECT_EQ(redis.reconnects(), 1);
}

// Issue 18: after a restart the pool's connections come back one by one; one that still waited
// out its backoff refused calls ("backing off before reconnecting") while its siblings served,
// so the lifecycle test's ListCases right after a successful GetCase failed now and then.
TEST_F(HiredisClientTest, APoolPassesOverAConnectionThatIsBackingOff) {
  RedisConfig config = server_.Config();
  config.reconnect_backoff_min_ms = config.reconnect_backoff_max_ms = 30000;
  RedisPool pool(config, 2);
  ASSERT_TRUE(pool.Ping().ok());  // connection 0
  ASSERT_TRUE(pool.Ping().ok());  // connection 1
  server_.Kill();
  EXPECT_FALSE(pool.Ping().ok());  // connection 0 finds Redis gone and backs off for 30 s
  ASSERT_TRUE(server_.Restart().ok());
  // Connection 1 reconnects; every call after it is served, none refused by connection 0.
  for (int i = 0; i < 4; ++i) {
    auto s = pool.Ping();
    EXPECT_TRUE(s.ok()) << "call " << i << ": " << s;
  }
}

TEST_F(HiredisClientTest, UnreachableServerIsUnavailable) {
  RedisConfig config = server_.Config();
  config.port = testing::RedisServer::PickFreePort();
  HiredisClient redis(config);
  auto s = redis.Connect();
  EXPECT_EQ(s.code(), absl::StatusCode::kUnavailable);
}

// Issue 18 (6): a Redis that cannot serve for a moment must read as UNAVAILABLE (retriable),
// not INTERNAL. A script that loops past lua-time-limit makes Redis answer BUSY to everyone else.
TEST_F(HiredisClientTest, BusyServerIsUnavailableNotInternal) {
  HiredisClient looper(server_.Config());
  HiredisClient other(server_.Config());
  ASSERT_TRUE(other.Command({"CONFIG", "SET", "lua-time-limit", "100"}).ok());
  std::thread loop([&] {
    // Ends when SCRIPT KILL stops it; its own reply is an error, which is all it is for.
    (void)looper.Command({"EVAL", "while true do end", "0"});
  });
  absl::Status busy = absl::OkStatus();
  for (int i = 0; i < 100 && busy.ok(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    auto r = other.Command({"GET", "k"});
    if (!r.ok()) busy = r.status();
  }
  EXPECT_EQ(busy.code(), absl::StatusCode::kUnavailable) << busy;
  EXPECT_NE(busy.message().find("BUSY"), std::string_view::npos) << busy;
  (void)other.Command({"SCRIPT", "KILL"});
  loop.join();
  EXPECT_TRUE(other.Ping().ok());
}

// Sorted-set scores are millisecond times: every digit must reach Redis (StrCat kept six).
TEST_F(HiredisClientTest, SortedSetScoresKeepEveryDigitOfAMillisecondTime) {
  HiredisClient redis(server_.Config());
  const double t = 1764601234567.0;  // 2025-12-01T15:00:34.567Z in ms
  ASSERT_TRUE(redis.ZAdd("z", t, "due").ok());
  ASSERT_TRUE(redis.ZAdd("z", t + 1, "later").ok());
  auto exact = redis.ZRangeByScore("z", t, t, 10);
  ASSERT_TRUE(exact.ok()) << exact.status();
  EXPECT_EQ(*exact, std::vector<std::string>{"due"});
  auto score = redis.Command({"ZSCORE", "z", "due"});
  ASSERT_TRUE(score.ok());
  EXPECT_EQ(score->str, "1764601234567");
}

// Issue 18 (redis_reply fuzz target): "*499999999" alone made hiredis 0.14 calloc 4 GB.
TEST(RespReplyTest, AnArrayDeclaringTooManyElementsIsRefusedBeforeAnyAllocation) {
  auto huge = ParseRespReplies("*499999999\r\n$5\r\nvalue\r\n");
  EXPECT_EQ(huge.status().code(), absl::StatusCode::kInvalidArgument) << huge.status();
  auto fine = ParseRespReplies("*2\r\n$1\r\na\r\n:7\r\n");
  ASSERT_TRUE(fine.ok()) << fine.status();
  ASSERT_EQ(fine->size(), 1u);
  EXPECT_EQ((*fine)[0].elements.size(), 2u);
}

// The live connection's reader is bounded the same way (HiredisClient); ordinary arrays from a
// real server still read.
TEST_F(HiredisClientTest, ABoundedConnectionStillReadsOrdinaryArrays) {
  HiredisClient redis(server_.Config());
  auto r = redis.Command({"EVAL", "return {1,2,3}", "0"});
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->elements.size(), 3u);
}

TEST(RedisErrorStatusTest, TransientRepliesAreUnavailableOthersInternal) {
  for (const char* reply : {"LOADING Redis is loading the dataset in memory",
                            "BUSY Redis is busy running a script.", "MASTERDOWN Link is down",
                            "TRYAGAIN Multiple keys request during rehashing",
                            "CLUSTERDOWN The cluster is down", "MOVED 3999 127.0.0.1:6381",
                            "ASK 3999 127.0.0.1:6381", "READONLY You can't write against a replica",
                            "NOREPLICAS Not enough good replicas"}) {
    EXPECT_EQ(RedisErrorStatus("GET", reply).code(), absl::StatusCode::kUnavailable) << reply;
  }
  for (const char* reply : {"WRONGTYPE Operation against a key holding the wrong kind of value",
                            "ERR user_script:1: secret-value", "BUSYGROUP Consumer Group name"}) {
    absl::Status s = RedisErrorStatus("EVAL", reply);
    EXPECT_EQ(s.code(), absl::StatusCode::kInternal) << reply;
    // Only the code is kept: a script error may quote stored data.
    EXPECT_EQ(s.message().find("secret-value"), std::string_view::npos) << s;
  }
}

}  // namespace
}  // namespace cs
