#include "services/crowd/core/ingestor.h"

#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/crowd/core/crowd_store.h"
#include "services/crowd/core/test_venue.h"

namespace cs::crowd {
namespace {

using ::testing::HasSubstr;
using testing::In;
using testing::Out;

// Lets a rival batch commit between our read and our commit, `times` times.
class RacingStore final : public CrowdStore {
 public:
  RacingStore(const Venue& venue, int times) : venue_(venue), times_(times) {}
  absl::StatusOr<SeqState> ReadSeq(const std::string& v,
                                   const std::vector<std::string>& gates) override {
    ++reads_;
    return inner_.ReadSeq(v, gates);
  }
  absl::StatusOr<CommitOutcome> CommitBatch(const std::string& v, const SeqState& read,
                                            const BatchPlan& plan) override {
    if (times_ > 0) {
      --times_;
      ++rival_seq_;
      std::vector<GateEvent> rival = {In("main-in", 100, rival_seq_, testing::FestivalMorning())};
      auto current = inner_.ReadSeq(v, {"main-in"});
      auto rival_plan = PlanBatch(venue_, *current, rival, testing::FestivalMorning());
      EXPECT_TRUE(*inner_.CommitBatch(v, *current, *rival_plan));
    }
    return inner_.CommitBatch(v, read, plan);
  }
  absl::StatusOr<std::map<std::string, int64_t>> ReadOccupancy(const std::string& v) override {
    return inner_.ReadOccupancy(v);
  }
  absl::StatusOr<RevisedOccupancy> ReadRevisedOccupancy(const std::string& v) override {
    return inner_.ReadRevisedOccupancy(v);
  }
  // Another writer (a second replica) commits `count` persons through main-in at `seq`.
  void RivalCommits(int64_t seq, int64_t count) {
    std::vector<GateEvent> rival = {In("main-in", count, seq, testing::FestivalMorning())};
    auto current = inner_.ReadSeq("ocean", {"main-in"});
    auto plan = PlanBatch(venue_, *current, rival, testing::FestivalMorning());
    EXPECT_TRUE(*inner_.CommitBatch("ocean", *current, *plan));
  }
  int reads() const { return reads_; }
  absl::StatusOr<int64_t> SetOccupancy(const std::string& v, const std::string& z, int64_t value,
                                       AuditRecord a) override {
    return inner_.SetOccupancy(v, z, value, a);
  }
  absl::StatusOr<std::vector<MinuteCounts>> ReadMinutes(const std::string& v, const std::string& id,
                                                        bool g, int64_t f, int64_t t) override {
    return inner_.ReadMinutes(v, id, g, f, t);
  }
  absl::Status DropMinutesBefore(const std::string& v, int64_t m) override {
    return inner_.DropMinutesBefore(v, m);
  }
  absl::StatusOr<std::vector<AuditRecord>> ReadAudit(const std::string& v) override {
    return inner_.ReadAudit(v);
  }

