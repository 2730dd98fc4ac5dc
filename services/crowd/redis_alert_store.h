// The alert lifecycle in Redis: every change is appended to a stream (cs:{venue:V}:alerts, the
// stream id is the watchers' cursor) and the newest state of each alert is kept in a hash
// (cs:{venue:V}:alert_state). Both writes go in one MULTI/EXEC, so a watcher never sees a change
// the list does not, or the reverse.
//
// Thread-safety: as thread-safe as the RedisClient.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "common/clock.h"
#include "common/redis/redis_client.h"
#include "crowdsafe/v1/crowd.pb.h"

namespace cs::crowd {

class RedisAlertStore {
 public:
  explicit RedisAlertStore(RedisClient& redis) : redis_(redis) {}

  absl::Status Append(const std::string& venue, const std::vector<crowdsafe::v1::Alert>& changes);
  // Changes after `cursor` ("" or "0" for all), oldest first, with their cursors.
  absl::StatusOr<std::vector<std::pair<std::string, crowdsafe::v1::Alert>>> After(
      const std::string& venue, const std::string& cursor, int64_t count);
  // The cursor of the newest change ("0" when none): "from now" for a new watcher.
  absl::StatusOr<std::string> LastCursor(const std::string& venue);
  absl::StatusOr<std::vector<crowdsafe::v1::Alert>> Current(const std::string& venue);
  // Every change recorded in [from, to) (stream ids are millisecond times), oldest first.
  absl::StatusOr<std::vector<crowdsafe::v1::Alert>> Between(const std::string& venue,
                                                            TimePoint from, TimePoint to);

 private:
  RedisClient& redis_;
};

}  // namespace cs::crowd
