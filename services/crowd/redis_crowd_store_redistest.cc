// The crowd core's Ingestor on RedisCrowdStore against a real redis-server: exactly-once totals,
// replays, late events in their own minute, conflicting trackers, corrections, retention, and
// everything acknowledged surviving a Redis restart (AOF).
#include "services/crowd/redis_crowd_store.h"

#include <gtest/gtest.h>

#include <thread>

#include "common/redis/hiredis_client.h"
#include "common/testing/redis_server.h"
#include "services/crowd/core/ingestor.h"

namespace cs::crowd {
namespace {

using namespace std::chrono_literals;

Venue SmallVenue() {
  Venue v;
  v.id = "t";
  v.max_capacity = 1000;
  v.zones = {{"plaza", "广场", "Plaza", 500, 1000, 0, 0}, {"penguin", "企鹅馆", "Penguin", 200, 300, 0, 100}};
  v.gates = {{"main", kOutside, "plaza", 4, 4, false, true}, {"pp", "plaza", "penguin", 3, 0, false, false}};
  return v;
}

class RedisCrowdStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(server_.Start().ok());
    client_ = std::make_unique<HiredisClient>(server_.Config());
    store_ = std::make_unique<RedisCrowdStore>(*client_);
  }

  GateEvent Event(const std::string& gate, Direction d, int64_t count, int64_t seq,
                  Duration ago = 0s) {
    return {gate, d, count, seq, clock_.Now() - ago};
  }

  testing::RedisServer server_;
  std::unique_ptr<HiredisClient> client_;
  std::unique_ptr<RedisCrowdStore> store_;
  Venue venue_ = SmallVenue();
  ManualClock clock_{FromMillis(1'771'300'800'000)};  // 2026-02-17 04:00 UTC, minute-aligned
};

TEST_F(RedisCrowdStoreTest, TrackerEncodingRoundTrips) {
  GateSeqState s{41, {43, 47}};
  EXPECT_EQ(RedisCrowdStore::EncodeSeq(s), "41:43,47");
  EXPECT_EQ(*RedisCrowdStore::DecodeSeq("41:43,47"), s);
  EXPECT_EQ(RedisCrowdStore::EncodeSeq(GateSeqState{}), "0");
  EXPECT_FALSE(RedisCrowdStore::DecodeSeq("x:1").ok());
}

TEST_F(RedisCrowdStoreTest, CountsEveryEventExactlyOnceAcrossReplaysAndReordering) {
  Ingestor ingest(venue_, store_.get(), &clock_);
  std::vector<GateEvent> first = {Event("main", Direction::kIn, 5, 1), Event("main", Direction::kIn, 3, 3),
                                  Event("pp", Direction::kIn, 2, 1)};
  auto a = ingest.Ingest(first);
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->accepted, 3);
  EXPECT_EQ(a->contiguous.at("main"), 1);  // seq 2 still missing

  // A controller resends everything after a crash, plus the missing seq 2.
  std::vector<GateEvent> replay = first;
  replay.push_back(Event("main", Direction::kIn, 4, 2));
  auto b = ingest.Ingest(replay);
  ASSERT_TRUE(b.ok()) << b.status();
  EXPECT_EQ(b->accepted, 1);
  EXPECT_EQ(b->duplicates, 3);
  EXPECT_EQ(b->contiguous.at("main"), 3);

  auto occ = store_->ReadOccupancy("t");
  ASSERT_TRUE(occ.ok());
  EXPECT_EQ(occ->at("plaza"), 5 + 3 + 4 - 2);
  EXPECT_EQ(occ->at("penguin"), 2);
}

TEST_F(RedisCrowdStoreTest, LateEventLandsInTheMinuteOfItsEventTime) {
  Ingestor ingest(venue_, store_.get(), &clock_);
  ASSERT_TRUE(ingest.Ingest(std::vector<GateEvent>{Event("main", Direction::kIn, 7, 1, 10min)}).ok());
  int64_t now_minute = MinuteOf(clock_.Now());
  auto minutes = store_->ReadMinutes("t", "main", true, now_minute - 60, now_minute + 1);
  ASSERT_TRUE(minutes.ok());
  ASSERT_EQ(minutes->size(), 1u);
  EXPECT_EQ((*minutes)[0].minute, now_minute - 10);
  EXPECT_EQ((*minutes)[0].in, 7);
  auto venue_minutes = store_->ReadMinutes("t", kVenueKey, false, now_minute - 60, now_minute + 1);
  ASSERT_TRUE(venue_minutes.ok());
  int64_t peak = 0, in = 0;
  for (const auto& m : *venue_minutes) {
    peak = std::max(peak, m.peak);
    in += m.in;
  }
  EXPECT_EQ(in, 7);
  EXPECT_EQ(peak, 7);
}

