// PeriodicLoop runs its task repeatedly and stops promptly. The period is 1 ms, and the test
// waits on a condition (the count it needs), never on a fixed sleep.
#include "common/periodic_loop.h"

#include <atomic>
#include <condition_variable>
#include <mutex>

#include "gtest/gtest.h"

namespace cs {
namespace {

TEST(PeriodicLoopTest, RunsRepeatedlyUntilStopped) {
  std::mutex mu;
  std::condition_variable cv;
  int runs = 0;
  PeriodicLoop loop(
      "test",
      [&] {
        std::lock_guard<std::mutex> lock(mu);
        ++runs;
        cv.notify_all();
      },
      std::chrono::milliseconds(1));
  loop.Start();
  {
    std::unique_lock<std::mutex> lock(mu);
    ASSERT_TRUE(cv.wait_for(lock, std::chrono::seconds(10), [&] { return runs >= 3; }));
  }
  loop.Stop();
  int after_stop;
  {
    std::lock_guard<std::mutex> lock(mu);
    after_stop = runs;
  }
  loop.Stop();  // idempotent
  std::lock_guard<std::mutex> lock(mu);
  EXPECT_EQ(runs, after_stop);  // nothing runs once Stop has returned
  EXPECT_EQ(loop.name(), "test");
}

TEST(PeriodicLoopTest, StopBeforeTheFirstPeriodRunsNothing) {
  std::atomic<int> runs{0};
  PeriodicLoop loop("idle", [&] { ++runs; }, std::chrono::hours(1));
  loop.Start();
  loop.Stop();
  EXPECT_EQ(runs.load(), 0);
}

}  // namespace
}  // namespace cs
