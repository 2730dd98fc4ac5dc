#include "mobile-api/auth.h"

#include <gtest/gtest.h>

#include "mobile-api/memory_session_store.h"

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
  MemorySessionStore tokens(clock, std::chrono::seconds(60));
  Authenticator auth({MakeUser("patrol1", Role::kPatrol, "pw1")}, tokens);
  EXPECT_EQ(auth.Login("patrol1", "nope").status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(auth.Login("ghost", "pw1").status().code(), absl::StatusCode::kUnauthenticated);
  auto s = auth.Login("patrol1", "pw1");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->token.size(), 64u);
  auto found = *tokens.Lookup(s->token);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->role, Role::kPatrol);
  EXPECT_EQ(found->zones, std::vector<std::string>{"penguin"});
  clock.Advance(std::chrono::seconds(59));
  EXPECT_TRUE(*tokens.Lookup(s->token));
  clock.Advance(std::chrono::seconds(1));
  EXPECT_FALSE(*tokens.Lookup(s->token));
  EXPECT_EQ(tokens.size(), 0u);
  EXPECT_FALSE(*tokens.Lookup(""));
}

TEST(AuthTest, TokensAreDistinct) {
  ManualClock clock;
  MemorySessionStore tokens(clock, std::chrono::seconds(60));
  User u;
  u.username = "a";
  EXPECT_NE(tokens.Issue(u)->token, tokens.Issue(u)->token);
}

// Issue 16: the hash a store files a session under, and the ref the logs show.
TEST(AuthTest, TokenHashIsBlake2bAndTheRefIsItsPrefix) {
  // BLAKE2b-256 of the empty string (RFC 7693's algorithm; libsodium's crypto_generichash).
  EXPECT_EQ(TokenHash(""), "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
  const std::string token = NewToken();
  EXPECT_EQ(token.size(), 64u);
  EXPECT_EQ(TokenHash(token).size(), 64u);
  EXPECT_NE(TokenHash(token), token);
  EXPECT_EQ(SessionRef(token), TokenHash(token).substr(0, 12));
  EXPECT_NE(TokenHash(token), TokenHash(NewToken()));
}

// Logout and revocation in the in-process store behave as the Redis one (whose test is
// api_sessions_redistest).
TEST(AuthTest, MemoryStoreRevokesOneTokenOrAllOfAUser) {
  ManualClock clock;
  MemorySessionStore store(clock, std::chrono::seconds(60));
  User a;
  a.username = "a";
  User b;
  b.username = "b";
  auto a1 = *store.Issue(a);
  auto a2 = *store.Issue(a);
  auto b1 = *store.Issue(b);
  EXPECT_TRUE(*store.Revoke(a1.token));
  EXPECT_FALSE(*store.Revoke(a1.token));
  EXPECT_FALSE(*store.Lookup(a1.token));
  EXPECT_TRUE(*store.Lookup(a2.token));
  auto refs = *store.RevokeUser("a");
  EXPECT_EQ(refs, std::vector<std::string>{SessionRef(a2.token)});
  EXPECT_FALSE(*store.Lookup(a2.token));
  EXPECT_TRUE(*store.Lookup(b1.token));
}

TEST(RolesTest, Issue16WhoMayEndWhoseSessions) {
  for (Role target : {Role::kPatrol, Role::kDesk, Role::kPress, Role::kAdmin}) {
    EXPECT_TRUE(MayRevokeSessionsOf(Role::kAdmin, target));
    EXPECT_EQ(MayRevokeSessionsOf(Role::kDesk, target), target == Role::kPatrol);
    EXPECT_FALSE(MayRevokeSessionsOf(Role::kPatrol, target));
    EXPECT_FALSE(MayRevokeSessionsOf(Role::kPress, target));
  }
}

}  // namespace
}  // namespace cs::api
