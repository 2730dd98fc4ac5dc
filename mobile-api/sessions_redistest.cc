// Issue 16: sessions and rate limits in a private redis-server, shared by two stores (two
// clients, as two gateway replicas would hold): what one issues or revokes the other sees at
// once; keys carry hashes only; limits are one bucket for both; a Redis that is down is an error,
// never a "valid" or an "allowed".
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "common/redis/hiredis_client.h"
#include "common/redis/redis_keys.h"
#include "common/testing/redis_server.h"
#include "mobile-api/redis_rate_limiter.h"
#include "mobile-api/redis_session_store.h"

namespace cs::api {
namespace {

using namespace std::chrono_literals;

class SessionsRedisTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(server_.Start().ok());
    a_client_ = std::make_unique<HiredisClient>(server_.Config());
    b_client_ = std::make_unique<HiredisClient>(server_.Config());
    a_ = std::make_unique<RedisSessionStore>(*a_client_, "ocean", clock_, 3600s);
    b_ = std::make_unique<RedisSessionStore>(*b_client_, "ocean", clock_, 3600s);
  }

  static User Patrol(const std::string& name) {
    User u;
    u.username = name;
    u.role = Role::kPatrol;
    u.zones = {"penguin", "plaza"};
    return u;
  }

  std::vector<std::string> Keys() {
    auto reply = a_client_->Command({"KEYS", "*"});
    std::vector<std::string> out;
    if (reply.ok())
      for (const auto& e : reply->elements) out.push_back(e.str);
    return out;
  }

  testing::RedisServer server_;
  ManualClock clock_{FromMillis(1'771'300'000'000)};
  std::unique_ptr<HiredisClient> a_client_, b_client_;
  std::unique_ptr<RedisSessionStore> a_, b_;
};

TEST_F(SessionsRedisTest, ASessionIssuedByOneStoreIsSeenByTheOther) {
  auto s = a_->Issue(Patrol("zhang.wei"));
  ASSERT_TRUE(s.ok()) << s.status();
  auto found = b_->Lookup(s->token);
  ASSERT_TRUE(found.ok()) << found.status();
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->username, "zhang.wei");
  EXPECT_EQ((*found)->role, Role::kPatrol);
  EXPECT_EQ((*found)->zones, (std::vector<std::string>{"penguin", "plaza"}));
  EXPECT_EQ((*found)->expires_at, clock_.Now() + 3600s);
  EXPECT_EQ((*found)->token, s->token);
  auto unknown = b_->Lookup(std::string(64, 'a'));
  ASSERT_TRUE(unknown.ok());
  EXPECT_FALSE(unknown->has_value());
}

