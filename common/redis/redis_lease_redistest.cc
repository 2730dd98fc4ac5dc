// RedisLease and a leased PeriodicLoop against a private redis-server: one holder at a time,
// tokens that only grow, renewal only by the holder of that very term, a stale holder's fenced
// write refused, and a loop that takes over when the holder stops or its term runs out.
#include "common/redis/redis_lease.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "common/periodic_loop.h"
#include "common/redis/hiredis_client.h"
#include "common/redis/redis_keys.h"
#include "common/redis/redis_script.h"
#include "common/testing/redis_server.h"

namespace cs {
namespace {

using namespace std::chrono_literals;

// A fenced write as a store would write it: sets KEYS[2] only for the newest token.
const RedisScript kFencedSet(std::string(kFenceCheckLua) +
                             "redis.call('SET', KEYS[2], ARGV[2]) return 1");

class RedisLeaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(server_.Start().ok());
    redis_ = std::make_unique<HiredisClient>(server_.Config());
  }
  testing::RedisServer server_;
  std::unique_ptr<HiredisClient> redis_;
  const std::string key_ = VenueKey("ocean", "lease:test");
};

TEST_F(RedisLeaseTest, OneHolderAtATimeAndTheHolderKeepsItsToken) {
  RedisLease a(*redis_, key_, "a", 5000ms);
  RedisLease b(*redis_, key_, "b", 5000ms);
  auto ta = a.TryAcquire();
  ASSERT_TRUE(ta.ok()) << ta.status();
  ASSERT_TRUE(ta->has_value());
  auto tb = b.TryAcquire();
  ASSERT_TRUE(tb.ok());
  EXPECT_FALSE(tb->has_value());
  auto again = a.TryAcquire();  // the holder asking again continues its term
  ASSERT_TRUE(again.ok() && again->has_value());
  EXPECT_EQ(**again, **ta);
  EXPECT_TRUE(*a.Renew(**ta));
  EXPECT_FALSE(*b.Renew(**ta));  // the same token under another owner is not the term
  EXPECT_FALSE(*a.Renew(**ta + 1));
}

TEST_F(RedisLeaseTest, ReleaseHandsOverAtOnceWithAGreaterToken) {
  RedisLease a(*redis_, key_, "a", 60000ms);
  RedisLease b(*redis_, key_, "b", 60000ms);
  int64_t first = **a.TryAcquire();
  ASSERT_TRUE(b.Release(first).ok());  // not b's term: nothing happens
  EXPECT_FALSE(b.TryAcquire()->has_value());
  ASSERT_TRUE(a.Release(first).ok());
  auto second = b.TryAcquire();
  ASSERT_TRUE(second.ok() && second->has_value());
  EXPECT_GT(**second, first);
  EXPECT_FALSE(*a.Renew(first));  // the old term does not come back
}

TEST_F(RedisLeaseTest, AnExpiredTermIsTakenAndItsFencedWritesAreRefused) {
  RedisLease a(*redis_, key_, "a", 100ms);
  RedisLease b(*redis_, key_, "b", 5000ms);
  int64_t old_token = **a.TryAcquire();
  const std::string target = VenueKey("ocean", "fenced");
  auto w = kFencedSet.Eval(*redis_, {a.fence_key(), target}, {std::to_string(old_token), "a"});
  ASSERT_TRUE(w.ok()) << w.status();
  EXPECT_EQ(w->integer, 1);
  std::optional<int64_t> taken;
  for (int i = 0; i < 200 && !taken; ++i) {  // the server's clock ends a's term
    auto t = b.TryAcquire();
    ASSERT_TRUE(t.ok());
    taken = *t;
    if (!taken) std::this_thread::sleep_for(10ms);
  }
  ASSERT_TRUE(taken.has_value());
  EXPECT_GT(*taken, old_token);
  EXPECT_FALSE(*a.Renew(old_token));  // loss shows on the next renewal
  // a does not know yet and writes: refused, and the value b's term wrote stays.
  ASSERT_TRUE(kFencedSet.Eval(*redis_, {b.fence_key(), target}, {std::to_string(*taken), "b"}).ok());
  auto stale = kFencedSet.Eval(*redis_, {a.fence_key(), target}, {std::to_string(old_token), "a"});
  ASSERT_TRUE(stale.ok());
  EXPECT_EQ(stale->integer, -1);
  EXPECT_EQ(**redis_->Get(target), "b");
}

TEST_F(RedisLeaseTest, RedisDownMeansNoRenewalNotAnAssumedTerm) {
  RedisLease a(*redis_, key_, "a", 5000ms);
  int64_t token = **a.TryAcquire();
  server_.Kill();
  EXPECT_FALSE(a.Renew(token).ok());
  EXPECT_FALSE(a.TryAcquire().ok());
}

// Two leased loops on one lease: only one runs at any time; when it stops, the other takes over.
TEST_F(RedisLeaseTest, LeasedLoopsRunOneAtATimeAndTakeOver) {
  HiredisClient redis_b(server_.Config());
  RedisLease lease_a(*redis_, key_, "a", 1000ms);
  RedisLease lease_b(redis_b, key_, "b", 1000ms);
  std::atomic<int> running{0}, overlaps{0}, runs_a{0}, runs_b{0};
  auto task = [&](std::atomic<int>* runs) {
    return [&, runs](const LeaseTerm&) {
      if (running.fetch_add(1) != 0) ++overlaps;
      ++*runs;
      std::this_thread::sleep_for(2ms);
      running.fetch_sub(1);
    };
  };
  auto loop_a = std::make_unique<PeriodicLoop>("a", lease_a, task(&runs_a), 20ms);
  PeriodicLoop loop_b("b", lease_b, task(&runs_b), 20ms);
  loop_a->Start();
  for (int i = 0; i < 500 && runs_a < 3; ++i) std::this_thread::sleep_for(10ms);
  ASSERT_GE(runs_a.load(), 3);
  loop_b.Start();
  for (int i = 0; i < 10; ++i) std::this_thread::sleep_for(20ms);  // b asks about ten times
  EXPECT_EQ(runs_b.load(), 0);
  int64_t a_token = loop_a->holding();
  EXPECT_GT(a_token, 0);
  loop_a.reset();  // Stop releases the term
  for (int i = 0; i < 500 && runs_b < 3; ++i) std::this_thread::sleep_for(10ms);
  EXPECT_GE(runs_b.load(), 3);
  EXPECT_GT(loop_b.holding(), a_token);
  EXPECT_EQ(overlaps.load(), 0);
}

}  // namespace
}  // namespace cs
