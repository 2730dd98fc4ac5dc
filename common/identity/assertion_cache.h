// Reuses a signed identity assertion for the same (actor, audience) instead of signing every call
// (issue 16). Signing costs about 15 µs a call, and an assertion that differs on every call is a
// header HPACK cannot index; the gateway calls the same service for the same officer many times
// a minute.
//
// An assertion is handed out again while it has more than the refresh margin left: half its
// lifetime, at most 15 s (60 s assertions are re-signed once 45 s old). The margin leaves room for
// a verifier whose clock runs ahead and for a call that waits in a queue before it is checked.
// Reuse adds no exposure: an assertion was always valid for its whole lifetime to whoever held
// it, and the cache hands it only to calls of the same process for the same actor and service.
//
// Example:
//   AssertionCache cache(signer);
//   std::string token = cache.Get(actor, "crowdsafe.v1.CaseService", NowUnixMs());
//
// Thread-safety: Get may be called from any thread (one mutex around the map).
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "common/identity/assertion.h"

namespace cs {

class AssertionCache {
 public:
  // At most max_entries (actor, audience) pairs are kept; when full, expired ones are dropped
  // and, if that frees nothing, the whole map (a gateway has a few hundred officers).
  explicit AssertionCache(std::shared_ptr<const AssertionSigner> signer,
                          size_t max_entries = 4096);

  // A valid assertion that `actor` calls `audience`: the cached one while it has more than the
  // refresh margin left, a newly signed one otherwise.
  std::string Get(const crowdsafe::v1::Actor& actor, std::string_view audience, int64_t now_ms);

  const AssertionSigner& signer() const { return *signer_; }
  // Signatures made so far (for tests and the benchmark).
  uint64_t signed_count();

 private:
  struct Entry {
    std::string token;
    int64_t refresh_at_ms = 0;
  };
  const std::shared_ptr<const AssertionSigner> signer_;
  const size_t max_entries_;
  const int64_t margin_ms_;
  std::mutex mu_;
  std::unordered_map<std::string, Entry> entries_;  // GUARDED_BY(mu_): by actor bytes + audience
  uint64_t signed_ = 0;                             // GUARDED_BY(mu_)
};

}  // namespace cs
