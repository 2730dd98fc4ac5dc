// hiredis replies to our RedisReply, and a whole RESP byte stream parsed into replies (what a
// connection would read), so the reply handling can be tested and fuzzed without a server.
// Thread-safety: pure functions.
#pragma once

#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "common/redis/redis_client.h"

struct redisReply;
struct redisReader;

namespace cs {

// The most elements one array reply may declare. Debian's hiredis 0.14 has no limit of its own
// (maxelements came with hiredis 1.0): a reply that merely declares "*499999999" makes it
// calloc 4 GB before any element has arrived (found by the redis_reply fuzz target, issue 18).
// 4 Mi elements (32 MiB of pointers) is far above any reply crowdsafe reads.
constexpr int kMaxArrayReplyElements = 1 << 22;

// Makes `reader` refuse (as a protocol error) an array reply that declares more elements than
// kMaxArrayReplyElements, before anything is allocated for it. Every other reply is built by
// hiredis's own functions.
void BoundArrayReplies(redisReader* reader);

// A deep copy of a hiredis reply (nested arrays included).
RedisReply FromHiredisReply(const redisReply* reply);

// Every complete reply in `bytes`, in order. InvalidArgument for a protocol error;
// DataLoss when the bytes end inside a reply.
absl::StatusOr<std::vector<RedisReply>> ParseRespReplies(std::string_view bytes);

}  // namespace cs
