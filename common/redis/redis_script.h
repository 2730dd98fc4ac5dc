// A Lua script sent by its SHA1 (EVALSHA) instead of its full text, loaded again on the server
// that lacks it: a NOSCRIPT reply (a restarted node, SCRIPT FLUSH, a replica promoted after a
// failover, a cluster node that never saw the script) is answered with one EVAL, which also
// caches the script there. Works the same on a standalone server and on a cluster, where the
// script runs on the node of its first key (all keys must share a hash tag).
//
// Example:
//   static const RedisScript kIncr("return redis.call('INCRBY', KEYS[1], ARGV[1])");
//   auto reply = kIncr.Eval(redis, {VenueKey("ocean", "n")}, {"7"});
//
// Thread-safety: immutable after construction; Eval is as thread-safe as the client.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/redis/redis_client.h"

namespace cs {

// The lowercase hex SHA1 of `text`, the name Redis gives a script (SCRIPT LOAD's reply).
std::string Sha1Hex(const std::string& text);

class RedisScript {
 public:
  explicit RedisScript(std::string text);

  // EVALSHA, and EVAL when the server answers NOSCRIPT. Errors as RedisClient::Command.
  absl::StatusOr<RedisReply> Eval(RedisClient& client, const std::vector<std::string>& keys,
                                  const std::vector<std::string>& args) const;

  // The reply and how many replicas had the write when WAIT returned.
  struct Confirmed {
    RedisReply reply;
    int64_t replicas = 0;
  };
  // As Eval, followed on the same connection, in the same round trip, by WAIT replicas
  // timeout_ms: the count covers this script's writes. Fewer replicas than asked is not an
  // error here; the caller decides (see docs/error_policy.md: do not acknowledge).
  absl::StatusOr<Confirmed> EvalAndWait(RedisClient& client, const std::vector<std::string>& keys,
                                        const std::vector<std::string>& args, int replicas,
                                        int timeout_ms) const;

  const std::string& text() const { return text_; }
  const std::string& sha1() const { return sha1_; }

 private:
  // Sends EVALSHA (or EVAL when `by_text`), plus WAIT when replicas > 0; the raw replies.
  absl::StatusOr<std::vector<RedisReply>> Send(RedisClient& client, bool by_text,
                                               const std::vector<std::string>& keys,
                                               const std::vector<std::string>& args, int replicas,
                                               int timeout_ms) const;
  absl::StatusOr<std::vector<RedisReply>> SendWithFallback(RedisClient& client,
                                                           const std::vector<std::string>& keys,
                                                           const std::vector<std::string>& args,
                                                           int replicas, int timeout_ms) const;

  std::string text_;
  std::string sha1_;
};

}  // namespace cs
