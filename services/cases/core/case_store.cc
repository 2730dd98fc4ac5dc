#include "services/cases/core/case_store.h"

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace cs::cases {

absl::StatusOr<Case> InMemoryCaseStore::Get(const std::string& id) const {
  std::lock_guard lock(mu_);
  auto it = cases_.find(id);
  if (it == cases_.end()) return absl::NotFoundError("case_id: no such case");
  Case c = it->second;
  c.audit_stored = c.audit.size();
  return c;
}

absl::StatusOr<int64_t> InMemoryCaseStore::Put(const Case& c, int64_t expected_version) {
  if (c.id.empty()) return absl::InvalidArgumentError("case.id: is required");
  std::lock_guard lock(mu_);
  auto it = cases_.find(c.id);
  if (expected_version == 0) {
    if (it != cases_.end())
      return absl::AlreadyExistsError(absl::StrCat("case_id: ", c.id, " already exists"));
    Case stored = c;
    stored.version = 1;
    stored.audit_stored = 0;
    cases_.emplace(c.id, std::move(stored));
    return 1;
  }
  if (it == cases_.end()) return absl::NotFoundError("case_id: no such case");
  if (it->second.version != expected_version)
    return absl::AbortedError(
        absl::StrCat("case.version: expected ", expected_version, ", stored ", it->second.version));
  // The log only grows: entries appended by others since the caller read the case stay, and
  // the caller's new entries (past audit_stored) are added after them.
  std::vector<AuditEntry> audit = std::move(it->second.audit);
  for (size_t i = std::min(c.audit_stored, c.audit.size()); i < c.audit.size(); ++i)
    audit.push_back(c.audit[i]);
  it->second = c;
  it->second.audit = std::move(audit);
  it->second.version = expected_version + 1;
  return it->second.version;
}

absl::Status InMemoryCaseStore::AppendAudit(const std::string& id,
                                            const std::vector<AuditEntry>& e) {
  std::lock_guard lock(mu_);
  auto it = cases_.find(id);
  if (it == cases_.end()) return absl::NotFoundError("case_id: no such case");
  it->second.audit.insert(it->second.audit.end(), e.begin(), e.end());
  return absl::OkStatus();
}

absl::StatusOr<std::vector<std::string>> InMemoryCaseStore::ListActive() const {
  std::lock_guard lock(mu_);
  std::vector<std::string> out;
  for (const auto& [id, c] : cases_)
    if (IsActive(c.state)) out.push_back(id);
  return out;
}

}  // namespace cs::cases
