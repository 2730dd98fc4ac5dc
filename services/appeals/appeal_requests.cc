#include "services/appeals/appeal_requests.h"

#include <unistd.h>

#include "absl/strings/str_cat.h"
#include "common/logging.h"
#include "common/redis/redis_keys.h"

namespace cs::appeals {
namespace v1 = crowdsafe::v1;

namespace {

constexpr int kBatch = 20;
constexpr int kReclaimRounds = 5;  // XAUTOCLAIM calls per pass at most (kBatch entries each)

v1::Actor System() {
  v1::Actor a;
  a.set_user_id("system:case-timer");
  a.set_role(v1::ROLE_SYSTEM);
  return a;
}

// Errors the request itself causes: retrying cannot help.
bool Permanent(grpc::StatusCode code) {
  return code == grpc::StatusCode::INVALID_ARGUMENT || code == grpc::StatusCode::ALREADY_EXISTS ||
         code == grpc::StatusCode::NOT_FOUND || code == grpc::StatusCode::FAILED_PRECONDITION ||
         code == grpc::StatusCode::PERMISSION_DENIED;
}

}  // namespace

std::string DefaultConsumerName() {
  char host[256] = {};
  if (gethostname(host, sizeof(host) - 1) != 0) host[0] = '\0';
  return absl::StrCat(host[0] ? host : "unknown-host", ":", getpid());
}

AppealRequestConsumer::AppealRequestConsumer(RedisClient& redis, std::string venue_id,
                                             v1::AppealService::Service& service,
                                             AppealRequestConsumerOptions options)
    : redis_(redis),
      key_(VenueKey(venue_id, "appeal-requests")),
      service_(service),
      consumer_(options.consumer.empty() ? DefaultConsumerName() : options.consumer),
      reclaim_idle_(options.reclaim_idle),
      loop_("appeal-requests", [this] {
        if (auto done = Poll(); !done.ok())
          CS_LOG_WARN("appeal requests not read error={}", done.status().ToString());
      }, options.interval) {}

AppealRequestConsumer::~AppealRequestConsumer() { Stop(); }

void AppealRequestConsumer::Start() {
  CS_LOG_INFO("appeal requests read as consumer={}", consumer_);
  loop_.Start();
}

void AppealRequestConsumer::Stop() { loop_.Stop(); }

absl::Status AppealRequestConsumer::EnsureGroup() {
  if (group_ready_) return absl::OkStatus();
  auto reply = redis_.Command({"XGROUP", "CREATE", key_, kGroup, "0", "MKSTREAM"});
  // BUSYGROUP: the group exists already (a restart), which is what we want.
  if (!reply.ok() && reply.status().message().find("BUSYGROUP") == std::string_view::npos)
    return reply.status();
  group_ready_ = true;
  return absl::OkStatus();
}

absl::StatusOr<int> AppealRequestConsumer::Poll() {
  if (auto s = EnsureGroup(); !s.ok()) return s;
  int acked = 0;
  auto failed = [&](const absl::Status& s) {
    // NOGROUP: the stream was deleted under us (FLUSHALL in a test, a reset); make it again.
    if (s.message().find("NOGROUP") != std::string_view::npos) group_ready_ = false;
    return s;
  };
  // 1. This consumer's own pending entries (a failed draft, or this name before a crash).
  auto own = redis_.Command({"XREADGROUP", "GROUP", kGroup, consumer_, "COUNT",
                             std::to_string(kBatch), "STREAMS", key_, "0"});
  if (!own.ok()) return failed(own.status());
  // [[key, [[id, [field, value, ...]], ...]]]
  if (!own->is_nil() && !own->elements.empty() && own->elements[0].elements.size() > 1) {
    if (auto s = HandleEntries(own->elements[0].elements[1].elements, &acked); !s.ok()) return s;
  }
  // 2. Entries another consumer (a dead replica) left pending past reclaim_idle: taken over.
  std::string cursor = "0-0";
  for (int round = 0; round < kReclaimRounds; ++round) {
    auto claimed = redis_.Command({"XAUTOCLAIM", key_, kGroup, consumer_,
                                   std::to_string(reclaim_idle_.count()), cursor, "COUNT",
                                   std::to_string(kBatch)});
    if (!claimed.ok()) return failed(claimed.status());
    // [next cursor, [[id, [field, value, ...]], ...], [ids deleted meanwhile]]
    if (claimed->elements.size() < 2) break;
    const auto& entries = claimed->elements[1].elements;
    if (!entries.empty()) {
      CS_LOG_INFO("appeal requests reclaimed from an idle consumer count={} consumer={}",
                  entries.size(), consumer_);
    }
    if (auto s = HandleEntries(entries, &acked); !s.ok()) return s;
    cursor = claimed->elements[0].str;
    if (cursor == "0-0") break;  // the whole pending list was scanned
  }
  // 3. New entries.
  auto fresh = redis_.Command({"XREADGROUP", "GROUP", kGroup, consumer_, "COUNT",
                               std::to_string(kBatch), "STREAMS", key_, ">"});
  if (!fresh.ok()) return failed(fresh.status());
  if (!fresh->is_nil() && !fresh->elements.empty() && fresh->elements[0].elements.size() > 1) {
    if (auto s = HandleEntries(fresh->elements[0].elements[1].elements, &acked); !s.ok()) return s;
  }
  return acked;
}

absl::Status AppealRequestConsumer::HandleEntries(const std::vector<RedisReply>& entries,
                                                  int* acked) {
  for (const RedisReply& entry : entries) {
    if (entry.elements.empty()) continue;  // an entry deleted while pending (Redis 6.2: nil)
    const std::string& id = entry.elements[0].str;
    std::string payload;
    if (entry.elements.size() > 1) {
      const auto& fields = entry.elements[1].elements;
      for (size_t i = 0; i + 1 < fields.size(); i += 2)
        if (fields[i].str == "r") payload = fields[i + 1].str;
    }
    if (!Handle(id, payload)) continue;  // stays pending; retried next pass
    if (auto ack = redis_.Command({"XACK", key_, kGroup, id}); !ack.ok()) return ack.status();
    // The entry carried the case's restricted values for the guard: it goes once handled.
    if (auto del = redis_.Command({"XDEL", key_, id}); !del.ok()) return del.status();
    ++*acked;
  }
  return absl::OkStatus();
}

bool AppealRequestConsumer::Handle(const std::string& entry_id, const std::string& payload) {
  v1::DraftAppealRequest request;
  if (payload.empty() || !request.ParseFromString(payload)) {
    CS_LOG_ERROR("appeal request undecodable, dropped entry={}", entry_id);
    return true;
  }
  *request.mutable_actor() = System();
  const std::string& case_id = request.snapshot().case_id();
  if (request.kind() == v1::APPEAL_FOLLOW_UP && request.follows_appeal_id().empty()) {
    v1::ListAppealsRequest list;
    list.add_states(v1::APPEAL_PUBLISHED);
    list.add_states(v1::APPEAL_UPDATED);
    list.mutable_page()->set_page_size(500);
    *list.mutable_actor() = System();
    v1::ListAppealsResponse published;
    grpc::Status s = service_.ListAppeals(nullptr, &list, &published);
    if (!s.ok()) return Permanent(s.error_code());
    std::string newest;
    for (const v1::Appeal& a : published.appeals())
      if (a.case_id() == case_id && a.kind() != v1::APPEAL_FOLLOW_UP) newest = a.appeal_id();
    if (newest.empty()) {
      CS_LOG_INFO("no published appeal for case={}: no follow-up needed", case_id);
      return true;
    }
    request.set_follows_appeal_id(newest);
  }
  v1::Appeal drafted;
  grpc::Status s = service_.DraftAppeal(nullptr, &request, &drafted);
  if (s.ok()) {
    CS_LOG_INFO("appeal drafted from case request case={} appeal={} kind={}", case_id,
                drafted.appeal_id(), v1::AppealKind_Name(request.kind()));
    return true;
  }
  // The message names a field, never the child's data (the drafter's errors are PII-free).
  CS_LOG_WARN("appeal request not drafted case={} code={} error={}", case_id,
              static_cast<int>(s.error_code()), s.error_message());
  return Permanent(s.error_code());
}

}  // namespace cs::appeals
