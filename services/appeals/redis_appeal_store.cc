#include "services/appeals/redis_appeal_store.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/logging.h"
#include "common/redis/redis_keys.h"
#include "services/appeals/record_codec.h"

namespace cs::appeals {
namespace {

constexpr int kStateCount = static_cast<int>(AppealState::kExpired) + 1;

// KEYS: 1 record, 2 state set. ARGV: 1 id, 2 state, 3 blob. Returns 1 created, 0 taken.
constexpr const char* kCreateScript = R"lua(
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'rev', 1, 'state', ARGV[2], 'data', ARGV[3])
redis.call('SADD', KEYS[2], ARGV[1])
return 1
)lua";

// KEYS: 1 record, 2.. one state set per AppealState in enum order.
// ARGV: 1 id, 2 expected rev, 3 new state, 4 blob.
// Returns -1 absent, 0 revision moved, 1 written.
constexpr const char* kUpdateScript = R"lua(
local rev = redis.call('HGET', KEYS[1], 'rev')
if not rev then return -1 end
if rev ~= ARGV[2] then return 0 end
local old = tonumber(redis.call('HGET', KEYS[1], 'state'))
local new = tonumber(ARGV[3])
if old ~= new then
  redis.call('SREM', KEYS[old + 2], ARGV[1])
  redis.call('SADD', KEYS[new + 2], ARGV[1])
end
redis.call('HSET', KEYS[1], 'rev', tonumber(rev) + 1, 'state', ARGV[3], 'data', ARGV[4])
return 1
)lua";

const char* StateSlug(AppealState s) { return AppealStateName(s); }

}  // namespace

RedisAppealStore::RedisAppealStore(RedisClient& redis, std::string venue_id)
    : redis_(redis), venue_id_(std::move(venue_id)) {}

std::string RedisAppealStore::RecordKey(const std::string& id) const {
  return VenueKey(venue_id_, absl::StrCat("appeal:", id));
}

std::string RedisAppealStore::StateKey(AppealState state) const {
  return VenueKey(venue_id_, absl::StrCat("appeals:state:", StateSlug(state)));
}

std::vector<std::string> RedisAppealStore::AllStateKeys() const {
  std::vector<std::string> keys;
  for (int s = 0; s < kStateCount; ++s) keys.push_back(StateKey(static_cast<AppealState>(s)));
  return keys;
}

absl::Status RedisAppealStore::Create(Appeal appeal) {
  appeal.revision = 1;
  auto reply = redis_.ConfirmedEval(
      kCreateScript, {RecordKey(appeal.id), StateKey(appeal.state)},
      {appeal.id, absl::StrCat(static_cast<int>(appeal.state)), EncodeAppeal(appeal)});
  if (!reply.ok()) return reply.status();
  if (reply->integer == 0) return absl::AlreadyExistsError("appeal.id already exists");
  return absl::OkStatus();
}

absl::StatusOr<Appeal> RedisAppealStore::Get(const std::string& id) const {
  auto reply = redis_.Command({"HMGET", RecordKey(id), "rev", "data"});
  if (!reply.ok()) return reply.status();
  if (reply->elements.size() != 2 || reply->elements[0].is_nil() || reply->elements[1].is_nil()) {
    return absl::NotFoundError("appeal_id: no such appeal");
  }
  auto appeal = DecodeAppeal(reply->elements[1].str);
  if (!appeal.ok()) return appeal.status();
  if (!absl::SimpleAtoi(reply->elements[0].str, &appeal->revision)) {
    return absl::DataLossError("appeal: stored revision is malformed");
  }
  return appeal;
}

absl::Status RedisAppealStore::Update(const Appeal& appeal) {
  std::vector<std::string> keys = {RecordKey(appeal.id)};
  for (auto& k : AllStateKeys()) keys.push_back(std::move(k));
  auto reply =
      redis_.ConfirmedEval(kUpdateScript, keys,
                           {appeal.id, absl::StrCat(appeal.revision),
                            absl::StrCat(static_cast<int>(appeal.state)), EncodeAppeal(appeal)});
  if (!reply.ok()) return reply.status();
  if (reply->integer < 0) return absl::NotFoundError("appeal_id: no such appeal");
  if (reply->integer == 0) {
    return absl::AbortedError("appeal changed concurrently; reload and retry");
  }
  return absl::OkStatus();
}

std::vector<std::string> RedisAppealStore::ListIdsInStates(
    const std::vector<AppealState>& states) const {
  if (states.empty()) return {};
  std::vector<RedisArgv> commands;
  for (AppealState s : states) commands.push_back({"SMEMBERS", StateKey(s)});
  auto replies = redis_.Pipeline(commands);
  if (!replies.ok()) {
    CS_LOG_WARN("appeal state index unreadable venue={} error={}", venue_id_,
                replies.status().ToString());
    return {};
  }
  std::vector<std::string> ids;
  for (const auto& r : *replies) {
    for (const auto& e : r.elements) ids.push_back(e.str);
  }
  return ids;
}

// ---- RedisPublishLedger ----

namespace {

const char* LedgerStateName(PublishRecord::State s) {
  switch (s) {
    case PublishRecord::State::kInFlight:
      return "in_flight";
    case PublishRecord::State::kAmbiguous:
      return "ambiguous";
    case PublishRecord::State::kFailed:
      return "failed";
    case PublishRecord::State::kPosted:
      return "posted";
  }
  return "in_flight";
}

std::optional<PublishRecord::State> LedgerStateFrom(const std::string& s) {
  if (s == "in_flight") return PublishRecord::State::kInFlight;
  if (s == "ambiguous") return PublishRecord::State::kAmbiguous;
  if (s == "failed") return PublishRecord::State::kFailed;
  if (s == "posted") return PublishRecord::State::kPosted;
  return std::nullopt;
}

}  // namespace

RedisPublishLedger::RedisPublishLedger(RedisClient& redis, std::string venue_id)
    : redis_(redis), venue_id_(std::move(venue_id)) {}

std::string RedisPublishLedger::Key(const std::string& key) const {
  return VenueKey(venue_id_, absl::StrCat("publish:", key));
}

std::optional<PublishRecord> RedisPublishLedger::Get(const std::string& key) const {
  auto fields = redis_.HGetAll(Key(key));
  if (!fields.ok()) {
    CS_LOG_WARN("publish ledger unreadable error={}", fields.status().ToString());
    return std::nullopt;
  }
  if (fields->empty()) return std::nullopt;
  PublishRecord record;
  auto state = LedgerStateFrom((*fields)["state"]);
  // An unreadable state is treated as ambiguous: never re-post without checking.
  record.state = state.value_or(PublishRecord::State::kAmbiguous);
  record.post_id = (*fields)["post_id"];
  if (!absl::SimpleAtoi((*fields)["attempts"], &record.attempts)) record.attempts = 0;
  return record;
}

absl::Status RedisPublishLedger::Put(const std::string& key, const PublishRecord& record) {
  // Confirmed like the appeal: a ledger entry lost in a failover could let an appeal be posted
  // twice.
  return redis_
      .ConfirmedCommand({"HSET", Key(key), "state", LedgerStateName(record.state), "post_id",
                         record.post_id, "attempts", absl::StrCat(record.attempts)})
      .status();
}

}  // namespace cs::appeals
