// Key → slot against values read from a real server: `redis-cli -p <port> CLUSTER KEYSLOT <key>`
// on a redis-server 7.0.15 started with --cluster-enabled yes (Debian bookworm's package).
#include "common/redis/cluster_slot.h"

#include <gtest/gtest.h>

#include "common/redis/redis_keys.h"

namespace cs {
namespace {

TEST(Crc16XmodemTest, MatchesTheSpecificationsCheckValue) {
  // The cluster specification: "the CRC16 of '123456789' is 0x31C3".
  EXPECT_EQ(Crc16Xmodem("123456789"), 0x31C3);
  EXPECT_EQ(Crc16Xmodem(""), 0);
}

TEST(KeySlotTest, MatchesClusterKeyslotOfARealServer) {
  EXPECT_EQ(KeySlot("foo"), 12182);
  EXPECT_EQ(KeySlot("bar"), 5061);
  EXPECT_EQ(KeySlot("123456789"), 12739);
  EXPECT_EQ(KeySlot(""), 0);
  EXPECT_EQ(KeySlot("a{b"), 13340);  // no closing brace: the whole key
}

TEST(KeySlotTest, OnlyTheHashTagCounts) {
  EXPECT_EQ(KeySlot("cs:{venue:ocean}:occ"), 10257);
  EXPECT_EQ(KeySlot("venue:ocean"), 10257);
  EXPECT_EQ(KeySlot(VenueKey("ocean", "alerts")), 10257);
  EXPECT_EQ(KeySlot("cs:{case:c-42}:audit"), 3177);
  EXPECT_EQ(KeySlot(CaseKey("c-42", "data")), 3177);
  EXPECT_EQ(KeySlot("foo{bar}{zap}"), 5061);  // the first tag only: "bar"
}

TEST(KeySlotTest, EmptyOrOddTagsFollowTheSpecification) {
  EXPECT_EQ(KeySlot("{}foo"), 9500);          // empty tag: the whole key
  EXPECT_EQ(KeySlot("foo{}{bar}"), 8363);     // the first '{' has an empty tag: the whole key
  EXPECT_EQ(KeySlot("foo{{bar}}zap"), 4015);  // tag is "{bar"
}

}  // namespace
}  // namespace cs
