// Fuzz target for the Redis reply handling: RESP bytes as a server (or anything listening on
// its port) might send them, parsed by hiredis's reader into our replies, then read by the
// typed calls of RedisClient, the error classification and the cluster slot map. None of them
// may crash on a reply of the wrong shape; they answer with a status.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/redis/cluster_slot_map.h"
#include "common/redis/redis_client.h"
#include "common/redis/resp_reply.h"

namespace {

// Answers every command with the next parsed reply, then with errors.
class ReplayClient final : public cs::RedisClient {
 public:
  explicit ReplayClient(std::vector<cs::RedisReply> replies) : replies_(std::move(replies)) {}
  absl::StatusOr<cs::RedisReply> Command(const cs::RedisArgv&) override { return Next(); }
  absl::StatusOr<std::vector<cs::RedisReply>> Pipeline(
      const std::vector<cs::RedisArgv>& commands) override {
    std::vector<cs::RedisReply> out;
    for (size_t i = 0; i < commands.size(); ++i) {
      auto r = Next();
      if (!r.ok()) return r.status();
      out.push_back(*std::move(r));
    }
    return out;
  }

 private:
  absl::StatusOr<cs::RedisReply> Next() {
    if (next_ >= replies_.size()) return absl::UnavailableError("no more replies");
    const cs::RedisReply& r = replies_[next_++];
    // The real clients turn an error reply of a single command into a status.
    if (r.type == cs::RedisReply::Type::kError) return cs::RedisErrorStatus("fuzz", r.str);
    return r;
  }
  std::vector<cs::RedisReply> replies_;
  size_t next_ = 0;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 64 * 1024) return 0;
  auto replies = cs::ParseRespReplies(
      std::string_view(reinterpret_cast<const char*>(data), size));
  if (!replies.ok() || replies->empty()) return 0;
  for (const auto& r : *replies) {
    if (r.type == cs::RedisReply::Type::kError) {
      auto s = cs::RedisErrorStatus("fuzz", r.str);
      if (s.ok()) __builtin_trap();  // an error reply is never OK
    }
    (void)cs::ClusterSlotMap::FromClusterSlots(r, "127.0.0.1");
  }
  // Each typed call reads the replies in turn, so every call meets every shape of reply.
  for (size_t start = 0; start < replies->size() && start < 4; ++start) {
    std::vector<cs::RedisReply> rest(replies->begin() + static_cast<long>(start), replies->end());
    for (int call = 0; call < 12; ++call) {
      ReplayClient c(rest);
      switch (call) {
        case 0: (void)c.Ping(); break;
        case 1: (void)c.Get("k"); break;
        case 2: (void)c.SetIfAbsent("k", "v"); break;
        case 3: (void)c.Del({"a", "b"}); break;
        case 4: (void)c.Incr("k"); break;
        case 5: (void)c.HGetAll("k"); break;
        case 6: (void)c.HGet("k", "f"); break;
        case 7: (void)c.ZRangeByScore("k", 0, 1, 10); break;
        case 8: (void)c.XRangeAfter("k", "0", 10); break;
        case 9: (void)c.XAdd("k", {{"f", "v"}}); break;
        case 10: (void)c.Expire("k", 10); break;
        case 11: (void)c.HIncrBy("k", "f", 1); break;
      }
    }
  }
  return 0;
}
