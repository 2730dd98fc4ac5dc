// The case state machine, guardian verification before handover, duplicate links, and the ID
// masking helper. Every change appends an audit entry to the case.
// Thread-safety: functions mutate the Case passed in; callers serialise per case.
//
//   OPEN -> MATCH_PROPOSED -> MATCH_CONFIRMED -> GUARDIAN_VERIFIED -> REUNITED -> CLOSED -> PURGED
//   MATCH_PROPOSED -> OPEN (rejected);  MATCH_CONFIRMED -> OPEN (undone)
//   OPEN | MATCH_PROPOSED | MATCH_CONFIRMED -> CANCELLED -> CLOSED
//   OPEN | MATCH_PROPOSED -> DUPLICATE_LINKED -> CLOSED
#pragma once

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "services/cases/core/case.h"

namespace cs::cases {

bool IsLegalTransition(CaseState from, CaseState to);

// Moves `c` to `to`, appending an audit entry. FailedPrecondition for an illegal transition
// or for GUARDIAN_VERIFIED / REUNITED without a recorded guardian verification (use
// VerifyGuardian for the former). Sets reunited_at / closed_at as it goes.
absl::Status Transition(Case& c, CaseState to, const Actor& actor, TimePoint now,
                        std::string reason);

// Masks a full ID number keeping the first 4 and last 4 characters:
// "310101199001011234" -> "3101**********1234". Shorter numbers keep at most the last 2.
// The input is not stored anywhere; InvalidArgument("id_number: ...") for non-ASCII input.
absl::StatusOr<std::string> MaskIdNumber(std::string_view full_number);

// True when `masked` looks masked: ASCII, at least half its characters '*', at most 8 visible.
bool IsMasked(std::string_view masked);

// Records the guardian check and moves MATCH_CONFIRMED -> GUARDIAN_VERIFIED. The number must
// already be masked (InvalidArgument "guardian.masked_number: is not masked" otherwise: a
// full number never reaches the store). document_type and verifier_id are required.
absl::Status VerifyGuardian(Case& c, GuardianVerification v, const Actor& actor, TimePoint now);

// A person picked a candidate from the matcher: both cases go OPEN -> MATCH_PROPOSED and
// point at each other (matched_id). InvalidArgument unless one is missing and one found;
// FailedPrecondition unless both are OPEN. Nothing is merged.
absl::Status ProposeMatch(Case& missing, Case& found, const Actor& actor, TimePoint now);

// A person confirmed the proposal (MATCH_PROPOSED -> MATCH_CONFIRMED on both). The pair must
// be the proposed one (FailedPrecondition otherwise). Escalation stops for both cases.
absl::Status ConfirmMatch(Case& missing, Case& found, const Actor& actor, TimePoint now);

// Links two reports of the same child (PFIF linked_person_record_id): both keep their data,
// each lists the other, and `duplicate` moves to DUPLICATE_LINKED. InvalidArgument when the
// kinds differ or ids are equal; FailedPrecondition when `duplicate` is not active.
absl::Status LinkDuplicate(Case& keep, Case& duplicate, const Actor& actor, TimePoint now);

// A patrol officer's answer to a lost-child broadcast.
enum class BroadcastResponse { kSearching, kSeen, kFound };
const char* BroadcastResponseName(BroadcastResponse r);  // "searching" | "seen" | "found"

// Appends a "broadcast_response" audit entry (the officer, the answer, their zone and note) to
// a missing report that is still being searched for (OPEN or MATCH_PROPOSED); the state does
// not change. FailedPrecondition for a found report or a case past that point; InvalidArgument
// ("note: ...") for a note over 200 bytes. The caller checks that the zone exists.
absl::Status RecordBroadcastResponse(Case& c, BroadcastResponse r, const std::string& zone_id,
                                     const std::string& note, const Actor& actor, TimePoint now);

}  // namespace cs::cases
