// The narrow store the case core needs, plus an in-memory implementation for tests and
// benchmarks. The lead implements it on Redis (keys cs:{case:<id>}:*).
// Thread-safety: implementations must be safe for concurrent use. InMemoryCaseStore is.
//
// Atomicity the Redis implementation must give:
//  - Put is compare-and-set on Case::version (WATCH/MULTI or a Lua script): it succeeds only
//    when the stored version equals expected_version (0 = must not exist), then stores the case
//    with version + 1. Acknowledge only after Redis has it (AOF).
//  - AppendAudit is an append (RPUSH) that needs no version: reads of restricted fields are
//    logged without taking the case for writing. Entries are never edited or removed.
//  - ListActive may be eventually consistent (a set of active ids, SADD/SREM in Put's MULTI).
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "services/cases/core/case.h"

namespace cs::cases {

class CaseStore {
 public:
  virtual ~CaseStore() = default;
  // NotFound when absent. The returned case includes its full audit log.
  virtual absl::StatusOr<Case> Get(const std::string& id) const = 0;
  // Compare-and-set, see above. AlreadyExists (expected 0, present), Aborted (version moved).
  // On success returns the new version.
  virtual absl::StatusOr<int64_t> Put(const Case& c, int64_t expected_version) = 0;
  // Appends to the audit log of an existing case; NotFound when absent.
  virtual absl::Status AppendAudit(const std::string& id, const std::vector<AuditEntry>& e) = 0;
  // Ids of cases in an active state (OPEN, MATCH_PROPOSED), for rebuilding the match index
  // and the escalation timers after a restart. An error when the store cannot answer: an empty
  // list would be read as "no active cases" (issue 18: the index started empty).
  virtual absl::StatusOr<std::vector<std::string>> ListActive() const = 0;
};

class InMemoryCaseStore final : public CaseStore {
 public:
  absl::StatusOr<Case> Get(const std::string& id) const override;
  absl::StatusOr<int64_t> Put(const Case& c, int64_t expected_version) override;
  absl::Status AppendAudit(const std::string& id, const std::vector<AuditEntry>& e) override;
  absl::StatusOr<std::vector<std::string>> ListActive() const override;

 private:
  mutable std::mutex mu_;
  std::map<std::string, Case> cases_;  // guarded by mu_
};

}  // namespace cs::cases
