// Core alert structs ⇄ crowdsafe.v1 protos, shared by the adapter and the Redis alert store.
//
// Thread-safety: pure functions.
#pragma once

#include "common/venue.h"
#include "crowdsafe/v1/crowd.pb.h"
#include "services/crowd/core/alert_log.h"
#include "services/crowd/core/incidents.h"

namespace cs::crowd {

// With the messages in words from the venue's names (core/alert_text.h).
crowdsafe::v1::Alert AlertToProto(const Alert& a, const Venue& venue);
// The inverse, for restoring open alerts after a restart and for grouping incidents. The rule
// id travels in rule_id.
Alert AlertFromProto(const crowdsafe::v1::Alert& a);
// With the current alert's words and the playbook's suggested action.
crowdsafe::v1::Incident IncidentToProto(const Incident& in, const Venue& venue);
void TimeToProto(TimePoint t, google::protobuf::Timestamp* out);
TimePoint TimeFromProto(const google::protobuf::Timestamp& t);

}  // namespace cs::crowd
