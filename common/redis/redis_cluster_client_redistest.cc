// RedisClusterClient against a real local Redis Cluster: 3 primaries and 3 replicas, started by
// the fixture (common/testing/redis_cluster.h) from Debian's redis-server and redis-cli. The
// suite shares one cluster; the failover test, which kills a node, has its own.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <set>
#include <thread>

#include "absl/strings/str_cat.h"
#include "common/redis/cluster_slot.h"
#include "common/redis/redis_cluster_client.h"
#include "common/redis/redis_factory.h"
#include "common/redis/redis_keys.h"
#include "common/redis/redis_pool.h"
#include "common/redis/redis_script.h"
#include "common/testing/redis_cluster.h"

namespace cs {
namespace {

using ::testing::HasSubstr;

class RedisClusterClientTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    cluster_ = new testing::RedisCluster();
    start_ = cluster_->Start();
  }
  static void TearDownTestSuite() {
    delete cluster_;
    cluster_ = nullptr;
  }
  void SetUp() override { ASSERT_TRUE(start_.ok()) << start_; }

  // A venue key whose slot is served by `primary` and that no other test uses.
  static std::string KeyOn(const std::string& primary, const std::string& tag_prefix) {
    for (int i = 0; i < 100000; ++i) {
      std::string key = VenueKey(absl::StrCat(tag_prefix, i), "k");
      if (*cluster_->PrimaryOfSlot(KeySlot(key)) == primary) return key;
    }
    return "";
  }

  static testing::RedisCluster* cluster_;
  static absl::Status start_;
};

testing::RedisCluster* RedisClusterClientTest::cluster_ = nullptr;
absl::Status RedisClusterClientTest::start_;

TEST_F(RedisClusterClientTest, RoutesEveryKeyToThePrimaryOfItsSlot) {
  RedisClusterClient client(cluster_->Config());
  ASSERT_TRUE(client.Connect().ok());
  std::set<std::string> primaries_used;
  for (int i = 0; i < 60; ++i) {
    const std::string key = VenueKey(absl::StrCat("route", i), "occ");
    ASSERT_TRUE(client.Set(key, absl::StrCat(i)).ok()) << key;
    // The server's own CLUSTER KEYSLOT agrees with our CRC16.
    auto server_slot = cluster_->NodeCommand(cluster_->Addresses()[0], {"CLUSTER", "KEYSLOT", key});
    ASSERT_TRUE(server_slot.ok());
    EXPECT_EQ(server_slot->integer, KeySlot(key));
    // The value sits on the primary that serves the slot, read without the cluster client.
    const std::string primary = *cluster_->PrimaryOfSlot(KeySlot(key));
    auto direct = cluster_->NodeCommand(primary, {"GET", key});
    ASSERT_TRUE(direct.ok());
    EXPECT_EQ(direct->str, absl::StrCat(i));
    primaries_used.insert(primary);
  }
  EXPECT_EQ(primaries_used.size(), 3u);   // 60 venues spread over all three primaries
  EXPECT_EQ(client.slot_map_reads(), 1);  // no MOVED: the map was right from the start
}

TEST_F(RedisClusterClientTest, HashTaggedMultiKeyCommandsAndScriptsRunOnOneNode) {
  RedisClusterClient client(cluster_->Config());
  const std::string a = VenueKey("multi", "a"), b = VenueKey("multi", "b");
  ASSERT_TRUE(client.Command({"MSET", a, "1", b, "2"}).ok());
  auto both = client.Command({"MGET", a, b});
  ASSERT_TRUE(both.ok()) << both.status();
  ASSERT_EQ(both->elements.size(), 2u);
  EXPECT_EQ(both->elements[1].str, "2");
  auto eval =
      client.Eval("return redis.call('INCRBY', KEYS[1], redis.call('GET', KEYS[2]))", {a, b}, {});
  ASSERT_TRUE(eval.ok()) << eval.status();
  EXPECT_EQ(eval->integer, 3);
  EXPECT_EQ(*client.Del({a, b}), 2);
}

