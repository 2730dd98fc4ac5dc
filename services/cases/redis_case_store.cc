#include "services/cases/redis_case_store.h"


#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/logging.h"
#include "common/record_codec.h"
#include "common/redis/redis_keys.h"

namespace cs::cases {
namespace {

// KEYS: 1 data, 2 audit. ARGV: 1 expected version, 2 body, 3.. audit entries to append.
// Returns the new version, or -1 (exists), -2 (not found), -3 (version moved; then the
// stored version is the second element).
constexpr const char* kPutScript = R"lua(
local stored = tonumber(redis.call('HGET', KEYS[1], 'v') or '0')
local expected = tonumber(ARGV[1])
if expected == 0 and stored ~= 0 then return {-1, stored} end
if expected ~= 0 and stored == 0 then return {-2, 0} end
if expected ~= stored then return {-3, stored} end
local v = stored + 1
redis.call('HSET', KEYS[1], 'v', v, 'body', ARGV[2])
if #ARGV > 2 then redis.call('RPUSH', KEYS[2], unpack(ARGV, 3)) end
return {v, v}
)lua";

// KEYS: 1 data, 2 audit. ARGV: entries. 0 when the case does not exist.
constexpr const char* kAppendScript = R"lua(
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('RPUSH', KEYS[2], unpack(ARGV))
return 1
)lua";

constexpr size_t kMaxItems = 100000;  // a sanity bound on list lengths while decoding

void PutGarment(RecordWriter& w, const Garment& g) {
  w.Str(g.colour_words);
  w.Str(g.text);
  w.Int(static_cast<int64_t>(g.photo_colours.size()));
  for (const Lab& c : g.photo_colours) {
    w.Dbl(c.l);
    w.Dbl(c.a);
    w.Dbl(c.b);
  }
}

Garment GetGarment(RecordReader& r) {
  Garment g;
  g.colour_words = r.Str();
  g.text = r.Str();
  size_t n = r.Count(kMaxItems);
  for (size_t i = 0; i < n && r.ok(); ++i) {
    Lab c;
    c.l = r.Dbl();
    c.a = r.Dbl();
    c.b = r.Dbl();
    g.photo_colours.push_back(c);
  }
  return g;
}

void PutList(RecordWriter& w, const std::vector<std::string>& v) {
  w.Int(static_cast<int64_t>(v.size()));
  for (const auto& s : v) w.Str(s);
}

std::vector<std::string> GetList(RecordReader& r) {
  std::vector<std::string> v;
  size_t n = r.Count(kMaxItems);
  for (size_t i = 0; i < n && r.ok(); ++i) v.push_back(r.Str());
  return v;
}

void PutOptTime(RecordWriter& w, const std::optional<TimePoint>& t) {
  w.Int(t ? 1 : 0);
  if (t) w.TimeNanos(*t);
}

std::optional<TimePoint> GetOptTime(RecordReader& r) {
  if (r.Int() == 0) return std::nullopt;
  return r.TimeNanos();
}

std::string DataKey(const std::string& id) { return CaseKey(id, "data"); }
std::string AuditKey(const std::string& id) { return CaseKey(id, "audit"); }

// The index score: when the case was filed, in ms (a whole number, so exact as ZADD's text).
std::string ScoreText(const Case& c) { return absl::StrCat(ToMillis(c.filed_at)); }

}  // namespace

