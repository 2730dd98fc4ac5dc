// PeriodicLoop runs its task repeatedly and stops promptly. The period is 1 ms, and the test
// waits on a condition (the count it needs), never on a fixed sleep.
#include "common/periodic_loop.h"

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

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


TEST(PeriodicLoopTest, StartAfterFirstRoundReturnsOnceTheFirstRunIsDone) {
  std::atomic<int> runs{0};
  PeriodicLoop loop("eager", [&] { ++runs; }, std::chrono::hours(1));
  loop.StartAfterFirstRound();
  EXPECT_EQ(runs.load(), 1);  // the next run is an hour away
  loop.Stop();
  EXPECT_EQ(runs.load(), 1);
}

TEST(PeriodicLoopTest, StartNowRunsTheFirstRoundAtOnceOnTheLoopsThread) {
  std::mutex mu;
  std::condition_variable cv;
  int runs = 0;
  std::thread::id ran_on;
  PeriodicLoop loop(
      "now",
      [&] {
        std::lock_guard<std::mutex> lock(mu);
        ++runs;
        ran_on = std::this_thread::get_id();
        cv.notify_all();
      },
      std::chrono::hours(1));
  loop.StartNow();
  {
    std::unique_lock<std::mutex> lock(mu);
    // Long before the hour: the first round does not wait for a period.
    ASSERT_TRUE(cv.wait_for(lock, std::chrono::seconds(10), [&] { return runs == 1; }));
    EXPECT_NE(ran_on, std::this_thread::get_id());
  }
  loop.Stop();
  EXPECT_EQ(runs, 1);
}

// A lease whose answers the test sets: what TryAcquire grants and whether Renew succeeds.
class ScriptedLease final : public Lease {
 public:
  absl::StatusOr<std::optional<int64_t>> TryAcquire() override {
    std::lock_guard<std::mutex> lock(mu);
    ++acquires;
    if (!grant) return std::optional<int64_t>();
    return std::optional<int64_t>(next_token);
  }
  absl::StatusOr<bool> Renew(int64_t token) override {
    std::lock_guard<std::mutex> lock(mu);
    if (!renew_ok) return absl::UnavailableError("redis down");
    return token == next_token;
  }
  absl::Status Release(int64_t token) override {
    std::lock_guard<std::mutex> lock(mu);
    released = token;
    return absl::OkStatus();
  }
  const std::string& name() const override { return name_; }
  std::chrono::milliseconds ttl() const override { return ttl_ms; }

  std::chrono::milliseconds ttl_ms{3'600'000};
  std::mutex mu;
  bool grant = false;
  bool renew_ok = true;
  int64_t next_token = 7;
  int acquires = 0;
  int64_t released = 0;

 private:
  std::string name_ = "scripted";
};

// Polls `done` (every millisecond, up to 10 s): for counts kept where no condition variable is.
bool Eventually(const std::function<bool()>& done) {
  for (int i = 0; i < 10000; ++i) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return done();
}

// Collects what the leased task was told, and lets the test wait for a count.
struct Rounds {
  std::mutex mu;
  std::condition_variable cv;
  std::vector<LeaseTerm> terms;
  int lost = 0;
  void Add(const LeaseTerm& t) {
    std::lock_guard<std::mutex> lock(mu);
    terms.push_back(t);
    cv.notify_all();
  }
  void Lost() {
    std::lock_guard<std::mutex> lock(mu);
    ++lost;
    cv.notify_all();
  }
  bool WaitFor(const std::function<bool()>& done) {
    std::unique_lock<std::mutex> lock(mu);
    return cv.wait_for(lock, std::chrono::seconds(10), done);
  }
};

