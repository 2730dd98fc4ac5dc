#include "services/appeals/redis_weibo_inbox_state.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/redis/redis_keys.h"

namespace cs::appeals {
namespace {

constexpr int64_t kFinishedTtlSeconds = 30 * 24 * 3600;

// KEYS: 1 item, 2 awaiting set. ARGV: 1 member, 2 awaiting (0/1), then field/value pairs.
// A record is written once: an existing one is left as it is (returns 0).
constexpr const char* kRecordScript = R"lua(
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], unpack(ARGV, 3))
if ARGV[2] == '1' then redis.call('SADD', KEYS[2], ARGV[1]) end
return 1
)lua";

// KEYS: 1 item, 2 awaiting set. ARGV: 1 member, 2 from, 3 to, 4 reply_id, 5 note, 6 ttl
// seconds for a finished record, 7 the reply's field prefix ("" for the answer, "auto_" for the
// automatic reply). Returns -1 absent, 0 not in `from`, 1 moved. The record stays in the
// awaiting set while either reply is awaiting or sending (a record from before the automatic
// reply existed has no auto_reply_state: none).
constexpr const char* kMoveScript = R"lua(
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
local p = ARGV[7]
local state = redis.call('HGET', KEYS[1], p .. 'reply_state') or 'none'
if state ~= ARGV[2] then return 0 end
redis.call('HSET', KEYS[1], p .. 'reply_state', ARGV[3], p .. 'note', ARGV[5])
if ARGV[4] ~= '' then redis.call('HSET', KEYS[1], p .. 'reply_id', ARGV[4]) end
local function open(s) return s == 'awaiting' or s == 'sending' end
if open(redis.call('HGET', KEYS[1], 'reply_state')) or
   open(redis.call('HGET', KEYS[1], 'auto_reply_state')) then
  redis.call('SADD', KEYS[2], ARGV[1])
else
  redis.call('SREM', KEYS[2], ARGV[1])
  redis.call('EXPIRE', KEYS[1], ARGV[6])
end
return 1
)lua";

std::optional<ReplyState> ReplyStateFromName(std::string_view name) {
  for (ReplyState s : {ReplyState::kAwaiting, ReplyState::kSending, ReplyState::kSent,
                       ReplyState::kOutbox, ReplyState::kAmbiguous, ReplyState::kFailed,
                       ReplyState::kNotSubmitted, ReplyState::kNone}) {
    if (name == ReplyStateName(s)) return s;
  }
  return std::nullopt;
}

std::optional<WeiboSource> SourceFromCode(std::string_view code) {
  for (WeiboSource s : kAllWeiboSources) {
    if (code == WeiboSourceCode(s)) return s;
  }
  return std::nullopt;
}

std::string Member(WeiboSource source, const std::string& weibo_id) {
  return absl::StrCat(WeiboSourceCode(source), ":", weibo_id);
}

absl::StatusOr<WeiboItemRecord> Decode(WeiboSource source, const RedisReply& reply) {
  // HGETALL: field, value, field, value ...
  WeiboItemRecord r;
  r.target.source = source;
  std::optional<ReplyState> state;
  std::optional<ReplyState> auto_state = ReplyState::kNone;  // absent in older records
  for (size_t i = 0; i + 1 < reply.elements.size(); i += 2) {
    const std::string& k = reply.elements[i].str;
    const std::string& v = reply.elements[i + 1].str;
    if (k == "inbox_id") r.inbox_id = v;
    if (k == "weibo_id") r.target.weibo_id = v;
    if (k == "status_id") r.target.status_id = v;
    if (k == "sender_uid") r.target.sender_uid = v;
    if (k == "reply_id") r.reply_id = v;
    if (k == "note") r.note = v;
    if (k == "reply_state") state = ReplyStateFromName(v);
    if (k == "auto_reply_id") r.auto_reply_id = v;
    if (k == "auto_note") r.auto_note = v;
    if (k == "auto_reply_state") auto_state = ReplyStateFromName(v);
  }
  if (!state || !auto_state || r.inbox_id.empty() || r.target.weibo_id.empty()) {
    return absl::DataLossError("weibo item record: malformed");
  }
  r.reply_state = *state;
  r.auto_reply_state = *auto_state;
  return r;
}

}  // namespace

