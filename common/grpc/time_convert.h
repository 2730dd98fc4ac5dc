// cs::TimePoint ⇄ google.protobuf.Timestamp, at millisecond precision (all our clocks and
// Redis stream ids are milliseconds).
//
// Thread-safety: pure functions. CheckProtoTimes is in time_convert.cc (cs_grpc_host).
#pragma once

#include <google/protobuf/message.h>
#include <google/protobuf/timestamp.pb.h>

#include <string>
#include <string_view>

#include "absl/status/status.h"
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

// The years a crowdsafe time can mean. Beyond them a TimePoint (nanoseconds in an int64) would
// wrap past 2262, and no gate event, report or alert is that old or that far ahead.
inline constexpr int64_t kEarliestSeconds = 946684800;   // 2000-01-01T00:00:00Z
inline constexpr int64_t kLatestSeconds = 4102444800;    // 2100-01-01T00:00:00Z

// OK when `t` is a valid google.protobuf.Timestamp (nanos in [0, 1e9)) in 2000-2099; otherwise
// INVALID_ARGUMENT naming `field`, without the value. Check before FromProtoTime.
inline absl::Status CheckProtoTime(const google::protobuf::Timestamp& t, std::string_view field) {
  if (t.nanos() < 0 || t.nanos() > 999'999'999) {
    return absl::InvalidArgumentError(std::string(field) + ": nanos must be in [0, 999999999]");
  }
  if (t.seconds() < kEarliestSeconds || t.seconds() >= kLatestSeconds) {
    return absl::InvalidArgumentError(std::string(field) +
                                      ": must be between 2000-01-01 and 2099-12-31 (UTC)");
  }
  return absl::OkStatus();
}

// CheckProtoTime for every google.protobuf.Timestamp set anywhere in `request` (nested and
// repeated messages included), the field named by its proto path ("report.last_seen_at",
// "candidates[2].seen_at"). The first bad one is the answer. For a service's request handler:
// every time a client sends is checked before any is converted (issue 18: 2999 stored as 1829).
absl::Status CheckProtoTimes(const google::protobuf::Message& request);

// The wall clock now, as a Timestamp (clients and tests stamping events).
inline google::protobuf::Timestamp ProtoNow() { return ToProtoTime(SystemClock().Now()); }

}  // namespace cs