TEST_F(SessionsRedisTest, KeysHoldHashesUnderTheVenueTagAndExpireWithTheToken) {
  auto s = a_->Issue(Patrol("zhang.wei"));
  ASSERT_TRUE(s.ok());
  const std::string key = a_->SessionKey(TokenHash(s->token));
  EXPECT_EQ(key, "cs:{venue:ocean}:session:" + TokenHash(s->token));
  auto keys = Keys();
  ASSERT_EQ(keys.size(), 2u);  // the session and the user's index
  for (const auto& k : keys) {
    EXPECT_EQ(HashTagOf(k), "venue:ocean") << k;
    EXPECT_EQ(k.find(s->token), std::string::npos) << k;
    EXPECT_EQ(k.find("zhang"), std::string::npos) << k;
  }
  // The values hold no token either: the record, and the index of token hashes.
  auto record = a_client_->Get(key);
  ASSERT_TRUE(record.ok() && record->has_value());
  EXPECT_EQ((*record)->find(s->token), std::string::npos);
  EXPECT_NE((*record)->find("zhang.wei"), std::string::npos);  // the user is in the record
  auto members = a_client_->Command({"ZRANGE", a_->UserIndexKey("zhang.wei"), "0", "-1"});
  ASSERT_TRUE(members.ok());
  ASSERT_EQ(members->elements.size(), 1u);
  EXPECT_EQ(members->elements[0].str, TokenHash(s->token));
  auto ttl = a_client_->Command({"PTTL", key});
  ASSERT_TRUE(ttl.ok());
  EXPECT_GT(ttl->integer, 3590'000);
  EXPECT_LE(ttl->integer, 3600'000);
}

TEST_F(SessionsRedisTest, ExpiryFollowsTheClockNotOnlyTheTtl) {
  auto s = a_->Issue(Patrol("p1"));
  ASSERT_TRUE(s.ok());
  clock_.Advance(3599s);
  EXPECT_TRUE(*b_->Lookup(s->token));
  clock_.Advance(1s);
  EXPECT_FALSE(*b_->Lookup(s->token));
}

TEST_F(SessionsRedisTest, LogoutOnOneStoreHoldsOnTheOther) {
  auto s = a_->Issue(Patrol("p1"));
  auto other = a_->Issue(Patrol("p1"));
  ASSERT_TRUE(s.ok() && other.ok());
  auto ended = b_->Revoke(s->token);
  ASSERT_TRUE(ended.ok());
  EXPECT_TRUE(*ended);
  EXPECT_FALSE(*a_->Lookup(s->token));
  EXPECT_FALSE(*b_->Revoke(s->token));     // a second logout ends nothing
  EXPECT_TRUE(*a_->Lookup(other->token));  // the user's other phone stays logged in
}

TEST_F(SessionsRedisTest, RevokeUserEndsEveryOneOfTheirSessionsAndNoOneElses) {
  auto p1 = a_->Issue(Patrol("p1"));
  auto p1_again = b_->Issue(Patrol("p1"));
  auto p2 = a_->Issue(Patrol("p2"));
  ASSERT_TRUE(p1.ok() && p1_again.ok() && p2.ok());
  auto refs = b_->RevokeUser("p1");
  ASSERT_TRUE(refs.ok()) << refs.status();
  EXPECT_EQ(refs->size(), 2u);
  for (const auto& r : *refs)
    EXPECT_TRUE(r == SessionRef(p1->token) || r == SessionRef(p1_again->token)) << r;
  EXPECT_FALSE(*a_->Lookup(p1->token));
  EXPECT_FALSE(*a_->Lookup(p1_again->token));
  EXPECT_TRUE(*a_->Lookup(p2->token));
  EXPECT_TRUE(b_->RevokeUser("p1")->empty());
  EXPECT_TRUE(b_->RevokeUser("nobody")->empty());
  // A new login after the revocation works.
  auto fresh = a_->Issue(Patrol("p1"));
  ASSERT_TRUE(fresh.ok());
  EXPECT_TRUE(*b_->Lookup(fresh->token));
}

TEST_F(SessionsRedisTest, TheUserIndexForgetsExpiredSessionsAtTheNextLogin) {
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(a_->Issue(Patrol("p1")).ok());
  clock_.Advance(3601s);
  ASSERT_TRUE(a_->Issue(Patrol("p1")).ok());
  auto n = a_client_->Command({"ZCARD", a_->UserIndexKey("p1")});
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(n->integer, 1);
}

TEST_F(SessionsRedisTest, SessionsSurviveARedisRestart) {
  auto s = a_->Issue(Patrol("p1"));
  ASSERT_TRUE(s.ok());
  server_.Kill();  // AOF with fsync always: the write is on disk
  ASSERT_TRUE(server_.Restart().ok());
  HiredisClient fresh(server_.Config());
  RedisSessionStore store(fresh, "ocean", clock_, 3600s);
  EXPECT_TRUE(*store.Lookup(s->token));
}

TEST_F(SessionsRedisTest, AMalformedRecordIsAnErrorNotASession) {
  ASSERT_TRUE(a_client_->Set(a_->SessionKey(TokenHash("t")), "session/1 junk").ok());
  auto found = a_->Lookup("t");
  EXPECT_EQ(found.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_FALSE(DecodeSession("").ok());
  Session s;
  s.username = "u";
  s.role = Role::kDesk;
  s.expires_at = FromMillis(5);
  auto round = DecodeSession(EncodeSession(s));
  ASSERT_TRUE(round.ok());
  EXPECT_EQ(round->role, Role::kDesk);
}

TEST_F(SessionsRedisTest, WithRedisDownEveryCallIsAnErrorNeverAnAnswer) {
  auto s = a_->Issue(Patrol("p1"));
  ASSERT_TRUE(s.ok());
  server_.Kill();
  EXPECT_FALSE(a_->Lookup(s->token).ok());
  EXPECT_FALSE(a_->Issue(Patrol("p1")).ok());
  EXPECT_FALSE(a_->Revoke(s->token).ok());
  EXPECT_FALSE(a_->RevokeUser("p1").ok());
  RedisRateLimiter limiter(*a_client_, "ocean", "login_ip", clock_, 1.0, 5);
  EXPECT_FALSE(limiter.Allow("203.0.113.7").ok());
}

TEST_F(SessionsRedisTest, TwoLimitersShareOneBucket) {
  RedisRateLimiter a(*a_client_, "ocean", "login_user", clock_, /*per_second=*/1.0, /*burst=*/3);
  RedisRateLimiter b(*b_client_, "ocean", "login_user", clock_, 1.0, 3);
  EXPECT_TRUE(*a.Allow("203.0.113.7\nzhang.wei"));
  EXPECT_TRUE(*b.Allow("203.0.113.7\nzhang.wei"));
  EXPECT_TRUE(*a.Allow("203.0.113.7\nzhang.wei"));
  EXPECT_FALSE(*b.Allow("203.0.113.7\nzhang.wei"));
  EXPECT_FALSE(*a.Allow("203.0.113.7\nzhang.wei"));
  EXPECT_TRUE(*b.Allow("203.0.113.7\nother"));  // keys are independent
  RedisRateLimiter token(*a_client_, "ocean", "token", clock_, 1.0, 3);
  EXPECT_TRUE(*token.Allow("203.0.113.7\nzhang.wei"));  // so are limits of another name
  clock_.Advance(999ms);
  EXPECT_FALSE(*b.Allow("203.0.113.7\nzhang.wei"));
  clock_.Advance(1ms);
  EXPECT_TRUE(*a.Allow("203.0.113.7\nzhang.wei"));
  EXPECT_FALSE(*b.Allow("203.0.113.7\nzhang.wei"));
  clock_.Advance(1h);  // never more than the burst
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(*(i % 2 ? a : b).Allow("203.0.113.7\nzhang.wei"));
  EXPECT_FALSE(*a.Allow("203.0.113.7\nzhang.wei"));
  // The key name holds a hash, never the address or the name.
  EXPECT_EQ(HashTagOf(a.RedisKey("203.0.113.7\nzhang.wei")), "venue:ocean");
  for (const auto& k : Keys()) {
    EXPECT_EQ(k.find("zhang"), std::string::npos) << k;
    EXPECT_EQ(k.find("203.0.113"), std::string::npos) << k;
  }
  auto ttl = a_client_->Command({"PTTL", a.RedisKey("203.0.113.7\nzhang.wei")});
  ASSERT_TRUE(ttl.ok());
  EXPECT_GT(ttl->integer, 0);  // an idle bucket goes away once it would be full again
  EXPECT_LE(ttl->integer, 4000);
}

// Buckets are soft state: taking tokens writes nothing to the AOF (no fsync per request), while
// a session is written there (it must survive a restart).
TEST_F(SessionsRedisTest, BucketsStayOutOfTheAofSessionsDoNot) {
  auto aof_size = [&] {
    auto info = a_client_->Command({"INFO", "persistence"});
    if (!info.ok()) return std::string("?");
    auto at = info->str.find("aof_current_size:");
    return at == std::string::npos ? "?" : info->str.substr(at, info->str.find('\r', at) - at);
  };
  RedisRateLimiter limiter(*a_client_, "ocean", "token", clock_, 1.0, 1000);
  ASSERT_TRUE(*limiter.Allow("warm"));
  const std::string before = aof_size();
  ASSERT_NE(before, "?");
  for (int i = 0; i < 50; ++i) ASSERT_TRUE(*limiter.Allow("token " + std::to_string(i % 5)));
  EXPECT_EQ(aof_size(), before);
  ASSERT_TRUE(a_->Issue(Patrol("p1")).ok());
  EXPECT_NE(aof_size(), before);
}

// Eight threads on two connections race for 100 tokens: exactly 100 are taken.
TEST_F(SessionsRedisTest, ConcurrentTakesNeverOverdrawTheBucket) {
  RedisRateLimiter a(*a_client_, "ocean", "token", clock_, 0.001, 100);
  RedisRateLimiter b(*b_client_, "ocean", "token", clock_, 0.001, 100);
  std::atomic<int> taken{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 40; ++i) {
        auto ok = (t % 2 ? a : b).Allow("one token");
        if (ok.ok() && *ok) ++taken;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(taken.load(), 100);
}

}  // namespace
}  // namespace cs::api