TEST_F(RedisClusterClientTest, CrossSlotCommandsAreRefusedBeforeSending) {
  RedisClusterClient client(cluster_->Config());
  const std::string a = CaseKey("x-1", "data"), b = CaseKey("x-2", "data");
  ASSERT_NE(KeySlot(a), KeySlot(b));
  ASSERT_TRUE(client.Set(a, "kept").ok());
  auto del = client.Del({a, b});
  ASSERT_FALSE(del.ok());
  EXPECT_EQ(del.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(del.status().message()), HasSubstr("CROSSSLOT"));
  auto eval = client.Eval("return 1", {a, b}, {});
  EXPECT_EQ(eval.status().code(), absl::StatusCode::kInvalidArgument);
  auto pipeline = client.Pipeline(
      {{"SET", a, "changed"}, {"MULTI"}, {"SET", a, "1"}, {"SET", b, "1"}, {"EXEC"}});
  EXPECT_EQ(pipeline.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(*client.Get(a), "kept");  // nothing of the refused pipeline ran
}

TEST_F(RedisClusterClientTest, FollowsMovedAfterASlotIsResharded) {
  auto primaries = *cluster_->Primaries();
  const std::string key = KeyOn(primaries[0], "moved");
  const int slot = KeySlot(key);
  ManualClock clock(FromMillis(1'700'000'000'000));
  RedisClusterClient client(cluster_->Config(), &clock);
  ASSERT_TRUE(client.Set(key, "before").ok());
  ASSERT_EQ(client.PrimaryOf(slot), primaries[0]);

  ASSERT_TRUE(cluster_->MigrateSlot(slot, primaries[1]).ok());
  // The client's map still names the old owner, which now answers MOVED.
  auto moved = cluster_->NodeCommand(primaries[0], {"GET", key});
  ASSERT_TRUE(moved.ok());
  EXPECT_THAT(moved->str, HasSubstr("MOVED"));
  auto got = client.Get(key);
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->value_or(""), "before");
  EXPECT_EQ(client.PrimaryOf(slot), primaries[1]);  // learnt from the MOVED reply
  EXPECT_EQ(client.slot_map_reads(), 1);
  clock.Advance(std::chrono::milliseconds(101));  // past the minimum gap between map reads
  ASSERT_TRUE(client.Set(key, "after").ok());     // so this call reads the whole map again
  EXPECT_EQ(client.slot_map_reads(), 2);
  EXPECT_EQ(client.PrimaryOf(slot), primaries[1]);
  EXPECT_EQ(cluster_->NodeCommand(primaries[1], {"GET", key})->str, "after");
}

TEST_F(RedisClusterClientTest, FollowsAskWhileASlotIsMigrating) {
  auto primaries = *cluster_->Primaries();
  const std::string moved_key = KeyOn(primaries[2], "ask");
  const int slot = KeySlot(moved_key);
  // Another key of the same slot (same hash tag) that stays behind for now.
  const std::string staying_key = moved_key + ":other";
  RedisClusterClient client(cluster_->Config());
  ASSERT_TRUE(client.Set(moved_key, "moving").ok());
  ASSERT_TRUE(client.Set(staying_key, "staying").ok());

  ASSERT_TRUE(cluster_->BeginMigration(slot, primaries[0]).ok());
  ASSERT_TRUE(cluster_->MigrateKeys(slot, primaries[0], {moved_key}).ok());
  auto ask = cluster_->NodeCommand(primaries[2], {"GET", moved_key});
  ASSERT_TRUE(ask.ok());
  EXPECT_THAT(ask->str, HasSubstr("ASK"));

  EXPECT_EQ(client.Get(moved_key)->value_or(""), "moving");     // ASKING + GET on the target
  EXPECT_EQ(client.Get(staying_key)->value_or(""), "staying");  // still served by the owner
  auto replies = client.Pipeline({{"GET", moved_key}, {"GET", staying_key}});
  ASSERT_TRUE(replies.ok()) << replies.status();
  EXPECT_EQ((*replies)[0].str, "moving");
  EXPECT_EQ((*replies)[1].str, "staying");
  EXPECT_EQ(client.PrimaryOf(slot), primaries[2]);  // ASK does not change the map
  EXPECT_EQ(client.slot_map_reads(), 1);

  ASSERT_TRUE(cluster_->FinishMigration(slot, primaries[0]).ok());
  EXPECT_EQ(client.Get(staying_key)->value_or(""), "staying");
}

