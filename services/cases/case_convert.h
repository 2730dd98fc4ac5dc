// Proto ⇄ core conversions for case-service: actors and roles, states, child descriptions, and
// the role view of a case. Kept apart from the RPC adapter so the adapter reads as the rules it
// applies, and so the escalation loop and the event log build the same messages.
//
// Field names: the core names its own fields in errors; ToProtoField rewrites the path to the
// proto's ("missing.last_seen_zone: ..." → "report.last_seen_zone_id: ...").
//
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/venue.h"
#include "crowdsafe/v1/cases.pb.h"
#include "services/cases/core/access.h"
#include "services/cases/core/case.h"

namespace cs::cases {

absl::Status Bad(std::string message);  // INVALID_ARGUMENT; `message` starts with the field
absl::Status ToProtoField(const absl::Status& s);

absl::StatusOr<Role> RoleFromProto(crowdsafe::v1::Role r);
crowdsafe::v1::Role RoleToProto(Role r);
absl::StatusOr<Actor> ActorFromProto(const crowdsafe::v1::Actor& a);
// Writes that change a case: patrol, desk and timers; press and admin only read.
absl::StatusOr<Actor> Writer(const crowdsafe::v1::Actor& a);

crowdsafe::v1::CaseState StateToProto(CaseState s);
std::optional<CaseState> StateFromProto(crowdsafe::v1::CaseState s);
crowdsafe::v1::CaseState StateFromName(const std::string& name);

absl::Status ChildFromProto(const crowdsafe::v1::ChildDescription& in, ChildDescription* out);
void ChildToProto(const ChildDescription& in, crowdsafe::v1::ChildDescription* out);
void RestrictedFromProto(const crowdsafe::v1::RestrictedPart& in, RestrictedInfo* out);

absl::Status CheckVenue(const std::string& venue_id, const Venue& venue, const char* field);
// 0 zone broadcast, 1 venue-wide, 2 appeal requested (cases.proto Case.escalation_stage).
int EscalationStage(const Case& c);
// An event about `c` with its public description only (never the restricted part); the caller
// sets the zones, gates and whatever else its kind of event carries.
crowdsafe::v1::CaseEvent CaseEventOf(const Case& c, const std::string& venue_id,
                                     crowdsafe::v1::CaseEventType type, TimePoint now);
// Fills `out` from a role view; `c` gives what a view does not carry (bookkeeping only).
void ViewToProto(const Case& c, const CaseView& v, const std::string& venue_id,
                 crowdsafe::v1::Case* out);

}  // namespace cs::cases