std::string RedisCaseStore::EncodeBody(const Case& c) {
  // Format tag: case2 added surname consent, case3 the last-seen note, case4 writes integers as
  // "<decimal>;" (common/record_codec.h); older ones are still read.
  RecordWriter w("case4");
  w.Str(c.id);
  w.Int(static_cast<int>(c.kind));
  w.Int(static_cast<int>(c.state));
  const ChildDescription& d = c.child;
  w.Int(static_cast<int>(d.sex));
  w.Int(d.age_min);
  w.Int(d.age_max);
  w.Int(d.height_cm);
  w.Int(d.height_tolerance_cm);
  for (const Garment* g : {&d.clothing.top, &d.clothing.bottom, &d.clothing.hat,
                           &d.clothing.shoes})
    PutGarment(w, *g);
  w.Str(d.features);
  w.Str(d.language);
  PutList(w, d.photo_refs);
  w.Str(c.zone_id);
  w.TimeNanos(c.seen_at);
  w.TimeNanos(c.filed_at);
  w.Str(c.filed_by);
  w.Str(c.held_at);
  w.Str(c.restricted.child_name);
  w.Str(c.restricted.guardian_name);
  w.Str(c.restricted.guardian_phone);
  w.Str(c.restricted.guardian_document);
  PutList(w, c.linked_ids);
  w.Str(c.matched_id);
  w.Int(c.guardian ? 1 : 0);
  if (c.guardian) {
    w.Str(c.guardian->document_type);
    w.Str(c.guardian->masked_number);
    w.Str(c.guardian->verifier_id);
    w.TimeNanos(c.guardian->verified_at);
  }
  PutList(w, c.fired_actions);
  w.Int(c.appeal_published ? 1 : 0);
  PutOptTime(w, c.reunited_at);
  PutOptTime(w, c.closed_at);
  w.Int(c.expired ? 1 : 0);
  w.Int(c.restricted.surname_consent ? 1 : 0);  // since case2
  w.Str(c.last_seen_note);                       // since case3
  return w.Finish();
}

absl::StatusOr<Case> RedisCaseStore::DecodeBody(const std::string& body) {
  RecordReader r(body);
  Case c;
  // case1..case3 bodies (stored before the consent flag, the note, the integer token) still read.
  const std::string format = r.Str();
  const int version = format == "case4"   ? 4
                      : format == "case3" ? 3
                      : format == "case2" ? 2
                      : format == "case1" ? 1
                                          : 0;
  if (version == 0) return absl::DataLossError("case body: unknown format");
  c.id = r.Str();
  int64_t kind = r.Int(), state = r.Int();
  if (kind < 0 || kind > 1 || state < 0 || state > static_cast<int>(CaseState::kPurged))
    return absl::DataLossError("case body: kind or state out of range");
  c.kind = static_cast<CaseKind>(kind);
  c.state = static_cast<CaseState>(state);
  ChildDescription& d = c.child;
  int64_t sex = r.Int();
  if (sex < 0 || sex > 2) return absl::DataLossError("case body: sex out of range");
  d.sex = static_cast<Sex>(sex);
  d.age_min = static_cast<int>(r.Int());
  d.age_max = static_cast<int>(r.Int());
  d.height_cm = static_cast<int>(r.Int());
  d.height_tolerance_cm = static_cast<int>(r.Int());
  d.clothing.top = GetGarment(r);
  d.clothing.bottom = GetGarment(r);
  d.clothing.hat = GetGarment(r);
  d.clothing.shoes = GetGarment(r);
  d.features = r.Str();
  d.language = r.Str();
  d.photo_refs = GetList(r);
  c.zone_id = r.Str();
  c.seen_at = r.TimeNanos();
  c.filed_at = r.TimeNanos();
  c.filed_by = r.Str();
  c.held_at = r.Str();
  c.restricted.child_name = r.Str();
  c.restricted.guardian_name = r.Str();
  c.restricted.guardian_phone = r.Str();
  c.restricted.guardian_document = r.Str();
  c.linked_ids = GetList(r);
  c.matched_id = r.Str();
  if (r.Int() == 1) {
    GuardianVerification g;
    g.document_type = r.Str();
    g.masked_number = r.Str();
    g.verifier_id = r.Str();
    g.verified_at = r.TimeNanos();
    c.guardian = std::move(g);
  }
  c.fired_actions = GetList(r);
  c.appeal_published = r.Int() == 1;
  c.reunited_at = GetOptTime(r);
  c.closed_at = GetOptTime(r);
  c.expired = r.Int() == 1;
  if (version >= 2) c.restricted.surname_consent = r.Int() == 1;
  if (version >= 3) c.last_seen_note = r.Str();
  if (!r.ok() || !r.done()) return absl::DataLossError("case body: malformed");
  return c;
}