TEST_F(RedisClusterClientTest, PipelineAcrossNodesKeepsTheCallersOrder) {
  RedisClusterClient client(cluster_->Config());
  std::vector<RedisArgv> commands;
  std::vector<std::string> keys;
  for (int i = 0; i < 30; ++i) keys.push_back(VenueKey(absl::StrCat("pipe", i), "n"));
  for (int round = 1; round <= 10; ++round)
    for (const auto& key : keys) commands.push_back({"INCRBY", key, absl::StrCat(round)});
  commands.push_back({"HSET", keys[3], "f", "v"});  // wrong type: an error reply in place
  commands.push_back({"MULTI"});
  commands.push_back({"INCR", keys[7]});
  commands.push_back({"GET", keys[7]});
  commands.push_back({"EXEC"});
  commands.push_back({"GET", keys[29]});
  auto replies = client.Pipeline(commands);
  ASSERT_TRUE(replies.ok()) << replies.status();
  ASSERT_EQ(replies->size(), commands.size());
  for (int round = 1, i = 0; round <= 10; ++round)
    for (size_t k = 0; k < keys.size(); ++k, ++i)
      ASSERT_EQ((*replies)[i].integer, round * (round + 1) / 2) << "command " << i;
  const size_t tail = 300;
  EXPECT_EQ((*replies)[tail].type, RedisReply::Type::kError);
  EXPECT_EQ((*replies)[tail + 1].str, "OK");
  const RedisReply& exec = (*replies)[tail + 4];
  ASSERT_EQ(exec.type, RedisReply::Type::kArray);
  EXPECT_EQ(exec.elements[0].integer, 56);
  EXPECT_EQ(exec.elements[1].str, "56");
  EXPECT_EQ((*replies)[tail + 5].str, "55");
}

TEST_F(RedisClusterClientTest, ScriptsRunByShaAndReloadAfterScriptFlush) {
  static const RedisScript kAdd("return redis.call('INCRBY', KEYS[1], ARGV[1])");
  RedisClusterClient client(cluster_->Config());
  const std::string key = VenueKey("script", "n");
  ASSERT_EQ(kAdd.Eval(client, {key}, {"4"})->integer, 4);
  const std::string owner = client.PrimaryOf(KeySlot(key));
  EXPECT_EQ(cluster_->NodeCommand(owner, {"SCRIPT", "EXISTS", kAdd.sha1()})->elements[0].integer,
            1);
  const std::vector<std::string> primaries = *cluster_->Primaries();
  for (const auto& address : primaries)
    ASSERT_TRUE(cluster_->NodeCommand(address, {"SCRIPT", "FLUSH"}).ok());
  auto again = kAdd.Eval(client, {key}, {"5"});
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->integer, 9);  // NOSCRIPT, then EVAL: it ran exactly once
  EXPECT_EQ(cluster_->NodeCommand(owner, {"SCRIPT", "EXISTS", kAdd.sha1()})->elements[0].integer,
            1);
}

TEST_F(RedisClusterClientTest, WaitCountsTheReplicaOfTheKeysPrimary) {
  RedisClusterClient client(cluster_->Config());
  const std::string key = VenueKey("wait", "n");
  ASSERT_TRUE(client.Set(key, "1").ok());
  auto acknowledged = client.WaitReplicas(key, 1, 2000);
  ASSERT_TRUE(acknowledged.ok()) << acknowledged.status();
  EXPECT_EQ(*acknowledged, 1);
  // Asking for two of a primary that has one: the timeout passes and WAIT says 1.
  EXPECT_EQ(*client.WaitReplicas(key, 2, 100), 1);
  static const RedisScript kSet("return redis.call('SET', KEYS[1], ARGV[1])");
  auto confirmed = kSet.EvalAndWait(client, {key}, {"2"}, 1, 2000);
  ASSERT_TRUE(confirmed.ok()) << confirmed.status();
  EXPECT_EQ(confirmed->replicas, 1);
  // The pool (what services hold) waits on each of its connections.
  RedisPool pool(cluster_->Config(), 3);
  ASSERT_TRUE(pool.Set(key, "3").ok());
  EXPECT_EQ(*pool.WaitReplicas(key, 1, 2000), 1);
}