 private:
  const Venue& venue_;
  int times_;
  int64_t rival_seq_ = 1000;  // the rival writes seqs far from ours, inside the window
  int reads_ = 0;
  InMemoryCrowdStore inner_;
};

class IngestorTest : public ::testing::Test {
 protected:
  Venue venue_ = testing::SmallVenue();
  ManualClock clock_{testing::FestivalMorning()};
  InMemoryCrowdStore store_;
  Ingestor ingestor_{venue_, &store_, &clock_};
  TimePoint now_ = testing::FestivalMorning();
};

TEST_F(IngestorTest, AcksHighestContiguousSeqAndStoresOccupancy) {
  std::vector<GateEvent> batch = {In("main-in", 10, 1, now_), In("main-in", 10, 2, now_),
                                  In("main-in", 10, 4, now_), In("pl-pe", 6, 1, now_)};
  auto ack = ingestor_.Ingest(batch);
  ASSERT_TRUE(ack.ok()) << ack.status();
  EXPECT_EQ(ack->accepted, 4);
  EXPECT_EQ(ack->contiguous.at("main-in"), 2);  // seq 3 is still missing
  EXPECT_EQ(ack->contiguous.at("pl-pe"), 1);
  auto occ = store_.ReadOccupancy("ocean");
  EXPECT_EQ(occ->at("plaza"), 24);
  EXPECT_EQ(occ->at("penguin"), 6);
}

TEST_F(IngestorTest, ReplayedBatchIsCountedOnce) {
  std::vector<GateEvent> batch = {In("main-in", 10, 1, now_), Out("exit", 0 + 3, 1, now_)};
  ASSERT_TRUE(ingestor_.Ingest(batch).ok());
  auto again = ingestor_.Ingest(batch);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->accepted, 0);
  EXPECT_EQ(again->duplicates, 2);
  // An OUT through the exit gate (plaza -> outside) brings people in from outside.
  EXPECT_EQ(store_.ReadOccupancy("ocean")->at("plaza"), 13);
  auto minutes = store_.ReadMinutes("ocean", kVenueKey, false, MinuteOf(now_), MinuteOf(now_) + 1);
  ASSERT_EQ(minutes->size(), 1u);
  EXPECT_EQ((*minutes)[0].in, 13);
  EXPECT_EQ((*minutes)[0].peak, 13);
}

TEST_F(IngestorTest, RejectedBatchStoresNothing) {
  std::vector<GateEvent> good = {In("main-in", 10, 1, now_)};
  ASSERT_TRUE(ingestor_.Ingest(good).ok());
  std::vector<GateEvent> bad = {In("main-in", 10, 2, now_), In("pl-pe", 0, 1, now_)};
  auto ack = ingestor_.Ingest(bad);
  ASSERT_FALSE(ack.ok());
  EXPECT_THAT(ack.status().message(), HasSubstr("events[1].count"));
  EXPECT_EQ(store_.ReadOccupancy("ocean")->at("plaza"), 10);
  EXPECT_EQ(store_.ReadSeq("ocean", {"main-in"})->at("main-in").contiguous, 1);
  EXPECT_EQ(store_.ReadSeq("ocean", {"pl-pe"})->count("pl-pe"), 0u);
}

TEST_F(IngestorTest, RetriesWhenARivalBatchCommitsFirst) {
  RacingStore racing(venue_, 2);
  Ingestor ingestor(venue_, &racing, &clock_);
  std::vector<GateEvent> batch = {In("main-in", 1, 1, now_)};
  auto ack = ingestor.Ingest(batch);
  ASSERT_TRUE(ack.ok()) << ack.status();
  EXPECT_EQ(ack->accepted, 1);
  // Two rival batches of 100 and ours of 1, each counted exactly once.
  EXPECT_EQ(racing.ReadOccupancy("ocean")->at("plaza"), 201);
}

TEST_F(IngestorTest, ABatchOfGatesItCommittedBeforeReadsNoTracker) {
  RacingStore counting(venue_, 0);
  Ingestor ingestor(venue_, &counting, &clock_);
  for (int64_t seq = 1; seq <= 5; ++seq) {
    std::vector<GateEvent> batch = {In("main-in", 2, seq, now_)};
    ASSERT_TRUE(ingestor.Ingest(batch).ok());
  }
  // One round trip per batch (issue 19): only the first batch had to read the tracker.
  EXPECT_EQ(counting.reads(), 1);
  EXPECT_EQ(counting.ReadOccupancy("ocean")->at("plaza"), 10);
}

TEST_F(IngestorTest, ATrackerMovedByAnotherWriterCostsARetryNotACount) {
  RacingStore store(venue_, 0);
  Ingestor ingestor(venue_, &store, &clock_);
  ASSERT_TRUE(ingestor.Ingest(std::vector<GateEvent>{In("main-in", 1, 1, now_)}).ok());
  store.RivalCommits(2, 50);  // the cached tracker (contiguous 1) is now stale
  // Seq 2 was counted by the rival: planned against the stale cache it would count again.
  auto ack = ingestor.Ingest(std::vector<GateEvent>{In("main-in", 1, 2, now_),
                                                    In("main-in", 1, 3, now_)});
  ASSERT_TRUE(ack.ok()) << ack.status();
  EXPECT_EQ(ack->accepted, 1);
  EXPECT_EQ(ack->duplicates, 1);
  EXPECT_EQ(store.ReadOccupancy("ocean")->at("plaza"), 52);
  EXPECT_EQ(store.reads(), 2) << "the refused commit must be planned again from a fresh read";
}

TEST_F(IngestorTest, TheAckCarriesTheCountsAfterTheBatch) {
  auto ack = ingestor_.Ingest(std::vector<GateEvent>{In("main-in", 7, 1, now_)});
  ASSERT_TRUE(ack.ok());
  ASSERT_TRUE(ack->occupancy.has_value());
  EXPECT_EQ(ack->occupancy->counts.at("plaza"), 7);
  auto later = ingestor_.Ingest(std::vector<GateEvent>{In("main-in", 1, 2, now_)});
  ASSERT_TRUE(later.ok());
  EXPECT_GT(later->occupancy->revision, ack->occupancy->revision);
}

TEST_F(IngestorTest, GivesUpAfterTooManyConflicts) {
  RacingStore racing(venue_, 100);
  Ingestor ingestor(venue_, &racing, &clock_);
  std::vector<GateEvent> batch = {In("main-in", 1, 1, now_)};
  auto ack = ingestor.Ingest(batch);
  ASSERT_FALSE(ack.ok());
  EXPECT_EQ(ack.status().code(), absl::StatusCode::kAborted);
}

TEST_F(IngestorTest, EventTimeIsCheckedAgainstTheInjectedClock) {
  clock_.Advance(std::chrono::hours(30));
  std::vector<GateEvent> batch = {In("main-in", 1, 1, now_)};
  auto ack = ingestor_.Ingest(batch);
  ASSERT_FALSE(ack.ok());
  EXPECT_THAT(ack.status().message(), HasSubstr("events[0].event_time"));
}

}  // namespace
}  // namespace cs::crowd
