// CaseStore on Redis, plus the few venue-level lists case-service needs. Thread-safety: as
// thread-safe as the RedisClient it uses (HiredisClient and RedisPool are).
//
//   cs:{case:<id>}:data     hash: v (version), body (the case without its audit, see codec)
//   cs:{case:<id>}:audit    list: one encoded AuditEntry per element, append-only
//   cs:{case:<id>}:photo:<n> sanitised photo bytes
//   cs:{venue:<v>}:cases    zset of every case id, scored by filed_at (ms)
//   cs:{venue:<v>}:active   zset of active case ids (OPEN, MATCH_PROPOSED), same score
//   cs:{venue:<v>}:case_seq counter behind NewId()
//
// Put is one Lua script over the case's own keys (one hash tag, so one Cluster slot): compare
// the version, store the body, append the new audit entries. The venue zsets live in another
// slot, so they are updated outside the script: the case is added to :cases BEFORE its first
// Put (an id without data is skipped by readers) and :active is updated AFTER each Put, which
// makes ListActive eventually consistent, as case_store.h allows.
#pragma once

#include <string>
#include <vector>

#include "common/redis/redis_client.h"
#include "services/cases/core/case_store.h"

namespace cs::cases {

class RedisCaseStore final : public CaseStore {
 public:
  RedisCaseStore(RedisClient& redis, std::string venue_id)
      : redis_(redis), venue_id_(std::move(venue_id)) {}

  absl::StatusOr<Case> Get(const std::string& id) const override;
  absl::StatusOr<int64_t> Put(const Case& c, int64_t expected_version) override;
  absl::Status AppendAudit(const std::string& id, const std::vector<AuditEntry>& e) override;
  // Best effort: an empty list when Redis cannot be read (the interface has no error path).
  std::vector<std::string> ListActive() const override;

  // Every case id of the venue, oldest first.
  absl::StatusOr<std::vector<std::string>> ListAll() const;
  // A fresh id, "case-<n>", unique within the venue.
  absl::StatusOr<std::string> NewId();
  // Stores a sanitised photo of a case; returns its ref "<case id>/photo-<n>".
  absl::StatusOr<std::string> PutPhoto(const std::string& case_id, int n, const std::string& bytes);
  // The bytes behind a ref PutPhoto returned. InvalidArgument when `ref` is not a photo of
  // `case_id` (a caller may not walk to other cases' keys); NotFound when absent or purged.
  absl::StatusOr<std::string> GetPhoto(const std::string& case_id, const std::string& ref) const;
  // Removes a case's stored photos (retention purge).
  absl::Status DeletePhotos(const std::string& case_id, size_t count);

  // The body codec, exposed for tests. The audit is not part of the body.
  static std::string EncodeBody(const Case& c);
  static absl::StatusOr<Case> DecodeBody(const std::string& body);
  static std::string EncodeAudit(const AuditEntry& e);
  static absl::StatusOr<AuditEntry> DecodeAudit(const std::string& text);

 private:
  RedisClient& redis_;
  const std::string venue_id_;
};

}  // namespace cs::cases
