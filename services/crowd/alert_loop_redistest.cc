// Two crowd-service alert loops (two replicas' cores) on one real redis-server: reports stored
// on either replica are evaluated by the lease holder alone, one alert per crossing; an
// acknowledgement works on the replica that did not raise the alert and is not overwritten by
// the holder's escalation; when the holder stops, the other replica continues from Redis
// without raising the open alert again; a former holder's writes are refused (issue 16).
#include "services/crowd/alert_loop.h"

#include <gtest/gtest.h>

#include <functional>
#include <thread>

#include "common/redis/hiredis_client.h"
#include "common/redis/redis_keys.h"
#include "common/testing/redis_server.h"
#include "services/crowd/core/test_venue.h"
#include "services/crowd/redis_crowd_store.h"

namespace cs::crowd {
namespace {

using namespace std::chrono_literals;
namespace v1 = crowdsafe::v1;

// Polls `done` every millisecond for up to 10 s of real time.
bool Eventually(const std::function<bool()>& done) {
  for (int i = 0; i < 10000; ++i) {
    if (done()) return true;
    std::this_thread::sleep_for(1ms);
  }
  return done();
}

// One replica's parts, each with its own connection, as in its own process.
struct Replica {
  Replica(const RedisConfig& config, const Venue& venue, const Clock& clock,
          const std::string& owner, std::chrono::milliseconds period = 20ms)
      : client(config),
        store(client),
        density(client),
        alerts(client),
        lease(client, VenueKey(venue.id, "lease:alerts"), owner, 500ms + 5 * period),
        loop(venue, store, density, alerts, lease, clock, Options(period)) {}

  static AlertLoop::Options Options(std::chrono::milliseconds period) {
    AlertLoop::Options o;
    o.alerts.persist = 1s;
    o.alerts.cooldown = 5s;
    o.alerts.escalate_after = 30s;
    o.period = period;
    return o;
  }

  HiredisClient client;
  RedisCrowdStore store;
  RedisDensityStore density;
  RedisAlertStore alerts;
  RedisLease lease;
  AlertLoop loop;
};

class AlertReplicasTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(server_.Start().ok());
    a_ = std::make_unique<Replica>(server_.Config(), venue_, clock_, "replica-a");
    b_ = std::make_unique<Replica>(server_.Config(), venue_, clock_, "replica-b");
    a_->loop.Start();
    b_->loop.Start();
  }

  // A camera report stored through `r`, as its ReportDensity would store it.
  void Report(Replica& r, const std::string& region, double count) {
    DensityReport d;
    d.region_id = region;
    d.count = count;
    d.area_m2 = venue_.FindRegion(region)->area_m2;
    d.time = clock_.Now();
    ASSERT_TRUE(r.density.Put(venue_.id, {d}).ok());
    ASSERT_TRUE(r.loop.OnDensityStored().ok());
  }

  // Waits until the holder has evaluated every stored report (its recorded log position).
  void WaitEvaluated() {
    auto last = a_->density.LastCursor(venue_.id);
    ASSERT_TRUE(last.ok());
    ASSERT_TRUE(Eventually([&] { return *a_->alerts.DensityCursor(venue_.id) == *last; }));
  }

  // Waits until the holder's capacity round (escalation, clears by time) has run at this time.
  void WaitCapacityRound(Replica& holder) {
    ASSERT_TRUE(Eventually([&] {
      auto s = holder.loop.Latest();
      return s && s->at >= clock_.Now();
    }));
  }

  // Every change on the alert stream, oldest first.
  std::vector<v1::Alert> Changes() {
    auto all = a_->alerts.After(venue_.id, "0", 10000);
    EXPECT_TRUE(all.ok());
    std::vector<v1::Alert> out;
    for (auto& [id, a] : *all) out.push_back(a);
    return out;
  }
  // Changes of the critical density alert of `region` (6 persons/m² also raises the warning).
  int Count(v1::AlertState state, const std::string& region) {
    int n = 0;
    for (const auto& a : Changes()) {
      n += a.state() == state && a.region_id() == region && a.severity() == v1::SEVERITY_CRITICAL;
    }
    return n;
  }

