#include "mobile-api/redis_rate_limiter.h"

#include <cstdio>

#include "common/redis/redis_keys.h"
#include "common/redis/redis_script.h"
#include "mobile-api/session_store.h"

namespace cs::api {
namespace {

// KEYS: the bucket. ARGV: now (ms), tokens per second, burst. Answers 1 (taken) or 0 (empty).
// A bucket is soft state: its writes go neither to the AOF nor to replicas (REPL_NONE). With
// appendfsync always every propagated write costs an fsync before the reply (about 4 ms at p50
// on our loaded two cores, bench/api_session_bench), once per authenticated request; a bucket
// lost in a Redis restart or failover only starts full again.
const RedisScript kTake(R"lua(
redis.set_repl(redis.REPL_NONE)
local now = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local burst = tonumber(ARGV[3])
local b = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(b[1]) or burst
local at = tonumber(b[2]) or now
if now > at then
  tokens = math.min(burst, tokens + (now - at) / 1000 * rate)
  at = now
end
local taken = 0
if tokens >= 1 then
  tokens = tokens - 1
  taken = 1
end
redis.call('HSET', KEYS[1], 'tokens', string.format('%.17g', tokens), 'at', string.format('%.17g', at))
redis.call('PEXPIRE', KEYS[1], math.ceil((burst - tokens) / rate * 1000) + 1000)
return taken
)lua");

std::string Exact(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

}  // namespace

RedisRateLimiter::RedisRateLimiter(RedisClient& redis, std::string venue_id, std::string name,
                                   const Clock& clock, double per_second, double burst)
    : redis_(redis),
      venue_id_(std::move(venue_id)),
      name_(std::move(name)),
      clock_(clock),
      per_second_(Exact(per_second)),
      burst_(Exact(burst)) {}

std::string RedisRateLimiter::RedisKey(const std::string& key) const {
  return VenueKey(venue_id_, "rl:" + name_ + ":" + TokenHash(key).substr(0, 32));
}

absl::StatusOr<bool> RedisRateLimiter::Allow(const std::string& key) {
  auto reply = kTake.Eval(redis_, {RedisKey(key)},
                          {std::to_string(ToMillis(clock_.Now())), per_second_, burst_});
  if (!reply.ok()) return reply.status();
  if (reply->type != RedisReply::Type::kInteger) {
    return absl::InternalError("rate limit: unexpected reply from Redis");
  }
  return reply->integer == 1;
}

}  // namespace cs::api
