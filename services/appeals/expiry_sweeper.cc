#include "services/appeals/expiry_sweeper.h"

#include "common/logging.h"

namespace cs::appeals {

ExpirySweeper::ExpirySweeper(Sweep sweep, std::chrono::milliseconds period)
    : sweep_(std::move(sweep)), period_(period) {}

ExpirySweeper::~ExpirySweeper() { Stop(); }

void ExpirySweeper::Start() {
  if (thread_.joinable()) return;
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = false;
  }
  thread_ = std::thread([this] { Run(); });
}

void ExpirySweeper::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void ExpirySweeper::Run() {
  std::unique_lock<std::mutex> lock(mu_);
  while (true) {
    // Real time on purpose: this paces background work; what expires is decided by the
    // workflow's Clock.
    if (cv_.wait_for(lock, period_, [this] { return stopping_; })) return;
    lock.unlock();
    auto expired = sweep_();
    if (!expired.ok()) {
      CS_LOG_WARN("appeal expiry sweep failed error={}", expired.status().ToString());
    } else if (*expired > 0) {
      CS_LOG_INFO("appeals expired count={}", *expired);
    }
    lock.lock();
  }
}

}  // namespace cs::appeals
