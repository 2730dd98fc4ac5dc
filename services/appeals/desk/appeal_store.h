// Narrow storage for appeals, plus an in-memory version for tests and single-process runs.
// Thread-safety: implementations must be safe to call from several threads.
//
// Atomicity the Redis implementation must give: Create is SET-if-absent on one key
// (cs:{appeal:<id>}); Update is compare-and-set on `revision` (WATCH/MULTI or a Lua script) and
// writes the whole record, so a transition and its audit entry land together or not at all.
// ListIdsInStates may read a per-state set index updated in the same transaction.
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "services/appeals/desk/appeal.h"

namespace cs::appeals {

class AppealStore {
 public:
  virtual ~AppealStore() = default;
  // AlreadyExists if the id is taken. Sets revision to 1.
  virtual absl::Status Create(Appeal appeal) = 0;
  // NotFound if absent.
  virtual absl::StatusOr<Appeal> Get(const std::string& id) const = 0;
  // Writes `appeal` only if the stored revision equals appeal.revision; the stored copy then has
  // revision + 1. Aborted on a concurrent change, NotFound if absent.
  virtual absl::Status Update(const Appeal& appeal) = 0;
  // Ids of appeals currently in any of `states` (for expiry sweeps and dashboard lists).
  virtual std::vector<std::string> ListIdsInStates(
      const std::vector<AppealState>& states) const = 0;
};

class InMemoryAppealStore final : public AppealStore {
 public:
  absl::Status Create(Appeal appeal) override;
  absl::StatusOr<Appeal> Get(const std::string& id) const override;
  absl::Status Update(const Appeal& appeal) override;
  std::vector<std::string> ListIdsInStates(const std::vector<AppealState>& states) const override;

 private:
  mutable std::mutex mu_;
  std::map<std::string, Appeal> appeals_ ABSL_GUARDED_BY(mu_);
};

}  // namespace cs::appeals
