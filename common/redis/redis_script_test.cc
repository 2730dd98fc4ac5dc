#include "common/redis/redis_script.h"

#include <gtest/gtest.h>

namespace cs {
namespace {

TEST(Sha1HexTest, MatchesFips180TestVectors) {
  EXPECT_EQ(Sha1Hex(""), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
  EXPECT_EQ(Sha1Hex("abc"), "a9993e364706816aba3e25717850c26c9cd0d89d");
}

TEST(RedisScriptTest, KeepsItsTextAndName) {
  RedisScript script("return 1");
  EXPECT_EQ(script.text(), "return 1");
  // What `redis-cli SCRIPT LOAD "return 1"` answers (checked again live in the redistest).
  EXPECT_EQ(script.sha1(), "e0e1f9fabfc9d4800c877a703b823ac0578ff8db");
}

}  // namespace
}  // namespace cs
