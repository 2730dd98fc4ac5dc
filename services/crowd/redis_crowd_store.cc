#include "services/crowd/redis_crowd_store.h"

#include <algorithm>
#include <set>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/redis/redis_keys.h"
#include "common/redis/redis_script.h"

namespace cs::crowd {
namespace {

constexpr int64_t kMinutesPerDay = 1440;

int64_t DayOf(int64_t minute) {
  return minute >= 0 ? minute / kMinutesPerDay : (minute - kMinutesPerDay + 1) / kMinutesPerDay;
}

std::string MinuteHash(const std::string& venue, bool is_gate, const std::string& id, int64_t day) {
  return VenueKey(venue, absl::StrCat(is_gate ? "gmin:" : "zmin:", id, ":", day));
}

// KEYS: 1 seq, 2 occ, 3 mindays, 4 occ_rev, 5.. minute hashes.
// ARGV: n_gates, then n_gates × (gate, expected, new); n_occ, n_occ × (zone, delta);
//       n_incr, n_incr × (key index, field, amount); apply_minute_field_suffix ("<minute>p");
//       n_peak, n_peak × (zone key index, zone or "_venue"); n_days, n_days × (key index, day).
// Returns {1, occ_rev, HGETALL occ} when applied (the counts after the batch, for the live
// picture), 0 when a tracker changed since it was read.
constexpr const char* kCommitScript = R"lua(
local i = 1
local function arg() local v = ARGV[i]; i = i + 1; return v end
local n = tonumber(arg())
local gates = {}
for g = 1, n do
  local gate, expected, new = arg(), arg(), arg()
  local stored = redis.call('HGET', KEYS[1], gate)
  if not stored then stored = '0' end
  if stored ~= expected then return 0 end
  gates[#gates + 1] = gate
  gates[#gates + 1] = new
end
if #gates > 0 then redis.call('HSET', KEYS[1], unpack(gates)) end
local n_occ = tonumber(arg())
local touched = {}
for z = 1, n_occ do
  local zone, delta = arg(), arg()
  touched[zone] = redis.call('HINCRBY', KEYS[2], zone, delta)
end
local n_incr = tonumber(arg())
for k = 1, n_incr do
  local key, field, amount = KEYS[tonumber(arg())], arg(), arg()
  redis.call('HINCRBY', key, field, amount)
end
local peak_field = arg()
local n_peak = tonumber(arg())
local venue_total = nil
for p = 1, n_peak do
  local key, zone = KEYS[tonumber(arg())], arg()
  local value
  if zone == '_venue' then
    if not venue_total then
      venue_total = 0
      for _, v in ipairs(redis.call('HVALS', KEYS[2])) do venue_total = venue_total + tonumber(v) end
    end
    value = venue_total
  else
    value = touched[zone] or tonumber(redis.call('HGET', KEYS[2], zone) or '0')
  end
  local old = tonumber(redis.call('HGET', key, peak_field) or '-9223372036854775807')
  if value > old then redis.call('HSET', key, peak_field, value) end
end
local n_days = tonumber(arg())
for d = 1, n_days do
  local key, day = KEYS[tonumber(arg())], arg()
  redis.call('ZADD', KEYS[3], day, key)
end
local rev = redis.call('INCR', KEYS[4])
return {1, rev, redis.call('HGETALL', KEYS[2])}
)lua";

// KEYS: 1 occ_rev, 2 occ. Returns {revision, HGETALL occ}, read in one atomic step.
const RedisScript kReadRevisedScript(R"lua(
return {tonumber(redis.call('GET', KEYS[1]) or '0'), redis.call('HGETALL', KEYS[2])}
)lua");

// KEYS: 1 occ, 2 audit, 3 occ_rev. ARGV: zone, value, then audit fields as pairs.
constexpr const char* kSetOccupancyScript = R"lua(
local before = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0')
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('INCR', KEYS[3])
local fields = {'before', before}
for k = 3, #ARGV do fields[#fields + 1] = ARGV[k] end
redis.call('XADD', KEYS[2], '*', unpack(fields))
return before
)lua";

const char* KindName(CorrectionKind k) {
  switch (k) {
    case CorrectionKind::kClosingReset: return "closing_reset";
    case CorrectionKind::kManual: return "manual";
    case CorrectionKind::kCamera: return "camera";
  }
  return "manual";
}

CorrectionKind KindFromName(const std::string& s) {
  if (s == "closing_reset") return CorrectionKind::kClosingReset;
  if (s == "camera") return CorrectionKind::kCamera;
  return CorrectionKind::kManual;
}

int64_t ToInt(const std::string& s) {
  int64_t v = 0;
  return absl::SimpleAtoi(s, &v) ? v : 0;
}

// {revision, [zone, count, ...]} as the two scripts above answer it.
absl::StatusOr<RevisedOccupancy> RevisedFrom(const RedisReply& revision, const RedisReply& flat) {
  if (revision.type != RedisReply::Type::kInteger || flat.type != RedisReply::Type::kArray ||
      flat.elements.size() % 2 != 0) {
    return absl::InternalError("redis crowd store: unexpected occupancy reply");
  }
  RevisedOccupancy out;
  out.revision = static_cast<uint64_t>(revision.integer);
  for (size_t i = 0; i + 1 < flat.elements.size(); i += 2)
    out.counts[flat.elements[i].str] = ToInt(flat.elements[i + 1].str);
  return out;
}

}  // namespace

std::string RedisCrowdStore::EncodeSeq(const GateSeqState& state) {
  std::string out = absl::StrCat(state.contiguous);
  if (!state.above.empty()) {
    out += ':';
    bool first = true;
    for (int64_t s : state.above) {
      if (!first) out += ',';
      first = false;
      absl::StrAppend(&out, s);
    }
  }
  return out;
}

absl::StatusOr<GateSeqState> RedisCrowdStore::DecodeSeq(const std::string& text) {
  GateSeqState state;
  std::vector<std::string> parts = absl::StrSplit(text, ':');
  if (parts.empty() || parts.size() > 2 || !absl::SimpleAtoi(parts[0], &state.contiguous)) {
    return absl::DataLossError("stored gate tracker is malformed: " + text);
  }
  if (parts.size() == 2) {
    for (absl::string_view s : absl::StrSplit(parts[1], ',')) {
      int64_t v = 0;
      if (!absl::SimpleAtoi(s, &v)) return absl::DataLossError("stored gate tracker is malformed: " + text);
      state.above.insert(v);
    }
  }
  return state;
}

absl::StatusOr<SeqState> RedisCrowdStore::ReadSeq(const std::string& venue,
                                                  const std::vector<std::string>& gate_ids) {
  SeqState out;
  if (gate_ids.empty()) return out;
  RedisArgv argv = {"HMGET", VenueKey(venue, "seq")};
  argv.insert(argv.end(), gate_ids.begin(), gate_ids.end());
  auto reply = redis_.Command(argv);
  if (!reply.ok()) return reply.status();
  for (size_t i = 0; i < gate_ids.size() && i < reply->elements.size(); ++i) {
    if (reply->elements[i].is_nil()) continue;
    auto state = DecodeSeq(reply->elements[i].str);
    if (!state.ok()) return state.status();
    out[gate_ids[i]] = *std::move(state);
  }
  return out;
}

absl::StatusOr<CommitOutcome> RedisCrowdStore::CommitBatch(const std::string& venue,
                                                           const SeqState& read,
                                                           const BatchPlan& plan) {
  std::vector<std::string> keys = {VenueKey(venue, "seq"), VenueKey(venue, "occ"),
                                   VenueKey(venue, "mindays"), VenueKey(venue, "occ_rev")};
  std::map<std::string, size_t> key_index;  // minute hash → KEYS index (1-based)
  std::map<std::string, int64_t> key_day;
  auto key_of = [&](bool is_gate, const std::string& id, int64_t minute) {
    std::string key = MinuteHash(venue, is_gate, id, DayOf(minute));
    auto [it, inserted] = key_index.emplace(key, keys.size() + 1);
    if (inserted) {
      keys.push_back(key);
      key_day[key] = DayOf(minute);
    }
    return it->second;
  };

  std::vector<std::string> args;
  args.push_back(absl::StrCat(plan.new_state.size()));
  for (const auto& [gate, state] : plan.new_state) {
    auto it = read.find(gate);
    args.push_back(gate);
    args.push_back(EncodeSeq(it == read.end() ? GateSeqState{} : it->second));
    args.push_back(EncodeSeq(state));
  }
  args.push_back(absl::StrCat(plan.occupancy_delta.size()));
  for (const auto& [zone, delta] : plan.occupancy_delta) {
    args.push_back(zone);
    args.push_back(absl::StrCat(delta));
  }
  std::vector<std::string> incr;
  size_t n_incr = 0;
  auto add_incr = [&](size_t key, int64_t minute, const char* suffix, int64_t amount) {
    if (amount == 0) return;
    incr.push_back(absl::StrCat(key));
    incr.push_back(absl::StrCat(minute, suffix));
    incr.push_back(absl::StrCat(amount));
    ++n_incr;
  };
  for (const auto& [mk, io] : plan.gate_minutes) {
    size_t k = key_of(true, mk.first, mk.second);
    add_incr(k, mk.second, "i", io.in);
    add_incr(k, mk.second, "o", io.out);
  }
  for (const auto& [mk, io] : plan.zone_minutes) {
    size_t k = key_of(false, mk.first, mk.second);
    add_incr(k, mk.second, "i", io.in);
    add_incr(k, mk.second, "o", io.out);
  }
  args.push_back(absl::StrCat(n_incr));
  args.insert(args.end(), incr.begin(), incr.end());
  args.push_back(absl::StrCat(plan.apply_minute, "p"));
  std::vector<std::string> peaks;
  for (const auto& [zone, delta] : plan.occupancy_delta) {
    peaks.push_back(absl::StrCat(key_of(false, zone, plan.apply_minute)));
    peaks.push_back(zone);
  }
  if (!plan.occupancy_delta.empty()) {
    peaks.push_back(absl::StrCat(key_of(false, kVenueKey, plan.apply_minute)));
    peaks.push_back(kVenueKey);
  }
  args.push_back(absl::StrCat(peaks.size() / 2));
  args.insert(args.end(), peaks.begin(), peaks.end());
  args.push_back(absl::StrCat(key_day.size()));
  for (const auto& [key, day] : key_day) {
    args.push_back(absl::StrCat(key_index[key]));
    args.push_back(absl::StrCat(day));
  }

  // Acknowledged to the gate: confirmed by a replica when redis.wait_replicas asks. A refusal
  // is UNAVAILABLE and the gate resends the batch with the same sequence numbers.
  auto reply = redis_.ConfirmedEval(kCommitScript, keys, args);
  if (!reply.ok()) return reply.status();
  if (reply->type == RedisReply::Type::kInteger && reply->integer == 0) return CommitOutcome{};
  if (reply->type != RedisReply::Type::kArray || reply->elements.size() != 3)
    return absl::InternalError("redis crowd store: unexpected commit reply");
  auto occupancy = RevisedFrom(reply->elements[1], reply->elements[2]);
  if (!occupancy.ok()) return occupancy.status();
  return CommitOutcome{true, *std::move(occupancy)};
}

absl::StatusOr<RevisedOccupancy> RedisCrowdStore::ReadRevisedOccupancy(const std::string& venue) {
  auto reply =
      kReadRevisedScript.Eval(redis_, {VenueKey(venue, "occ_rev"), VenueKey(venue, "occ")}, {});
  if (!reply.ok()) return reply.status();
  if (reply->type != RedisReply::Type::kArray || reply->elements.size() != 2)
    return absl::InternalError("redis crowd store: unexpected occupancy reply");
  return RevisedFrom(reply->elements[0], reply->elements[1]);
}

absl::StatusOr<std::map<std::string, int64_t>> RedisCrowdStore::ReadOccupancy(
    const std::string& venue) {
  auto all = redis_.HGetAll(VenueKey(venue, "occ"));
  if (!all.ok()) return all.status();
  std::map<std::string, int64_t> out;
  for (const auto& [zone, v] : *all) out[zone] = ToInt(v);
  return out;
}

absl::StatusOr<int64_t> RedisCrowdStore::SetOccupancy(const std::string& venue,
                                                      const std::string& zone, int64_t value,
                                                      AuditRecord audit) {
  auto reply = redis_.ConfirmedEval(
      kSetOccupancyScript,
      {VenueKey(venue, "occ"), VenueKey(venue, "audit"), VenueKey(venue, "occ_rev")},
      {zone, absl::StrCat(value), "time_ms", absl::StrCat(ToMillis(audit.time)), "actor",
       audit.actor, "zone", zone, "after", absl::StrCat(value), "reason", audit.reason, "kind",
       KindName(audit.kind)});
  if (!reply.ok()) return reply.status();
  return reply->integer;
}

absl::StatusOr<std::vector<MinuteCounts>> RedisCrowdStore::ReadMinutes(const std::string& venue,
                                                                       const std::string& id,
                                                                       bool is_gate,
                                                                       int64_t from_minute,
                                                                       int64_t to_minute) {
  std::vector<MinuteCounts> out;
  if (to_minute <= from_minute) return out;
  std::map<int64_t, MinuteCounts> by_minute;
  auto take = [&](int64_t minute, char kind, const RedisReply& value) {
    if (value.is_nil() || minute < from_minute || minute >= to_minute) return;
    MinuteCounts& m = by_minute[minute];
    m.minute = minute;
    int64_t v = ToInt(value.str);
    if (kind == 'i') m.in = v;
    if (kind == 'o') m.out = v;
    if (kind == 'p') m.peak = v;
  };
  std::vector<RedisArgv> cmds;
  // A recent window (the live picture reads ~10 minutes) asks for its fields only; a long range
  // reads whole day hashes, which is cheaper than naming thousands of fields.
  constexpr int64_t kFieldwiseMaxMinutes = 180;
  if (to_minute - from_minute <= kFieldwiseMaxMinutes) {
    std::vector<std::pair<int64_t, char>> asked;
    for (int64_t day = DayOf(from_minute); day <= DayOf(to_minute - 1); ++day) {
      RedisArgv hmget = {"HMGET", MinuteHash(venue, is_gate, id, day)};
      int64_t first = std::max(from_minute, day * kMinutesPerDay);
      int64_t last = std::min(to_minute, (day + 1) * kMinutesPerDay);
      for (int64_t m = first; m < last; ++m) {
        for (char kind : {'i', 'o', 'p'}) {
          hmget.push_back(absl::StrCat(m, std::string(1, kind)));
          asked.emplace_back(m, kind);
        }
      }
      cmds.push_back(std::move(hmget));
    }
    auto replies = redis_.Pipeline(cmds);
    if (!replies.ok()) return replies.status();
    size_t k = 0;
    for (const auto& r : *replies) {
      for (const auto& value : r.elements) {
        if (k < asked.size()) take(asked[k].first, asked[k].second, value);
        ++k;
      }
    }
  } else {
    for (int64_t day = DayOf(from_minute); day <= DayOf(to_minute - 1); ++day) {
      cmds.push_back({"HGETALL", MinuteHash(venue, is_gate, id, day)});
    }
    auto replies = redis_.Pipeline(cmds);
    if (!replies.ok()) return replies.status();
    for (const auto& r : *replies) {
      for (size_t i = 0; i + 1 < r.elements.size(); i += 2) {
        const std::string& field = r.elements[i].str;
        if (field.empty()) continue;
        take(ToInt(field.substr(0, field.size() - 1)), field.back(), r.elements[i + 1]);
      }
    }
  }
  for (auto& [minute, m] : by_minute) out.push_back(m);
  return out;
}

absl::Status RedisCrowdStore::DropMinutesBefore(const std::string& venue, int64_t minute) {
  const std::string index = VenueKey(venue, "mindays");
  int64_t day = DayOf(minute);
  // Whole days before the cut go at once; the cut's own day loses only its earlier fields.
  auto old = redis_.ZRangeByScore(index, -std::numeric_limits<double>::infinity(),
                                  static_cast<double>(day - 1), 100000);
  if (!old.ok()) return old.status();
  std::vector<RedisArgv> cmds;
  for (const auto& key : *old) {
    cmds.push_back({"DEL", key});
    cmds.push_back({"ZREM", index, key});
  }
  auto same_day = redis_.ZRangeByScore(index, static_cast<double>(day), static_cast<double>(day), 100000);
  if (!same_day.ok()) return same_day.status();
  for (const auto& key : *same_day) {
    auto fields = redis_.HGetAll(key);
    if (!fields.ok()) return fields.status();
    RedisArgv hdel = {"HDEL", key};
    for (const auto& [field, v] : *fields) {
      if (!field.empty() && ToInt(field.substr(0, field.size() - 1)) < minute) hdel.push_back(field);
    }
    if (hdel.size() > 2) cmds.push_back(hdel);
  }
  if (cmds.empty()) return absl::OkStatus();
  auto replies = redis_.Pipeline(cmds);
  return replies.ok() ? absl::OkStatus() : replies.status();
}

absl::StatusOr<std::vector<AuditRecord>> RedisCrowdStore::ReadAudit(const std::string& venue) {
  auto entries = redis_.XRangeAfter(VenueKey(venue, "audit"), "0", 100000);
  if (!entries.ok()) return entries.status();
  std::vector<AuditRecord> out;
  for (const auto& e : *entries) {
    AuditRecord r;
    for (const auto& [k, v] : e.fields) {
      if (k == "time_ms") r.time = FromMillis(ToInt(v));
      else if (k == "actor") r.actor = v;
      else if (k == "zone") r.zone = v;
      else if (k == "before") r.before = ToInt(v);
      else if (k == "after") r.after = ToInt(v);
      else if (k == "reason") r.reason = v;
      else if (k == "kind") r.kind = KindFromName(v);
    }
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace cs::crowd
