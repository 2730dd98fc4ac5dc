// Shares a venue's cameras out among the vision workers that are alive (issue 16): one lease per
// camera (cs:{venue:V}:lease:camera:<id>, common/redis/redis_lease.h), so each camera is read by
// exactly one worker, and a fair share per worker, so that the cameras spread out. Every worker
// is configured with all cameras; Round() (from a PeriodicLoop, every ttl/5) announces the
// worker in cs:{venue:V}:vision_workers (a sorted set of last-seen times), renews its cameras,
// gives back one camera when it holds more than ceil(cameras / live workers), and takes free
// ones up to that share. A dead worker's cameras become free when their leases run out (ttl);
// by then it has also dropped out of the live set, so the survivors' share grows to cover them:
// taken over within ttl + one round.
//
// Holds() is false from the moment a term may have run out (ttl after the last renewal was
// sent), so a worker cut off from Redis stops reading before another may start.
//
// Thread-safety: Round and ReleaseAll from one thread (the loop's); Holds and Held from any.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/redis/redis_client.h"
#include "common/redis/redis_lease.h"

namespace cs::vision {

class CameraAssignment {
 public:
  CameraAssignment(RedisClient& redis, const std::string& venue, std::string worker,
                   const std::vector<std::string>& cameras,
                   std::chrono::milliseconds ttl = std::chrono::seconds(5));

  void Round();
  // Gives every held camera back at once (a clean shutdown hands over without the ttl).
  void ReleaseAll();

  bool Holds(const std::string& camera) const;
  std::vector<std::string> Held() const;
  // ceil(cameras / live workers) as of the last round.
  int share() const { return share_.load(); }
  std::chrono::milliseconds ttl() const { return ttl_; }

 private:
  struct Slot {
    std::string camera;
    std::unique_ptr<RedisLease> lease;
    std::atomic<int64_t> token{0};
    std::atomic<std::chrono::steady_clock::rep> valid_until{0};
  };
  absl::StatusOr<int64_t> LiveWorkers();
  bool Renew(Slot& slot);
  bool Take(Slot& slot);
  void Drop(Slot& slot);

  RedisClient& redis_;
  const std::string workers_key_;
  const std::string worker_;
  const std::chrono::milliseconds ttl_;
  std::vector<std::unique_ptr<Slot>> slots_;  // fixed after construction
  size_t first_try_ = 0;  // where this worker starts looking for free cameras
  std::atomic<int> share_{0};
};

}  // namespace cs::vision
