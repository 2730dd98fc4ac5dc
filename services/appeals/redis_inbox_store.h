// Redis implementations of the desk's InboxStore and AnswerStore (口径库), for appeal-service.
// Thread-safety: safe from several threads; every write is one Lua script, atomic on the server.
//
// Keys, under the venue's hash tag so one script may touch them together:
//   cs:{venue:<v>}:inbox:msg:<id>           hash {rev, data}; data = EncodeMessage
//   cs:{venue:<v>}:inbox:received           zset id by received_at (ms), for report ranges
//   cs:{venue:<v>}:inbox:open               set of ids still received/assigned
//   cs:{venue:<v>}:answers                  set of entry ids
//   cs:{venue:<v>}:answer:<id>:versions     list of EncodeAnswer, version n at index n-1
//   cs:{venue:<v>}:answer:<id>:audit        list of EncodeAnswerAudit
#pragma once

#include <string>
#include <vector>

#include "common/redis/redis_client.h"
#include "services/appeals/desk/answer_library.h"
#include "services/appeals/desk/inbox_store.h"

namespace cs::appeals {

class RedisInboxStore final : public InboxStore {
 public:
  RedisInboxStore(RedisClient& redis, std::string venue_id);

  absl::Status Create(InboxMessage message) override;
  absl::StatusOr<InboxMessage> Get(const std::string& id) const override;
  // Compare-and-set on rev; moves the id in or out of the open set in the same script.
  absl::Status Update(const InboxMessage& message) override;
  // Both lists are empty on a Redis failure (the interface has no error path; logged).
  std::vector<InboxMessage> ListReceived(TimePoint from, TimePoint to) const override;
  std::vector<InboxMessage> ListOpen() const override;

 private:
  std::string MessageKey(const std::string& id) const;
  std::vector<InboxMessage> Load(const std::vector<std::string>& ids) const;

  RedisClient& redis_;
  std::string venue_id_;
  std::string received_key_;
  std::string open_key_;
};

class RedisAnswerStore final : public AnswerStore {
 public:
  RedisAnswerStore(RedisClient& redis, std::string venue_id);

  // Version check, version append and audit append in one script.
  absl::Status Append(const AnswerEntry& entry, const AnswerAudit& audit) override;
  absl::StatusOr<std::vector<AnswerEntry>> History(const std::string& id) const override;
  absl::StatusOr<std::vector<AnswerAudit>> AuditLog(const std::string& id) const override;
  // Empty on a Redis failure (logged); AnswerLibrary::Load then starts with an empty index.
  // AnswerLibraryFollower reads through ReadAllLatest instead, which says so.
  std::vector<AnswerEntry> AllLatest() const override;
  // The latest version of every entry; an error when Redis cannot answer (never an empty list).
  absl::StatusOr<std::vector<AnswerEntry>> ReadAllLatest() const;
  // How many versions were ever appended, on any replica (cs:{venue:<v>}:answers:changes,
  // bumped by Append's script): one GET tells a follower whether to reload.
  absl::StatusOr<int64_t> ChangeCount() const;

 private:
  std::string VersionsKey(const std::string& id) const;
  std::string AuditKey(const std::string& id) const;

  RedisClient& redis_;
  std::string venue_id_;
  std::string ids_key_;
  std::string changes_key_;
};

}  // namespace cs::appeals
