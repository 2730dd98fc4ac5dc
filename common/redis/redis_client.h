// The Redis client every service uses: an interface with one typed call per command we use, on
// top of two primitives (Command and Pipeline) that an implementation provides. Every call is
// bounded by the client's connect and command timeouts; none retries a write on its own, because
// a write whose reply was lost may or may not have been applied (callers make writes idempotent).
//
// Errors: UNAVAILABLE when Redis cannot be reached (the client is backing off), DEADLINE_EXCEEDED
// when a reply did not come in time (the connection is then dropped), INTERNAL for a Redis error
// reply ("-ERR ..."), INVALID_ARGUMENT from a cluster client for keys in different slots.
//
// Implementations: HiredisClient (one server), RedisClusterClient (a Redis Cluster), RedisPool
// (several of either); MakeRedisClient (redis_factory.h) picks one from RedisConfig::mode.
//
// Thread-safety: implementations are thread-safe; calls on one client are serialised.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"

namespace cs {

struct RedisReply {
  enum class Type { kNil, kString, kInteger, kArray, kStatus, kError };
  Type type = Type::kNil;
  std::string str;  // kString, kStatus, kError
  int64_t integer = 0;
  std::vector<RedisReply> elements;

  bool is_nil() const { return type == Type::kNil; }
};

using RedisArgv = std::vector<std::string>;

// How the writes a service acknowledges to its caller are confirmed: redis.wait_replicas and
// redis.wait_timeout_ms, which MakeRedisClient and RedisPool copy from the config.
struct WriteConfirmation {
  int replicas = 0;  // 0: no WAIT (the standalone default)
  int timeout_ms = 500;
};

// One entry of a Redis stream.
struct StreamEntry {
  std::string id;  // "1700000000000-0"
  std::vector<std::pair<std::string, std::string>> fields;
};

// The status for an error reply to `command`. The replies Redis gives while it cannot serve for
// a moment (LOADING, BUSY, MASTERDOWN, TRYAGAIN, CLUSTERDOWN, MOVED, ASK, READONLY, NOREPLICAS)
// are UNAVAILABLE, so callers and clients retry as for a dropped connection; any other error
// reply (a script error, WRONGTYPE, ...) is INTERNAL. The message names the command and the
// error code only, never the rest of the reply, which may quote stored data.
absl::Status RedisErrorStatus(std::string_view command, std::string_view error_reply);

class RedisClient {
 public:
  virtual ~RedisClient() = default;

  // Sends one command. An error reply becomes INTERNAL with the server's message.
  virtual absl::StatusOr<RedisReply> Command(const RedisArgv& argv) = 0;
  // Sends every command in one round trip and returns their replies in order. The whole call
  // fails if the connection fails; individual error replies are returned as kError replies.
  virtual absl::StatusOr<std::vector<RedisReply>> Pipeline(const std::vector<RedisArgv>& commands) = 0;

  // Typed calls.
  absl::Status Ping();
  absl::Status Set(const std::string& key, const std::string& value);
  // SET key value NX: true when the key was set, false when it already existed.
  absl::StatusOr<bool> SetIfAbsent(const std::string& key, const std::string& value);
  absl::StatusOr<std::optional<std::string>> Get(const std::string& key);
  absl::StatusOr<int64_t> Del(const std::vector<std::string>& keys);
  absl::StatusOr<int64_t> Incr(const std::string& key);
  absl::StatusOr<bool> Expire(const std::string& key, int64_t seconds);
  absl::Status HSet(const std::string& key, const std::vector<std::pair<std::string, std::string>>& fields);
  absl::StatusOr<std::optional<std::string>> HGet(const std::string& key, const std::string& field);
  absl::StatusOr<std::map<std::string, std::string>> HGetAll(const std::string& key);
  absl::StatusOr<int64_t> HIncrBy(const std::string& key, const std::string& field, int64_t by);
  absl::StatusOr<int64_t> ZAdd(const std::string& key, double score, const std::string& member);
  absl::StatusOr<std::vector<std::string>> ZRangeByScore(const std::string& key, double min,
                                                         double max, int64_t limit);
  absl::StatusOr<int64_t> ZRem(const std::string& key, const std::string& member);
  absl::StatusOr<std::string> XAdd(const std::string& key,
                                   const std::vector<std::pair<std::string, std::string>>& fields,
                                   int64_t max_len_approx = 0);
  // Entries with id > after_id ("0" for all), at most `count`.
  absl::StatusOr<std::vector<StreamEntry>> XRangeAfter(const std::string& key,
                                                       const std::string& after_id, int64_t count);
  // The script by EVALSHA, its text (EVAL) sent only where the server answers NOSCRIPT; as
  // RedisScript::Eval, with the SHA1 computed per call. ConfirmedEval does the same.
  absl::StatusOr<RedisReply> Eval(const std::string& script, const std::vector<std::string>& keys,
                                  const std::vector<std::string>& args);

  // WAIT replicas timeout_ms: how many replicas have acknowledged every write sent so far on the
  // connection that serves `key` (on a cluster, the primary of its slot). Fewer than `replicas`
  // when the timeout passed first; that is not an error. WAIT counts per connection: a
  // connection re-opened between the write and the WAIT (a failover) counts none of the old
  // writes, so a write that must be confirmed sends the WAIT in the same Pipeline call, right
  // after it ({EVALSHA ..., WAIT 1 100}); see docs/error_policy.md.
  virtual absl::StatusOr<int64_t> WaitReplicas(std::string_view key, int replicas, int timeout_ms);

  // Writes that a service acknowledges to its caller (a case, an appeal, an inbox message, a
  // gate batch) go through these three. With write_confirmation().replicas == 0 they are
  // Command, Pipeline and Eval. Otherwise `WAIT replicas timeout_ms` follows the writes in the
  // same round trip on the same connection, and fewer replicas than asked is UNAVAILABLE ("not
  // confirmed by a replica"): the write is on the primary and may yet reach its replica or be
  // lost, so it must not be acknowledged; the caller retries with its idempotency key or
  // sequence (docs/error_policy.md). The keys of one call must share one cluster slot
  // (INVALID_ARGUMENT otherwise, in both modes), because the WAIT speaks for one node.
  // ConfirmedCommand and ConfirmedEval turn an error reply into a status as Command does;
  // ConfirmedPipeline returns the writes' replies as Pipeline does (without the WAIT's).
  absl::StatusOr<RedisReply> ConfirmedCommand(const RedisArgv& argv);
  absl::StatusOr<std::vector<RedisReply>> ConfirmedPipeline(const std::vector<RedisArgv>& writes);
  absl::StatusOr<RedisReply> ConfirmedEval(const std::string& script,
                                           const std::vector<std::string>& keys,
                                           const std::vector<std::string>& args);
  // Set once, before the client is shared (not synchronised).
  void set_write_confirmation(WriteConfirmation confirmation) { confirmation_ = confirmation; }
  const WriteConfirmation& write_confirmation() const { return confirmation_; }

  // True while the client has no connection and waits out its reconnection backoff, so a call
  // now would be refused at once without reaching Redis. Never blocks (a pool asks it of every
  // connection before it chooses one).
  virtual bool BackingOff() const { return false; }

 private:
  WriteConfirmation confirmation_;
};

}  // namespace cs
