// hiredis replies to our RedisReply, and a whole RESP byte stream parsed into replies (what a
// connection would read), so the reply handling can be tested and fuzzed without a server.
// Thread-safety: pure functions.
#pragma once

#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "common/redis/redis_client.h"

struct redisReply;

namespace cs {

// A deep copy of a hiredis reply (nested arrays included).
RedisReply FromHiredisReply(const redisReply* reply);

// Every complete reply in `bytes`, in order. InvalidArgument for a protocol error;
// DataLoss when the bytes end inside a reply.
absl::StatusOr<std::vector<RedisReply>> ParseRespReplies(std::string_view bytes);

}  // namespace cs
