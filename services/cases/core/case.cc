#include "services/cases/core/case.h"

namespace cs::cases {

const char* CaseKindName(CaseKind k) { return k == CaseKind::kMissing ? "missing" : "found"; }

const char* CaseStateName(CaseState s) {
  switch (s) {
    case CaseState::kOpen:
      return "OPEN";
    case CaseState::kMatchProposed:
      return "MATCH_PROPOSED";
    case CaseState::kMatchConfirmed:
      return "MATCH_CONFIRMED";
    case CaseState::kGuardianVerified:
      return "GUARDIAN_VERIFIED";
    case CaseState::kReunited:
      return "REUNITED";
    case CaseState::kClosed:
      return "CLOSED";
    case CaseState::kCancelled:
      return "CANCELLED";
    case CaseState::kDuplicateLinked:
      return "DUPLICATE_LINKED";
    case CaseState::kPurged:
      return "PURGED";
  }
  return "UNKNOWN";
}

const char* RoleName(Role r) {
  switch (r) {
    case Role::kPatrol:
      return "patrol";
    case Role::kDesk:
      return "desk";
    case Role::kPress:
      return "press";
    case Role::kSystem:
      return "system";
  }
  return "unknown";
}

Case CaseFromMissing(std::string id, const MissingReport& r, TimePoint filed_at) {
  Case c;
  c.id = std::move(id);
  c.kind = CaseKind::kMissing;
  c.child = r.child;
  c.zone_id = r.last_seen_zone;
  c.seen_at = r.last_seen_at;
  c.last_seen_note = r.last_seen_note;
  c.filed_at = filed_at;
  c.filed_by = r.filed_by;
  c.restricted = r.restricted;
  return c;
}

Case CaseFromFound(std::string id, const FoundReport& r, TimePoint filed_at) {
  Case c;
  c.id = std::move(id);
  c.kind = CaseKind::kFound;
  c.child = r.child;
  c.zone_id = r.found_zone;
  c.seen_at = r.found_at;
  c.filed_at = filed_at;
  c.filed_by = r.officer_id;
  c.held_at = r.held_at;
  c.restricted = r.restricted;
  return c;
}

}  // namespace cs::cases
