#include "common/upstream_target.h"

#include <arpa/inet.h>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace cs {
namespace {

enum class Family { kIpv4, kIpv6, kOther };

bool ValidPort(absl::string_view port) {
  int value = 0;
  return !port.empty() && absl::SimpleAtoi(port, &value) && value >= 1 && value <= 65535;
}

// The family of "a.b.c.d:port" or "[v6]:port"; kOther for names or malformed text.
Family FamilyOf(absl::string_view address) {
  size_t colon = address.rfind(':');
  if (colon == absl::string_view::npos || !ValidPort(address.substr(colon + 1))) return Family::kOther;
  std::string host(address.substr(0, colon));
  unsigned char buf[16];
  if (inet_pton(AF_INET, host.c_str(), buf) == 1) return Family::kIpv4;
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    std::string inner = host.substr(1, host.size() - 2);
    if (inet_pton(AF_INET6, inner.c_str(), buf) == 1) return Family::kIpv6;
  }
  return Family::kOther;
}

absl::Status Bad(absl::string_view field, absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat(field, ": ", why));
}

}  // namespace

absl::StatusOr<std::string> UpstreamTarget(const std::vector<std::string>& addresses,
                                           absl::string_view field) {
  std::vector<absl::string_view> parts;
  for (const auto& a : addresses) parts.push_back(absl::StripAsciiWhitespace(a));
  if (parts.empty()) return Bad(field, "no address");
  for (auto p : parts) {
    if (p.empty()) return Bad(field, "empty address in the list");
  }
  if (parts.size() == 1) {
    // One address or an explicit resolver target: gRPC's default (dns) resolver takes it as is.
    return std::string(parts[0]);
  }
  Family family = FamilyOf(parts[0]);
  for (auto p : parts) {
    if (absl::StrContains(p, "dns:") || absl::StrContains(p, "ipv4:") ||
        absl::StrContains(p, "ipv6:") || absl::StrContains(p, "unix:")) {
      return Bad(field, "a resolver target (dns:, ipv4:, ...) must stand alone, not in a list");
    }
    Family f = FamilyOf(p);
    if (f == Family::kOther) {
      return Bad(field, "a list takes numeric host:port addresses; put a name behind dns:");
    }
    if (f != family) return Bad(field, "a list mixes IPv4 and IPv6 addresses");
  }
  return absl::StrCat(family == Family::kIpv4 ? "ipv4:" : "ipv6:", absl::StrJoin(parts, ","));
}

absl::StatusOr<std::string> UpstreamTarget(absl::string_view spec, absl::string_view field) {
  absl::string_view trimmed = absl::StripAsciiWhitespace(spec);
  for (const char* scheme : {"dns:", "ipv4:", "ipv6:", "unix:"}) {
    if (absl::StartsWith(trimmed, scheme)) {
      if (trimmed.size() == absl::string_view(scheme).size()) return Bad(field, "no address after the scheme");
      return std::string(trimmed);
    }
  }
  return UpstreamTarget(std::vector<std::string>(absl::StrSplit(trimmed, ',')), field);
}

}  // namespace cs
