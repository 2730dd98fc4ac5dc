#include "common/periodic_loop.h"

#include <utility>

namespace cs {

PeriodicLoop::PeriodicLoop(std::string name, std::function<void()> task,
                           std::chrono::milliseconds period)
    : name_(std::move(name)), task_(std::move(task)), period_(period) {}

PeriodicLoop::PeriodicLoop(std::string name, Lease& lease,
                           std::function<void(const LeaseTerm&)> task,
                           std::chrono::milliseconds period, std::function<void()> on_lost)
    : name_(std::move(name)),
      lease_(&lease),
      leased_task_(std::move(task)),
      on_lost_(std::move(on_lost)),
      period_(period) {}

PeriodicLoop::~PeriodicLoop() { Stop(); }

void PeriodicLoop::Start() {
  if (thread_.joinable()) return;
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = false;
  }
  // A leased loop asks at once, so a replica starting alone takes its job without a period's
  // delay; a plain loop keeps its first run one period after Start.
  thread_ = std::thread([this] { Run(lease_ != nullptr); });
}

void PeriodicLoop::StartNow() {
  if (thread_.joinable()) return;
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = false;
  }
  thread_ = std::thread([this] { Run(/*ask_now=*/true); });
}

void PeriodicLoop::StartAfterFirstRound() {
  if (thread_.joinable()) return;
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = false;
  }
  Round();  // no thread yet, so never concurrent with another round
  thread_ = std::thread([this] { Run(false); });
}

void PeriodicLoop::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
  if (lease_ != nullptr && token_.load() != 0) {
    // Best effort: when Redis cannot be reached, the term simply runs out.
    (void)lease_->Release(token_.load());
    token_ = 0;
  }
}

int64_t PeriodicLoop::holding() const {
  if (std::chrono::steady_clock::now().time_since_epoch().count() >= held_until_.load()) return 0;
  return token_.load();
}

void PeriodicLoop::LeasedRound() {
  int64_t held = token_.load();
  bool first = false;
  // Taken before the call: the store's expiry starts when it receives it, later than this.
  const auto sent = std::chrono::steady_clock::now();
  if (held != 0) {
    auto renewed = lease_->Renew(held);
    if (!renewed.ok() || !*renewed) {
      // Unknown counts as lost: a successor may already be working, and the fencing token makes
      // any write still in flight harmless. The next round asks for the lease again.
      token_ = 0;
      if (on_lost_) on_lost_();
      return;
    }
  } else {
    auto granted = lease_->TryAcquire();
    if (!granted.ok() || !granted->has_value()) return;
    held = **granted;
    token_ = held;
    first = true;
  }
  held_until_ = (sent + lease_->ttl()).time_since_epoch().count();
  leased_task_(LeaseTerm{held, first});
}

void PeriodicLoop::Round() {
  if (lease_ != nullptr) {
    LeasedRound();
  } else {
    task_();
  }
}

void PeriodicLoop::Run(bool ask_now) {
  std::unique_lock<std::mutex> lock(mu_);
  while (true) {
    // Real time on purpose: this paces background work. What a task decides (what expires,
    // when a backoff ends) comes from the task's own injected Clock.
    if (!ask_now && cv_.wait_for(lock, period_, [this] { return stopping_; })) return;
    if (stopping_) return;
    ask_now = false;
    lock.unlock();
    Round();
    lock.lock();
  }
}

}  // namespace cs