TEST(PeriodicLoopLeaseTest, RunsOnlyWhileHeldAndTellsTheFirstRoundOfATerm) {
  ScriptedLease lease;
  Rounds rounds;
  PeriodicLoop loop(
      "leased", lease, [&](const LeaseTerm& t) { rounds.Add(t); }, std::chrono::milliseconds(1),
      [&] { rounds.Lost(); });
  loop.Start();
  // Not granted: the loop keeps asking and never runs the task.
  ASSERT_TRUE(Eventually([&] {
    std::lock_guard<std::mutex> lock(lease.mu);
    return lease.acquires >= 3;
  }));
  {
    std::lock_guard<std::mutex> lock(rounds.mu);
    EXPECT_TRUE(rounds.terms.empty());
  }
  EXPECT_EQ(loop.holding(), 0);
  {
    std::lock_guard<std::mutex> lock(lease.mu);
    lease.grant = true;
  }
  ASSERT_TRUE(rounds.WaitFor([&] { return rounds.terms.size() >= 3; }));
  {
    std::lock_guard<std::mutex> lock(rounds.mu);
    EXPECT_TRUE(rounds.terms[0].first);
    EXPECT_FALSE(rounds.terms[1].first);
    EXPECT_EQ(rounds.terms[2].token, 7);
  }
  EXPECT_EQ(loop.holding(), 7);
  loop.Stop();
  std::lock_guard<std::mutex> lock(lease.mu);
  EXPECT_EQ(lease.released, 7);  // handed back at once, not left to expire
}

TEST(PeriodicLoopLeaseTest, AFailedRenewalEndsTheTermAndTheTaskStops) {
  ScriptedLease lease;
  lease.grant = true;
  Rounds rounds;
  PeriodicLoop loop(
      "leased", lease, [&](const LeaseTerm& t) { rounds.Add(t); }, std::chrono::milliseconds(1),
      [&] { rounds.Lost(); });
  loop.Start();
  ASSERT_TRUE(rounds.WaitFor([&] { return rounds.terms.size() >= 2; }));
  {
    // Redis unreachable, and meanwhile the lease is given to someone else.
    std::lock_guard<std::mutex> lock(lease.mu);
    lease.renew_ok = false;
    lease.grant = false;
  }
  ASSERT_TRUE(rounds.WaitFor([&] { return rounds.lost == 1; }));
  size_t ran;
  {
    std::lock_guard<std::mutex> lock(rounds.mu);
    ran = rounds.terms.size();
  }
  // The loop goes back to asking; wait for several refused asks, then check nothing ran.
  int asked;
  {
    std::lock_guard<std::mutex> lock(lease.mu);
    asked = lease.acquires;
  }
  ASSERT_TRUE(Eventually([&] {
    std::lock_guard<std::mutex> lock(lease.mu);
    return lease.acquires >= asked + 3;
  }));
  EXPECT_EQ(loop.holding(), 0);
  {
    std::lock_guard<std::mutex> lock(lease.mu);
    lease.grant = true;
    lease.renew_ok = true;
    lease.next_token = 9;
  }
  ASSERT_TRUE(rounds.WaitFor([&] { return rounds.terms.size() > ran; }));
  std::lock_guard<std::mutex> lock(rounds.mu);
  EXPECT_EQ(rounds.terms[ran].token, 9);
  EXPECT_TRUE(rounds.terms[ran].first);  // a new term: the task reloads its state
  EXPECT_EQ(rounds.lost, 1);
}

TEST(PeriodicLoopLeaseTest, ATermCountsAsHeldOnlyForTheTtlAfterTheLastRenewal) {
  ScriptedLease lease;
  lease.grant = true;
  lease.ttl_ms = std::chrono::milliseconds(500);
  int runs = 0;
  // An hour between rounds: nothing renews the term after the first round.
  PeriodicLoop loop("leased", lease, [&](const LeaseTerm&) { ++runs; }, std::chrono::hours(1));
  loop.StartAfterFirstRound();
  EXPECT_EQ(runs, 1);
  EXPECT_EQ(loop.holding(), 7);
  EXPECT_TRUE(Eventually([&] { return loop.holding() == 0; }));
  loop.Stop();
}

}  // namespace
}  // namespace cs