TEST_F(RedisClusterClientTest, SlotMapIsReadAgainOnATimer) {
  ManualClock clock(FromMillis(1'700'000'000'000));
  RedisConfig config = cluster_->Config();
  config.slot_refresh_interval_ms = 5000;
  RedisClusterClient client(config, &clock);
  ASSERT_TRUE(client.Ping().ok());
  ASSERT_TRUE(client.Ping().ok());
  EXPECT_EQ(client.slot_map_reads(), 1);
  clock.Advance(std::chrono::milliseconds(4999));
  ASSERT_TRUE(client.Ping().ok());
  EXPECT_EQ(client.slot_map_reads(), 1);
  clock.Advance(std::chrono::milliseconds(2));
  ASSERT_TRUE(client.Ping().ok());
  EXPECT_EQ(client.slot_map_reads(), 2);
}

TEST_F(RedisClusterClientTest, TheFactoryAndThePoolFollowTheMode) {
  auto client = MakeRedisClient(cluster_->Config());
  ASSERT_NE(dynamic_cast<RedisClusterClient*>(client.get()), nullptr);
  RedisPool pool(cluster_->Config(), 2);
  for (int i = 0; i < 20; ++i)
    ASSERT_TRUE(pool.Set(VenueKey(absl::StrCat("pool", i), "k"), "v").ok()) << i;
}

TEST(RedisClusterClientNoClusterTest, NoSeedAnsweringIsUnavailable) {
  RedisConfig config;
  config.mode = RedisConfig::Mode::kCluster;
  config.seeds = {absl::StrCat("127.0.0.1:", testing::RedisServer::PickFreePort())};
  config.connect_timeout_ms = 200;
  RedisClusterClient client(config);
  EXPECT_EQ(client.Connect().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(client.Set("k", "v").code(), absl::StatusCode::kUnavailable);
}

// Kill -9 a primary: its replica is promoted (cluster-node-timeout 1000 ms), the client finds
// the new primary through the other nodes, and writes succeed again; a write confirmed by WAIT
// before the kill is still there.
TEST(RedisClusterFailoverTest, ClientReconnectsToThePromotedReplica) {
  testing::RedisCluster cluster;
  ASSERT_TRUE(cluster.Start().ok());
  RedisClusterClient client(cluster.Config());
  const std::string key = VenueKey("failover", "n");
  const int slot = KeySlot(key);
  static const RedisScript kSet("return redis.call('SET', KEYS[1], ARGV[1])");
  auto confirmed = kSet.EvalAndWait(client, {key}, {"confirmed"}, 1, 2000);
  ASSERT_TRUE(confirmed.ok()) << confirmed.status();
  ASSERT_EQ(confirmed->replicas, 1);
  const std::string old_primary = client.PrimaryOf(slot);

  cluster.Kill(old_primary);
  const auto killed = std::chrono::steady_clock::now();
  absl::Status write = absl::UnknownError("not tried");
  int failures = 0;
  while (std::chrono::steady_clock::now() - killed < std::chrono::seconds(20)) {
    write = client.Set(key + ":after", "written");
    if (write.ok()) break;
    EXPECT_TRUE(absl::IsUnavailable(write) || absl::IsDeadlineExceeded(write)) << write;
    ++failures;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));  // a caller's retry pause
  }
  ASSERT_TRUE(write.ok()) << write;
  EXPECT_GT(failures, 0);  // the old primary really was gone for a while
  EXPECT_NE(client.PrimaryOf(slot), old_primary);
  EXPECT_EQ(client.Get(key)->value_or(""), "confirmed");
  EXPECT_EQ(client.Get(key + ":after")->value_or(""), "written");
}

}  // namespace
}  // namespace cs
