// Two replicas' escalation loops on one real redis-server (issue 16): every timer action is
// announced exactly once however the loops race, and an action announced by a replica that died
// before it recorded it is not announced again by the survivor.
#include <gtest/gtest.h>

#include <map>
#include <thread>

#include "common/redis/hiredis_client.h"
#include "common/testing/redis_server.h"
#include "services/cases/case_service.h"
#include "services/cases/core/test_venue.h"

namespace cs::cases {
namespace {
namespace v1 = crowdsafe::v1;
using std::chrono::minutes;

constexpr int64_t kNowMs = 1'771'300'800'000;  // 2026-02-17 04:00 UTC

// One replica: its own connection, store, event log and loop; the Redis and clock are shared.
struct Replica {
  Replica(const RedisConfig& config, const Venue& venue, const Clock& clock)
      : client(config), store(client, "ocean"), events(client, "ocean"),
        loop(venue, store, events, clock) {}
  HiredisClient client;
  RedisCaseStore store;
  CaseEventLog events;
  EscalationLoop loop;
};

class EscalationRaceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(server_.Start().ok());
    a_ = std::make_unique<Replica>(server_.Config(), venue_, clock_);
    b_ = std::make_unique<Replica>(server_.Config(), venue_, clock_);
    // Files without a loop, so the T+0 broadcast is left for the two loops to race for.
    filer_ = std::make_unique<CaseServiceImpl>(venue_, a_->store, clock_, CaseServiceOptions{},
                                               &a_->events, nullptr);
  }

  std::string FileMissing(int i) {
    v1::FileMissingReportRequest req;
    auto* r = req.mutable_report();
    r->set_venue_id("ocean");
    r->mutable_child()->set_sex(i % 2 == 0 ? v1::SEX_MALE : v1::SEX_FEMALE);
    r->mutable_child()->set_age_min(4 + i % 5);
    r->mutable_child()->set_age_max(4 + i % 5);
    r->mutable_child()->set_height_cm(100 + i % 30);
    r->set_last_seen_zone_id("penguin");
    google::protobuf::Timestamp at;
    at.set_seconds(ToMillis(clock_.Now()) / 1000 - 60);
    *r->mutable_last_seen_at() = at;
    req.mutable_actor()->set_user_id("desk.wang");
    req.mutable_actor()->set_role(v1::ROLE_DESK);
    v1::Case out;
    EXPECT_TRUE(filer_->FileMissingReport(nullptr, &req, &out).ok());
    return out.case_id();
  }

  // Both loops handle what is due at the same moment, each from its own thread, each also
  // escalating the round's cases directly (what EscalateNow does after a write).
  void Race(const std::vector<std::string>& ids) {
    std::atomic<int> ready{0};
    auto run = [&](Replica& r, bool reverse) {
      ready.fetch_add(1);
      while (ready.load() < 2) {
      }
      for (size_t k = 0; k < ids.size(); ++k) {
        const std::string& id = ids[reverse ? ids.size() - 1 - k : k];
        auto fired = r.loop.Escalate(id);
        EXPECT_TRUE(fired.ok() || absl::IsAborted(fired.status())) << fired.status();
      }
      EXPECT_TRUE(r.loop.Tick().ok());
    };
    std::thread ta(run, std::ref(*a_), false);
    std::thread tb(run, std::ref(*b_), true);
    ta.join();
    tb.join();
    // What a lost race left (ABORTED five times) goes out on the next tick, still once.
    ASSERT_TRUE(a_->loop.Tick().ok());
  }