  // A critical queue density held past the persistence time, reported through both replicas.
  std::string RaiseQueueAlert() {
    Report(*b_, "cam1/queue", 300);  // 6 persons/m²: critical
    WaitEvaluated();
    clock_.Advance(1500ms);
    Report(*a_, "cam1/queue", 310);
    Report(*b_, "cam1/queue", 305);
    WaitEvaluated();
    EXPECT_EQ(Count(v1::ALERT_RAISED, "cam1/queue"), 1);
    for (const auto& a : Changes()) {
      if (a.state() == v1::ALERT_RAISED && a.region_id() == "cam1/queue" &&
          a.severity() == v1::SEVERITY_CRITICAL) {
        return a.alert_id();
      }
    }
    return "";
  }

  Venue venue_ = testing::SmallVenue();
  ManualClock clock_{testing::FestivalMorning()};
  cs::testing::RedisServer server_;
  std::unique_ptr<Replica> a_, b_;
};

TEST_F(AlertReplicasTest, OnlyTheHolderEvaluatesAndEachCrossingRaisesOnce) {
  EXPECT_GT(a_->loop.holding(), 0);  // started first
  EXPECT_EQ(b_->loop.holding(), 0);
  std::string id = RaiseQueueAlert();
  ASSERT_FALSE(id.empty());
  for (int i = 0; i < 5; ++i) {  // the level holds, reported through alternating replicas
    clock_.Advance(1s);
    Report(i % 2 ? *a_ : *b_, "cam1/queue", 300 + i);
  }
  WaitEvaluated();
  EXPECT_EQ(Count(v1::ALERT_RAISED, "cam1/queue"), 1);
  EXPECT_EQ(b_->loop.holding(), 0);
}

