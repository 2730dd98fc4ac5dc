// cs::TimePoint ⇄ google.protobuf.Timestamp, at millisecond precision (all our clocks and
// Redis stream ids are milliseconds).
//
// Thread-safety: pure functions.
#pragma once

#include <google/protobuf/timestamp.pb.h>

#include "common/clock.h"

namespace cs {

inline google::protobuf::Timestamp ToProtoTime(TimePoint t) {
  int64_t ms = ToMillis(t);
  google::protobuf::Timestamp out;
  out.set_seconds(ms >= 0 ? ms / 1000 : (ms - 999) / 1000);
  out.set_nanos(static_cast<int32_t>((ms - out.seconds() * 1000) * 1'000'000));
  return out;
}

inline TimePoint FromProtoTime(const google::protobuf::Timestamp& t) {
  return FromMillis(t.seconds() * 1000 + t.nanos() / 1'000'000);
}

// The wall clock now, as a Timestamp (clients and tests stamping events).
inline google::protobuf::Timestamp ProtoNow() { return ToProtoTime(SystemClock().Now()); }

}  // namespace cs
