#include "common/redis/redis_client.h"

#include "common/redis/redis_script.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace cs {
namespace {

absl::Status Unexpected(const RedisArgv& argv, const RedisReply& r) {
  return absl::InternalError(absl::StrCat("redis ", argv.empty() ? "" : argv[0],
                                          ": unexpected reply type ", static_cast<int>(r.type)));
}

std::string FormatDouble(double d) {
  if (d == std::numeric_limits<double>::infinity()) return "+inf";
  if (d == -std::numeric_limits<double>::infinity()) return "-inf";
  // Every digit a double holds: absl::StrCat keeps only 6 significant digits, which rounds a
  // millisecond timestamp (1.7e12) to the nearest ten million and scrambles sorted-set order.
  return absl::StrFormat("%.17g", d);
}

}  // namespace

absl::Status RedisErrorStatus(std::string_view command, std::string_view error_reply) {
  // The error code is the reply's first word (Redis's convention: "LOADING Redis is loading...").
  const std::string_view code = error_reply.substr(0, error_reply.find(' '));
  static constexpr std::string_view kTransient[] = {"LOADING",     "BUSY",  "MASTERDOWN",
                                                    "TRYAGAIN",    "MOVED", "ASK",
                                                    "CLUSTERDOWN", "READONLY", "NOREPLICAS"};
  for (std::string_view t : kTransient)
    if (code == t)
      return absl::UnavailableError(
          absl::StrCat("redis ", std::string(command), ": ", std::string(code), " (retry later)"));
  // Only the code is kept: the rest of a reply (a script error, say) can quote stored data.
  return absl::InternalError(absl::StrCat("redis ", std::string(command), ": ", std::string(code)));
}

absl::Status RedisClient::Ping() {
  auto r = Command({"PING"});
  return r.ok() ? absl::OkStatus() : r.status();
}

absl::Status RedisClient::Set(const std::string& key, const std::string& value) {
  auto r = Command({"SET", key, value});
  return r.ok() ? absl::OkStatus() : r.status();
}

absl::StatusOr<bool> RedisClient::SetIfAbsent(const std::string& key, const std::string& value) {
  auto r = Command({"SET", key, value, "NX"});
  if (!r.ok()) return r.status();
  return !r->is_nil();
}

absl::StatusOr<std::optional<std::string>> RedisClient::Get(const std::string& key) {
  RedisArgv argv = {"GET", key};
  auto r = Command(argv);
  if (!r.ok()) return r.status();
  if (r->is_nil()) return std::optional<std::string>();
  if (r->type != RedisReply::Type::kString) return Unexpected(argv, *r);
  return std::optional<std::string>(r->str);
}

absl::StatusOr<int64_t> RedisClient::Del(const std::vector<std::string>& keys) {
  RedisArgv argv = {"DEL"};
  argv.insert(argv.end(), keys.begin(), keys.end());
  auto r = Command(argv);
  if (!r.ok()) return r.status();
  return r->integer;
}

absl::StatusOr<int64_t> RedisClient::Incr(const std::string& key) {
  auto r = Command({"INCR", key});
  if (!r.ok()) return r.status();
  return r->integer;
}

absl::StatusOr<bool> RedisClient::Expire(const std::string& key, int64_t seconds) {
  auto r = Command({"EXPIRE", key, absl::StrCat(seconds)});
  if (!r.ok()) return r.status();
  return r->integer == 1;
}

absl::Status RedisClient::HSet(const std::string& key,
                               const std::vector<std::pair<std::string, std::string>>& fields) {
  RedisArgv argv = {"HSET", key};
  for (const auto& [f, v] : fields) {
    argv.push_back(f);
    argv.push_back(v);
  }
  auto r = Command(argv);
  return r.ok() ? absl::OkStatus() : r.status();
}

absl::StatusOr<std::optional<std::string>> RedisClient::HGet(const std::string& key,
                                                             const std::string& field) {
  auto r = Command({"HGET", key, field});
  if (!r.ok()) return r.status();
  if (r->is_nil()) return std::optional<std::string>();
  return std::optional<std::string>(r->str);
}

