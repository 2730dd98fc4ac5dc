// Redis implementation of the Weibo connector's state (desk/weibo_inbox.h), so a restart or a
// second replica neither resubmits an item nor sends a reply twice.
// Thread-safety: safe from several threads; each write is one command or one Lua script.
//
// Keys, under the venue's hash tag:
//   cs:{venue:<v>}:weibo:cursor                hash dm|at|cm -> newest id recorded
//   cs:{venue:<v>}:weibo:item:<dm|at|cm>:<id>  hash inbox_id, weibo_id, status_id, sender_uid,
//                                              reply_state, reply_id, note
//   cs:{venue:<v>}:weibo:awaiting              set of "<dm|at|cm>:<id>" still awaiting a reply
// A record that reaches a final reply state expires after 30 days (the inbox keeps the message;
// the sender's uid is only needed to answer).
#pragma once

#include <string>

#include "common/redis/redis_client.h"
#include "services/appeals/desk/weibo_inbox.h"

namespace cs::appeals {

class RedisWeiboInboxState final : public WeiboInboxState {
 public:
  RedisWeiboInboxState(RedisClient& redis, std::string venue_id);

  absl::StatusOr<std::string> Cursor(WeiboSource source) override;
  absl::Status SetCursor(WeiboSource source, const std::string& id) override;
  absl::StatusOr<std::optional<WeiboItemRecord>> Find(WeiboSource source,
                                                      const std::string& weibo_id) override;
  absl::Status Record(const WeiboItemRecord& record) override;
  absl::StatusOr<std::vector<WeiboItemRecord>> Awaiting() override;
  absl::StatusOr<bool> MoveReply(const WeiboReplyTarget& target, ReplyKind kind, ReplyState from,
                                 ReplyState to, const std::string& reply_id,
                                 const std::string& note) override;

 private:
  std::string ItemKey(WeiboSource source, const std::string& weibo_id) const;

  RedisClient& redis_;
  std::string venue_id_;
  std::string cursor_key_;
  std::string awaiting_key_;
};

}  // namespace cs::appeals
