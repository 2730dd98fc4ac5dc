// The sweeper calls its sweep repeatedly, survives a failing sweep, and stops promptly.
#include "services/appeals/expiry_sweeper.h"

#include <gtest/gtest.h>

#include <atomic>

namespace cs::appeals {
namespace {

using namespace std::chrono_literals;

TEST(ExpirySweeperTest, SweepsRepeatedlyThroughFailuresUntilStopped) {
  std::mutex mu;
  std::condition_variable cv;
  int calls = 0;
  ExpirySweeper sweeper(
      [&]() -> absl::StatusOr<int> {
        std::lock_guard<std::mutex> lock(mu);
        ++calls;
        cv.notify_all();
        // Every other sweep fails, as while Redis is down; the sweeper must carry on.
        if (calls % 2 == 1) return absl::UnavailableError("redis down");
        return calls;
      },
      1ms);
  sweeper.Start();
  {
    std::unique_lock<std::mutex> lock(mu);
    ASSERT_TRUE(cv.wait_for(lock, 10s, [&] { return calls >= 4; })) << "calls=" << calls;
  }
  sweeper.Stop();
  int after_stop;
  {
    std::lock_guard<std::mutex> lock(mu);
    after_stop = calls;
  }
  sweeper.Stop();  // idempotent
  std::lock_guard<std::mutex> lock(mu);
  EXPECT_EQ(calls, after_stop);
}

TEST(ExpirySweeperTest, StopBeforeTheFirstPeriodNeverSweeps) {
  std::atomic<int> calls{0};
  ExpirySweeper sweeper([&]() -> absl::StatusOr<int> { return ++calls; }, 1h);
  sweeper.Start();
  sweeper.Stop();
  EXPECT_EQ(calls.load(), 0);
}

}  // namespace
}  // namespace cs::appeals
