// The client's address for rate limits and logs. Behind a reverse proxy every request comes from
// the proxy, so the per-address login limit would make the whole park share one address; the
// proxy names the real client in X-Forwarded-For. That header is the client's to write, too, so
// it is read only when the TCP peer is a configured trusted proxy (api.trusted_proxies), and then
// from the right: each trusted proxy appends the address it saw, so the right-most address that
// is not a trusted proxy is the first one no trusted party can have been lied to about.
//
// Example:
//   auto proxies = TrustedProxies::Parse({"10.0.0.0/8"});
//   proxies->ClientAddress("10.0.0.5", {"6.6.6.6, 203.0.113.7"})  → "203.0.113.7"
//   proxies->ClientAddress("198.51.100.1", {"203.0.113.7"})      → "198.51.100.1" (not trusted)
//
// Thread-safety: immutable after Parse.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace cs::api {

// An IPv4 or IPv6 address; IPv4-mapped IPv6 (::ffff:a.b.c.d) counts as the IPv4 address.
struct IpAddress {
  bool v4 = true;
  std::array<uint8_t, 16> bytes{};  // IPv4 in the first 4

  std::string ToString() const;
};
// "203.0.113.7", "2001:db8::1", "[2001:db8::1]", "[2001:db8::1]:443", "203.0.113.7:5000" (a port,
// as some proxies write it, is dropped); nullopt for anything else.
std::optional<IpAddress> ParseIpAddress(std::string_view text);

class TrustedProxies {
 public:
  TrustedProxies() = default;  // trusts nobody: X-Forwarded-For is always ignored
  // Each entry an address or a CIDR range ("10.0.0.0/8", "::1", "fd00::/8"). INVALID_ARGUMENT
  // naming the entry's index (not its text) for one that is neither.
  static absl::StatusOr<TrustedProxies> Parse(const std::vector<std::string>& entries);

  bool Contains(const IpAddress& address) const;
  // The client behind `peer` given every X-Forwarded-For header line in order (each may hold a
  // comma-separated list). The peer itself unless it is trusted; else, walking the list from the
  // right, the first address that is not a trusted proxy. A malformed entry stops the walk at
  // the last trusted hop; a list of trusted proxies only gives its left-most.
  std::string ClientAddress(std::string_view peer,
                            const std::vector<std::string>& forwarded_for) const;
  bool empty() const { return ranges_.empty(); }

 private:
  struct Range {
    IpAddress base;
    int prefix_bits = 0;
  };
  std::vector<Range> ranges_;
};

}  // namespace cs::api
