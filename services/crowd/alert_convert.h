// Core alert structs ⇄ crowdsafe.v1 protos, shared by the adapter and the Redis alert store.
//
// Thread-safety: pure functions.
#pragma once

#include "crowdsafe/v1/crowd.pb.h"
#include "services/crowd/core/alert_log.h"

namespace cs::crowd {

crowdsafe::v1::Alert AlertToProto(const Alert& a);
void TimeToProto(TimePoint t, google::protobuf::Timestamp* out);
TimePoint TimeFromProto(const google::protobuf::Timestamp& t);

}  // namespace cs::crowd
