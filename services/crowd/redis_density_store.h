// The newest camera estimate of every region of a venue, in one Redis hash
// (cs:{venue:V}:density, field = region id). A report for several regions is stored with one
// HSET, so a frame's regions appear together or not at all.
//
// Thread-safety: as thread-safe as the RedisClient.
#pragma once

#include <vector>

#include "common/redis/redis_client.h"
#include "services/crowd/core/density.h"

namespace cs::crowd {

class RedisDensityStore {
 public:
  explicit RedisDensityStore(RedisClient& redis) : redis_(redis) {}

  absl::Status Put(const std::string& venue, const std::vector<DensityReport>& reports);
  // The newest report of every region that has one.
  absl::StatusOr<std::vector<DensityReport>> Latest(const std::string& venue);

 private:
  RedisClient& redis_;
};

}  // namespace cs::crowd
