#include "common/redis/redis_lease.h"

#include <unistd.h>

#include <chrono>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/redis/redis_script.h"

namespace cs {
namespace {

// KEYS: lease, fence. ARGV: owner, ttl ms. A free lease gets the next token; our own unexpired
// term is extended and keeps its token (a restart of the loop, a renewal that timed out).
const RedisScript kAcquire(R"(
local held = redis.call('GET', KEYS[1])
if held then
  local sep = string.find(held, ':', 1, true)
  if sep and string.sub(held, sep + 1) == ARGV[1] then
    redis.call('PEXPIRE', KEYS[1], ARGV[2])
    return tonumber(string.sub(held, 1, sep - 1))
  end
  return 0
end
local token = redis.call('INCR', KEYS[2])
redis.call('SET', KEYS[1], token .. ':' .. ARGV[1], 'PX', ARGV[2])
return token
)");

// KEYS: lease. ARGV: "<token>:<owner>", ttl ms. Only the holder of exactly that term extends it.
const RedisScript kRenew(R"(
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
)");

const RedisScript kRelease(R"(
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
)");

}  // namespace

RedisLease::RedisLease(RedisClient& redis, std::string key, std::string owner,
                       std::chrono::milliseconds ttl)
    : redis_(redis),
      key_(std::move(key)),
      fence_key_(key_ + ":fence"),
      owner_(std::move(owner)),
      ttl_(ttl) {}

std::string RedisLease::Value(int64_t token) const { return absl::StrCat(token, ":", owner_); }

absl::StatusOr<std::optional<int64_t>> RedisLease::TryAcquire() {
  auto r = kAcquire.Eval(redis_, {key_, fence_key_}, {owner_, std::to_string(ttl_.count())});
  if (!r.ok()) return r.status();
  if (r->type != RedisReply::Type::kInteger) return absl::InternalError("lease acquire: bad reply");
  if (r->integer <= 0) return std::optional<int64_t>();
  return std::optional<int64_t>(r->integer);
}

absl::StatusOr<bool> RedisLease::Renew(int64_t token) {
  auto r = kRenew.Eval(redis_, {key_}, {Value(token), std::to_string(ttl_.count())});
  if (!r.ok()) return r.status();
  return r->type == RedisReply::Type::kInteger && r->integer == 1;
}

absl::Status RedisLease::Release(int64_t token) {
  auto r = kRelease.Eval(redis_, {key_}, {Value(token)});
  return r.ok() ? absl::OkStatus() : r.status();
}

std::string ProcessLeaseOwner() {
  static const std::string owner = [] {
  char host[256] = {0};
  if (gethostname(host, sizeof(host) - 1) != 0) host[0] = '\0';
  auto start = std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::system_clock::now().time_since_epoch())
                   .count();
  // A ':' in the owner would confuse nothing (the scripts split at the first ':'), but keep the
  // name readable in MONITOR output.
  return absl::StrCat(host, "-", getpid(), "-", start);
  }();
  return owner;
}

}  // namespace cs
