#include "mobile-api/redis_session_store.h"

#include "common/record_codec.h"
#include "common/redis/redis_keys.h"
#include "common/redis/redis_script.h"

namespace cs::api {
namespace {

// KEYS: session, user index. ARGV: record, ttl ms, token hash, expiry ms, now ms.
const RedisScript kIssue(R"lua(
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[5])
redis.call('ZADD', KEYS[2], ARGV[4], ARGV[3])
if redis.call('PTTL', KEYS[2]) < tonumber(ARGV[2]) then
  redis.call('PEXPIRE', KEYS[2], ARGV[2])
end
return 1
)lua");

// KEYS: user index, then sessions; ARGV: the sessions' token hashes in the same order. Answers
// the hashes of the sessions that still existed.
const RedisScript kRevoke(R"lua(
local ended = {}
for i = 2, #KEYS do
  if redis.call('DEL', KEYS[i]) == 1 then ended[#ended + 1] = ARGV[i - 1] end
  redis.call('ZREM', KEYS[1], ARGV[i - 1])
end
return ended
)lua");

constexpr int64_t kRevokeBatch = 200;

}  // namespace

std::string EncodeSession(const Session& s) {
  RecordWriter w("session/1");
  w.Str(s.username);
  w.Int(static_cast<int64_t>(s.role));
  w.Strs(s.zones);
  w.TimeMillis(s.expires_at);
  return w.Finish();
}

absl::StatusOr<Session> DecodeSession(const std::string& record) {
  RecordReader r(record);
  Session s;
  const bool tag_ok = r.Str() == "session/1";
  s.username = r.Str();
  s.role = r.Enum<Role>(static_cast<int>(Role::kAdmin));
  s.zones = r.Strs();
  s.expires_at = r.TimeMillis();
  if (!tag_ok || !r.ok() || !r.done()) {
    return absl::DataLossError("session: stored record is malformed");
  }
  return s;
}

RedisSessionStore::RedisSessionStore(RedisClient& redis, std::string venue_id, const Clock& clock,
                                     std::chrono::seconds ttl)
    : redis_(redis), venue_id_(std::move(venue_id)), clock_(clock), ttl_(ttl) {}

std::string RedisSessionStore::SessionKey(const std::string& token_hash) const {
  return VenueKey(venue_id_, "session:" + token_hash);
}

std::string RedisSessionStore::UserIndexKey(const std::string& username) const {
  // Hashed like a token, so that no name is a key name (and any name makes a valid key).
  return VenueKey(venue_id_, "user_sessions:" + TokenHash(username).substr(0, 32));
}

absl::StatusOr<Session> RedisSessionStore::Issue(const User& user) {
  const TimePoint now = clock_.Now();
  Session s = NewSession(user, now + ttl_);
  const std::string hash = TokenHash(s.token);
  const int64_t ttl_ms = std::chrono::duration_cast<std::chrono::milliseconds>(ttl_).count();
  auto reply = kIssue.Eval(redis_, {SessionKey(hash), UserIndexKey(user.username)},
                           {EncodeSession(s), std::to_string(ttl_ms), hash,
                            std::to_string(ToMillis(s.expires_at)), std::to_string(ToMillis(now))});
  if (!reply.ok()) return reply.status();
  return s;
}

absl::StatusOr<std::optional<Session>> RedisSessionStore::Lookup(const std::string& token) {
  auto record = redis_.Get(SessionKey(TokenHash(token)));
  if (!record.ok()) return record.status();
  if (!record->has_value()) return std::nullopt;
  auto session = DecodeSession(**record);
  if (!session.ok()) return session.status();
  if (clock_.Now() >= session->expires_at) return std::nullopt;
  session->token = token;
  return std::optional<Session>(std::move(*session));
}

absl::StatusOr<bool> RedisSessionStore::Revoke(const std::string& token) {
  const std::string hash = TokenHash(token);
  auto record = redis_.Get(SessionKey(hash));
  if (!record.ok()) return record.status();
  if (!record->has_value()) return false;
  auto session = DecodeSession(**record);
  // A record we cannot read still names a session to end; only its index entry is left to
  // expire.
  const std::string index = session.ok() ? UserIndexKey(session->username) : "";
  if (index.empty()) {
    auto n = redis_.Del({SessionKey(hash)});
    if (!n.ok()) return n.status();
    return *n > 0;
  }
  auto reply = kRevoke.Eval(redis_, {index, SessionKey(hash)}, {hash});
  if (!reply.ok()) return reply.status();
  return !reply->elements.empty();
}

absl::StatusOr<std::vector<std::string>> RedisSessionStore::RevokeUser(
    const std::string& username) {
  const std::string index = UserIndexKey(username);
  std::vector<std::string> refs;
  // Batches, each atomic; a login racing the revocation lands in the index after the read and
  // is not ended (it is a new session, issued after the call).
  for (int batch = 0; batch < 50; ++batch) {
    auto members = redis_.Command({"ZRANGE", index, "0", std::to_string(kRevokeBatch - 1)});
    if (!members.ok()) return members.status();
    if (members->elements.empty()) break;
    std::vector<std::string> keys = {index};
    std::vector<std::string> hashes;
    for (const auto& m : members->elements) {
      keys.push_back(SessionKey(m.str));
      hashes.push_back(m.str);
    }
    auto reply = kRevoke.Eval(redis_, keys, hashes);
    if (!reply.ok()) return reply.status();
    for (const auto& h : reply->elements) refs.push_back(h.str.substr(0, 12));
    if (static_cast<int64_t>(members->elements.size()) < kRevokeBatch) break;
  }
  return refs;
}

}  // namespace cs::api