std::string RedisCaseStore::EncodeAudit(const AuditEntry& e) {
  RecordWriter w;
  w.TimeNanos(e.time);
  w.Str(e.actor);
  w.Int(static_cast<int>(e.role));
  w.Str(e.action);
  w.Str(e.from_state);
  w.Str(e.to_state);
  w.Str(e.field_read);
  w.Str(e.reason);
  return w.Finish();
}

absl::StatusOr<AuditEntry> RedisCaseStore::DecodeAudit(const std::string& text) {
  RecordReader r(text);
  AuditEntry e;
  e.time = r.TimeNanos();
  e.actor = r.Str();
  int64_t role = r.Int();
  if (role < 0 || role > static_cast<int>(Role::kSystem))
    return absl::DataLossError("audit entry: role out of range");
  e.role = static_cast<Role>(role);
  e.action = r.Str();
  e.from_state = r.Str();
  e.to_state = r.Str();
  e.field_read = r.Str();
  e.reason = r.Str();
  if (!r.ok() || !r.done()) return absl::DataLossError("audit entry: malformed");
  return e;
}

absl::StatusOr<Case> RedisCaseStore::Get(const std::string& id) const {
  auto replies = redis_.Pipeline(
      {{"HGET", DataKey(id), "body"}, {"HGET", DataKey(id), "v"}, {"LRANGE", AuditKey(id), "0", "-1"}});
  if (!replies.ok()) return replies.status();
  for (const auto& r : *replies)
    if (r.type == RedisReply::Type::kError) return RedisErrorStatus("pipeline", r.str);
  if ((*replies)[0].is_nil())
    return absl::NotFoundError("case_id: no such case");
  auto c = DecodeBody((*replies)[0].str);
  if (!c.ok()) return c.status();
  if (!absl::SimpleAtoi((*replies)[1].str, &c->version))
    return absl::DataLossError("case version: malformed");
  for (const auto& el : (*replies)[2].elements) {
    auto e = DecodeAudit(el.str);
    if (!e.ok()) return e.status();
    c->audit.push_back(*std::move(e));
  }
  c->audit_stored = c->audit.size();
  return c;
}

std::vector<absl::StatusOr<Case>> RedisCaseStore::GetWithoutAudit(
    const std::vector<std::string>& ids) const {
  std::vector<RedisArgv> commands;
  for (const auto& id : ids) commands.push_back({"HMGET", DataKey(id), "body", "v"});
  std::vector<absl::StatusOr<Case>> out;
  if (ids.empty()) return out;
  auto replies = redis_.Pipeline(commands);
  for (size_t i = 0; i < ids.size(); ++i) {
    if (!replies.ok()) {
      out.push_back(replies.status());
      continue;
    }
    const RedisReply& r = (*replies)[i];
    if (r.type == RedisReply::Type::kError) {
      out.push_back(absl::InternalError(r.str));
      continue;
    }
    if (r.elements.size() != 2 || r.elements[0].is_nil()) {
      out.push_back(absl::NotFoundError("case_id: no such case"));
      continue;
    }
    auto c = DecodeBody(r.elements[0].str);
    if (c.ok() && !absl::SimpleAtoi(r.elements[1].str, &c->version))
      c = absl::DataLossError("case version: malformed");
    out.push_back(std::move(c));
  }
  return out;
}

