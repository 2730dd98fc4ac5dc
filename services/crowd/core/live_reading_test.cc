#include "services/crowd/core/live_reading.h"

#include <string>

#include "gtest/gtest.h"

namespace cs::crowd {
namespace {

using std::chrono::milliseconds;

const TimePoint kT0 = TimePoint{} + std::chrono::hours(500000);

TEST(LiveReading, HandsOutAReadingUntilItIsOlderThanMaxAge) {
  LiveReading<std::string> live(milliseconds(250));
  EXPECT_FALSE(live.Fresh(kT0).has_value()) << "nothing offered yet";
  live.Offer("12", 1, kT0, live.Epoch());
  EXPECT_EQ(live.Fresh(kT0 + milliseconds(250)), "12");
  EXPECT_FALSE(live.Fresh(kT0 + milliseconds(251)).has_value());
}

TEST(LiveReading, AnOlderRevisionNeverReplacesANewerOne) {
  LiveReading<std::string> live(milliseconds(250));
  const uint64_t epoch = live.Epoch();
  live.Offer("after batch 7", 7, kT0, epoch);
  live.Offer("read before batch 7", 6, kT0 + milliseconds(1), epoch);  // answered late
  EXPECT_EQ(live.Fresh(kT0 + milliseconds(2)), "after batch 7");
}

TEST(LiveReading, AReadingBegunBeforeAnInvalidationIsRefused) {
  LiveReading<std::string> live(milliseconds(250));
  live.Offer("old", 1, kT0, live.Epoch());
  const uint64_t begun = live.Epoch();  // a read of the store starts
  live.Invalidate();                     // meanwhile this process corrects the count
  EXPECT_FALSE(live.Fresh(kT0).has_value());
  live.Offer("from before the correction", 2, kT0, begun);
  EXPECT_FALSE(live.Fresh(kT0).has_value());
  live.Offer("after", 3, kT0, live.Epoch());
  EXPECT_EQ(live.Fresh(kT0), "after");
}

}  // namespace
}  // namespace cs::crowd
