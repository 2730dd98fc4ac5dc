// One background thread that runs a task every `period` until stopped: the shape the services'
// sweepers, pollers and lease-held jobs share (appeal expiry, the Weibo inbox poller, a venue's
// alert evaluation), written once.
//
// A leased loop runs its task only while it holds a Lease (common/lease.h). Each round it first
// renews its term (or, without one, tries to take the lease), then runs the task with the term's
// fencing token. A failed or refused renewal ends the term at once: `on_lost` is called and the
// task does not run until a new term is granted; the task's writes carry the token, so a store
// refuses them should a round overlap a successor anyway. Stop releases a term it holds, so a
// successor takes over without waiting for the expiry. Choose period well under the lease's
// time to live (a third: three renewals may fail before the term lapses).
//
// Thread-safety: Start/Stop from one owning thread; the task and callbacks run on the loop's
// thread only, never twice at once. holding() may be read from any thread.
//
// Example:
//   PeriodicLoop loop("weibo-inbox", [&] { connector.PollOnce(); }, std::chrono::seconds(30));
//   loop.Start();   // first run one period later
//   ...
//   loop.Stop();    // waits for a run in progress, then joins
//
//   PeriodicLoop alerts("alerts", lease, [&](const LeaseTerm& t) { Evaluate(t.token); }, 1s);
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "common/lease.h"

namespace cs {

// What a leased task is told each round.
struct LeaseTerm {
  int64_t token = 0;   // the fencing token of the current term
  bool first = false;  // first round of this term: load the state the previous holder left
};

class PeriodicLoop {
 public:
  PeriodicLoop(std::string name, std::function<void()> task, std::chrono::milliseconds period);
  // A leased loop; `on_lost` (may be empty) is told when a term ends other than by Stop.
  PeriodicLoop(std::string name, Lease& lease, std::function<void(const LeaseTerm&)> task,
               std::chrono::milliseconds period, std::function<void()> on_lost = nullptr);
  ~PeriodicLoop();  // Stop()
  PeriodicLoop(const PeriodicLoop&) = delete;
  PeriodicLoop& operator=(const PeriodicLoop&) = delete;

  // The first run is one period after Start (a leased loop tries the lease at once). Idempotent
  // while running.
  void Start();
  // As Start, but the first round runs at once on the loop's thread: for timers that came due
  // while nothing ran and should fire now without holding up the caller (case escalation).
  void StartNow();
  // Runs the first round on the caller's thread, then starts as Start does: for a service whose
  // first round must finish before it answers anyone (a closing reset due at start).
  void StartAfterFirstRound();
  // Wakes the thread, waits for a run in progress to finish, releases a held lease, and joins.
  // Idempotent.
  void Stop();

  const std::string& name() const { return name_; }
  // The token of the term held now, 0 when none (always 0 for a loop without a lease). A term
  // counts as held until the lease's ttl after the last successful renewal was sent, never
  // longer: the store started its expiry later than that, so a term this says is held has not
  // expired there (for clocks that run at the same rate), even while renewals hang.
  int64_t holding() const;

 private:
  void Run(bool ask_now);
  void Round();
  void LeasedRound();

  const std::string name_;
  std::function<void()> task_;
  Lease* lease_ = nullptr;
  std::function<void(const LeaseTerm&)> leased_task_;
  std::function<void()> on_lost_;
  const std::chrono::milliseconds period_;
  std::atomic<int64_t> token_{0};  // written by the loop's thread only
  std::atomic<std::chrono::steady_clock::rep> held_until_{0};  // steady_clock, with token_
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

}  // namespace cs