absl::StatusOr<int64_t> RedisCaseStore::Put(const Case& c, int64_t expected_version) {
  if (c.id.empty()) return absl::InvalidArgumentError("case.id: is required");
  if (expected_version == 0) {
    // Indexed first: an id without data is harmless, a case missing from the index is lost.
    // Confirmed (redis.wait_replicas) like the case itself: the index is on another slot, so
    // the case's WAIT does not cover it.
    auto r = redis_.ConfirmedCommand({"ZADD", VenueKey(venue_id_, "cases"), ScoreText(c), c.id});
    if (!r.ok()) return r.status();
  }
  const std::string active = VenueKey(venue_id_, "active");
  if (IsActive(c.state)) {
    // Likewise for the active index: a stale id there is harmless (RebuildIndex reads the
    // state), an active case missing from it would be missing from the match index after a
    // restart. So it is written before, and a failure fails the Put with nothing stored.
    if (auto r = redis_.ConfirmedCommand({"ZADD", active, ScoreText(c), c.id}); !r.ok())
      return r.status();
  }
  const std::string due = VenueKey(venue_id_, "due");
  const std::optional<TimePoint> wake = wake_time_ ? wake_time_(c) : std::nullopt;
  if (wake) {
    // Before the write, and only ever earlier: a crash after the write cannot lose the timer.
    auto r = redis_.ConfirmedCommand({"ZADD", due, "LT", absl::StrCat(ToMillis(*wake)), c.id});
    if (!r.ok()) return r.status();
  }
  std::vector<std::string> args = {absl::StrCat(expected_version), EncodeBody(c)};
  const size_t first_new = expected_version == 0 ? 0 : std::min(c.audit_stored, c.audit.size());
  for (size_t i = first_new; i < c.audit.size(); ++i) args.push_back(EncodeAudit(c.audit[i]));
  // Acknowledged to the caller, so confirmed by a replica when redis.wait_replicas asks.
  auto reply = redis_.ConfirmedEval(kPutScript, {DataKey(c.id), AuditKey(c.id)}, args);
  if (!reply.ok()) return reply.status();
  if (reply->elements.size() != 2) return absl::InternalError("case put: unexpected reply");
  const int64_t result = reply->elements[0].integer;
  const int64_t stored = reply->elements[1].integer;
  if (result == -1) return absl::AlreadyExistsError(absl::StrCat("case_id: ", c.id, " already exists"));
  if (result == -2) return absl::NotFoundError("case_id: no such case");
  if (result == -3)
    return absl::AbortedError(
        absl::StrCat("case.version: expected ", expected_version, ", stored ", stored));
  // The write is stored: what follows only tidies the indexes, and each failure leaves an entry
  // that is harmless (a closed case in the active set is skipped on rebuild; an early or stale
  // timer makes the loop look at the case and put the entry right). Logged, not returned: the
  // client must not retry a write that is stored.
  auto tidy = [&](const char* what, const absl::Status& s) {
    if (!s.ok())
      CS_LOG_WARN("case index not tidied case={} index={} error={}", c.id, what, s.ToString());
  };
  if (!IsActive(c.state)) tidy("active", redis_.ZRem(active, c.id).status());
  if (wake_time_) {
    if (wake) {
      tidy("due", redis_.Command({"ZADD", due, absl::StrCat(ToMillis(*wake)), c.id}).status());
    } else {
      tidy("due", redis_.ZRem(due, c.id).status());
    }
  }
  return result;
}

absl::Status RedisCaseStore::AppendAudit(const std::string& id, const std::vector<AuditEntry>& e) {
  if (e.empty()) {
    auto exists = redis_.Command({"EXISTS", DataKey(id)});
    if (!exists.ok()) return exists.status();
    if (exists->integer == 0) return absl::NotFoundError("case_id: no such case");
    return absl::OkStatus();
  }
  std::vector<std::string> args;
  for (const auto& entry : e) args.push_back(EncodeAudit(entry));
  auto reply = redis_.ConfirmedEval(kAppendScript, {DataKey(id), AuditKey(id)}, args);
  if (!reply.ok()) return reply.status();
  if (reply->integer == 0) return absl::NotFoundError("case_id: no such case");
  return absl::OkStatus();
}

absl::StatusOr<std::vector<std::string>> RedisCaseStore::ListActive() const {
  auto r = redis_.Command({"ZRANGE", VenueKey(venue_id_, "active"), "0", "-1"});
  if (!r.ok()) return r.status();
  std::vector<std::string> out;
  for (const auto& el : r->elements) out.push_back(el.str);
  return out;
}

absl::StatusOr<std::vector<std::string>> RedisCaseStore::ListAll() const {
  auto r = redis_.Command({"ZRANGE", VenueKey(venue_id_, "cases"), "0", "-1"});
  if (!r.ok()) return r.status();
  std::vector<std::string> out;
  for (const auto& el : r->elements) out.push_back(el.str);
  return out;
}

