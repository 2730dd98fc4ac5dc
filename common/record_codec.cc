#include "common/record_codec.h"

#include <charconv>
#include <cstdio>
#include <cstdlib>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace cs {

void RecordWriter::Str(std::string_view s) {
  absl::StrAppend(&out_, s.size(), ":");
  out_.append(s);
}

void RecordWriter::Int(int64_t v) { absl::StrAppend(&out_, v, ";"); }

void RecordWriter::Dbl(double v) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  Str(buf);
}

void RecordWriter::OptTimeMillis(const std::optional<TimePoint>& t) {
  Bool(t.has_value());
  if (t) TimeMillis(*t);
}

void RecordWriter::Strs(const std::vector<std::string>& v) {
  Int(static_cast<int64_t>(v.size()));
  for (const auto& s : v) Str(s);
}

bool RecordReader::Number(int64_t* value, char* separator) {
  if (!ok_) return false;
  const size_t pos = in_.find_first_of(":;");
  // 20 characters hold any int64 with its sign.
  if (pos == std::string_view::npos || pos == 0 || pos > 20) return ok_ = false;
  auto [p, ec] = std::from_chars(in_.data(), in_.data() + pos, *value);
  if (ec != std::errc() || p != in_.data() + pos) return ok_ = false;
  *separator = in_[pos];
  in_.remove_prefix(pos + 1);
  return true;
}

std::string RecordReader::Str() {
  int64_t n = 0;
  char sep = 0;
  if (!Number(&n, &sep) || sep != ':' || n < 0 || static_cast<uint64_t>(n) > in_.size()) {
    ok_ = false;
    return "";
  }
  std::string s(in_.substr(0, static_cast<size_t>(n)));
  in_.remove_prefix(static_cast<size_t>(n));
  return s;
}

int64_t RecordReader::Int() {
  int64_t v = 0;
  char sep = 0;
  if (!Number(&v, &sep)) return 0;
  if (sep == ';') return v;
  // The older form: a string of digits, "<length>:<decimal>".
  if (v < 0 || static_cast<uint64_t>(v) > in_.size()) {
    ok_ = false;
    return 0;
  }
  const std::string_view digits = in_.substr(0, static_cast<size_t>(v));
  in_.remove_prefix(static_cast<size_t>(v));
  int64_t out = 0;
  auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), out);
  if (digits.empty() || ec != std::errc() || p != digits.data() + digits.size()) {
    ok_ = false;
    return 0;
  }
  return out;
}

bool RecordReader::Bool() {
  const int64_t v = Int();
  if (v != 0 && v != 1) ok_ = false;
  return v == 1;
}

double RecordReader::Dbl() {
  double v = 0;
  const std::string s = Str();
  if (ok_ && !absl::SimpleAtod(s, &v)) ok_ = false;
  return v;
}

TimePoint RecordReader::TimeMillis() {
  // A TimePoint counts nanoseconds in an int64: about ±292 years around 1970.
  constexpr int64_t kMaxMillis = std::numeric_limits<int64_t>::max() / 1'000'000;
  const int64_t ms = Int();
  if (ms > kMaxMillis || ms < -kMaxMillis) {
    ok_ = false;
    return TimePoint{};
  }
  return FromMillis(ms);
}

TimePoint RecordReader::TimeNanos() { return TimePoint(Duration(Int())); }

std::optional<TimePoint> RecordReader::OptTimeMillis() {
  if (!Bool()) return std::nullopt;
  return TimeMillis();
}

size_t RecordReader::Count(size_t max) {
  const int64_t n = Int();
  if (n < 0 || static_cast<uint64_t>(n) > max || static_cast<uint64_t>(n) > in_.size()) {
    ok_ = false;
    return 0;
  }
  return ok_ ? static_cast<size_t>(n) : 0;
}

std::vector<std::string> RecordReader::Strs() {
  std::vector<std::string> v(Count());
  for (auto& s : v) s = Str();
  return v;
}

}  // namespace cs
