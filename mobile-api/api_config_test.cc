#include "mobile-api/api_config.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <set>

#include "common/config.h"

namespace cs::api {
namespace {

absl::Status Parse(const std::string& yaml, ApiConfig& out) {
  auto doc = YamlReader::LoadString(yaml, "/etc/cs/api.yaml");
  if (!doc.ok()) return doc.status();
  ParseApiSection(*doc, "/etc/cs/api.yaml", out);
  return doc->Finish();
}

TEST(ApiConfigTest, ParsesUsersAndResolvesWebRoot) {
  auto hash = HashPassword("pw", "min");
  ASSERT_TRUE(hash.ok());
  ApiConfig c;
  auto s = Parse(
      "api:\n  token_ttl_s: 600\n  users:\n    - {username: p1, role: patrol, zones: "
      "[penguin], password_hash: '" +
          *hash + "'}\n",
      c);
  ASSERT_TRUE(s.ok()) << s;
  ASSERT_EQ(c.users.size(), 1u);
  EXPECT_EQ(c.users[0].role, Role::kPatrol);
  EXPECT_EQ(c.users[0].zones, std::vector<std::string>{"penguin"});
  EXPECT_EQ(c.token_ttl_s, 600);
  EXPECT_EQ(c.web_root, "/web/dist");  // ../../web/dist from /etc/cs/
}

TEST(ApiConfigTest, Issue18SlowClientAndStreamLimits) {
  ApiConfig c;
  ASSERT_TRUE(Parse("api:\n  header_timeout_ms: 2000\n  idle_timeout_s: 3\n"
                    "  sse_streams_per_user: 2\n  header_gate: false\n  users: []\n",
                    c)
                  .ok());
  EXPECT_EQ(c.header_timeout_ms, 2000);
  EXPECT_EQ(c.idle_timeout_s, 3);
  EXPECT_EQ(c.sse_streams_per_user, 2);
  EXPECT_FALSE(c.header_gate);
  ApiConfig d;
  EXPECT_TRUE(d.header_gate);  // on unless turned off
  auto s = Parse("api:\n  header_timeout_ms: 10\n  users: []\n", d);
  EXPECT_NE(s.message().find("header_timeout_ms"), std::string_view::npos) << s;
  ApiConfig e;
  s = Parse("api:\n  sse_streams_per_user: 0\n  users: []\n", e);
  EXPECT_NE(s.message().find("sse_streams_per_user"), std::string_view::npos) << s;
}

TEST(ApiConfigTest, Issue16StreamCapAndQueueBound) {
  ApiConfig c;
  EXPECT_EQ(c.sse_max_streams, 4096);
  ASSERT_TRUE(Parse("api:\n  sse_max_streams: 2500\n  sse_queue_kib: 64\n  users: []\n", c).ok());
  EXPECT_EQ(c.sse_max_streams, 2500);
  EXPECT_EQ(c.sse_queue_bytes, 64u << 10);
  ApiConfig d;
  auto s = Parse("api:\n  sse_max_streams: 0\n  users: []\n", d);
  EXPECT_NE(s.message().find("sse_max_streams"), std::string_view::npos) << s;
  ApiConfig e;
  s = Parse("api:\n  sse_queue_kib: 1\n  users: []\n", e);
  EXPECT_NE(s.message().find("sse_queue_kib"), std::string_view::npos) << s;
}

TEST(ApiConfigTest, Issue16ListenBacklog) {
  ApiConfig c;
  EXPECT_EQ(c.listen_backlog, 4096);
  ASSERT_TRUE(Parse("api:\n  listen_backlog: 512\n  users: []\n", c).ok());
  EXPECT_EQ(c.listen_backlog, 512);
  ApiConfig d;
  auto s = Parse("api:\n  listen_backlog: 5\n  users: []\n", d);
  EXPECT_NE(s.message().find("listen_backlog"), std::string_view::npos) << s;
}

TEST(ApiConfigTest, RefusesPlaintextBadRolesAndUnknownKeys) {
  ApiConfig a;
  EXPECT_FALSE(
      Parse("api:\n  users:\n    - {username: x, role: desk, password_hash: hunter2}\n", a).ok());
  ApiConfig b;
  auto s = Parse(
      "api:\n  users:\n    - {username: x, role: root, password_hash: "
      "'$argon2id$v=19$m=8,t=1,p=1$aaa$bbb', password: p}\n",
      b);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("role"), std::string_view::npos) << s;
  ApiConfig c;
  EXPECT_FALSE(Parse("api:\n  tokn_ttl_s: 5\n", c).ok());
  ApiConfig d;
  EXPECT_FALSE(Parse("api:\n  token_ttl_s: 0\n", d).ok());
}

// The shipped config/services/api.yaml loads with its api: section: demo users with argon2id
// hashes, one of each role.
TEST(ApiConfigTest, ShippedConfigLoads) {
  const char* src = std::getenv("CS_SOURCE_DIR");
  ASSERT_NE(src, nullptr) << "ctest sets CS_SOURCE_DIR";
  ApiConfig api;
  std::string path = std::string(src) + "/config/services/api.yaml";
  auto c = LoadServiceConfig(path, [&](YamlReader& root) { ParseApiSection(root, path, api); });
  ASSERT_TRUE(c.ok()) << c.status();
  std::set<Role> roles;
  for (const auto& u : api.users) {
    roles.insert(u.role);
    EXPECT_TRUE(IsArgon2idHash(u.password_hash)) << u.username;
    for (const auto& z : u.zones)
      EXPECT_NE(c->venue.FindZone(z), nullptr) << u.username << " " << z;
  }
  EXPECT_EQ(roles.size(), 4u);
  EXPECT_EQ(api.web_root, std::string(src) + "/web/dist");
}

TEST(ApiConfigTest, Issue16TrustedProxiesAreAddressesOrRanges) {
  ApiConfig c;
  ASSERT_TRUE(Parse("api:\n  trusted_proxies: [10.0.0.0/8, '::1']\n  users: []\n", c).ok());
  EXPECT_EQ(c.trusted_proxies.ClientAddress("10.2.3.4", {"203.0.113.7"}), "203.0.113.7");
  EXPECT_EQ(c.trusted_proxies.ClientAddress("::1", {"203.0.113.7"}), "203.0.113.7");
  EXPECT_EQ(c.trusted_proxies.ClientAddress("192.0.2.1", {"203.0.113.7"}), "192.0.2.1");
  ApiConfig none;
  ASSERT_TRUE(Parse("api:\n  users: []\n", none).ok());
  EXPECT_TRUE(none.trusted_proxies.empty());
  ApiConfig bad;
  auto s = Parse("api:\n  trusted_proxies: [10.0.0.0/8, proxy.internal]\n  users: []\n", bad);
  EXPECT_NE(s.message().find("trusted_proxies[1]"), std::string_view::npos) << s;
}

}  // namespace
}  // namespace cs::api
