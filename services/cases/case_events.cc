#include "services/cases/case_events.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/grpc/time_convert.h"
#include "common/redis/redis_keys.h"
#include "common/redis/redis_script.h"
#include "common/text/utf8.h"
#include "services/cases/case_convert.h"

namespace cs::cases {
namespace v1 = crowdsafe::v1;

namespace {
// A venue's busiest day raises a few hundred events; this keeps weeks for late watchers.
constexpr int64_t kEventsKept = 100'000;
constexpr int64_t kRequestsKept = 10'000;

// KEYS: 1 claims hash, 2 event stream, 3 request stream. ARGV: 1 action key, 2 event,
// 3 events kept, 4 request ("" for none), 5 requests kept. Returns the event's id, or false
// (nil) when the action was claimed before. The check, the appends and the claim are one
// script, so two replicas racing for a timer cannot both announce it.
const RedisScript kAnnounceOnce(R"lua(
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then return false end
if ARGV[4] ~= '' then
  redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[5], '*', 'r', ARGV[4])
end
local id = redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[3], '*', 'e', ARGV[2])
redis.call('HSET', KEYS[1], ARGV[1], id)
return id
)lua");
}  // namespace

CaseEventLog::CaseEventLog(RedisClient& redis, std::string venue_id)
    : redis_(redis), venue_id_(std::move(venue_id)) {}

std::string CaseEventLog::events_key() const { return VenueKey(venue_id_, "case-events"); }
std::string CaseEventLog::requests_key() const { return VenueKey(venue_id_, "appeal-requests"); }
std::string CaseEventLog::claims_key() const { return VenueKey(venue_id_, "timer-claims"); }

void CaseEventLog::NotifyAppended() {
  {
    std::lock_guard lock(mu_);
    ++appends_;
  }
  appended_.notify_all();
}

absl::StatusOr<std::string> CaseEventLog::Append(const v1::CaseEvent& event) {
  v1::CaseEvent stored = event;
  stored.clear_cursor();
  auto id = redis_.XAdd(events_key(), {{"e", stored.SerializeAsString()}}, kEventsKept);
  if (!id.ok()) return id.status();
  NotifyAppended();
  return id;
}

absl::StatusOr<std::vector<v1::CaseEvent>> CaseEventLog::After(const std::string& cursor,
                                                               int64_t count) const {
  auto entries = redis_.XRangeAfter(events_key(), cursor, count);
  if (!entries.ok()) return entries.status();
  std::vector<v1::CaseEvent> out;
  out.reserve(entries->size());
  for (const StreamEntry& e : *entries) {
    v1::CaseEvent event;
    for (const auto& [field, value] : e.fields) {
      if (field == "e" && !event.ParseFromString(value))
        return absl::DataLossError("case event " + e.id + ": undecodable");
    }
    event.mutable_cursor()->set_value(e.id);
    out.push_back(std::move(event));
  }
  return out;
}

absl::StatusOr<std::string> CaseEventLog::LastCursor() const {
  auto reply = redis_.Command({"XREVRANGE", events_key(), "+", "-", "COUNT", "1"});
  if (!reply.ok()) return reply.status();
  if (reply->elements.empty() || reply->elements[0].elements.empty()) return std::string("0");
  return reply->elements[0].elements[0].str;
}

absl::StatusOr<std::string> CaseEventLog::RequestAppeal(const v1::DraftAppealRequest& request) {
  return redis_.XAdd(requests_key(), {{"r", request.SerializeAsString()}}, kRequestsKept);
}

absl::StatusOr<bool> CaseEventLog::AnnounceOnce(const std::string& action_key,
                                                const v1::CaseEvent& event,
                                                const v1::DraftAppealRequest* request) {
  v1::CaseEvent stored = event;
  stored.clear_cursor();
  auto reply = kAnnounceOnce.Eval(
      redis_, {claims_key(), events_key(), requests_key()},
      {action_key, stored.SerializeAsString(), absl::StrCat(kEventsKept),
       request == nullptr ? std::string() : request->SerializeAsString(),
       absl::StrCat(kRequestsKept)});
  if (!reply.ok()) return reply.status();
  if (reply->is_nil()) return false;
  NotifyAppended();
  return true;
}

absl::Status CaseEventLog::ForgetClaims(const std::vector<std::string>& action_keys) {
  if (action_keys.empty()) return absl::OkStatus();
  RedisArgv argv = {"HDEL", claims_key()};
  argv.insert(argv.end(), action_keys.begin(), action_keys.end());
  return redis_.Command(argv).status();
}

