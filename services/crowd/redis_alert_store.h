// The alert lifecycle in Redis: every change is appended to a stream (cs:{venue:V}:alerts, the
// stream id is the watchers' cursor) and the newest state of each alert is kept in a hash
// (cs:{venue:V}:alert_state). Both writes go in one script, so a watcher never sees a change
// the list does not, or the reverse.
//
// Replicas (issue 16): every alert has a revision (cs:{venue:V}:alert_rev, also on each stream
// entry as "r"), and every write is a compare-and-set on it, so the lease holder's escalation
// cannot overwrite an acknowledgement another replica stored a moment earlier: the write is
// refused as a conflict and the holder reads the newer state from the stream. The holder's
// writes are also fenced (RecordFenced): refused as a whole once a newer lease term exists.
//
// Thread-safety: as thread-safe as the RedisClient.
#pragma once

#include <map>
#include <optional>
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

  // One change of one alert, to be stored only if the alert's revision is still `expected`
  // (0: the alert must not exist yet).
  struct Write {
    crowdsafe::v1::Alert alert;
    int64_t expected = 0;
  };
  // What RecordFenced did: `fenced` when a newer lease term exists (nothing was written);
  // otherwise per write its new revision, or kConflict when the revision had moved on.
  static constexpr int64_t kConflict = -1;
  struct Recorded {
    bool fenced = false;
    std::vector<int64_t> revisions;
  };
  // The lease holder's writes: the changes (in order) and, when not empty, how far it has read
  // the density log (stored with them, so a successor continues exactly there). `fence_key` and
  // `token` are the lease's (RedisLease::fence_key()).
  absl::StatusOr<Recorded> RecordFenced(const std::string& venue, const std::string& fence_key,
                                        int64_t token, const std::string& density_cursor,
                                        const std::vector<Write>& writes);
  // Any replica's write of one alert (an acknowledgement, an external raise): the new
  // revision, or kConflict.
  absl::StatusOr<int64_t> CompareAndSet(const std::string& venue, const Write& write);
  // The stored state and revision of one alert; nullopt when unknown.
  struct Revised {
    crowdsafe::v1::Alert alert;
    int64_t revision = 0;
  };
  absl::StatusOr<std::optional<Revised>> Get(const std::string& venue, const std::string& id);
  // The revision of every alert, by id.
  absl::StatusOr<std::map<std::string, int64_t>> Revisions(const std::string& venue);
  // Changes after `cursor` with their revisions (for the lease holder's view of other replicas'
  // writes); the pair's first is the stream id.
  absl::StatusOr<std::vector<std::pair<std::string, Revised>>> ChangesAfter(
      const std::string& venue, const std::string& cursor, int64_t count);
  // How far the lease holder has read the density log ("" when no holder has recorded yet).
  absl::StatusOr<std::string> DensityCursor(const std::string& venue);
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
