// One background thread that runs a task every `period` until stopped: the shape the services'
// sweepers and pollers share (appeal expiry, the Weibo inbox poller), written once.
// Thread-safety: Start/Stop from one owning thread; the task runs on the loop's thread only,
// never twice at once.
//
// Example:
//   PeriodicLoop loop("weibo-inbox", [&] { connector.PollOnce(); }, std::chrono::seconds(30));
//   loop.Start();   // first run one period later
//   ...
//   loop.Stop();    // waits for a run in progress, then joins
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "absl/base/thread_annotations.h"

namespace cs {

class PeriodicLoop {
 public:
  PeriodicLoop(std::string name, std::function<void()> task, std::chrono::milliseconds period);
  ~PeriodicLoop();  // Stop()
  PeriodicLoop(const PeriodicLoop&) = delete;
  PeriodicLoop& operator=(const PeriodicLoop&) = delete;

  // The first run is one period after Start. Idempotent while running.
  void Start();
  // Wakes the thread, waits for a run in progress to finish, and joins. Idempotent.
  void Stop();

  const std::string& name() const { return name_; }

 private:
  void Run();

  const std::string name_;
  std::function<void()> task_;
  const std::chrono::milliseconds period_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

}  // namespace cs