uint64_t CaseEventLog::WaitForAppend(uint64_t seen, Duration timeout) {
  std::unique_lock lock(mu_);
  appended_.wait_for(lock, timeout, [&] { return appends_ != seen; });
  return appends_;
}

namespace {

// A garment as the drafter wants it: its own text and its colour words apart, so that the
// drafter writes each colour once ("粉红色" + "粉红色外套" is one 粉色外套, not two colours).
void SetGarment(const Garment& g, std::string* text,
                google::protobuf::RepeatedPtrField<std::string>* colours) {
  *text = g.text;
  for (absl::string_view w : absl::StrSplit(g.colour_words, ' ', absl::SkipEmpty())) {
    colours->Add(std::string(w));
  }
}

// The first code point of the child's name: a surname in the usual single-character case.
// Compound surnames (欧阳…) lose their second character here; appeal-service reads the whole
// surname from the child's name in GuardValues (SplitHanName) when consent is given.
std::string SurnameOf(const std::string& name) {
  if (name.empty()) return "";
  size_t len = 0;
  DecodeUtf8At(name, 0, &len);
  return name.substr(0, len);
}

}  // namespace

v1::CaseSnapshot SnapshotOf(const Case& c, const Venue& venue) {
  v1::CaseSnapshot s;
  s.set_case_id(c.id);
  s.set_venue_id(venue.id);
  s.set_venue_name_zh(venue.name_zh);
  s.set_venue_name_en(venue.name_en);
  if (const Zone* z = venue.FindZone(c.zone_id)) {
    s.set_zone_name_zh(z->name_zh);
    s.set_zone_name_en(z->name_en);
  }
  *s.mutable_at() = ToProtoTime(c.seen_at);
  s.set_sex(c.child.sex == Sex::kMale ? "male" : c.child.sex == Sex::kFemale ? "female" : "");
  s.set_age_min(c.child.age_min);
  s.set_age_max(c.child.age_max);
  s.set_height_cm(c.child.height_cm);
  SetGarment(c.child.clothing.top, s.mutable_top(), s.mutable_top_colours());
  SetGarment(c.child.clothing.bottom, s.mutable_bottom(), s.mutable_bottom_colours());
  SetGarment(c.child.clothing.hat, s.mutable_hat(), s.mutable_hat_colours());
  SetGarment(c.child.clothing.shoes, s.mutable_shoes(), s.mutable_shoes_colours());
  s.set_features(c.child.features);
  s.set_held_at(c.held_at);
  s.set_last_seen_note(c.last_seen_note);
  // Ids only: appeal-service fetches the photos it publishes (blurred) through GetPhoto.
  for (const std::string& ref : c.child.photo_refs) s.add_photo_ids(ref);
  if (c.restricted.surname_consent) {
    s.set_surname(SurnameOf(c.restricted.child_name));
    s.set_surname_consent(true);
  }
  return s;
}

v1::GuardValues GuardValuesOf(const Case& c) {
  v1::GuardValues g;
  g.set_child_name(c.restricted.child_name);
  g.set_guardian_name(c.restricted.guardian_name);
  g.set_guardian_phone(c.restricted.guardian_phone);
  return g;
}

bool EventVisibleTo(const v1::CaseEvent& event, v1::Role role,
                    const std::vector<std::string>& zones) {
  const v1::CaseEventType t = event.type();
  bool by_role = false;
  switch (role) {
    case v1::ROLE_DESK:
    case v1::ROLE_SYSTEM:
      by_role = true;
      break;
    case v1::ROLE_PATROL:
      by_role = t == v1::CASE_EVENT_FILED || t == v1::CASE_EVENT_BROADCAST_ZONE ||
                t == v1::CASE_EVENT_BROADCAST_VENUE || t == v1::CASE_EVENT_STATE_CHANGED;
      break;
    case v1::ROLE_PRESS:
      by_role = t == v1::CASE_EVENT_APPEAL_REQUESTED || t == v1::CASE_EVENT_FOLLOW_UP_REQUESTED ||
                t == v1::CASE_EVENT_STATE_CHANGED;
      break;
    case v1::ROLE_ADMIN:
      by_role = t == v1::CASE_EVENT_STATE_CHANGED;
      break;
    default:
      return false;
  }
  if (!by_role) return false;
  // An event without zones concerns the whole venue; a watcher without zones follows all.
  if (zones.empty() || event.zone_ids().empty()) return true;
  return std::any_of(event.zone_ids().begin(), event.zone_ids().end(), [&](const std::string& z) {
    return std::find(zones.begin(), zones.end(), z) != zones.end();
  });
}

}  // namespace cs::cases
