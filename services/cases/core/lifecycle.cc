#include "services/cases/core/lifecycle.h"

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace cs::cases {

bool IsLegalTransition(CaseState from, CaseState to) {
  using S = CaseState;
  switch (from) {
    case S::kOpen:
      return to == S::kMatchProposed || to == S::kCancelled || to == S::kDuplicateLinked;
    case S::kMatchProposed:
      return to == S::kMatchConfirmed || to == S::kOpen || to == S::kCancelled ||
             to == S::kDuplicateLinked;
    case S::kMatchConfirmed:
      return to == S::kGuardianVerified || to == S::kOpen || to == S::kCancelled;
    case S::kGuardianVerified:
      return to == S::kReunited;
    case S::kReunited:
    case S::kCancelled:
    case S::kDuplicateLinked:
      return to == S::kClosed;
    case S::kClosed:
      return to == S::kPurged;
    case S::kPurged:
      return false;
  }
  return false;
}

absl::Status Transition(Case& c, CaseState to, const Actor& actor, TimePoint now,
                        std::string reason) {
  if (!IsLegalTransition(c.state, to))
    return absl::FailedPreconditionError(
        absl::StrCat("state: cannot go from ", CaseStateName(c.state), " to ", CaseStateName(to)));
  if ((to == CaseState::kGuardianVerified || to == CaseState::kReunited) && !c.guardian)
    return absl::FailedPreconditionError(
        "guardian: handover needs a verified guardian first (VerifyGuardian)");
  c.audit.push_back({now, actor.id, actor.role, "transition", CaseStateName(c.state),
                     CaseStateName(to), "", std::move(reason)});
  c.state = to;
  if (to == CaseState::kReunited) c.reunited_at = now;
  if (to == CaseState::kClosed) c.closed_at = now;
  if (to == CaseState::kOpen) c.matched_id.clear();
  return absl::OkStatus();
}

absl::StatusOr<std::string> MaskIdNumber(std::string_view full) {
  if (full.empty()) return absl::InvalidArgumentError("id_number: is required");
  for (char ch : full) {
    if (static_cast<unsigned char>(ch) >= 0x80 || ch < 0x20)
      return absl::InvalidArgumentError("id_number: must be printable ASCII");
  }
  std::string out(full);
  // Long enough (resident IDs are 18, passports ~9): keep 4 + 4; else only the last 2.
  const size_t keep_head = full.size() >= 12 ? 4 : 0;
  const size_t keep_tail = full.size() >= 12 ? 4 : std::min<size_t>(2, full.size() / 3);
  for (size_t i = keep_head; i + keep_tail < full.size(); ++i) out[i] = '*';
  return out;
}

bool IsMasked(std::string_view m) {
  if (m.empty()) return false;
  size_t stars = 0;
  for (char ch : m) {
    if (static_cast<unsigned char>(ch) >= 0x80) return false;
    if (ch == '*') ++stars;
  }
  return stars * 2 >= m.size() && m.size() - stars <= 8;
}

absl::Status VerifyGuardian(Case& c, GuardianVerification v, const Actor& actor, TimePoint now) {
  if (v.document_type.empty() || v.document_type.size() > 40)
    return absl::InvalidArgumentError("guardian.document_type: is required (at most 40 chars)");
  if (!IsMasked(v.masked_number))
    return absl::InvalidArgumentError("guardian.masked_number: is not masked");
  if (v.verifier_id.empty() || v.verifier_id.size() > 100)
    return absl::InvalidArgumentError("guardian.verifier_id: is required");
  if (!IsLegalTransition(c.state, CaseState::kGuardianVerified))
    return absl::FailedPreconditionError(
        absl::StrCat("state: guardian can be verified only after a confirmed match, not in ",
                     CaseStateName(c.state)));
  v.verified_at = now;
  c.audit.push_back(
      {now, actor.id, actor.role, "verify_guardian", "", "", "", "document " + v.document_type});
  c.guardian = std::move(v);
  return Transition(c, CaseState::kGuardianVerified, actor, now, "guardian verified");
}

namespace {

absl::Status CheckPair(const Case& missing, const Case& found) {
  if (missing.kind != CaseKind::kMissing || found.kind != CaseKind::kFound)
    return absl::InvalidArgumentError("match: needs one missing and one found report");
  return absl::OkStatus();
}

}  // namespace

absl::Status ProposeMatch(Case& missing, Case& found, const Actor& actor, TimePoint now) {
  if (auto s = CheckPair(missing, found); !s.ok()) return s;
  if (missing.state != CaseState::kOpen || found.state != CaseState::kOpen)
    return absl::FailedPreconditionError("state: both cases must be OPEN to propose a match");
  missing.matched_id = found.id;
  found.matched_id = missing.id;
  (void)Transition(missing, CaseState::kMatchProposed, actor, now, "proposed with " + found.id);
  (void)Transition(found, CaseState::kMatchProposed, actor, now, "proposed with " + missing.id);
  return absl::OkStatus();
}

absl::Status ConfirmMatch(Case& missing, Case& found, const Actor& actor, TimePoint now) {
  if (auto s = CheckPair(missing, found); !s.ok()) return s;
  if (missing.state != CaseState::kMatchProposed || found.state != CaseState::kMatchProposed ||
      missing.matched_id != found.id || found.matched_id != missing.id)
    return absl::FailedPreconditionError("state: these two cases are not a proposed match");
  (void)Transition(missing, CaseState::kMatchConfirmed, actor, now, "confirmed with " + found.id);
  (void)Transition(found, CaseState::kMatchConfirmed, actor, now, "confirmed with " + missing.id);
  return absl::OkStatus();
}

absl::Status LinkDuplicate(Case& keep, Case& duplicate, const Actor& actor, TimePoint now) {
  if (keep.id == duplicate.id)
    return absl::InvalidArgumentError("duplicate: cannot link a case to itself");
  if (keep.kind != duplicate.kind)
    return absl::InvalidArgumentError("duplicate: only reports of the same kind are linked");
  if (!IsLegalTransition(duplicate.state, CaseState::kDuplicateLinked))
    return absl::FailedPreconditionError(
        absl::StrCat("duplicate.state: cannot link in ", CaseStateName(duplicate.state)));
  auto add = [](std::vector<std::string>& v, const std::string& id) {
    if (std::find(v.begin(), v.end(), id) == v.end()) v.push_back(id);
  };
  add(keep.linked_ids, duplicate.id);
  add(duplicate.linked_ids, keep.id);
  keep.audit.push_back(
      {now, actor.id, actor.role, "link", "", "", "", "linked duplicate " + duplicate.id});
  return Transition(duplicate, CaseState::kDuplicateLinked, actor, now, "duplicate of " + keep.id);
}

const char* BroadcastResponseName(BroadcastResponse r) {
  switch (r) {
    case BroadcastResponse::kSearching: return "searching";
    case BroadcastResponse::kSeen: return "seen";
    case BroadcastResponse::kFound: return "found";
  }
  return "searching";
}

absl::Status RecordBroadcastResponse(Case& c, BroadcastResponse r, const std::string& zone_id,
                                     const std::string& note, const Actor& actor, TimePoint now) {
  if (note.size() > 200) return absl::InvalidArgumentError("note: at most 200 bytes");
  if (c.kind != CaseKind::kMissing)
    return absl::FailedPreconditionError("case_id: broadcasts are sent for missing reports only");
  if (c.state != CaseState::kOpen && c.state != CaseState::kMatchProposed)
    return absl::FailedPreconditionError(
        absl::StrCat("state: the search has ended (", CaseStateName(c.state), ")"));
  std::string reason = BroadcastResponseName(r);
  if (!zone_id.empty()) absl::StrAppend(&reason, " in ", zone_id);
  if (!note.empty()) absl::StrAppend(&reason, ": ", note);
  c.audit.push_back({now, actor.id, actor.role, "broadcast_response", "", "", "", reason});
  return absl::OkStatus();
}

}  // namespace cs::cases
