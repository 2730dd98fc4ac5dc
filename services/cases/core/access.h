// Role-based views of a case. Patrol and press never see the restricted part; the desk does,
// and each restricted field it reads is recorded as an audit entry.
// Thread-safety: pure function over its arguments; safe from any thread.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "services/cases/core/case.h"

namespace cs::cases {

// What one role may see of a case. Restricted fields are empty unless the role may read them.
struct CaseView {
  std::string id;
  CaseKind kind = CaseKind::kMissing;
  CaseState state = CaseState::kOpen;
  ChildDescription child;  // public description
  std::string zone_id;
  TimePoint seen_at;
  TimePoint filed_at;
  std::string held_at;
  std::string last_seen_note;
  std::vector<std::string> linked_ids;
  std::string matched_id;
  bool guardian_verified = false;
  bool expired = false;
  // Desk only (and never for an expired case, whose data is gone):
  std::optional<RestrictedInfo> restricted;
  std::optional<std::string> guardian_masked_number;
};

// Builds the view of `c` for `viewer`. For each non-empty restricted field shown, appends an
// audit entry {action "read_restricted", field_read "restricted.<field>"} to `audit_out`;
// the caller appends those to the case's log in the store (so reads need no case write lock).
CaseView BuildView(const Case& c, const Actor& viewer, TimePoint now,
                   std::vector<AuditEntry>* audit_out);

}  // namespace cs::cases
