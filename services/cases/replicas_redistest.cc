// Two case-service cores on one real redis-server (issue 16): each replica's match candidates
// reflect the other's writes (filings, closes), through the IndexFollower that tails the case
// event stream; a write whose announcement was lost is caught up by the resync.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <thread>

#include "common/redis/hiredis_client.h"
#include "common/testing/redis_server.h"
#include "services/cases/case_service.h"
#include "services/cases/core/test_venue.h"
#include "services/cases/index_follower.h"

namespace cs::cases {
namespace {
namespace v1 = crowdsafe::v1;

constexpr int64_t kNowMs = 1'771'300'800'000;  // 2026-02-17 04:00 UTC
// A generous bound for a loaded test machine: the 200 ms figure of issue 16 is measured by
// bench/cases_replica_lag_bench (a timed unit test is no benchmark; under the full parallel
// ctest at load 15 one filing here took 345 ms).
constexpr auto kVisibleWithin = std::chrono::seconds(2);

v1::Actor Who(const std::string& id, v1::Role role) {
  v1::Actor a;
  a.set_user_id(id);
  a.set_role(role);
  return a;
}

google::protobuf::Timestamp AtMs(int64_t ms) {
  google::protobuf::Timestamp t;
  t.set_seconds(ms / 1000);
  return t;
}

// One replica: its own connection, store, event log, service and follower; Redis is shared.
struct Replica {
  Replica(const RedisConfig& config, const Venue& venue, const Clock& clock, bool announce)
      : client(config),
        store(client, "ocean"),
        events(client, "ocean"),
        service(venue, store, clock, CaseServiceOptions{}, announce ? &events : nullptr),
        follower(events, store, service.index_feed()) {}
  HiredisClient client;
  RedisCaseStore store;
  CaseEventLog events;
  CaseServiceImpl service;
  IndexFollower follower;
};

class ReplicasTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(server_.Start().ok());
    a_ = NewReplica();
    b_ = NewReplica();
  }

  std::unique_ptr<Replica> NewReplica(bool announce = true) {
    auto r = std::make_unique<Replica>(server_.Config(), venue_, clock_, announce);
    EXPECT_TRUE(r->follower.Prime().ok());
    return r;
  }

