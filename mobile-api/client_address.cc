#include "mobile-api/client_address.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cstdlib>

namespace cs::api {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> SplitCommas(std::string_view s) {
  std::vector<std::string_view> out;
  while (true) {
    auto comma = s.find(',');
    out.push_back(Trim(s.substr(0, comma)));
    if (comma == std::string_view::npos) return out;
    s.remove_prefix(comma + 1);
  }
}

bool PrefixMatches(const IpAddress& a, const IpAddress& base, int bits) {
  for (int i = 0; bits > 0; ++i, bits -= 8) {
    const uint8_t mask = bits >= 8 ? 0xff : static_cast<uint8_t>(0xff << (8 - bits));
    if ((a.bytes[i] & mask) != (base.bytes[i] & mask)) return false;
  }
  return true;
}

}  // namespace

std::string IpAddress::ToString() const {
  char buf[INET6_ADDRSTRLEN];
  inet_ntop(v4 ? AF_INET : AF_INET6, bytes.data(), buf, sizeof buf);
  return buf;
}

std::optional<IpAddress> ParseIpAddress(std::string_view text) {
  text = Trim(text);
  if (text.size() > 2 && text.front() == '[') {
    auto close = text.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    std::string_view rest = text.substr(close + 1);
    if (!rest.empty() && rest.front() != ':') return std::nullopt;
    text = text.substr(1, close - 1);
  } else if (auto colon = text.find(':'); colon != std::string_view::npos &&
                                          text.find(':', colon + 1) == std::string_view::npos) {
    text = text.substr(0, colon);  // a.b.c.d:port
  }
  if (text.empty() || text.size() >= INET6_ADDRSTRLEN) return std::nullopt;
  const std::string s(text);
  IpAddress a;
  if (inet_pton(AF_INET, s.c_str(), a.bytes.data()) == 1) return a;
  if (inet_pton(AF_INET6, s.c_str(), a.bytes.data()) != 1) return std::nullopt;
  static constexpr uint8_t kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  if (std::equal(kMapped, kMapped + 12, a.bytes.begin())) {
    std::copy(a.bytes.begin() + 12, a.bytes.end(), a.bytes.begin());
    std::fill(a.bytes.begin() + 4, a.bytes.end(), 0);
    return a;
  }
  a.v4 = false;
  return a;
}

absl::StatusOr<TrustedProxies> TrustedProxies::Parse(const std::vector<std::string>& entries) {
  TrustedProxies out;
  for (size_t i = 0; i < entries.size(); ++i) {
    const std::string_view entry = Trim(entries[i]);
    const auto bad = [&] {
      return absl::InvalidArgumentError("trusted_proxies[" + std::to_string(i) +
                                        "]: expected an IP address or CIDR range");
    };
    const auto slash = entry.find('/');
    // A range's base is a bare address: no brackets or ports here.
    const std::string_view address = entry.substr(0, slash);
    if (address.find('[') != std::string_view::npos) return bad();
    auto base = ParseIpAddress(address);
    if (!base || (base->v4 && address.find(':') != std::string_view::npos &&
                  address.find("::ffff:") == std::string_view::npos)) {
      return bad();
    }
    const int max_bits = base->v4 ? 32 : 128;
    int bits = max_bits;
    if (slash != std::string_view::npos) {
      const std::string digits(entry.substr(slash + 1));
      char* end = nullptr;
      const long n = std::strtol(digits.c_str(), &end, 10);
      if (digits.empty() || *end != '\0' || n < 0 || n > max_bits) return bad();
      bits = static_cast<int>(n);
    }
    out.ranges_.push_back({*base, bits});
  }
  return out;
}

bool TrustedProxies::Contains(const IpAddress& address) const {
  for (const Range& r : ranges_) {
    if (r.base.v4 == address.v4 && PrefixMatches(address, r.base, r.prefix_bits)) return true;
  }
  return false;
}

std::string TrustedProxies::ClientAddress(std::string_view peer,
                                          const std::vector<std::string>& forwarded_for) const {
  auto peer_address = ParseIpAddress(peer);
  if (!peer_address) return std::string(peer);
  std::string nearest = peer_address->ToString();
  if (!Contains(*peer_address)) return nearest;
  std::vector<std::string_view> hops;
  for (const std::string& line : forwarded_for) {
    for (std::string_view hop : SplitCommas(line)) hops.push_back(hop);
  }
  for (auto it = hops.rbegin(); it != hops.rend(); ++it) {
    auto hop = ParseIpAddress(*it);
    // Garbage a trusted proxy passed on came from its client: stop at what we can vouch for.
    if (!hop) return nearest;
    nearest = hop->ToString();
    if (!Contains(*hop)) return nearest;
  }
  return nearest;
}

}  // namespace cs::api
