#include "services/crowd/redis_alert_store.h"

#include "common/redis/redis_keys.h"

namespace cs::crowd {
namespace v1 = crowdsafe::v1;

namespace {
constexpr const char* kMaxLen = "200000";  // about a week of a busy venue's alert changes
}

absl::Status RedisAlertStore::Append(const std::string& venue, const std::vector<v1::Alert>& changes) {
  if (changes.empty()) return absl::OkStatus();
  std::vector<RedisArgv> cmds = {{"MULTI"}};
  for (const auto& a : changes) {
    std::string bytes = a.SerializeAsString();
    cmds.push_back({"XADD", VenueKey(venue, "alerts"), "MAXLEN", "~", kMaxLen, "*", "a", bytes});
    cmds.push_back({"HSET", VenueKey(venue, "alert_state"), a.alert_id(), bytes});
  }
  cmds.push_back({"EXEC"});
  auto replies = redis_.Pipeline(cmds);
  if (!replies.ok()) return replies.status();
  const RedisReply& exec = replies->back();
  if (exec.type != RedisReply::Type::kArray) return absl::InternalError("alert append: EXEC failed");
  return absl::OkStatus();
}

absl::StatusOr<std::vector<std::pair<std::string, v1::Alert>>> RedisAlertStore::After(
    const std::string& venue, const std::string& cursor, int64_t count) {
  auto entries = redis_.XRangeAfter(VenueKey(venue, "alerts"), cursor.empty() ? "0" : cursor, count);
  if (!entries.ok()) return entries.status();
  std::vector<std::pair<std::string, v1::Alert>> out;
  for (const auto& e : *entries) {
    for (const auto& [k, v] : e.fields) {
      v1::Alert a;
      if (k == "a" && a.ParseFromString(v)) out.emplace_back(e.id, std::move(a));
    }
  }
  return out;
}

absl::StatusOr<std::string> RedisAlertStore::LastCursor(const std::string& venue) {
  auto r = redis_.Command({"XREVRANGE", VenueKey(venue, "alerts"), "+", "-", "COUNT", "1"});
  if (!r.ok()) return r.status();
  if (r->elements.empty() || r->elements[0].elements.empty()) return std::string("0");
  return r->elements[0].elements[0].str;
}

absl::StatusOr<std::vector<v1::Alert>> RedisAlertStore::Current(const std::string& venue) {
  auto all = redis_.HGetAll(VenueKey(venue, "alert_state"));
  if (!all.ok()) return all.status();
  std::vector<v1::Alert> out;
  for (const auto& [id, bytes] : *all) {
    v1::Alert a;
    if (a.ParseFromString(bytes)) out.push_back(std::move(a));
  }
  std::sort(out.begin(), out.end(), [](const v1::Alert& x, const v1::Alert& y) {
    return x.raised_at().seconds() > y.raised_at().seconds();
  });
  return out;
}

absl::StatusOr<std::vector<v1::Alert>> RedisAlertStore::Between(const std::string& venue,
                                                                TimePoint from, TimePoint to) {
  auto r = redis_.Command({"XRANGE", VenueKey(venue, "alerts"), std::to_string(ToMillis(from)),
                           "(" + std::to_string(ToMillis(to))});
  if (!r.ok()) return r.status();
  std::vector<v1::Alert> out;
  for (const auto& e : r->elements) {
    if (e.elements.size() != 2) continue;
    const auto& kv = e.elements[1].elements;
    for (size_t i = 0; i + 1 < kv.size(); i += 2) {
      v1::Alert a;
      if (kv[i].str == "a" && a.ParseFromString(kv[i + 1].str)) out.push_back(std::move(a));
    }
  }
  return out;
}

}  // namespace cs::crowd
