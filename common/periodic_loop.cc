#include "common/periodic_loop.h"

#include <utility>

namespace cs {

PeriodicLoop::PeriodicLoop(std::string name, std::function<void()> task,
                           std::chrono::milliseconds period)
    : name_(std::move(name)), task_(std::move(task)), period_(period) {}

PeriodicLoop::~PeriodicLoop() { Stop(); }

void PeriodicLoop::Start() {
  if (thread_.joinable()) return;
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = false;
  }
  thread_ = std::thread([this] { Run(); });
}

void PeriodicLoop::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void PeriodicLoop::Run() {
  std::unique_lock<std::mutex> lock(mu_);
  while (true) {
    // Real time on purpose: this paces background work. What a task decides (what expires,
    // when a backoff ends) comes from the task's own injected Clock.
    if (cv_.wait_for(lock, period_, [this] { return stopping_; })) return;
    lock.unlock();
    task_();
    lock.lock();
  }
}

}  // namespace cs
