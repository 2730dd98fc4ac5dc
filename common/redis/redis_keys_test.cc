#include "common/redis/redis_keys.h"

#include <gtest/gtest.h>

namespace cs {
namespace {

TEST(RedisKeysTest, VenueAndCaseKeysCarryTheirHashTag) {
  EXPECT_EQ(VenueKey("ocean", "occ"), "cs:{venue:ocean}:occ");
  EXPECT_EQ(CaseKey("c-42", "audit"), "cs:{case:c-42}:audit");
  EXPECT_EQ(HashTagOf(VenueKey("ocean", "occ")), "venue:ocean");
  EXPECT_EQ(HashTagOf(VenueKey("ocean", "gate:seq")), HashTagOf(VenueKey("ocean", "alerts")));
  EXPECT_NE(HashTagOf(VenueKey("ocean", "occ")), HashTagOf(VenueKey("river", "occ")));
}

TEST(RedisKeysTest, HashTagFollowsTheClusterRule) {
  EXPECT_EQ(HashTagOf("plain"), "plain");
  EXPECT_EQ(HashTagOf("a{}b"), "a{}b");  // empty tag: the whole key is hashed
  EXPECT_EQ(HashTagOf("a{x}{y}"), "x");
}

}  // namespace
}  // namespace cs
