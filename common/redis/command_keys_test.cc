#include "common/redis/command_keys.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/redis/cluster_slot.h"
#include "common/redis/redis_keys.h"

namespace cs {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(CommandKeysTest, MostCommandsHaveTheirKeyFirst) {
  EXPECT_THAT(CommandKeys({"HINCRBY", "h", "f", "1"}), ElementsAre("h"));
  EXPECT_THAT(CommandKeys({"xadd", "s", "*", "a", "1"}), ElementsAre("s"));
}

TEST(CommandKeysTest, CommandsWithoutKeys) {
  EXPECT_THAT(CommandKeys({"PING"}), IsEmpty());
  EXPECT_THAT(CommandKeys({"WAIT", "1", "100"}), IsEmpty());
  EXPECT_THAT(CommandKeys({"SCRIPT", "FLUSH"}), IsEmpty());
  EXPECT_THAT(CommandKeys({"MULTI"}), IsEmpty());
}

TEST(CommandKeysTest, ScriptsNameTheirKeysByCount) {
  EXPECT_THAT(CommandKeys({"EVAL", "return 1", "2", "a", "b", "arg"}), ElementsAre("a", "b"));
  EXPECT_THAT(CommandKeys({"EVALSHA", "abc", "0", "arg"}), IsEmpty());
  EXPECT_THAT(CommandKeys({"EVAL", "return 1", "x", "a"}), IsEmpty());  // not a count
}

TEST(CommandKeysTest, MultiKeyCommands) {
  EXPECT_THAT(CommandKeys({"DEL", "a", "b", "c"}), ElementsAre("a", "b", "c"));
  EXPECT_THAT(CommandKeys({"MSET", "a", "1", "b", "2"}), ElementsAre("a", "b"));
  EXPECT_THAT(
      CommandKeys({"XREADGROUP", "GROUP", "g", "c", "COUNT", "5", "STREAMS", "s1", "s2", ">", ">"}),
      ElementsAre("s1", "s2"));
  EXPECT_THAT(CommandKeys({"XGROUP", "CREATE", "s", "g", "0", "MKSTREAM"}), ElementsAre("s"));
  EXPECT_THAT(CommandKeys({"ZUNIONSTORE", "d", "2", "a", "b", "WEIGHTS", "1", "2"}),
              ElementsAre("d", "a", "b"));
}

TEST(CommandSlotTest, OneHashTagIsOneSlot) {
  auto slot = CommandSlot({"DEL", VenueKey("ocean", "a"), VenueKey("ocean", "b")});
  ASSERT_TRUE(slot.ok());
  EXPECT_EQ(*slot, KeySlot("venue:ocean"));
  EXPECT_EQ(*CommandSlot({"PING"}), kNoSlot);
}

TEST(CommandSlotTest, KeysInTwoSlotsAreRefusedWithoutNamingThem) {
  auto slot = CommandSlot({"DEL", CaseKey("c-1", "data"), CaseKey("c-2", "data")});
  ASSERT_FALSE(slot.ok());
  EXPECT_EQ(slot.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(slot.status().message()), ::testing::HasSubstr("CROSSSLOT"));
  EXPECT_THAT(std::string(slot.status().message()), ::testing::Not(::testing::HasSubstr("c-1")));
}

}  // namespace
}  // namespace cs