absl::StatusOr<std::vector<std::string>> RedisCaseStore::DueBy(TimePoint now, size_t limit) const {
  // Scores are written as integers: RedisClient::ZAdd's double formatting keeps 6 digits.
  auto r = redis_.Command({"ZRANGEBYSCORE", VenueKey(venue_id_, "due"), "-inf",
                           absl::StrCat(ToMillis(now)), "LIMIT", "0", absl::StrCat(limit)});
  if (!r.ok()) return r.status();
  std::vector<std::string> out;
  for (const auto& e : r->elements) out.push_back(e.str);
  return out;
}

absl::Status RedisCaseStore::RefreshWake(const Case& c) {
  const std::optional<TimePoint> wake = wake_time_ ? wake_time_(c) : std::nullopt;
  if (!wake) return DropWake(c.id);
  auto r = redis_.Command({"ZADD", VenueKey(venue_id_, "due"), absl::StrCat(ToMillis(*wake)), c.id});
  return r.status();
}

absl::Status RedisCaseStore::DropWake(const std::string& case_id) {
  return redis_.ZRem(VenueKey(venue_id_, "due"), case_id).status();
}

absl::StatusOr<bool> RedisCaseStore::WakeIndexBuilt() const {
  auto v = redis_.Get(VenueKey(venue_id_, "due_built"));
  if (!v.ok()) return v.status();
  return v->has_value();
}

absl::Status RedisCaseStore::MarkWakeIndexBuilt() {
  return redis_.Set(VenueKey(venue_id_, "due_built"), "1");
}

absl::StatusOr<std::string> RedisCaseStore::NewId() {
  // Confirmed: a counter that went back after a failover would hand out a stored case's id.
  auto n = redis_.ConfirmedCommand({"INCR", id_counter_});
  if (!n.ok()) return n.status();
  return absl::StrCat("case-", n->integer);
}

absl::Status RedisCaseStore::UseCityIds(const std::string& city_id) {
  // The venue's counter and the city's live in different slots: read one, then raise the other
  // to at least it (never lower). Venues switching at the same time each raise it to their own
  // count, so the city counter ends above every id any of them handed out.
  auto own = redis_.Get(id_counter_);
  if (!own.ok()) return own.status();
  const std::string city_counter = absl::StrCat("cs:{city:", city_id, "}:case_seq");
  auto raised = redis_.ConfirmedEval(
      "local c = tonumber(redis.call('GET', KEYS[1]) or '0') "
      "if c < tonumber(ARGV[1]) then redis.call('SET', KEYS[1], ARGV[1]) end return 1",
      {city_counter}, {own->value_or("0")});
  if (!raised.ok()) return raised.status();
  id_counter_ = city_counter;
  return absl::OkStatus();
}

absl::StatusOr<std::string> RedisCaseStore::PutPhoto(const std::string& case_id, int n,
                                                     const std::string& bytes) {
  auto stored =
      redis_.ConfirmedCommand({"SET", CaseKey(case_id, absl::StrCat("photo:", n)), bytes});
  if (!stored.ok()) return stored.status();
  return absl::StrCat(case_id, "/photo-", n);
}

absl::StatusOr<std::string> RedisCaseStore::GetPhoto(const std::string& case_id,
                                                     const std::string& ref) const {
  const std::string prefix = case_id + "/photo-";
  int n = -1;
  if (!absl::StartsWith(ref, prefix) || !absl::SimpleAtoi(ref.substr(prefix.size()), &n) ||
      n < 0 || n > 99) {
    return absl::InvalidArgumentError("photo_id: is not a photo of this case");
  }
  auto bytes = redis_.Get(CaseKey(case_id, absl::StrCat("photo:", n)));
  if (!bytes.ok()) return bytes.status();
  if (!bytes->has_value()) return absl::NotFoundError("photo_id: no such photo");
  return **bytes;
}

absl::Status RedisCaseStore::DeletePhotos(const std::string& case_id, size_t count) {
  std::vector<std::string> keys;
  for (size_t i = 0; i < count; ++i) keys.push_back(CaseKey(case_id, absl::StrCat("photo:", i)));
  if (keys.empty()) return absl::OkStatus();
  return redis_.Del(keys).status();
}

}  // namespace cs::cases
