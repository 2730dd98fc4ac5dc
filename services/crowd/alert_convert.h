// Core alert structs ⇄ crowdsafe.v1 protos, shared by the adapter and the Redis alert store.
//
// Thread-safety: pure functions.
#pragma once

#include "crowdsafe/v1/crowd.pb.h"
#include "services/crowd/core/alert_log.h"

namespace cs::crowd {

crowdsafe::v1::Alert AlertToProto(const Alert& a);
// The inverse, for restoring open alerts after a restart. The rule id travels in message_en's
// prefix ("density.critical: ..."), as the core writes its messages.
Alert AlertFromProto(const crowdsafe::v1::Alert& a);
void TimeToProto(TimePoint t, google::protobuf::Timestamp* out);
TimePoint TimeFromProto(const google::protobuf::Timestamp& t);

}  // namespace cs::crowd