RedisWeiboInboxState::RedisWeiboInboxState(RedisClient& redis, std::string venue_id)
    : redis_(redis),
      venue_id_(std::move(venue_id)),
      cursor_key_(VenueKey(venue_id_, "weibo:cursor")),
      awaiting_key_(VenueKey(venue_id_, "weibo:awaiting")) {}

std::string RedisWeiboInboxState::ItemKey(WeiboSource source, const std::string& weibo_id) const {
  return VenueKey(venue_id_, absl::StrCat("weibo:item:", Member(source, weibo_id)));
}

absl::StatusOr<std::string> RedisWeiboInboxState::Cursor(WeiboSource source) {
  auto v = redis_.HGet(cursor_key_, WeiboSourceCode(source));
  if (!v.ok()) return v.status();
  return v->value_or("");
}

absl::Status RedisWeiboInboxState::SetCursor(WeiboSource source, const std::string& id) {
  return redis_.HSet(cursor_key_, {{WeiboSourceCode(source), id}});
}

absl::StatusOr<std::optional<WeiboItemRecord>> RedisWeiboInboxState::Find(
    WeiboSource source, const std::string& weibo_id) {
  auto reply = redis_.Command({"HGETALL", ItemKey(source, weibo_id)});
  if (!reply.ok()) return reply.status();
  if (reply->elements.empty()) return std::nullopt;
  auto r = Decode(source, *reply);
  if (!r.ok()) return r.status();
  return std::optional<WeiboItemRecord>(*std::move(r));
}

absl::Status RedisWeiboInboxState::Record(const WeiboItemRecord& r) {
  const WeiboReplyTarget& t = r.target;
  std::vector<std::string> args = {Member(t.source, t.weibo_id),
                                   HasOpenReply(r) ? "1" : "0",
                                   "inbox_id", r.inbox_id, "weibo_id", t.weibo_id,
                                   "status_id", t.status_id, "sender_uid", t.sender_uid,
                                   "reply_state", ReplyStateName(r.reply_state),
                                   "reply_id", r.reply_id, "note", r.note,
                                   "auto_reply_state", ReplyStateName(r.auto_reply_state),
                                   "auto_reply_id", r.auto_reply_id, "auto_note", r.auto_note};
  auto reply = redis_.Eval(kRecordScript, {ItemKey(t.source, t.weibo_id), awaiting_key_}, args);
  return reply.status();
}

absl::StatusOr<std::vector<WeiboItemRecord>> RedisWeiboInboxState::Awaiting() {
  auto members = redis_.Command({"SMEMBERS", awaiting_key_});
  if (!members.ok()) return members.status();
  std::vector<WeiboItemRecord> out;
  for (const auto& m : members->elements) {
    std::pair<std::string, std::string> parts = absl::StrSplit(m.str, absl::MaxSplits(':', 1));
    auto source = SourceFromCode(parts.first);
    if (!source) continue;
    auto r = Find(*source, parts.second);
    if (!r.ok()) return r.status();
    if (r->has_value() && HasOpenReply(**r)) out.push_back(**std::move(r));
  }
  return out;
}

absl::StatusOr<bool> RedisWeiboInboxState::MoveReply(const WeiboReplyTarget& target,
                                                     ReplyKind kind, ReplyState from,
                                                     ReplyState to, const std::string& reply_id,
                                                     const std::string& note) {
  auto reply = redis_.Eval(kMoveScript, {ItemKey(target.source, target.weibo_id), awaiting_key_},
                           {Member(target.source, target.weibo_id), ReplyStateName(from),
                            ReplyStateName(to), reply_id, note, absl::StrCat(kFinishedTtlSeconds),
                            kind == ReplyKind::kAutoReply ? "auto_" : ""});
  if (!reply.ok()) return reply.status();
  if (reply->integer < 0) return absl::NotFoundError("weibo item: no record");
  return reply->integer == 1;
}

}  // namespace cs::appeals
