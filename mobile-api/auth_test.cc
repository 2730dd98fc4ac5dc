#include "mobile-api/auth.h"

#include <gtest/gtest.h>

namespace cs::api {
namespace {

User MakeUser(const std::string& name, Role role, const std::string& password) {
  User u;
  u.username = name;
  u.role = role;
  u.zones = {"penguin"};
  auto hash = HashPassword(password, "min");
  EXPECT_TRUE(hash.ok());
  u.password_hash = *hash;
  return u;
}

TEST(AuthTest, HashIsArgon2idAndVerifies) {
  auto hash = HashPassword("correct horse", "min");
  ASSERT_TRUE(hash.ok());
  EXPECT_EQ(hash->rfind("$argon2id$", 0), 0u);
  EXPECT_TRUE(IsArgon2idHash(*hash));
  EXPECT_TRUE(VerifyPassword(*hash, "correct horse"));
  EXPECT_FALSE(VerifyPassword(*hash, "correct horsE"));
  EXPECT_FALSE(VerifyPassword("plaintext", "plaintext"));
  EXPECT_FALSE(HashPassword("x", "cheap").ok());
}

TEST(AuthTest, LoginIssuesTokenWithRoleAndZonesThatExpires) {
  ManualClock clock(FromMillis(1'700'000'000'000));
  TokenStore tokens(clock, std::chrono::seconds(60));
  Authenticator auth({MakeUser("patrol1", Role::kPatrol, "pw1")}, tokens);
  EXPECT_EQ(auth.Login("patrol1", "nope").status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(auth.Login("ghost", "pw1").status().code(), absl::StatusCode::kUnauthenticated);
  auto s = auth.Login("patrol1", "pw1");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->token.size(), 64u);
  auto found = tokens.Lookup(s->token);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->role, Role::kPatrol);
  EXPECT_EQ(found->zones, std::vector<std::string>{"penguin"});
  clock.Advance(std::chrono::seconds(59));
  EXPECT_TRUE(tokens.Lookup(s->token));
  clock.Advance(std::chrono::seconds(1));
  EXPECT_FALSE(tokens.Lookup(s->token));
  EXPECT_EQ(tokens.size(), 0u);
  EXPECT_FALSE(tokens.Lookup(""));
}

TEST(AuthTest, TokensAreDistinct) {
  ManualClock clock;
  TokenStore tokens(clock, std::chrono::seconds(60));
  User u;
  u.username = "a";
  EXPECT_NE(tokens.Issue(u).token, tokens.Issue(u).token);
}

}  // namespace
}  // namespace cs::api
