#include "common/redis/command_keys.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <string>

#include "absl/strings/str_cat.h"
#include "common/redis/cluster_slot.h"

namespace cs {
namespace {

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

bool OneOf(const std::string& name, std::initializer_list<std::string_view> names) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// argv[at] as a count; 0 when it is not a number (Redis will refuse the command itself).
size_t CountAt(const RedisArgv& argv, size_t at) {
  if (at >= argv.size()) return 0;
  size_t n = 0;
  const std::string& s = argv[at];
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  return ec == std::errc() && ptr == s.data() + s.size() ? n : 0;
}

void AddRange(const RedisArgv& argv, size_t first, size_t count, size_t step,
              std::vector<std::string_view>& out) {
  for (size_t i = first, n = 0; i < argv.size() && n < count; i += step, ++n)
    out.push_back(argv[i]);
}

constexpr size_t kAll = static_cast<size_t>(-1);

}  // namespace

std::vector<std::string_view> CommandKeys(const RedisArgv& argv) {
  std::vector<std::string_view> keys;
  if (argv.size() < 2) return keys;
  const std::string name = Upper(argv[0]);
  if (OneOf(name, {"PING",     "ECHO",     "INFO",      "SCRIPT",       "WAIT",       "CLUSTER",
                   "ASKING",   "READONLY", "READWRITE", "DBSIZE",       "KEYS",       "SCAN",
                   "FLUSHALL", "FLUSHDB",  "CONFIG",    "DEBUG",        "TIME",       "MULTI",
                   "EXEC",     "DISCARD",  "UNWATCH",   "ROLE",         "SELECT",     "AUTH",
                   "HELLO",    "CLIENT",   "COMMAND",   "FUNCTION",     "MEMORY",     "SLOWLOG",
                   "LASTSAVE", "SAVE",     "BGSAVE",    "BGREWRITEAOF", "REPLICAOF",  "SLAVEOF",
                   "FAILOVER", "SHUTDOWN", "PUBLISH",   "SUBSCRIBE",    "PSUBSCRIBE", "RANDOMKEY",
                   "SWAPDB",   "LATENCY"})) {
    return keys;
  }
  if (OneOf(name, {"EVAL", "EVALSHA", "EVAL_RO", "EVALSHA_RO", "FCALL", "FCALL_RO"})) {
    AddRange(argv, 3, CountAt(argv, 2), 1, keys);
  } else if (OneOf(name, {"XREAD", "XREADGROUP"})) {
    // ... STREAMS key1 key2 id1 id2: the keys are the first half after STREAMS.
    for (size_t i = 1; i < argv.size(); ++i) {
      if (Upper(argv[i]) == "STREAMS") {
        AddRange(argv, i + 1, (argv.size() - i - 1) / 2, 1, keys);
        break;
      }
    }
  } else if (OneOf(name, {"XGROUP", "XINFO", "OBJECT"})) {
    AddRange(argv, 2, 1, 1, keys);  // XGROUP CREATE key ..., OBJECT ENCODING key
  } else if (OneOf(name,
                   {"DEL", "UNLINK", "EXISTS", "TOUCH", "MGET", "WATCH", "SUNION", "SINTER",
                    "SDIFF", "SUNIONSTORE", "SINTERSTORE", "SDIFFSTORE", "PFCOUNT", "PFMERGE"})) {
    AddRange(argv, 1, kAll, 1, keys);
  } else if (OneOf(name, {"MSET", "MSETNX"})) {
    AddRange(argv, 1, kAll, 2, keys);
  } else if (OneOf(name, {"RENAME", "RENAMENX", "SMOVE", "LMOVE", "BLMOVE", "RPOPLPUSH",
                          "BRPOPLPUSH", "COPY", "GEOSEARCHSTORE", "ZRANGESTORE"})) {
    AddRange(argv, 1, 2, 1, keys);
  } else if (OneOf(name, {"ZUNIONSTORE", "ZINTERSTORE", "ZDIFFSTORE"})) {
    keys.push_back(argv[1]);
    AddRange(argv, 3, CountAt(argv, 2), 1, keys);
  } else if (OneOf(name,
                   {"ZUNION", "ZINTER", "ZDIFF", "ZINTERCARD", "SINTERCARD", "LMPOP", "ZMPOP"})) {
    AddRange(argv, 2, CountAt(argv, 1), 1, keys);
  } else {
    keys.push_back(argv[1]);
  }
  return keys;
}

absl::StatusOr<int> CommandSlot(const RedisArgv& argv) {
  int slot = kNoSlot;
  for (std::string_view key : CommandKeys(argv)) {
    int s = KeySlot(key);
    if (slot != kNoSlot && s != slot) {
      // The keys themselves stay out of the message: they can name a case.
      return absl::InvalidArgumentError(
          absl::StrCat("redis ", argv[0],
                       ": keys in different cluster slots (CROSSSLOT); give them one hash tag"));
    }
    slot = s;
  }
  return slot;
}

}  // namespace cs
