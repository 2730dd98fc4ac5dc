#include "mobile-api/client_address.h"

#include <gtest/gtest.h>

namespace cs::api {
namespace {

TrustedProxies Proxies(const std::vector<std::string>& entries) {
  auto p = TrustedProxies::Parse(entries);
  EXPECT_TRUE(p.ok()) << p.status();
  return p.ok() ? *p : TrustedProxies();
}

TEST(ClientAddressTest, ParsesAddressesWithBracketsPortsAndMappedIpv4) {
  EXPECT_EQ(ParseIpAddress("203.0.113.7")->ToString(), "203.0.113.7");
  EXPECT_EQ(ParseIpAddress(" 203.0.113.7:5000 ")->ToString(), "203.0.113.7");
  EXPECT_EQ(ParseIpAddress("2001:db8::1")->ToString(), "2001:db8::1");
  EXPECT_EQ(ParseIpAddress("[2001:db8::1]:443")->ToString(), "2001:db8::1");
  auto mapped = ParseIpAddress("::ffff:10.1.2.3");
  ASSERT_TRUE(mapped);
  EXPECT_TRUE(mapped->v4);
  EXPECT_EQ(mapped->ToString(), "10.1.2.3");
  for (const char* bad : {"", "unknown", "1.2.3", "300.1.1.1", "[::1", "_gateway", "1.2.3.4x"}) {
    EXPECT_FALSE(ParseIpAddress(bad)) << bad;
  }
}

TEST(ClientAddressTest, RangesMatchByPrefix) {
  auto p = Proxies({"10.0.0.0/8", "192.168.1.1", "fd00::/8"});
  EXPECT_TRUE(p.Contains(*ParseIpAddress("10.255.0.1")));
  EXPECT_FALSE(p.Contains(*ParseIpAddress("11.0.0.1")));
  EXPECT_TRUE(p.Contains(*ParseIpAddress("192.168.1.1")));
  EXPECT_FALSE(p.Contains(*ParseIpAddress("192.168.1.2")));
  EXPECT_TRUE(p.Contains(*ParseIpAddress("fd12::5")));
  EXPECT_FALSE(p.Contains(*ParseIpAddress("fe80::1")));
  EXPECT_TRUE(p.Contains(*ParseIpAddress("::ffff:10.0.0.9")));  // mapped IPv4 is IPv4
  EXPECT_TRUE(Proxies({"0.0.0.0/0"}).Contains(*ParseIpAddress("8.8.8.8")));
}

TEST(ClientAddressTest, BadEntriesAreRefusedByIndexWithoutTheirText) {
  for (const char* bad : {"10.0.0.0/33", "10.0.0.0/", "proxy.local", "10.0.0.1:80", "[::1]",
                          "::/129", "10.0.0.0/8x"}) {
    auto p = TrustedProxies::Parse({"127.0.0.1", bad});
    ASSERT_FALSE(p.ok()) << bad;
    EXPECT_NE(p.status().message().find("trusted_proxies[1]"), std::string_view::npos);
    EXPECT_EQ(p.status().message().find(bad), std::string_view::npos) << p.status();
  }
}

// The header is the client's to write: from a peer that is not a trusted proxy it is ignored.
TEST(ClientAddressTest, Issue16SpoofedHeaderFromAnUntrustedPeerIsIgnored) {
  auto p = Proxies({"10.0.0.0/8"});
  EXPECT_EQ(p.ClientAddress("198.51.100.1", {"203.0.113.7"}), "198.51.100.1");
  EXPECT_EQ(TrustedProxies().ClientAddress("10.0.0.5", {"203.0.113.7"}), "10.0.0.5");
}

TEST(ClientAddressTest, Issue16RightMostUntrustedAddressBehindTrustedProxies) {
  auto p = Proxies({"10.0.0.0/8"});
  // The client prepends a lie; the proxy appends what it saw.
  EXPECT_EQ(p.ClientAddress("10.0.0.5", {"6.6.6.6, 203.0.113.7"}), "203.0.113.7");
  // Two trusted hops (edge 10.1.1.1 then 10.0.0.5), header lines joined in order.
  EXPECT_EQ(p.ClientAddress("10.0.0.5", {"6.6.6.6, 203.0.113.7", "10.1.1.1"}), "203.0.113.7");
  // No header: the proxy's own address.
  EXPECT_EQ(p.ClientAddress("10.0.0.5", {}), "10.0.0.5");
  // Every hop trusted: the left-most.
  EXPECT_EQ(p.ClientAddress("10.0.0.5", {"10.9.9.9,10.1.1.1"}), "10.9.9.9");
  // Garbage stops the walk at the last hop we can vouch for.
  EXPECT_EQ(p.ClientAddress("10.0.0.5", {"203.0.113.7, nonsense, 10.1.1.1"}), "10.1.1.1");
  // Ports and IPv6 as proxies write them.
  EXPECT_EQ(p.ClientAddress("10.0.0.5", {"[2001:db8::7]:5123"}), "2001:db8::7");
  EXPECT_EQ(p.ClientAddress("::ffff:10.0.0.5", {"203.0.113.8"}), "203.0.113.8");
}

}  // namespace
}  // namespace cs::api
