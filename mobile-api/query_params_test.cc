#include "mobile-api/query_params.h"

#include <gtest/gtest.h>

#include "crowdsafe/v1/cases.pb.h"
#include "mobile-api/json_codec.h"

namespace cs::api {
namespace {

TEST(QueryParamsTest, Integers) {
  EXPECT_EQ(*ParseIntParam("minutes", "", 1, 10, 5), 5);
  EXPECT_EQ(*ParseIntParam("minutes", "7", 1, 10, 5), 7);
  EXPECT_EQ(std::string(ParseIntParam("minutes", "7x", 1, 10, 5).status().message()),
            "minutes: expected an integer");
  EXPECT_EQ(std::string(ParseIntParam("minutes", "11", 1, 10, 5).status().message()),
            "minutes: must be 1..10");
  EXPECT_FALSE(ParseIntParam("m", "99999999999999999999", 1, 10, 5).ok());
}

TEST(QueryParamsTest, EnumLists) {
  auto* d = crowdsafe::v1::CaseState_descriptor();
  EXPECT_EQ(*ParseEnumList("state", "open,CASE_CLOSED,match-proposed", d),
            (std::vector<int>{1, 6, 2}));
  EXPECT_TRUE(ParseEnumList("state", "", d)->empty());
  EXPECT_EQ(std::string(ParseEnumList("state", "open,bogus", d).status().message()),
            "state: not a value of CaseState");
  EXPECT_FALSE(ParseEnumList("state", "CASE_STATE_UNSPECIFIED", d).ok());
}

TEST(QueryParamsTest, EnumSpellingsAreTheBodysOnes) {
  auto* sex = crowdsafe::v1::Sex_descriptor();
  ASSERT_NE(FindEnumValue(sex, "male"), nullptr);
  EXPECT_EQ(FindEnumValue(sex, "male")->name(), "SEX_MALE");
  EXPECT_EQ(FindEnumValue(sex, "Female")->name(), "SEX_FEMALE");
  EXPECT_EQ(FindEnumValue(sex, "SEX_MALE")->name(), "SEX_MALE");
  EXPECT_EQ(FindEnumValue(sex, "unspecified"), nullptr);
  EXPECT_EQ(FindEnumValue(sex, "ale"), nullptr);
  EXPECT_EQ(*ParseEnumList("sex", "male", sex), (std::vector<int>{1}));
}

TEST(QueryParamsTest, Bools) {
  EXPECT_TRUE(*ParseBoolParam("overdue", "true"));
  EXPECT_FALSE(*ParseBoolParam("overdue", ""));
  EXPECT_FALSE(ParseBoolParam("overdue", "yes").ok());
}

}  // namespace
}  // namespace cs::api
