#include "common/upstream_target.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace cs {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(UpstreamTargetTest, OneAddressStaysAsWritten) {
  EXPECT_EQ(*UpstreamTarget("127.0.0.1:50052", "upstreams.cases"), "127.0.0.1:50052");
  EXPECT_EQ(*UpstreamTarget(" cases.internal:50052 ", "upstreams.cases"), "cases.internal:50052");
}

TEST(UpstreamTargetTest, ResolverTargetsPassThrough) {
  EXPECT_EQ(*UpstreamTarget("dns:cases.crowdsafe.svc:50052", "f"), "dns:cases.crowdsafe.svc:50052");
  EXPECT_EQ(*UpstreamTarget("ipv4:10.0.0.5:1,10.0.0.6:1", "f"), "ipv4:10.0.0.5:1,10.0.0.6:1");
  EXPECT_FALSE(UpstreamTarget("dns:", "f").ok());
}

TEST(UpstreamTargetTest, ListBecomesIpv4OrIpv6Target) {
  EXPECT_EQ(*UpstreamTarget("10.0.0.5:50052, 10.0.0.6:50052", "f"),
            "ipv4:10.0.0.5:50052,10.0.0.6:50052");
  EXPECT_EQ(*UpstreamTarget(std::vector<std::string>{"[fd00::5]:7", "[::1]:8"}, "f"),
            "ipv6:[fd00::5]:7,[::1]:8");
}

TEST(UpstreamTargetTest, BadListsNameTheFieldWithoutTheValue) {
  for (const char* bad : {"cases-a:50052,cases-b:50052", "10.0.0.5:50052,[::1]:50052",
                          "10.0.0.5:50052,", "10.0.0.5,10.0.0.6:1", "10.0.0.5:0,10.0.0.6:1",
                          "10.0.0.5:1,dns:x:1"}) {
    auto target = UpstreamTarget(bad, "upstreams.cases");
    ASSERT_FALSE(target.ok()) << bad;
    EXPECT_EQ(target.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(target.status().message(), HasSubstr("upstreams.cases"));
    EXPECT_THAT(target.status().message(), Not(HasSubstr("10.0.0.5")));
    EXPECT_THAT(target.status().message(), Not(HasSubstr("cases-a")));
  }
  EXPECT_FALSE(UpstreamTarget(std::vector<std::string>{}, "f").ok());
}

}  // namespace
}  // namespace cs
