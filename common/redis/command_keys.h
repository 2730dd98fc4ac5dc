// Which arguments of a Redis command are keys, and so which cluster slot the command must go to.
// A cluster client routes every command by this; the rules follow the key positions of the
// commands' documentation (COMMAND INFO), written out for the commands crowdsafe sends and the
// common multi-key ones. Any other command is taken to have its key at argv[1].
//
// Thread-safety: pure functions.
#pragma once

#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "common/redis/redis_client.h"

namespace cs {

// The keys of `argv`, in order; empty for a command that takes none (PING, WAIT, SCRIPT, MULTI).
std::vector<std::string_view> CommandKeys(const RedisArgv& argv);

// The one slot every key of `argv` hashes to, or kNoSlot when it has no key. Keys in different
// slots are INVALID_ARGUMENT (Redis Cluster would answer CROSSSLOT): put them under one hash tag.
inline constexpr int kNoSlot = -1;
absl::StatusOr<int> CommandSlot(const RedisArgv& argv);

}  // namespace cs
