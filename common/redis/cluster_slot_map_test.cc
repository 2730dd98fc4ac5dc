#include "common/redis/cluster_slot_map.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace cs {
namespace {

RedisReply Int(int64_t v) {
  RedisReply r;
  r.type = RedisReply::Type::kInteger;
  r.integer = v;
  return r;
}
RedisReply Str(std::string s) {
  RedisReply r;
  r.type = RedisReply::Type::kString;
  r.str = std::move(s);
  return r;
}
RedisReply Arr(std::vector<RedisReply> e) {
  RedisReply r;
  r.type = RedisReply::Type::kArray;
  r.elements = std::move(e);
  return r;
}
RedisReply Node(std::string host, int port, std::string id) {
  return Arr({Str(std::move(host)), Int(port), Str(std::move(id))});
}

TEST(ClusterSlotMapTest, ReadsRangesPrimariesAndReplicas) {
  // The shape of CLUSTER SLOTS on Redis 7: [first, last, primary, replica...].
  RedisReply reply = Arr({
      Arr({Int(0), Int(5460), Node("127.0.0.1", 7000, "a"), Node("127.0.0.1", 7004, "e")}),
      Arr({Int(5461), Int(10922), Node("127.0.0.1", 7001, "b"), Node("127.0.0.1", 7005, "f")}),
      Arr({Int(10923), Int(16383), Node("", 7002, "c")}),  // a node that does not know its host
  });
  auto map = ClusterSlotMap::FromClusterSlots(reply, "10.0.0.9");
  ASSERT_TRUE(map.ok()) << map.status();
  EXPECT_EQ(map->PrimaryOf(0), "127.0.0.1:7000");
  EXPECT_EQ(map->PrimaryOf(5461), "127.0.0.1:7001");
  EXPECT_EQ(map->PrimaryOf(16383), "10.0.0.9:7002");
  EXPECT_EQ(map->covered_slots(), 16384);
  EXPECT_THAT(map->primaries(),
              ::testing::ElementsAre("127.0.0.1:7000", "127.0.0.1:7001", "10.0.0.9:7002"));
  EXPECT_THAT(map->nodes(),
              ::testing::ElementsAre("127.0.0.1:7000", "127.0.0.1:7001", "10.0.0.9:7002",
                                     "127.0.0.1:7004", "127.0.0.1:7005"));
}

TEST(ClusterSlotMapTest, UnservedSlotsHaveNoPrimary) {
  RedisReply reply = Arr({Arr({Int(100), Int(200), Node("h", 1, "a")})});
  auto map = ClusterSlotMap::FromClusterSlots(reply, "h");
  ASSERT_TRUE(map.ok());
  EXPECT_EQ(map->PrimaryOf(99), "");
  EXPECT_EQ(map->PrimaryOf(200), "h:1");
  EXPECT_EQ(map->covered_slots(), 101);
}

TEST(ClusterSlotMapTest, AMovedSlotChangesOwnerInACopy) {
  RedisReply reply = Arr({Arr({Int(0), Int(16383), Node("h", 1, "a")})});
  auto map = ClusterSlotMap::FromClusterSlots(reply, "h");
  ASSERT_TRUE(map.ok());
  ClusterSlotMap moved = map->WithSlotOwner(42, "h:2");
  EXPECT_EQ(moved.PrimaryOf(42), "h:2");
  EXPECT_EQ(moved.PrimaryOf(43), "h:1");
  EXPECT_EQ(map->PrimaryOf(42), "h:1");
  EXPECT_THAT(moved.primaries(), ::testing::ElementsAre("h:1", "h:2"));
}

TEST(ClusterSlotMapTest, MalformedRepliesAreInternalErrors) {
  EXPECT_FALSE(ClusterSlotMap::FromClusterSlots(Str("nope"), "h").ok());
  EXPECT_FALSE(
      ClusterSlotMap::FromClusterSlots(Arr({Arr({Int(5), Int(2), Node("h", 1, "a")})}), "h").ok());
  EXPECT_FALSE(
      ClusterSlotMap::FromClusterSlots(Arr({Arr({Int(0), Int(16384), Node("h", 1, "a")})}), "h")
          .ok());
  EXPECT_FALSE(ClusterSlotMap::FromClusterSlots(Arr({Arr({Int(0), Int(1)})}), "h").ok());
}

TEST(SplitHostPortTest, AcceptsHostPortOnly) {
  std::string host;
  int port = 0;
  ASSERT_TRUE(SplitHostPort("127.0.0.1:7000", host, port));
  EXPECT_EQ(host, "127.0.0.1");
  EXPECT_EQ(port, 7000);
  EXPECT_FALSE(SplitHostPort("127.0.0.1", host, port));
  EXPECT_FALSE(SplitHostPort(":7000", host, port));
  EXPECT_FALSE(SplitHostPort("h:0", host, port));
  EXPECT_FALSE(SplitHostPort("h:70000", host, port));
  EXPECT_FALSE(SplitHostPort("h:7x", host, port));
}

}  // namespace
}  // namespace cs
