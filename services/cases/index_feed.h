// Feeds one replica's MatchIndex from two sources that may race: this replica's own writes (at
// once, after each stored Put) and the IndexFollower (other replicas' writes, read back from
// Redis). Each case is applied only when its stored version is newer than the last one applied,
// so a follower that read a case a moment before a local write cannot put the older profile
// back over the newer one. An active case is upserted, any other state removed.
//
// The versions of removed cases are kept (a few bytes per case ever indexed, bounded by the
// venue's retained cases) so a stale read cannot bring a closed case back.
//
// Thread-safety: thread-safe; one mutex orders the version check with the index update.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "services/cases/core/case.h"
#include "services/cases/core/matcher.h"

namespace cs::cases {

class IndexFeed {
 public:
  explicit IndexFeed(MatchIndex& index) : index_(index) {}

  // Applies `c` as stored at `c.version`. True when it changed the index (newer than what was
  // applied), false when an equal or newer version was applied before.
  bool Apply(const Case& c);
  // The case is not in the store (its data was deleted by hand): drops it from the index. Its
  // version stays, so a stale read cannot bring it back either.
  void Drop(const std::string& case_id);
  // Ids now in the index, for a full resync to re-read (one closed elsewhere has left the
  // store's active set, and must still be removed here).
  std::vector<std::string> IndexedIds() const;
  // The last version applied for `case_id`, 0 when none (the lag benchmark waits on it).
  int64_t AppliedVersion(const std::string& case_id) const;

 private:
  MatchIndex& index_;
  mutable std::mutex mu_;
  struct Applied {
    int64_t version = 0;
    bool indexed = false;
  };
  std::unordered_map<std::string, Applied> applied_ ABSL_GUARDED_BY(mu_);
};

}  // namespace cs::cases