absl::StatusOr<std::map<std::string, std::string>> RedisClient::HGetAll(const std::string& key) {
  RedisArgv argv = {"HGETALL", key};
  auto r = Command(argv);
  if (!r.ok()) return r.status();
  if (r->type != RedisReply::Type::kArray) return Unexpected(argv, *r);
  std::map<std::string, std::string> out;
  for (size_t i = 0; i + 1 < r->elements.size(); i += 2) {
    out[r->elements[i].str] = r->elements[i + 1].str;
  }
  return out;
}

absl::StatusOr<int64_t> RedisClient::HIncrBy(const std::string& key, const std::string& field,
                                             int64_t by) {
  auto r = Command({"HINCRBY", key, field, absl::StrCat(by)});
  if (!r.ok()) return r.status();
  return r->integer;
}

absl::StatusOr<int64_t> RedisClient::ZAdd(const std::string& key, double score,
                                          const std::string& member) {
  auto r = Command({"ZADD", key, FormatDouble(score), member});
  if (!r.ok()) return r.status();
  return r->integer;
}

absl::StatusOr<std::vector<std::string>> RedisClient::ZRangeByScore(const std::string& key,
                                                                    double min, double max,
                                                                    int64_t limit) {
  auto r = Command({"ZRANGEBYSCORE", key, FormatDouble(min), FormatDouble(max), "LIMIT", "0",
                    absl::StrCat(limit)});
  if (!r.ok()) return r.status();
  std::vector<std::string> out;
  for (const auto& e : r->elements) out.push_back(e.str);
  return out;
}

absl::StatusOr<int64_t> RedisClient::ZRem(const std::string& key, const std::string& member) {
  auto r = Command({"ZREM", key, member});
  if (!r.ok()) return r.status();
  return r->integer;
}

absl::StatusOr<std::string> RedisClient::XAdd(
    const std::string& key, const std::vector<std::pair<std::string, std::string>>& fields,
    int64_t max_len_approx) {
  RedisArgv argv = {"XADD", key};
  if (max_len_approx > 0) {
    argv.insert(argv.end(), {"MAXLEN", "~", absl::StrCat(max_len_approx)});
  }
  argv.push_back("*");
  for (const auto& [f, v] : fields) {
    argv.push_back(f);
    argv.push_back(v);
  }
  auto r = Command(argv);
  if (!r.ok()) return r.status();
  return r->str;
}

absl::StatusOr<std::vector<StreamEntry>> RedisClient::XRangeAfter(const std::string& key,
                                                                  const std::string& after_id,
                                                                  int64_t count) {
  // "(" makes the start exclusive (Redis >= 6.2), so a resumed reader never sees an entry twice.
  std::string start = after_id.empty() || after_id == "0" ? "-" : "(" + after_id;
  RedisArgv argv = {"XRANGE", key, start, "+", "COUNT", absl::StrCat(count)};
  auto r = Command(argv);
  if (!r.ok()) return r.status();
  if (r->type != RedisReply::Type::kArray) return Unexpected(argv, *r);
  std::vector<StreamEntry> out;
  for (const auto& e : r->elements) {
    if (e.elements.size() != 2) continue;
    StreamEntry entry;
    entry.id = e.elements[0].str;
    const auto& kv = e.elements[1].elements;
    for (size_t i = 0; i + 1 < kv.size(); i += 2) entry.fields.emplace_back(kv[i].str, kv[i + 1].str);
    out.push_back(std::move(entry));
  }
  return out;
}

absl::StatusOr<RedisReply> RedisClient::Eval(const std::string& script,
                                             const std::vector<std::string>& keys,
                                             const std::vector<std::string>& args) {
  // By its SHA1, the text only once per server (a NOSCRIPT answer): a long script is not resent
  // on every call (issue 19).
  return RedisScript(script).Eval(*this, keys, args);
}

absl::StatusOr<int64_t> RedisClient::WaitReplicas(std::string_view /*key*/, int replicas,
                                                  int timeout_ms) {
  // One server: every key lives on it, so the key only matters to a cluster client.
  auto r = Command({"WAIT", absl::StrCat(replicas), absl::StrCat(timeout_ms)});
  if (!r.ok()) return r.status();
  if (r->type != RedisReply::Type::kInteger) return absl::InternalError("redis WAIT: unexpected reply");
  return r->integer;
}

}  // namespace cs
