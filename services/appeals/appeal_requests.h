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
// Replicas: each replica reads as its own consumer of the one group (`consumer`, by default
// "<hostname>:<pid>"), so Redis hands each new entry to exactly one of them. An entry left
// pending by a replica that died is taken over with XAUTOCLAIM by whichever replica passes next
// once it has been idle `reclaim_idle` (60 s: far above a draft's milliseconds, so a live but
// slow replica keeps its entries; if it did not, the request_id still drafts once).
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

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/clock.h"
#include "common/periodic_loop.h"
#include "common/redis/redis_client.h"
#include "crowdsafe/v1/appeals.grpc.pb.h"

namespace cs::appeals {

struct AppealRequestConsumerOptions {
  std::string consumer;  // this replica's name in the group; empty: DefaultConsumerName()
  std::chrono::milliseconds interval{100};
  std::chrono::milliseconds reclaim_idle{60'000};  // pending this long: its consumer is gone
};

// "<hostname>:<pid>": unique among replicas on one Redis, new after every restart (the old
// name's pending entries are then reclaimed like a dead replica's).
std::string DefaultConsumerName();

class AppealRequestConsumer {
 public:
  AppealRequestConsumer(RedisClient& redis, std::string venue_id,
                        crowdsafe::v1::AppealService::Service& service,
                        AppealRequestConsumerOptions options = {});
  ~AppealRequestConsumer();

  void Start();
  void Stop();

  // One pass: this consumer's pending entries, then entries idle past reclaim_idle under any
  // consumer (XAUTOCLAIM), then new ones. Returns how many were acknowledged.
  absl::StatusOr<int> Poll();

  const std::string& consumer() const { return consumer_; }

  static constexpr const char* kGroup = "appeal-service";

 private:
  absl::Status EnsureGroup();
  // Handles the entries of one read ([id, [field, value, ...]] each; nil ones skipped) and
  // acknowledges and deletes each that is finished with. Adds them to *acked.
  absl::Status HandleEntries(const std::vector<RedisReply>& entries, int* acked);
  // True when the entry is finished with (drafted, or can never be).
  bool Handle(const std::string& entry_id, const std::string& payload);

  RedisClient& redis_;
  const std::string key_;
  crowdsafe::v1::AppealService::Service& service_;
  const std::string consumer_;
  const std::chrono::milliseconds reclaim_idle_;
  bool group_ready_ = false;  // the loop's thread only (or a test's, without Start)
  PeriodicLoop loop_;
};

}  // namespace cs::appeals
