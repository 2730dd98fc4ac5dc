#include "services/appeals/redis_inbox_store.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/logging.h"
#include "common/redis/redis_keys.h"
#include "services/appeals/record_codec.h"

namespace cs::appeals {
namespace {

bool IsOpen(MessageState s) { return s == MessageState::kReceived || s == MessageState::kAssigned; }

// KEYS: 1 message, 2 received zset, 3 open set. ARGV: 1 id, 2 received ms, 3 open (0/1), 4 blob.
// Returns 1 created, 0 the id is taken.
constexpr const char* kCreateMessageScript = R"lua(
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'rev', 1, 'data', ARGV[4])
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
if ARGV[3] == '1' then redis.call('SADD', KEYS[3], ARGV[1]) else redis.call('SREM', KEYS[3], ARGV[1]) end
return 1
)lua";

// KEYS: 1 message, 2 open set. ARGV: 1 id, 2 expected rev, 3 open (0/1), 4 blob.
// Returns -1 absent, 0 revision moved, 1 written.
constexpr const char* kUpdateMessageScript = R"lua(
local rev = redis.call('HGET', KEYS[1], 'rev')
if not rev then return -1 end
if rev ~= ARGV[2] then return 0 end
redis.call('HSET', KEYS[1], 'rev', tonumber(rev) + 1, 'data', ARGV[4])
if ARGV[3] == '1' then redis.call('SADD', KEYS[2], ARGV[1]) else redis.call('SREM', KEYS[2], ARGV[1]) end
return 1
)lua";

// KEYS: 1 versions list, 2 audit list, 3 ids set. ARGV: 1 id, 2 version, 3 entry, 4 audit.
// Returns the stored latest version as a negative number when `version` is not latest + 1,
// otherwise 1.
constexpr const char* kAppendAnswerScript = R"lua(
local latest = redis.call('LLEN', KEYS[1])
if tonumber(ARGV[2]) ~= latest + 1 then return -1 - latest end
redis.call('RPUSH', KEYS[1], ARGV[3])
redis.call('RPUSH', KEYS[2], ARGV[4])
redis.call('SADD', KEYS[3], ARGV[1])
redis.call('INCR', KEYS[4])  -- the change counter other replicas' followers watch
return 1
)lua";

}  // namespace

// ---- RedisInboxStore ----

RedisInboxStore::RedisInboxStore(RedisClient& redis, std::string venue_id)
    : redis_(redis),
      venue_id_(std::move(venue_id)),
      received_key_(VenueKey(venue_id_, "inbox:received")),
      open_key_(VenueKey(venue_id_, "inbox:open")) {}

std::string RedisInboxStore::MessageKey(const std::string& id) const {
  return VenueKey(venue_id_, absl::StrCat("inbox:msg:", id));
}

absl::Status RedisInboxStore::Create(InboxMessage message) {
  auto reply =
      redis_.ConfirmedEval(kCreateMessageScript, {MessageKey(message.id), received_key_, open_key_},
                           {message.id, absl::StrCat(ToMillis(message.received_at)),
                            IsOpen(message.state) ? "1" : "0", EncodeMessage(message)});
  if (!reply.ok()) return reply.status();
  if (reply->integer == 0) return absl::AlreadyExistsError("message.id: already received");
  return absl::OkStatus();
}

absl::StatusOr<InboxMessage> RedisInboxStore::Get(const std::string& id) const {
  auto reply = redis_.Command({"HMGET", MessageKey(id), "rev", "data"});
  if (!reply.ok()) return reply.status();
  if (reply->elements.size() != 2 || reply->elements[0].is_nil() || reply->elements[1].is_nil()) {
    return absl::NotFoundError("message_id: no such message");
  }
  auto m = DecodeMessage(reply->elements[1].str);
  if (!m.ok()) return m.status();
  if (!absl::SimpleAtoi(reply->elements[0].str, &m->revision)) {
    return absl::DataLossError("message: stored revision is malformed");
  }
  return m;
}

absl::Status RedisInboxStore::Update(const InboxMessage& message) {
  auto reply = redis_.ConfirmedEval(kUpdateMessageScript, {MessageKey(message.id), open_key_},
                                    {message.id, absl::StrCat(message.revision),
                                     IsOpen(message.state) ? "1" : "0", EncodeMessage(message)});
  if (!reply.ok()) return reply.status();
  if (reply->integer < 0) return absl::NotFoundError("message_id: no such message");
  if (reply->integer == 0) {
    return absl::AbortedError("message changed concurrently; reload and retry");
  }
  return absl::OkStatus();
}

std::vector<InboxMessage> RedisInboxStore::Load(const std::vector<std::string>& ids) const {
  if (ids.empty()) return {};
  std::vector<RedisArgv> commands;
  for (const auto& id : ids) commands.push_back({"HMGET", MessageKey(id), "rev", "data"});
  auto replies = redis_.Pipeline(commands);
  if (!replies.ok()) {
    CS_LOG_WARN("inbox unreadable venue={} error={}", venue_id_, replies.status().ToString());
    return {};
  }
  std::vector<InboxMessage> out;
  for (const auto& r : *replies) {
    if (r.elements.size() != 2 || r.elements[1].is_nil()) continue;  // deleted meanwhile
    auto m = DecodeMessage(r.elements[1].str);
    if (!m.ok()) {
      CS_LOG_WARN("inbox record skipped venue={} error={}", venue_id_, m.status().ToString());
      continue;
    }
    if (!absl::SimpleAtoi(r.elements[0].str, &m->revision)) continue;
    out.push_back(*std::move(m));
  }
  return out;
}

