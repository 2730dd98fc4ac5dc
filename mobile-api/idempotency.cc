#include "mobile-api/idempotency.h"

#include <sodium.h>

#include <cstdlib>

#include "common/redis/redis_keys.h"

namespace cs::api {
namespace {

// Claims the key, or reports what it holds: {"first"} | {"mismatch"} | {"pending"} |
// {"done", status, content_type, body}.
constexpr const char* kBeginScript = R"lua(
if redis.call('EXISTS', KEYS[1]) == 0 then
  redis.call('HSET', KEYS[1], 'fp', ARGV[1], 'state', 'pending')
  redis.call('EXPIRE', KEYS[1], ARGV[2])
  return {'first'}
end
local h = redis.call('HMGET', KEYS[1], 'fp', 'state', 'status', 'type', 'body')
if h[1] ~= ARGV[1] then return {'mismatch'} end
if h[2] ~= 'done' then return {'pending'} end
return {'done', h[3], h[4], h[5]}
)lua";

// Only the holder of the pending lease (same fingerprint) may complete or release it.
constexpr const char* kCompleteScript = R"lua(
if redis.call('HGET', KEYS[1], 'fp') ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'state', 'done', 'status', ARGV[2], 'type', ARGV[3], 'body', ARGV[4])
redis.call('EXPIRE', KEYS[1], ARGV[5])
return 1
)lua";

constexpr const char* kReleaseScript = R"lua(
if redis.call('HGET', KEYS[1], 'fp') == ARGV[1] and
   redis.call('HGET', KEYS[1], 'state') == 'pending' then
  return redis.call('DEL', KEYS[1])
end
return 0
)lua";

void AddLengthPrefixed(crypto_hash_sha256_state& h, std::string_view s) {
  const std::string len = std::to_string(s.size()) + ":";
  crypto_hash_sha256_update(&h, reinterpret_cast<const unsigned char*>(len.data()), len.size());
  crypto_hash_sha256_update(&h, reinterpret_cast<const unsigned char*>(s.data()), s.size());
}

}  // namespace

std::string RequestFingerprint(std::string_view method, std::string_view path,
                               const std::vector<BodyPart>& parts) {
  crypto_hash_sha256_state h;
  crypto_hash_sha256_init(&h);
  AddLengthPrefixed(h, method);
  AddLengthPrefixed(h, path);
  for (const BodyPart& p : parts) {
    AddLengthPrefixed(h, p.name);
    AddLengthPrefixed(h, p.content_type);
    AddLengthPrefixed(h, p.content);
  }
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256_final(&h, digest);
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

absl::Status CheckIdempotencyKey(std::string_view key) {
  if (key.empty() || key.size() > 128)
    return absl::InvalidArgumentError("Idempotency-Key: 1 to 128 characters");
  for (char c : key) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == ':' || c == '-';
    if (!ok) return absl::InvalidArgumentError("Idempotency-Key: only [A-Za-z0-9._:-]");
  }
  return absl::OkStatus();
}

bool IsReplayable(int http_status) {
  // 409 covers both a lost write race (ABORTED) and a state that may change; 429 and 5xx are
  // transient. Everything else is the request's final answer.
  return http_status < 500 && http_status != 409 && http_status != 429 && http_status != 408;
}

IdempotencyStore::IdempotencyStore(RedisClient& redis, std::string venue_id,
                                   std::chrono::seconds pending, std::chrono::seconds keep)
    : redis_(redis), venue_id_(std::move(venue_id)), pending_(pending), keep_(keep) {}

std::string IdempotencyStore::RedisKey(const std::string& user, const std::string& key) const {
  return VenueKey(venue_id_, "idem:" + user + ":" + key);
}

absl::StatusOr<IdempotencyStore::Claim> IdempotencyStore::Begin(const std::string& user,
                                                                const std::string& key,
                                                                const std::string& fingerprint) {
  auto reply = redis_.Eval(kBeginScript, {RedisKey(user, key)},
                           {fingerprint, std::to_string(pending_.count())});
  if (!reply.ok()) return reply.status();
  if (reply->type != RedisReply::Type::kArray || reply->elements.empty())
    return absl::InternalError("idempotency: unexpected reply from Redis");
  const std::string& tag = reply->elements[0].str;
  Claim claim;
  if (tag == "first") {
    claim.outcome = Outcome::kFirst;
  } else if (tag == "mismatch") {
    claim.outcome = Outcome::kMismatch;
  } else if (tag == "pending") {
    claim.outcome = Outcome::kInFlight;
  } else if (tag == "done" && reply->elements.size() == 4) {
    claim.outcome = Outcome::kReplay;
    claim.stored.status = std::atoi(reply->elements[1].str.c_str());
    claim.stored.content_type = reply->elements[2].str;
    claim.stored.body = reply->elements[3].str;
  } else {
    return absl::InternalError("idempotency: unexpected reply from Redis");
  }
  return claim;
}

absl::Status IdempotencyStore::Complete(const std::string& user, const std::string& key,
                                        const std::string& fingerprint,
                                        const StoredResponse& response) {
  auto reply = redis_.Eval(kCompleteScript, {RedisKey(user, key)},
                           {fingerprint, std::to_string(response.status), response.content_type,
                            response.body, std::to_string(keep_.count())});
  if (!reply.ok()) return reply.status();
  if (reply->integer != 1)
    return absl::FailedPreconditionError("idempotency: the pending lease had expired");
  return absl::OkStatus();
}

absl::Status IdempotencyStore::Release(const std::string& user, const std::string& key,
                                       const std::string& fingerprint) {
  auto reply = redis_.Eval(kReleaseScript, {RedisKey(user, key)}, {fingerprint});
  return reply.ok() ? absl::OkStatus() : reply.status();
}

}  // namespace cs::api