TEST_F(RedisCrowdStoreTest, CommitRefusesAPlanMadeFromAStaleTracker) {
  Ingestor ingest(venue_, store_.get(), &clock_);
  ASSERT_TRUE(ingest.Ingest(std::vector<GateEvent>{Event("main", Direction::kIn, 1, 1)}).ok());
  SeqState stale;  // as if read before the batch above
  std::vector<GateEvent> next = {Event("main", Direction::kIn, 1, 2)};
  auto plan = PlanBatch(venue_, stale, next, clock_.Now());
  ASSERT_TRUE(plan.ok());
  auto committed = store_->CommitBatch("t", stale, *plan);
  ASSERT_TRUE(committed.ok());
  EXPECT_FALSE(*committed);
  EXPECT_EQ(store_->ReadOccupancy("t")->at("plaza"), 1) << "a refused plan changed occupancy";
}

TEST_F(RedisCrowdStoreTest, CommitAnswersTheCountsAfterItAndEveryWriteRaisesTheRevision) {
  Ingestor ingest(venue_, store_.get(), &clock_);
  auto first = ingest.Ingest(std::vector<GateEvent>{Event("main", Direction::kIn, 4, 1)});
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_TRUE(first->occupancy.has_value()) << "the commit script answers the counts";
  EXPECT_EQ(first->occupancy->counts.at("plaza"), 4);
  auto read = store_->ReadRevisedOccupancy("t");
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->revision, first->occupancy->revision);
  EXPECT_EQ(read->counts, first->occupancy->counts);
  ASSERT_TRUE(store_->SetOccupancy("t", "plaza", 9, {clock_.Now(), "desk.wang", "plaza", 0, 9,
                                                     "headcount", CorrectionKind::kManual}).ok());
  auto corrected = store_->ReadRevisedOccupancy("t");
  EXPECT_GT(corrected->revision, read->revision) << "a correction must raise the revision";
  EXPECT_EQ(corrected->counts.at("plaza"), 9);
}

TEST_F(RedisCrowdStoreTest, RejectedBatchStoresNothing) {
  Ingestor ingest(venue_, store_.get(), &clock_);
  std::vector<GateEvent> bad = {Event("main", Direction::kIn, 5, 1), Event("nowhere", Direction::kIn, 1, 1)};
  auto r = ingest.Ingest(bad);
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(store_->ReadOccupancy("t")->empty());
  EXPECT_TRUE(store_->ReadSeq("t", {"main"})->empty());
}

TEST_F(RedisCrowdStoreTest, CorrectionIsAudited) {
  auto before = store_->SetOccupancy("t", "plaza", 120, {clock_.Now(), "desk.wang", "plaza", 0, 120, "headcount", CorrectionKind::kManual});
  ASSERT_TRUE(before.ok());
  EXPECT_EQ(*before, 0);
  EXPECT_EQ(*store_->SetOccupancy("t", "plaza", 100, {clock_.Now(), "desk.li", "plaza", 0, 100, "recount", CorrectionKind::kManual}), 120);
  auto audit = store_->ReadAudit("t");
  ASSERT_TRUE(audit.ok());
  ASSERT_EQ(audit->size(), 2u);
  EXPECT_EQ((*audit)[1].actor, "desk.li");
  EXPECT_EQ((*audit)[1].before, 120);
  EXPECT_EQ((*audit)[1].after, 100);
  EXPECT_EQ((*audit)[1].reason, "recount");
}

TEST_F(RedisCrowdStoreTest, RetentionDropsOldMinutesOnly) {
  Ingestor ingest(venue_, store_.get(), &clock_);
  ASSERT_TRUE(ingest.Ingest(std::vector<GateEvent>{Event("main", Direction::kIn, 1, 1, 20h),
                                                   Event("main", Direction::kIn, 2, 2, 1min)}).ok());
  int64_t now_minute = MinuteOf(clock_.Now());
  ASSERT_TRUE(store_->DropMinutesBefore("t", now_minute - 60).ok());
  auto left = store_->ReadMinutes("t", "main", true, now_minute - 2000, now_minute + 1);
  ASSERT_TRUE(left.ok());
  ASSERT_EQ(left->size(), 1u);
  EXPECT_EQ((*left)[0].in, 2);
}

TEST_F(RedisCrowdStoreTest, AcknowledgedCountsSurviveARedisRestart) {
  Ingestor ingest(venue_, store_.get(), &clock_);
  int64_t seq = 0;
  for (int batch = 0; batch < 20; ++batch) {
    std::vector<GateEvent> events;
    for (int i = 0; i < 50; ++i) events.push_back(Event("main", Direction::kIn, 1, ++seq));
    ASSERT_TRUE(ingest.Ingest(events).ok());
  }
  server_.Kill();  // SIGKILL: only what AOF has survives
  EXPECT_FALSE(ingest.Ingest(std::vector<GateEvent>{Event("main", Direction::kIn, 1, ++seq)}).ok());
  ASSERT_TRUE(server_.Restart().ok());
  absl::StatusOr<std::map<std::string, int64_t>> occ = absl::UnavailableError("");
  for (int i = 0; i < 100 && !occ.ok(); ++i) {
    occ = store_->ReadOccupancy("t");
    if (!occ.ok()) std::this_thread::sleep_for(20ms);  // client backoff window
  }
  ASSERT_TRUE(occ.ok()) << occ.status();
  EXPECT_EQ(occ->at("plaza"), 1000);
  EXPECT_EQ(store_->ReadSeq("t", {"main"})->at("main").contiguous, 1000);
}

}  // namespace
}  // namespace cs::crowd