std::vector<InboxMessage> RedisInboxStore::ListReceived(TimePoint from, TimePoint to) const {
  // Half-open range [from, to): the "(" makes the upper bound exclusive.
  auto reply = redis_.Command({"ZRANGEBYSCORE", received_key_, absl::StrCat(ToMillis(from)),
                               absl::StrCat("(", ToMillis(to))});
  if (!reply.ok()) {
    CS_LOG_WARN("inbox index unreadable venue={} error={}", venue_id_, reply.status().ToString());
    return {};
  }
  std::vector<std::string> ids;
  for (const auto& e : reply->elements) ids.push_back(e.str);
  return Load(ids);
}

std::vector<InboxMessage> RedisInboxStore::ListOpen() const {
  auto reply = redis_.Command({"SMEMBERS", open_key_});
  if (!reply.ok()) {
    CS_LOG_WARN("inbox index unreadable venue={} error={}", venue_id_, reply.status().ToString());
    return {};
  }
  std::vector<std::string> ids;
  for (const auto& e : reply->elements) ids.push_back(e.str);
  return Load(ids);
}

// ---- RedisAnswerStore ----

RedisAnswerStore::RedisAnswerStore(RedisClient& redis, std::string venue_id)
    : redis_(redis),
      venue_id_(std::move(venue_id)),
      ids_key_(VenueKey(venue_id_, "answers")),
      changes_key_(VenueKey(venue_id_, "answers:changes")) {}

std::string RedisAnswerStore::VersionsKey(const std::string& id) const {
  return VenueKey(venue_id_, absl::StrCat("answer:", id, ":versions"));
}

std::string RedisAnswerStore::AuditKey(const std::string& id) const {
  return VenueKey(venue_id_, absl::StrCat("answer:", id, ":audit"));
}

absl::Status RedisAnswerStore::Append(const AnswerEntry& entry, const AnswerAudit& audit) {
  auto reply = redis_.Eval(
      kAppendAnswerScript, {VersionsKey(entry.id), AuditKey(entry.id), ids_key_, changes_key_},
      {entry.id, absl::StrCat(entry.version), EncodeAnswer(entry), EncodeAnswerAudit(audit)});
  if (!reply.ok()) return reply.status();
  if (reply->integer < 0) {
    return absl::AbortedError(
        absl::StrCat("answer.version: expected ", -reply->integer, ", got ", entry.version));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<AnswerEntry>> RedisAnswerStore::History(const std::string& id) const {
  auto reply = redis_.Command({"LRANGE", VersionsKey(id), "0", "-1"});
  if (!reply.ok()) return reply.status();
  if (reply->elements.empty()) return absl::NotFoundError("answer.id: no such entry");
  std::vector<AnswerEntry> out;
  for (const auto& e : reply->elements) {
    auto entry = DecodeAnswer(e.str);
    if (!entry.ok()) return entry.status();
    out.push_back(*std::move(entry));
  }
  return out;
}

absl::StatusOr<std::vector<AnswerAudit>> RedisAnswerStore::AuditLog(const std::string& id) const {
  auto reply = redis_.Command({"LRANGE", AuditKey(id), "0", "-1"});
  if (!reply.ok()) return reply.status();
  if (reply->elements.empty()) return absl::NotFoundError("answer.id: no such entry");
  std::vector<AnswerAudit> out;
  for (const auto& e : reply->elements) {
    auto a = DecodeAnswerAudit(e.str);
    if (!a.ok()) return a.status();
    out.push_back(*std::move(a));
  }
  return out;
}

std::vector<AnswerEntry> RedisAnswerStore::AllLatest() const {
  auto all = ReadAllLatest();
  if (!all.ok()) {
    CS_LOG_WARN("answers unreadable venue={} error={}", venue_id_, all.status().ToString());
    return {};
  }
  return *std::move(all);
}

absl::StatusOr<std::vector<AnswerEntry>> RedisAnswerStore::ReadAllLatest() const {
  auto ids = redis_.Command({"SMEMBERS", ids_key_});
  if (!ids.ok()) return ids.status();
  std::vector<AnswerEntry> out;
  if (ids->elements.empty()) return out;
  std::vector<RedisArgv> commands;
  for (const auto& e : ids->elements) commands.push_back({"LINDEX", VersionsKey(e.str), "-1"});
  auto replies = redis_.Pipeline(commands);
  if (!replies.ok()) return replies.status();
  for (const auto& r : *replies) {
    if (r.type == RedisReply::Type::kError) return RedisErrorStatus("LINDEX", r.str);
    if (r.is_nil()) continue;
    auto entry = DecodeAnswer(r.str);
    if (!entry.ok()) {
      CS_LOG_WARN("answer record skipped venue={} error={}", venue_id_, entry.status().ToString());
      continue;
    }
    out.push_back(*std::move(entry));
  }
  return out;
}

absl::StatusOr<int64_t> RedisAnswerStore::ChangeCount() const {
  auto v = redis_.Get(changes_key_);
  if (!v.ok()) return v.status();
  int64_t n = 0;
  if (v->has_value() && !absl::SimpleAtoi(**v, &n))
    return absl::DataLossError("answers change counter: not a number");
  return n;
}

}  // namespace cs::appeals
