// Conversions and shared request checks of the adapter.
#include "services/appeals/proto_convert.h"

#include <gtest/gtest.h>

namespace cs::appeals {
namespace {

namespace v1 = crowdsafe::v1;

TEST(ProtoConvertTest, TimestampsRoundTripToTheMillisecondIncludingBeforeEpoch) {
  for (int64_t ms : {int64_t{1'771'300'800'123}, int64_t{0}, int64_t{-1}, int64_t{-1'500}}) {
    google::protobuf::Timestamp t;
    ToProto(FromMillis(ms), &t);
    EXPECT_GE(t.nanos(), 0) << ms;
    EXPECT_LT(t.nanos(), 1'000'000'000) << ms;
    EXPECT_EQ(ToMillis(FromProto(t)), ms);
  }
}

TEST(ProtoConvertTest, ActorNeedsAnIdAndARole) {
  v1::Actor a;
  EXPECT_EQ(ActorFromProto(a).status().message().substr(0, 13), "actor.user_id");
  a.set_user_id("press.li");
  EXPECT_EQ(ActorFromProto(a).status().message().substr(0, 10), "actor.role");
  a.set_role(v1::ROLE_PRESS);
  ASSERT_TRUE(ActorFromProto(a).ok());
  EXPECT_EQ(ActorFromProto(a)->role, Role::kPressOfficer);
  a.set_role(v1::ROLE_PATROL);
  EXPECT_EQ(ActorFromProto(a)->role, Role::kDrafter);
  a.set_user_id(std::string("bad\n", 4));
  EXPECT_FALSE(ActorFromProto(a).ok());
  a.set_role(v1::ROLE_DESK);
  EXPECT_TRUE(MaySeeRestricted(a));
  a.set_role(v1::ROLE_SYSTEM);
  EXPECT_FALSE(MaySeeRestricted(a));
}

TEST(ProtoConvertTest, CharactersAreCodePointsNotBytes) {
  EXPECT_TRUE(CheckChars(std::string(500, 'x'), 500, "reason").ok());
  EXPECT_FALSE(CheckChars(std::string(501, 'x'), 500, "reason").ok());
  std::string cjk;
  for (int i = 0; i < 500; ++i) cjk += "馆";  // 1,500 bytes, 500 characters
  EXPECT_TRUE(CheckChars(cjk, 500, "reason").ok());
}

TEST(ProtoConvertTest, StatesAndCategoriesMapBothWays) {
  for (int s = 0; s <= static_cast<int>(AppealState::kExpired); ++s) {
    auto state = static_cast<AppealState>(s);
    auto back = StateFromProto(StateToProto(state), "states[0]");
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(*back, state);
  }
  EXPECT_EQ(
      StateFromProto(v1::APPEAL_STATE_UNSPECIFIED, "states[2]").status().message().substr(0, 9),
      "states[2]");
  for (int c = 0; c <= static_cast<int>(Category::kLifeSafety); ++c) {
    auto category = static_cast<Category>(c);
    EXPECT_EQ(*CategoryFromProto(CategoryToProto(category), "category"), category);
  }
  for (int m = 0; m <= static_cast<int>(MessageState::kClosed); ++m) {
    auto state = static_cast<MessageState>(m);
    EXPECT_EQ(*MessageStateFromProto(MessageStateToProto(state), "states[0]"), state);
  }
}

TEST(ProtoConvertTest, PagesUseOffsetTokens) {
  v1::PageRequest p;
  auto page = PageFromProto(p);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->size, 50u);
  EXPECT_EQ(NextPageToken(*page, 50), "");
  EXPECT_EQ(NextPageToken(*page, 51), "50");
  p.set_page_token("50");
  p.set_page_size(10);
  EXPECT_EQ(PageFromProto(p)->offset, 50u);
  p.set_page_token("abc");
  EXPECT_FALSE(PageFromProto(p).ok());
  p.set_page_token("");
  p.set_page_size(-1);
  EXPECT_FALSE(PageFromProto(p).ok());
}

}  // namespace
}  // namespace cs::appeals