TEST_F(AlertReplicasTest, AcknowledgedOnTheOtherReplicaAndNotEscalatedOverIt) {
  std::string queue = RaiseQueueAlert();
  ASSERT_FALSE(queue.empty());
  // A second alert, left unacknowledged: it must escalate, so the check below can fail.
  Report(*a_, "cam1/floor", 150);
  WaitEvaluated();
  clock_.Advance(1500ms);
  Report(*b_, "cam1/floor", 150);
  WaitEvaluated();
  ASSERT_EQ(Count(v1::ALERT_RAISED, "cam1/floor"), 1);

  // b holds no lease and raised nothing
  auto acked = b_->loop.Acknowledge(queue, "desk-1", "patrol sent");
  ASSERT_TRUE(acked.ok()) << acked.status();
  EXPECT_EQ(acked->state(), v1::ALERT_ACKNOWLEDGED);
  EXPECT_EQ(acked->acknowledged_by(), "desk-1");
  // Issue 15: the note typed at acknowledgement is kept with the alert.
  EXPECT_EQ(acked->acknowledged_note(), "patrol sent");
  auto again = a_->loop.Acknowledge(queue, "desk-2");
  EXPECT_EQ(again.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(b_->loop.Acknowledge("no-such", "desk-1").status().code(), absl::StatusCode::kNotFound);

  clock_.Advance(40s);  // past escalate_after
  WaitCapacityRound(*a_);
  ASSERT_TRUE(Eventually([&] { return Count(v1::ALERT_ESCALATED, "cam1/floor") == 1; }));
  EXPECT_EQ(Count(v1::ALERT_ESCALATED, "cam1/queue"), 0);
  auto stored = a_->alerts.Get(venue_.id, queue);
  ASSERT_TRUE(stored.ok() && stored->has_value());
  EXPECT_EQ((*stored)->alert.state(), v1::ALERT_ACKNOWLEDGED);
  EXPECT_EQ((*stored)->alert.acknowledged_by(), "desk-1");
  EXPECT_EQ((*stored)->alert.acknowledged_note(), "patrol sent");  // kept through the escalations
}

TEST_F(AlertReplicasTest, TheOtherReplicaTakesOverAndContinuesFromRedis) {
  std::string queue = RaiseQueueAlert();
  ASSERT_FALSE(queue.empty());
  int64_t old_token = a_->loop.holding();
  a_->loop.Stop();  // releases: b need not wait for the expiry
  ASSERT_TRUE(Eventually([&] { return b_->loop.holding() > old_token; }));
  // Reports that arrived while nobody held the lease are in the log; b reads from where a was.
  for (int i = 0; i < 3; ++i) {
    clock_.Advance(1s);
    Report(*b_, "cam1/queue", 300);
  }
  ASSERT_TRUE(Eventually([&] {
    return *b_->alerts.DensityCursor(venue_.id) == *b_->density.LastCursor(venue_.id);
  }));
  EXPECT_EQ(Count(v1::ALERT_RAISED, "cam1/queue"), 1);  // the open alert was not raised again
  Report(*b_, "cam1/queue", 10);  // below the hysteresis: b clears the alert a raised
  ASSERT_TRUE(Eventually([&] { return Count(v1::ALERT_CLEARED, "cam1/queue") == 1; }));
  auto stored = b_->alerts.Get(venue_.id, queue);
  ASSERT_TRUE(stored.ok() && stored->has_value());
  EXPECT_EQ((*stored)->alert.state(), v1::ALERT_CLEARED);
  EXPECT_EQ(b_->loop.Acknowledge(queue, "desk-1").status().code(),
            absl::StatusCode::kFailedPrecondition);
}

// Found by bench/crowd_replicas_load: when a raise and its clear both happened between two
// rounds (reports evaluated in the holder's own calls), the next round read the raise back
// from the stream, opened the alert again in the engine, and the next crossing never raised.
TEST_F(AlertReplicasTest, AClearedAlertStaysClearedAndTheNextCrossingRaisesAgain) {
  a_->loop.Stop();
  b_->loop.Stop();
  // Rounds 300 ms apart, so that the raise and the clear below fall between two of them.
  Replica holder(server_.Config(), venue_, clock_, "replica-c", 300ms);
  holder.loop.Start();
  ASSERT_GT(holder.loop.holding(), 0);
  auto evaluated = [&] {
    return *holder.alerts.DensityCursor(venue_.id) == *holder.density.LastCursor(venue_.id);
  };
  Report(holder, "cam1/queue", 300);
  clock_.Advance(1500ms);
  Report(holder, "cam1/queue", 300);  // raised in this call
  Report(holder, "cam1/queue", 10);   // cleared in this one
  ASSERT_TRUE(evaluated());
  ASSERT_EQ(Count(v1::ALERT_RAISED, "cam1/queue"), 1);
  ASSERT_EQ(Count(v1::ALERT_CLEARED, "cam1/queue"), 1);
  clock_.Advance(6s);  // past the cooldown
  ASSERT_TRUE(Eventually([&] {
    auto s = holder.loop.Latest();
    return s && s->at >= clock_.Now();  // a round has read the stream back since
  }));
  Report(holder, "cam1/queue", 300);
  clock_.Advance(1500ms);
  Report(holder, "cam1/queue", 300);
  EXPECT_EQ(Count(v1::ALERT_RAISED, "cam1/queue"), 2);
}

TEST_F(AlertReplicasTest, AFormerHolderWritesNothing) {
  a_->loop.Stop();
  b_->loop.Stop();
  RedisLease first(a_->client, VenueKey(venue_.id, "lease:alerts"), "x", 60000ms);
  RedisLease second(b_->client, VenueKey(venue_.id, "lease:alerts"), "y", 60000ms);
  int64_t old_token = **first.TryAcquire();
  ASSERT_TRUE(first.Release(old_token).ok());
  ASSERT_TRUE(second.TryAcquire()->has_value());
  v1::Alert alert;
  alert.set_alert_id("stale-1");
  alert.set_state(v1::ALERT_RAISED);
  auto r = a_->alerts.RecordFenced(venue_.id, first.fence_key(), old_token, "99-0", {{alert, 0}});
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_TRUE(r->fenced);
  EXPECT_FALSE(a_->alerts.Get(venue_.id, "stale-1")->has_value());
  EXPECT_EQ(*a_->alerts.DensityCursor(venue_.id), "");
  EXPECT_TRUE(Changes().empty());
  // Compare-and-set: the second create of one id is a conflict, not an overwrite.
  EXPECT_EQ(*a_->alerts.CompareAndSet(venue_.id, {alert, 0}), 1);
  EXPECT_EQ(*b_->alerts.CompareAndSet(venue_.id, {alert, 0}), RedisAlertStore::kConflict);
  EXPECT_EQ(Changes().size(), 1u);
}

}  // namespace
}  // namespace cs::crowd
