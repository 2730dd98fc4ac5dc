// Idempotency-Key for the gateway's creating POSTs: the first answer to (user, key) is kept in
// Redis for 24 h, so that a phone retrying a report over a failing network creates it once.
// A retry with the same key and the same request (method, path and body fingerprint) gets the
// stored answer; the same key with a different request is refused (the caller answers 422).
// Keys are scoped per user: one user's key can neither replay nor block another user's request.
//
// While the first request runs, (user, key) holds a short "pending" lease; a concurrent retry
// sees kInFlight (answer 409 and let the client retry). An answer that a retry could change
// (5xx, 409, 429) is not kept: Release() drops the lease so the retry runs again.
//
// Thread-safety: thread-safe (RedisClient is; each call is one atomic Lua script).
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/redis/redis_client.h"

namespace cs::api {

inline constexpr const char* kIdempotencyHeader = "Idempotency-Key";

// The answer as it was sent.
struct StoredResponse {
  int status = 200;
  std::string content_type;
  std::string body;
};

// One part of a request body for the fingerprint (a multipart part, or the whole JSON body).
struct BodyPart {
  std::string_view name;
  std::string_view content_type;
  std::string_view content;
};

// SHA-256 (hex) over method, path and the parts, each length-prefixed. Multipart bodies are
// fingerprinted by their parts, not their bytes, so a browser's new boundary on a retry does not
// make the same request look different.
std::string RequestFingerprint(std::string_view method, std::string_view path,
                               const std::vector<BodyPart>& parts);

// OK for 1..128 characters of [A-Za-z0-9._:-] (a UUID fits); InvalidArgument naming the header.
absl::Status CheckIdempotencyKey(std::string_view key);

// Whether an answer is the request's final result and is kept for replays.
bool IsReplayable(int http_status);

class IdempotencyStore {
 public:
  enum class Outcome {
    kFirst,     // the caller runs the request, then Complete() or Release()
    kReplay,    // `stored` is the first answer; run nothing
    kMismatch,  // the key was used for a different request
    kInFlight,  // the first request with this key is still running
  };
  struct Claim {
    Outcome outcome = Outcome::kFirst;
    StoredResponse stored;  // kReplay only
  };

  // `pending` bounds how long a crashed request blocks its key; `keep` how long answers stay.
  IdempotencyStore(RedisClient& redis, std::string venue_id,
                   std::chrono::seconds pending = std::chrono::seconds(60),
                   std::chrono::seconds keep = std::chrono::hours(24));

  absl::StatusOr<Claim> Begin(const std::string& user, const std::string& key,
                              const std::string& fingerprint);
  // Stores the answer of a kFirst request (for `keep`).
  absl::Status Complete(const std::string& user, const std::string& key,
                        const std::string& fingerprint, const StoredResponse& response);
  // Drops the pending lease of a kFirst request whose answer is not kept.
  absl::Status Release(const std::string& user, const std::string& key,
                       const std::string& fingerprint);

  // The Redis key of (user, key): cs:{venue:<id>}:idem:<user>:<key>.
  std::string RedisKey(const std::string& user, const std::string& key) const;

 private:
  RedisClient& redis_;
  std::string venue_id_;
  std::chrono::seconds pending_;
  std::chrono::seconds keep_;
};

}  // namespace cs::api
