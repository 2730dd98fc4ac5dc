#include "services/crowd/redis_alert_store.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/substitute.h"
#include "common/redis/redis_keys.h"
#include "common/redis/redis_lease.h"
#include "common/redis/redis_script.h"

namespace cs::crowd {
namespace v1 = crowdsafe::v1;

namespace {

// The Lua of a batch of alert writes, ARGV from `first_arg` on in triples (id, expected
// revision, bytes), KEYS from `state_key` on (state, rev, stream): per write the compare-and-set
// on the revision, then the hash, the revision and the stream entry (MAXLEN about a week of a
// busy venue's changes). Returns the new revisions, -1 for a write whose revision had moved on.
std::string AlertWritesLua(int state_key, int first_arg) {
  return absl::Substitute(R"(
local out = {}
for i = $1, #ARGV, 3 do
  local id, want, bytes = ARGV[i], tonumber(ARGV[i + 1]), ARGV[i + 2]
  local rev = tonumber(redis.call('HGET', KEYS[$0 + 1], id) or '0')
  if rev ~= want then
    out[#out + 1] = -1
  else
    redis.call('HSET', KEYS[$0], id, bytes)
    redis.call('HSET', KEYS[$0 + 1], id, rev + 1)
    redis.call('XADD', KEYS[$0 + 2], 'MAXLEN', '~', '200000', '*', 'a', bytes, 'r', rev + 1)
    out[#out + 1] = rev + 1
  end
end
return out
)",
                          state_key, first_arg);
}

// KEYS: fence, state, rev, stream, progress. ARGV: token, density cursor, writes... A stale
// lease holder (a newer token exists) writes nothing, not even its cursor.
const RedisScript kRecordFenced(
    absl::StrCat(kFenceCheckLua,
                 "if ARGV[2] ~= '' then redis.call('HSET', KEYS[5], 'density', ARGV[2]) end\n",
                 AlertWritesLua(2, 3)));
// KEYS: state, rev, stream. ARGV: writes...
const RedisScript kCompareAndSet(AlertWritesLua(1, 1));

std::vector<std::string> WriteArgs(const std::vector<RedisAlertStore::Write>& writes) {
  std::vector<std::string> args;
  for (const auto& w : writes) {
    args.push_back(w.alert.alert_id());
    args.push_back(std::to_string(w.expected));
    args.push_back(w.alert.SerializeAsString());
  }
  return args;
}

absl::StatusOr<std::vector<int64_t>> RevisionsOf(const RedisReply& r, size_t want) {
  if (r.type != RedisReply::Type::kArray || r.elements.size() != want) {
    return absl::InternalError("alert write: unexpected reply");
  }
  std::vector<int64_t> out;
  for (const auto& e : r.elements) out.push_back(e.integer);
  return out;
}

}  // namespace

absl::StatusOr<RedisAlertStore::Recorded> RedisAlertStore::RecordFenced(
    const std::string& venue, const std::string& fence_key, int64_t token,
    const std::string& density_cursor, const std::vector<Write>& writes) {
  std::vector<std::string> args = {std::to_string(token), density_cursor};
  for (auto& a : WriteArgs(writes)) args.push_back(std::move(a));
  auto r = kRecordFenced.Eval(redis_,
                              {fence_key, VenueKey(venue, "alert_state"), VenueKey(venue, "alert_rev"),
                               VenueKey(venue, "alerts"), VenueKey(venue, "alert_progress")},
                              args);
  if (!r.ok()) return r.status();
  Recorded out;
  if (r->type == RedisReply::Type::kInteger && r->integer == -1) {
    out.fenced = true;
    return out;
  }
  // Lua's empty table comes back as an empty array.
  auto revs = RevisionsOf(*r, writes.size());
  if (!revs.ok()) return revs.status();
  out.revisions = std::move(*revs);
  return out;
}

absl::StatusOr<int64_t> RedisAlertStore::CompareAndSet(const std::string& venue, const Write& write) {
  auto r = kCompareAndSet.Eval(redis_,
                               {VenueKey(venue, "alert_state"), VenueKey(venue, "alert_rev"),
                                VenueKey(venue, "alerts")},
                               WriteArgs({write}));
  if (!r.ok()) return r.status();
  auto revs = RevisionsOf(*r, 1);
  if (!revs.ok()) return revs.status();
  return revs->front();
}

absl::StatusOr<std::optional<RedisAlertStore::Revised>> RedisAlertStore::Get(
    const std::string& venue, const std::string& id) {
  auto replies = redis_.Pipeline({{"HGET", VenueKey(venue, "alert_state"), id},
                                  {"HGET", VenueKey(venue, "alert_rev"), id}});
  if (!replies.ok()) return replies.status();
  if ((*replies)[0].is_nil()) return std::optional<Revised>();
  Revised out;
  if (!out.alert.ParseFromString((*replies)[0].str)) return absl::InternalError("alert: unreadable");
  int64_t rev = 0;
  // Alerts stored before revisions existed have none: revision 0 is what the scripts assume.
  if (!(*replies)[1].is_nil() && !absl::SimpleAtoi((*replies)[1].str, &rev)) rev = 0;
  out.revision = rev;
  return std::optional<Revised>(std::move(out));
}

absl::StatusOr<std::map<std::string, int64_t>> RedisAlertStore::Revisions(const std::string& venue) {
  auto all = redis_.HGetAll(VenueKey(venue, "alert_rev"));
  if (!all.ok()) return all.status();
  std::map<std::string, int64_t> out;
  for (const auto& [id, text] : *all) {
    int64_t rev = 0;
    if (absl::SimpleAtoi(text, &rev)) out[id] = rev;
  }
  return out;
}

absl::StatusOr<std::vector<std::pair<std::string, RedisAlertStore::Revised>>>
RedisAlertStore::ChangesAfter(const std::string& venue, const std::string& cursor, int64_t count) {
  auto entries = redis_.XRangeAfter(VenueKey(venue, "alerts"), cursor.empty() ? "0" : cursor, count);
  if (!entries.ok()) return entries.status();
  std::vector<std::pair<std::string, Revised>> out;
  for (const auto& e : *entries) {
    Revised r;
    bool parsed = false;
    for (const auto& [k, v] : e.fields) {
      if (k == "a") parsed = r.alert.ParseFromString(v);
      if (k == "r" && !absl::SimpleAtoi(v, &r.revision)) r.revision = 0;
    }
    if (parsed) out.emplace_back(e.id, std::move(r));
  }
  return out;
}

absl::StatusOr<std::string> RedisAlertStore::DensityCursor(const std::string& venue) {
  auto r = redis_.HGet(VenueKey(venue, "alert_progress"), "density");
  if (!r.ok()) return r.status();
  return r->value_or("");
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