  std::string FileMissing(Replica& r, int age) {
    v1::FileMissingReportRequest req;
    auto* p = req.mutable_report();
    p->set_venue_id("ocean");
    p->mutable_child()->set_sex(v1::SEX_MALE);
    p->mutable_child()->set_age_min(age);
    p->mutable_child()->set_age_max(age);
    p->mutable_child()->set_height_cm(110);
    p->mutable_child()->mutable_clothing()->mutable_top()->add_colours("红");
    p->set_last_seen_zone_id("penguin");
    *p->mutable_last_seen_at() = AtMs(kNowMs - 20 * 60'000);
    *req.mutable_actor() = Who("desk.wang", v1::ROLE_DESK);
    v1::Case out;
    EXPECT_TRUE(r.service.FileMissingReport(nullptr, &req, &out).ok());
    return out.case_id();
  }

  std::string FileFound(Replica& r, int age) {
    v1::FileFoundReportRequest req;
    auto* p = req.mutable_report();
    p->set_venue_id("ocean");
    p->mutable_child()->set_sex(v1::SEX_MALE);
    p->mutable_child()->set_age_min(age);
    p->mutable_child()->set_age_max(age + 1);
    p->mutable_child()->set_height_cm(112);
    p->mutable_child()->mutable_clothing()->mutable_top()->add_colours("红");
    p->set_found_zone_id("whale");
    *p->mutable_found_at() = AtMs(kNowMs - 5 * 60'000);
    p->set_held_at("走失儿童中心");
    *req.mutable_actor() = Who("patrol.li", v1::ROLE_PATROL);
    v1::Case out;
    EXPECT_TRUE(r.service.FileFoundReport(nullptr, &req, &out).ok());
    return out.case_id();
  }

  // The candidates `r` lists for `case_id` (what the desk's board shows).
  std::vector<std::string> Candidates(Replica& r, const std::string& case_id) {
    v1::ListCandidatesRequest req;
    req.set_case_id(case_id);
    req.set_limit(20);
    *req.mutable_actor() = Who("desk.wang", v1::ROLE_DESK);
    v1::ListCandidatesResponse out;
    EXPECT_TRUE(r.service.ListCandidates(nullptr, &req, &out).ok());
    std::vector<std::string> ids;
    for (const auto& c : out.candidates()) ids.push_back(c.case_id());
    return ids;
  }

  static bool Has(const std::vector<std::string>& ids, const std::string& id) {
    return std::find(ids.begin(), ids.end(), id) != ids.end();
  }

  // Cancels an open case (the family found the child themselves): it leaves the candidates.
  void Close(Replica& r, const std::string& case_id) {
    v1::TransitionCaseRequest req;
    req.set_case_id(case_id);
    req.set_to(v1::CASE_CANCELLED);
    req.set_reason("found by family");
    *req.mutable_actor() = Who("desk.wang", v1::ROLE_DESK);
    v1::Case out;
    ASSERT_TRUE(r.service.TransitionCase(nullptr, &req, &out).ok());
  }

  cs::testing::RedisServer server_;
  Venue venue_ = cases::testing::OceanTestVenue();
  ManualClock clock_{FromMillis(kNowMs)};
  std::unique_ptr<Replica> a_, b_;
};

// The follower, polled by hand: a filing on A is a candidate on B after B's next poll, and a
// close on A takes it off B's list. Before the poll B does not see it (the test can fail).
TEST_F(ReplicasTest, FilingAndClosingOnOneReplicaReachTheOthersCandidates) {
  const std::string missing = FileMissing(*b_, 5);
  ASSERT_TRUE(b_->follower.PollOnce().ok());
  const std::string found = FileFound(*a_, 5);
  EXPECT_FALSE(Has(Candidates(*b_, missing), found)) << "B has not polled yet";
  auto changed = b_->follower.PollOnce();
  ASSERT_TRUE(changed.ok());
  EXPECT_EQ(*changed, 1u);
  EXPECT_TRUE(Has(Candidates(*b_, missing), found));
  // A's own index had it at once, and A hears of B's missing report in the same way.
  ASSERT_TRUE(a_->follower.PollOnce().ok());
  EXPECT_TRUE(Has(Candidates(*a_, found), missing));

  Close(*a_, found);
  ASSERT_TRUE(b_->follower.PollOnce().ok());
  EXPECT_FALSE(Has(Candidates(*b_, missing), found)) << "a closed case is no candidate";
  auto again = b_->follower.PollOnce();
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, 0u) << "nothing new, nothing applied";
}

// With both followers running on their own threads: every filing on A becomes a candidate on
// B without anyone polling by hand, and the other way round.
TEST_F(ReplicasTest, CandidatesFiledOnOneReplicaShowOnTheOtherWhileFollowing) {
  const std::string missing_b = FileMissing(*b_, 5);
  const std::string missing_a = FileMissing(*a_, 6);
  a_->follower.Start();
  b_->follower.Start();
  using Clock = std::chrono::steady_clock;
  auto visible_after = [&](Replica& from, Replica& to, const std::string& query) {
    const std::string found = FileFound(from, 5);
    const auto filed = Clock::now();
    while (!Has(Candidates(to, query), found)) {
      if (Clock::now() - filed > std::chrono::seconds(5)) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    return Clock::now() - filed;
  };
  Clock::duration worst{};
  for (int i = 0; i < 10; ++i) {
    worst = std::max(worst, visible_after(*a_, *b_, missing_b));
    worst = std::max(worst, visible_after(*b_, *a_, missing_a));
  }
  a_->follower.Stop();
  b_->follower.Stop();
  EXPECT_LE(worst, kVisibleWithin)
      << "slowest: " << std::chrono::duration_cast<std::chrono::milliseconds>(worst).count()
      << " ms";
}

// A replica whose announcement failed (here: one with no event log at all) still reaches the
// other's index, at the resync; and a replica started later primes from Redis.
TEST_F(ReplicasTest, WriteWithoutAnnouncementArrivesAtTheResync) {
  auto silent = NewReplica(/*announce=*/false);
  const std::string missing = FileMissing(*b_, 5);
  const std::string found = FileFound(*silent, 5);
  ASSERT_TRUE(b_->follower.PollOnce().ok());
  EXPECT_FALSE(Has(Candidates(*b_, missing), found)) << "nothing was announced";
  auto read = b_->follower.Resync();
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(*read, 2u);
  EXPECT_TRUE(Has(Candidates(*b_, missing), found));

  Close(*silent, found);  // closed without a word: the resync removes it, since B indexed it
  ASSERT_TRUE(b_->follower.Resync().ok());
  EXPECT_FALSE(Has(Candidates(*b_, missing), found));

  auto late = NewReplica();  // primed from the store
  EXPECT_TRUE(Has(Candidates(*late, FileFound(*a_, 5)), missing));
}

// Redis away during a poll: the poll fails (it does not pretend there was nothing), and the
// next poll after Redis is back resyncs and catches up.
TEST_F(ReplicasTest, FollowerCatchesUpAfterRedisWasAway) {
  const std::string missing = FileMissing(*b_, 5);
  server_.Stop();
  EXPECT_FALSE(b_->follower.PollOnce().ok());
  ASSERT_TRUE(server_.Restart().ok());
  for (int i = 0; i < 50 && !a_->client.Ping().ok(); ++i)  // A reconnects after its backoff
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  const std::string found = FileFound(*a_, 5);
  bool seen = false;
  for (int attempt = 0; attempt < 50 && !seen; ++attempt) {  // the client reconnects with backoff
    seen = b_->follower.PollOnce().ok() && Has(Candidates(*b_, missing), found);
    if (!seen) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_TRUE(seen);
}

}  // namespace
}  // namespace cs::cases
