// Consumes the appeal requests case-service raises (the stream cs:{venue:<v>}:appeal-requests,
// see services/cases/case_events.h) and drafts each through AppealServiceImpl::DraftAppeal, so a
// timer's draft passes the same validation, PII guard and idempotency as a press officer's.
//
// Delivery: a Redis consumer group. An entry is acknowledged (XACK) only after its draft is
// stored, or when it can never succeed (bad input, nothing to follow up), and then deleted
// (XDEL): it carried the case's restricted values for the PII guard, which must not linger. Entries
// left pending by a crash or an outage are read again from the group's pending list on the next
// pass. Drafting is idempotent by request_id ("<case>/<kind>"), so a repeat drafts nothing new.
//
// A follow-up request names only the case. It is drafted against the newest published (or
// updated) appeal for that case; when none went out, there is nothing to follow up and the
// request is acknowledged with a log line.
//
// Latency: the loop polls every `interval` (100 ms): an XREADGROUP on an empty stream costs Redis
// microseconds, and it keeps a requested draft within the 500 ms of DESIGN.md with room for the
// drafting itself. A blocking read would hold one pooled connection for ever.
//
// Thread-safety: Start/Stop from one thread; Poll is called by the loop (or a test) only.
#pragma once

#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "absl/status/statusor.h"
#include "common/clock.h"
#include "common/redis/redis_client.h"
#include "crowdsafe/v1/appeals.grpc.pb.h"

namespace cs::appeals {

class AppealRequestConsumer {
 public:
  AppealRequestConsumer(RedisClient& redis, std::string venue_id,
                        crowdsafe::v1::AppealService::Service& service,
                        Duration interval = std::chrono::milliseconds(100));
  ~AppealRequestConsumer();

  void Start();
  void Stop();

  // One pass: pending entries first, then new ones. Returns how many were acknowledged.
  absl::StatusOr<int> Poll();

  static constexpr const char* kGroup = "appeal-service";

 private:
  absl::Status EnsureGroup();
  // True when the entry is finished with (drafted, or can never be).
  bool Handle(const std::string& entry_id, const std::string& payload);
  void Run();

  RedisClient& redis_;
  const std::string key_;
  crowdsafe::v1::AppealService::Service& service_;
  const Duration interval_;
  bool group_ready_ = false;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;  // guarded by mu_
  std::thread thread_;
};

}  // namespace cs::appeals