  // How many times each (case, event type, gate watch or not) was announced.
  std::map<std::string, int> Announcements() {
    std::map<std::string, int> n;
    auto events = b_->events.After("0", 100'000);
    EXPECT_TRUE(events.ok());
    for (const auto& e : *events) {
      if (e.type() == v1::CASE_EVENT_FILED || e.type() == v1::CASE_EVENT_STATE_CHANGED) continue;
      n[e.case_id() + " " + v1::CaseEventType_Name(e.type()) +
        (e.gate_ids_size() > 0 ? " gates" : "")]++;
    }
    return n;
  }

  cs::testing::RedisServer server_;
  Venue venue_ = cases::testing::OceanTestVenue();
  ManualClock clock_{FromMillis(kNowMs)};
  std::unique_ptr<Replica> a_, b_;
  std::unique_ptr<CaseServiceImpl> filer_;
};

TEST_F(EscalationRaceTest, TwoLoopsRacingAnnounceEachTimerActionExactlyOnce) {
  constexpr int kRounds = 40;  // each round: 4 cases raced at T+0, T+10 min and T+30 min
  constexpr int kPerRound = 4;
  std::vector<std::string> all;
  for (int round = 0; round < kRounds; ++round) {
    std::vector<std::string> ids;
    for (int i = 0; i < kPerRound; ++i) ids.push_back(FileMissing(round * kPerRound + i));
    Race(ids);               // T+0: zone broadcast
    clock_.Advance(minutes(10));
    Race(ids);               // T+10: venue broadcast and exit-gate watch
    clock_.Advance(minutes(20));
    Race(ids);               // T+30: appeal request
    all.insert(all.end(), ids.begin(), ids.end());
  }
  const auto n = Announcements();
  int repeats = 0;
  for (const auto& [what, count] : n) {
    EXPECT_EQ(count, 1) << what;
    repeats += count - 1;
  }
  EXPECT_EQ(repeats, 0);
  EXPECT_EQ(n.size(), all.size() * 4) << "zone, venue, exit watch, appeal: one each per case";
  for (const std::string& id : all) {
    EXPECT_EQ(n.count(id + " CASE_EVENT_BROADCAST_ZONE"), 1u) << id;
    EXPECT_EQ(n.count(id + " CASE_EVENT_BROADCAST_VENUE"), 1u) << id;
    EXPECT_EQ(n.count(id + " CASE_EVENT_BROADCAST_VENUE gates"), 1u) << id;
    EXPECT_EQ(n.count(id + " CASE_EVENT_APPEAL_REQUESTED"), 1u) << id;
    // Recorded once in the case too: no action key twice, one audit line per action.
    auto c = b_->store.Get(id);
    ASSERT_TRUE(c.ok());
    std::vector<std::string> keys = c->fired_actions;
    std::sort(keys.begin(), keys.end());
    EXPECT_EQ(std::adjacent_find(keys.begin(), keys.end()), keys.end()) << id;
    EXPECT_EQ(keys.size(), 4u) << id;
    int audited = 0;
    for (const auto& e : c->audit) audited += e.action == "escalation";
    EXPECT_EQ(audited, 4) << id;
  }
  auto requests = b_->client.XRangeAfter(b_->events.requests_key(), "0", 100'000);
  ASSERT_TRUE(requests.ok());
  EXPECT_EQ(requests->size(), all.size()) << "one appeal request per case";
}

// A replica claimed and announced the T+0 broadcast, then died before it wrote the case. The
// survivor finds the action still due, announces nothing, and records it.
TEST_F(EscalationRaceTest, ActionAnnouncedBeforeACrashIsRecordedNotRepeated) {
  const std::string id = FileMissing(0);
  auto c = a_->store.Get(id);
  ASSERT_TRUE(c.ok());
  auto due = DueActions(*c, venue_, clock_.Now());
  ASSERT_EQ(due.size(), 1u);
  v1::CaseEvent event;
  event.set_type(v1::CASE_EVENT_BROADCAST_ZONE);
  event.set_case_id(id);
  auto first = a_->events.AnnounceOnce(due[0].key, event, nullptr);
  ASSERT_TRUE(first.ok());
  EXPECT_TRUE(*first);
  a_.reset();  // dies here, before its Put

  auto fired = b_->loop.Escalate(id);
  ASSERT_TRUE(fired.ok());
  EXPECT_EQ(*fired, 0) << "announced again";
  EXPECT_EQ(Announcements(), (std::map<std::string, int>{{id + " CASE_EVENT_BROADCAST_ZONE", 1}}));
  auto stored = b_->store.Get(id);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->fired_actions, std::vector<std::string>{due[0].key});
  EXPECT_TRUE(b_->loop.Tick().ok());
  auto again = b_->loop.Escalate(id);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, 0);
}

}  // namespace
}  // namespace cs::cases
