// Redis implementations of the desk's AppealStore and PublishLedger, for appeal-service.
// Thread-safety: safe from several threads (RedisClient serialises calls; every write is one
// Lua script or one command, so it is atomic on the server).
//
// Keys, all under the venue's hash tag so one script may touch them together (Redis Cluster
// keeps them in one slot):
//   cs:{venue:<v>}:appeal:<id>            hash {rev, state, data}; data = EncodeAppeal
//   cs:{venue:<v>}:appeals:state:<state>  set of appeal ids in that state (the list index)
//   cs:{venue:<v>}:publish:<key>          hash {state, post_id, attempts} (the publish ledger)
// Create and Update are Lua scripts: the record, its revision and the state index change
// together or not at all. Update is a compare-and-set on `rev` (Aborted when it moved).
#pragma once

#include <string>
#include <vector>

#include "common/redis/redis_client.h"
#include "services/appeals/desk/appeal_store.h"
#include "services/appeals/desk/weibo_api_publisher.h"

namespace cs::appeals {

class RedisAppealStore final : public AppealStore {
 public:
  RedisAppealStore(RedisClient& redis, std::string venue_id);

  absl::Status Create(Appeal appeal) override;
  absl::StatusOr<Appeal> Get(const std::string& id) const override;
  absl::Status Update(const Appeal& appeal) override;
  // Empty on a Redis failure (the interface has no error path; the failure is logged).
  std::vector<std::string> ListIdsInStates(const std::vector<AppealState>& states) const override;

  std::string RecordKey(const std::string& id) const;
  std::string StateKey(AppealState state) const;

 private:
  std::vector<std::string> AllStateKeys() const;

  RedisClient& redis_;
  std::string venue_id_;
};

// One hash per idempotency key. Put is a single HSET, so once it returns OK the record is in
// Redis (and in its AOF, with appendfsync always) before the publisher sends anything.
class RedisPublishLedger final : public PublishLedger {
 public:
  RedisPublishLedger(RedisClient& redis, std::string venue_id);

  // nullopt when absent, and also when Redis cannot be read (logged): the publisher then treats
  // the key as new, which is why WeiboApiPublisher re-checks the timeline after ambiguity.
  std::optional<PublishRecord> Get(const std::string& key) const override;
  absl::Status Put(const std::string& key, const PublishRecord& record) override;

  std::string Key(const std::string& key) const;

 private:
  RedisClient& redis_;
  std::string venue_id_;
};

}  // namespace cs::appeals
