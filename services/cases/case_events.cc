#include "services/cases/case_events.h"

#include <algorithm>

#include "common/redis/redis_keys.h"

namespace cs::cases {
namespace v1 = crowdsafe::v1;

namespace {
// A venue's busiest day raises a few hundred events; this keeps weeks for late watchers.
constexpr int64_t kEventsKept = 100'000;
constexpr int64_t kRequestsKept = 10'000;
}  // namespace

CaseEventLog::CaseEventLog(RedisClient& redis, std::string venue_id)
    : redis_(redis), venue_id_(std::move(venue_id)) {}

std::string CaseEventLog::events_key() const { return VenueKey(venue_id_, "case-events"); }
std::string CaseEventLog::requests_key() const { return VenueKey(venue_id_, "appeal-requests"); }

absl::StatusOr<std::string> CaseEventLog::Append(const v1::CaseEvent& event) {
  v1::CaseEvent stored = event;
  stored.clear_cursor();
  auto id = redis_.XAdd(events_key(), {{"e", stored.SerializeAsString()}}, kEventsKept);
  if (!id.ok()) return id.status();
  {
    std::lock_guard lock(mu_);
    ++appends_;
  }
  appended_.notify_all();
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

uint64_t CaseEventLog::WaitForAppend(uint64_t seen, Duration timeout) {
  std::unique_lock lock(mu_);
  appended_.wait_for(lock, timeout, [&] { return appends_ != seen; });
  return appends_;
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
