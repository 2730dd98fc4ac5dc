// The one codec for the records the stores keep in Redis as opaque strings (appeals, inbox
// messages, answers, cases, audit entries): a small length-prefixed text format, binary-safe,
// needing neither protobuf nor JSON. Each record starts with a tag naming its type and format
// version ("appeal/2", "case4"); a store refuses a tag it does not know rather than misread it,
// and reads every older version it ever wrote.
//
// Tokens: a string is "<length>:<bytes>"; an integer is "<decimal>;". Case records before
// case4 wrote integers as strings of digits ("2:42"): RecordReader::Int reads both forms, so
// those records still read.
//
// Example:
//   RecordWriter w("thing/1");  w.Str(t.name);  w.Int(t.count);  std::string blob = w.Finish();
//   RecordReader r(blob);  if (r.Str() != "thing/1") ...;  t.name = r.Str();  t.count = r.Int();
//   if (!r.ok() || !r.done()) return absl::DataLossError("thing: stored record is malformed");
//
// Thread-safety: plain values; one writer or reader per record.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"

namespace cs {

class RecordWriter {
 public:
  RecordWriter() = default;
  explicit RecordWriter(std::string_view tag) { Str(tag); }

  void Str(std::string_view s);
  void Int(int64_t v);
  void Bool(bool b) { Int(b ? 1 : 0); }
  void Dbl(double v);  // exact: %.17g
  void TimeMillis(TimePoint t) { Int(ToMillis(t)); }
  void TimeNanos(TimePoint t) { Int(t.time_since_epoch().count()); }
  void OptTimeMillis(const std::optional<TimePoint>& t);
  void Strs(const std::vector<std::string>& v);
  std::string Finish() { return std::move(out_); }

 private:
  std::string out_;
};

// Every read fails softly: once a read fails, ok() stays false and later reads return defaults,
// so a decoder reads its whole layout and checks ok() once.
class RecordReader {
 public:
  explicit RecordReader(std::string_view in) : in_(in) {}
  bool ok() const { return ok_; }
  bool done() const { return in_.empty(); }

  std::string Str();
  int64_t Int();
  bool Bool();  // 0 or 1; anything else fails
  double Dbl();
  TimePoint TimeMillis();  // fails outside the range a TimePoint can hold
  TimePoint TimeNanos();
  std::optional<TimePoint> OptTimeMillis();
  // A count of following items: fails above `max` or above the bytes left (an item takes at
  // least two bytes), so a corrupt count never allocates more than the record's size.
  size_t Count(size_t max = std::numeric_limits<size_t>::max());
  std::vector<std::string> Strs();
  template <typename E>
  E Enum(int max) {
    const int64_t v = Int();
    if (v < 0 || v > max) ok_ = false;
    return ok_ ? static_cast<E>(v) : E{};
  }

 private:
  // The decimal digits before the next ':' or ';' and that separator; fails otherwise.
  bool Number(int64_t* value, char* separator);

  std::string_view in_;
  bool ok_ = true;
};

}  // namespace cs
