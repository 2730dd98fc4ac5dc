// The newest camera estimate of every region of a venue, in one Redis hash
// (cs:{venue:V}:density, field = region id). A report for several regions is stored with one
// HSET, so a frame's regions appear together or not at all. Every report is also appended to
// the venue's density log (cs:{venue:V}:density_log, a stream) in the same MULTI, so that the
// replica holding the venue's alert lease evaluates the reports that reached any replica, in
// the order they were stored (issue 16).
//
// Thread-safety: as thread-safe as the RedisClient.
#pragma once

#include <string>
#include <utility>
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
  // Logged reports after `cursor` ("0" for all), oldest first, each with its stream id.
  absl::StatusOr<std::vector<std::pair<std::string, DensityReport>>> After(
      const std::string& venue, const std::string& cursor, int64_t count);
  // The id of the newest logged report, "0" when none.
  absl::StatusOr<std::string> LastCursor(const std::string& venue);

 private:
  RedisClient& redis_;
};

}  // namespace cs::crowd
