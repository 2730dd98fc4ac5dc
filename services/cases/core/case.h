// A lost-child case: one missing or found report plus its state, links, guardian check, audit
// trail and escalation bookkeeping. Plain value type; the store keeps it.
// Thread-safety: a plain value; callers synchronise (the store serialises writes per case).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "services/cases/core/report.h"

namespace cs::cases {

enum class CaseKind { kMissing, kFound };
const char* CaseKindName(CaseKind k);  // "missing" | "found"

enum class CaseState {
  kOpen,
  kMatchProposed,
  kMatchConfirmed,
  kGuardianVerified,
  kReunited,
  kClosed,
  kCancelled,
  kDuplicateLinked,
  kPurged,
};
const char* CaseStateName(CaseState s);  // "OPEN", "MATCH_PROPOSED", ...

// Open for matching and escalation: nobody has confirmed a match yet.
inline bool IsActive(CaseState s) {
  return s == CaseState::kOpen || s == CaseState::kMatchProposed;
}

enum class Role { kPatrol, kDesk, kPress, kSystem };
const char* RoleName(Role r);  // "patrol" | "desk" | "press" | "system"

struct Actor {
  std::string id;  // staff id, or "system" for timers
  Role role = Role::kSystem;
};

// One append-only audit line. Holds no personal data: field_read names a field, not its value.
struct AuditEntry {
  TimePoint time;
  std::string actor;
  Role role = Role::kSystem;
  std::string action;      // "transition", "read_restricted", "link", "verify_guardian", "purge"
  std::string from_state;  // empty when not a transition
  std::string to_state;
  std::string field_read;  // e.g. "restricted.guardian_phone"; empty unless a read
  std::string reason;
};

// Guardian identity check before handover. Only a masked number is ever stored.
struct GuardianVerification {
  std::string document_type;  // "resident_id", "passport", "hk_macau_permit", ...
  std::string masked_number;  // "3101**********1234", from MaskIdNumber()
  std::string verifier_id;    // staff id of the officer who checked the document
  TimePoint verified_at;
};

struct Case {
  std::string id;  // "case-123"; unique within the venue
  CaseKind kind = CaseKind::kMissing;
  CaseState state = CaseState::kOpen;
  int64_t version = 0;  // bumped by the store on every write (compare-and-set)

  ChildDescription child;
  std::string zone_id;  // last-seen zone (missing) or found zone (found)
  TimePoint seen_at;    // last-seen time (missing) or found time (found)
  TimePoint filed_at;
  std::string filed_by;  // desk operator or officer
  std::string held_at;   // found: where the child is now
  std::string last_seen_note;  // missing: how the child was lost (free text)
  RestrictedInfo restricted;

  std::vector<std::string> linked_ids;  // duplicates of the same child (PFIF-style links)
  std::string matched_id;               // the confirmed counterpart case, if any
  std::optional<GuardianVerification> guardian;
  std::vector<AuditEntry> audit;
  size_t audit_stored = 0;  // set by the store: audit[0..audit_stored) is already stored

  std::vector<std::string> fired_actions;  // escalation keys already done
  bool appeal_published = false;           // a public appeal went out (a follow-up is owed)
  std::optional<TimePoint> reunited_at;
  std::optional<TimePoint> closed_at;
  bool expired = false;  // personal data purged; placeholder only
};

Case CaseFromMissing(std::string id, const MissingReport& r, TimePoint filed_at);
Case CaseFromFound(std::string id, const FoundReport& r, TimePoint filed_at);

}  // namespace cs::cases
