#include "common/identity/assertion_cache.h"

#include <algorithm>

namespace cs {

AssertionCache::AssertionCache(std::shared_ptr<const AssertionSigner> signer, size_t max_entries)
    : signer_(std::move(signer)),
      max_entries_(max_entries),
      margin_ms_(std::min<int64_t>(signer_->ttl_ms() / 2, 15000)) {}

std::string AssertionCache::Get(const crowdsafe::v1::Actor& actor, std::string_view audience,
                                int64_t now_ms) {
  // The actor's serialised bytes name it exactly (user, role and every zone); Actor has no map
  // field, so equal actors serialise alike. The NUL cannot occur in a service name.
  std::string key = actor.SerializeAsString();
  key.push_back('\0');
  key.append(audience);
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = entries_.find(key);
    if (it != entries_.end() && now_ms < it->second.refresh_at_ms) return it->second.token;
  }
  // Signed outside the lock: other calls are not held up by 15 µs of Ed25519. Two calls racing
  // here both sign, and the later one's assertion is kept; either is valid.
  Entry fresh{signer_->Sign(actor, audience, now_ms), now_ms + signer_->ttl_ms() - margin_ms_};
  std::lock_guard<std::mutex> lock(mu_);
  ++signed_;
  if (entries_.size() >= max_entries_ && entries_.find(key) == entries_.end()) {
    for (auto it = entries_.begin(); it != entries_.end();) {
      it = now_ms >= it->second.refresh_at_ms ? entries_.erase(it) : std::next(it);
    }
    if (entries_.size() >= max_entries_) entries_.clear();
  }
  entries_[std::move(key)] = fresh;
  return fresh.token;
}

uint64_t AssertionCache::signed_count() {
  std::lock_guard<std::mutex> lock(mu_);
  return signed_;
}

}  // namespace cs
