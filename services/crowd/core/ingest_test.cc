#include "services/crowd/core/ingest.h"

#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/crowd/core/test_venue.h"

namespace cs::crowd {
namespace {

using ::testing::ElementsAre;
using testing::FestivalMorning;
using ::testing::HasSubstr;
using ::testing::Not;
using testing::In;
using testing::Out;

class IngestTest : public ::testing::Test {
 protected:
  Venue venue_ = testing::SmallVenue();
  TimePoint now_ = FestivalMorning();
};

TEST_F(IngestTest, MovesPeopleAlongTheZoneGraph) {
  std::vector<GateEvent> batch = {In("main-in", 10, 1, now_), In("pl-pe", 4, 1, now_),
                                  Out("pl-pe", 1, 2, now_), In("exit", 2, 1, now_)};
  auto plan = PlanBatch(venue_, {}, batch, now_);
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_EQ(plan->accepted.size(), 4u);
  // plaza: +10 in, -4 to penguin, +1 back, -2 out the exit.
  EXPECT_EQ(plan->occupancy_delta.at("plaza"), 5);
  EXPECT_EQ(plan->occupancy_delta.at("penguin"), 3);
  EXPECT_EQ(plan->occupancy_delta.count(kOutside), 0u);
  const int64_t minute = MinuteOf(now_);
  EXPECT_EQ(plan->zone_minutes.at({kVenueKey, minute}), (InOut{10, 2}));
  EXPECT_EQ(plan->zone_minutes.at({"penguin", minute}), (InOut{4, 1}));
  EXPECT_EQ(plan->gate_minutes.at({"pl-pe", minute}), (InOut{4, 1}));
  EXPECT_EQ(AckOf(plan->new_state).at("pl-pe"), 2);
}

TEST_F(IngestTest, DuplicatesAndReplaysCountOnce) {
  std::vector<GateEvent> first = {In("main-in", 5, 1, now_), In("main-in", 5, 2, now_)};
  auto p1 = PlanBatch(venue_, {}, first, now_);
  ASSERT_TRUE(p1.ok());
  // The same batch replayed, plus a repeat inside the batch and one new event.
  std::vector<GateEvent> again = {In("main-in", 5, 1, now_), In("main-in", 5, 2, now_),
                                  In("main-in", 7, 3, now_), In("main-in", 7, 3, now_)};
  auto p2 = PlanBatch(venue_, p1->new_state, again, now_);
  ASSERT_TRUE(p2.ok());
  EXPECT_EQ(p2->duplicates, 3);
  EXPECT_THAT(p2->accepted, ElementsAre(2u));
  EXPECT_EQ(p2->occupancy_delta.at("plaza"), 7);
  EXPECT_EQ(p2->new_state.at("main-in").contiguous, 3);
}

TEST_F(IngestTest, OutOfOrderWithinWindowFillsTheGap) {
  std::vector<GateEvent> batch = {In("main-in", 1, 3, now_), In("main-in", 1, 5, now_)};
  auto p1 = PlanBatch(venue_, {}, batch, now_);
  ASSERT_TRUE(p1.ok());
  EXPECT_EQ(p1->new_state.at("main-in").contiguous, 0);
  EXPECT_THAT(p1->new_state.at("main-in").above, ElementsAre(3, 5));

  std::vector<GateEvent> fill = {In("main-in", 1, 2, now_), In("main-in", 1, 1, now_),
                                 In("main-in", 1, 5, now_)};
  auto p2 = PlanBatch(venue_, p1->new_state, fill, now_);
  ASSERT_TRUE(p2.ok());
  EXPECT_EQ(p2->new_state.at("main-in").contiguous, 3);
  EXPECT_THAT(p2->new_state.at("main-in").above, ElementsAre(5));
  EXPECT_EQ(p2->duplicates, 1);  // seq 5 again
  EXPECT_EQ(p2->occupancy_delta.at("plaza"), 2);
}

TEST_F(IngestTest, LateEventsLandInTheMinuteOfTheirEventTime) {
  const TimePoint late = now_ - std::chrono::minutes(7);
  std::vector<GateEvent> batch = {In("main-in", 3, 1, late), In("main-in", 2, 2, now_)};
  auto plan = PlanBatch(venue_, {}, batch, now_);
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->gate_minutes.at({"main-in", MinuteOf(late)}).in, 3);
  EXPECT_EQ(plan->gate_minutes.at({"main-in", MinuteOf(now_)}).in, 2);
  EXPECT_EQ(plan->zone_minutes.at({"plaza", MinuteOf(late)}).in, 3);
  EXPECT_EQ(plan->apply_minute, MinuteOf(now_));
}

struct Rejection {
  const char* name;
  GateEvent bad;
  const char* message;
};

TEST_F(IngestTest, EveryRejectionNamesFieldAndIndexAndCountsNothing) {
  SeqState state;
  state["main-in"].contiguous = 10'000;
  const std::vector<Rejection> cases = {
      {"zero count", In("pl-pe", 0, 1, now_), "events[2].count: must be >= 1"},
      {"negative count", In("pl-pe", -4, 1, now_), "events[2].count: must be >= 1"},
      {"unknown gate", In("nowhere", 1, 1, now_), "events[2].gate_id: unknown gate"},
      {"seq zero", In("pl-pe", 1, 0, now_), "events[2].seq: must be >= 1"},
      {"absurd count", In("pl-pe", 2147483647, 1, now_), "events[2].count: must be at most 1000"},
      {"behind window", In("main-in", 1, 10'000 - 4096, now_), "events[2].seq: behind the window"},
      {"beyond window", In("main-in", 1, 10'002 + 4096, now_), "events[2].seq: beyond the window"},
      {"future", In("pl-pe", 1, 1, now_ + std::chrono::minutes(6)),
       "events[2].event_time: more than max_future_skew (300 s) ahead"},
      {"too old", In("pl-pe", 1, 1, now_ - std::chrono::hours(25)),
       "events[2].event_time: older than max_age (86400 s)"},
      {"bad direction", GateEvent{"pl-pe", static_cast<Direction>(7), 1, 1, now_},
       "events[2].direction"},
  };
  for (const auto& c : cases) {
    std::vector<GateEvent> batch = {In("main-in", 5, 10'001, now_), In("pl-pe", 2, 1, now_), c.bad,
                                    In("exit", 1, 1, now_)};
    auto plan = PlanBatch(venue_, state, batch, now_);
    ASSERT_FALSE(plan.ok()) << c.name;
    EXPECT_EQ(plan.status().code(), absl::StatusCode::kInvalidArgument) << c.name;
    EXPECT_THAT(plan.status().message(), HasSubstr(c.message)) << c.name;
    // Issue 18: messages never echo the value sent.
    if (c.bad.seq > 100) {
      EXPECT_THAT(plan.status().message(), Not(HasSubstr(std::to_string(c.bad.seq)))) << c.name;
    }
    if (c.bad.count > 1000) {
      EXPECT_THAT(plan.status().message(), Not(HasSubstr(std::to_string(c.bad.count)))) << c.name;
    }
  }
  // The state passed in is a value: a rejected plan cannot have moved it.
  EXPECT_EQ(state.at("main-in").contiguous, 10'000);
}

TEST_F(IngestTest, WindowEdgesAreInclusive) {
  SeqState state;
  state["main-in"].contiguous = 10'000;
  // Just inside both edges: an old duplicate and the farthest allowed gap.
  std::vector<GateEvent> batch = {In("main-in", 1, 10'000 - 4095, now_),
                                  In("main-in", 1, 10'000 + 4096, now_)};
  auto plan = PlanBatch(venue_, state, batch, now_);
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_EQ(plan->duplicates, 1);
  EXPECT_EQ(plan->accepted.size(), 1u);
}

TEST_F(IngestTest, OversizedBatchIsRejected) {
  IngestLimits limits;
  limits.max_batch = 3;
  std::vector<GateEvent> batch(4, In("main-in", 1, 1, now_));
  auto plan = PlanBatch(venue_, {}, batch, now_, limits);
  ASSERT_FALSE(plan.ok());
  EXPECT_THAT(plan.status().message(), HasSubstr("events: batch of 4 exceeds max_batch 3"));
}

TEST_F(IngestTest, LongBatchForOneGateSlidesTheWindow) {
  // 10,000 in-order events from seq 1 are fine even though the window is 4096.
  std::vector<GateEvent> batch;
  for (int64_t s = 1; s <= 10'000; ++s) batch.push_back(In("main-in", 1, s, now_));
  auto plan = PlanBatch(venue_, {}, batch, now_);
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_EQ(plan->new_state.at("main-in").contiguous, 10'000);
  EXPECT_TRUE(plan->new_state.at("main-in").above.empty());
  EXPECT_EQ(plan->occupancy_delta.at("plaza"), 10'000);
}

}  // namespace
}  // namespace cs::crowd
