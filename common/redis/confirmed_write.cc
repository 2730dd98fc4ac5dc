// RedisClient's confirmed writes (redis_client.h): the one place where redis.wait_replicas turns
// an acknowledging write into {write..., WAIT n timeout} and a short count into UNAVAILABLE.
#include "absl/strings/str_cat.h"
#include "common/logging.h"
#include "common/redis/command_keys.h"
#include "common/redis/redis_client.h"
#include "common/redis/redis_script.h"

namespace cs {
namespace {

// The hash tag of `key` ("case:case-7" of "cs:{case:case-7}:data"), for the log: it names the
// venue or case, never a person; a key without a tag is not logged at all.
std::string_view HashTagForLog(std::string_view key) {
  const size_t open = key.find('{');
  if (open == std::string_view::npos) return "-";
  const size_t close = key.find('}', open + 1);
  if (close == std::string_view::npos || close == open + 1) return "-";
  return key.substr(open + 1, close - open - 1);
}

// The one slot the writes share, or INVALID_ARGUMENT: a WAIT speaks for one node only.
absl::StatusOr<int> OneSlot(const std::vector<RedisArgv>& writes) {
  int slot = kNoSlot;
  for (const RedisArgv& argv : writes) {
    auto s = CommandSlot(argv);
    if (!s.ok()) return s.status();
    if (*s == kNoSlot) continue;
    if (slot != kNoSlot && *s != slot)
      return absl::InvalidArgumentError("redis confirmed write: keys in different cluster slots");
    slot = *s;
  }
  return slot;
}

std::string_view FirstKey(const std::vector<RedisArgv>& writes) {
  for (const RedisArgv& argv : writes) {
    auto keys = CommandKeys(argv);
    if (!keys.empty()) return keys.front();
  }
  return "";
}

// OK when `replicas` (a WAIT's answer) meets `wanted`; else UNAVAILABLE, logged with the hash
// tag of `first_key` (never a person).
absl::Status NotConfirmed(const WriteConfirmation& wanted, std::string_view first_key,
                          int64_t replicas) {
  if (replicas >= wanted.replicas) return absl::OkStatus();
  CS_LOG_WARN("redis write not confirmed tag={} replicas={} wanted={} timeout_ms={}",
              HashTagForLog(first_key), replicas, wanted.replicas, wanted.timeout_ms);
  return absl::UnavailableError(absl::StrCat(
      "redis write not confirmed by a replica (", replicas, " of ", wanted.replicas, " within ",
      wanted.timeout_ms, " ms); not acknowledged, retry"));
}

}  // namespace

absl::StatusOr<std::vector<RedisReply>> RedisClient::ConfirmedPipeline(
    const std::vector<RedisArgv>& writes) {
  if (writes.empty()) return std::vector<RedisReply>{};
  if (auto slot = OneSlot(writes); !slot.ok()) return slot.status();
  if (confirmation_.replicas <= 0) return Pipeline(writes);

  std::vector<RedisArgv> commands = writes;
  commands.push_back(
      {"WAIT", absl::StrCat(confirmation_.replicas), absl::StrCat(confirmation_.timeout_ms)});
  // One Pipeline call: one connection, so the WAIT counts exactly these writes (a connection
  // re-opened in between would count none of them, see redis_client.h).
  auto replies = Pipeline(commands);
  if (!replies.ok()) return replies.status();
  if (replies->size() != commands.size())
    return absl::InternalError("redis confirmed write: reply count");
  const RedisReply wait = std::move(replies->back());
  replies->pop_back();
  if (wait.type == RedisReply::Type::kError) return RedisErrorStatus("WAIT", wait.str);
  if (wait.type != RedisReply::Type::kInteger)
    return absl::InternalError("redis WAIT: unexpected reply");
  if (auto s = NotConfirmed(confirmation_, FirstKey(writes), wait.integer); !s.ok()) return s;
  return replies;
}

absl::StatusOr<RedisReply> RedisClient::ConfirmedCommand(const RedisArgv& argv) {
  if (auto slot = OneSlot({argv}); !slot.ok()) return slot.status();
  if (confirmation_.replicas <= 0) return Command(argv);
  auto replies = ConfirmedPipeline({argv});
  if (!replies.ok()) return replies.status();
  RedisReply& reply = replies->front();
  if (reply.type == RedisReply::Type::kError)
    return RedisErrorStatus(argv.empty() ? "" : argv[0], reply.str);
  return std::move(reply);
}

absl::StatusOr<RedisReply> RedisClient::ConfirmedEval(const std::string& script,
                                                      const std::vector<std::string>& keys,
                                                      const std::vector<std::string>& args) {
  // By EVALSHA, the text only where the server answers NOSCRIPT (issue 19: a long script is not
  // resent with every gate batch).
  const RedisScript by_sha(script);
  RedisArgv argv = {"EVALSHA", by_sha.sha1(), absl::StrCat(keys.size())};
  argv.insert(argv.end(), keys.begin(), keys.end());
  if (auto slot = OneSlot({argv}); !slot.ok()) return slot.status();
  if (confirmation_.replicas <= 0) return by_sha.Eval(*this, keys, args);
  auto confirmed =
      by_sha.EvalAndWait(*this, keys, args, confirmation_.replicas, confirmation_.timeout_ms);
  if (!confirmed.ok()) return confirmed.status();
  if (auto s = NotConfirmed(confirmation_, keys.empty() ? "" : keys.front(), confirmed->replicas);
      !s.ok())
    return s;
  return std::move(confirmed->reply);
}

}  // namespace cs
