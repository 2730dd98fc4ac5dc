// CaseStore on Redis, plus the few venue-level lists case-service needs. Thread-safety: as
// thread-safe as the RedisClient it uses (HiredisClient and RedisPool are).
//
//   cs:{case:<id>}:data     hash: v (version), body (the case without its audit, see codec)
//   cs:{case:<id>}:audit    list: one encoded AuditEntry per element, append-only
//   cs:{case:<id>}:photo:<n> sanitised photo bytes
//   cs:{venue:<v>}:cases    zset of every case id, scored by filed_at (ms)
//   cs:{venue:<v>}:active   zset of active case ids (OPEN, MATCH_PROPOSED), same score
//   cs:{venue:<v>}:case_seq counter behind NewId()
//   cs:{venue:<v>}:due      zset: the timer index, case ids scored by when something is next
//                           owed for them (ms; see SetWakeTime); only cases that owe anything
//   cs:{venue:<v>}:due_built set once the timer index holds every case (see MarkWakeIndexBuilt)
//
// Put is one Lua script over the case's own keys (one hash tag, so one Cluster slot): compare
// the version, store the body, append the new audit entries. The venue zsets live in another
// slot, so they are updated outside the script: the case is added to :cases BEFORE its first
// Put (an id without data is skipped by readers) and :active is updated AFTER each Put, which
// makes ListActive eventually consistent, as case_store.h allows. The timer index is updated
// the same way, but also before the script with ZADD LT: a crash between the two leaves an entry
// too early (the loop reads the case, finds nothing due and reschedules it), never one missing.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/redis/redis_client.h"
#include "common/redis/redis_keys.h"
#include "services/cases/core/case_store.h"

namespace cs::cases {

class RedisCaseStore final : public CaseStore {
 public:
  RedisCaseStore(RedisClient& redis, std::string venue_id)
      : redis_(redis), venue_id_(std::move(venue_id)), id_counter_(VenueKey(venue_id_, "case_seq")) {}

  // When something is next owed for a case (the escalation schedule's NextWake); nullopt for
  // nothing. Set once before the store is shared (EscalationLoop's constructor sets it); from
  // then on every Put keeps the timer index.
  using WakeTime = std::function<std::optional<TimePoint>(const Case&)>;
  void SetWakeTime(WakeTime wake_time) { wake_time_ = std::move(wake_time); }

  absl::StatusOr<Case> Get(const std::string& id) const override;
  absl::StatusOr<int64_t> Put(const Case& c, int64_t expected_version) override;
  absl::Status AppendAudit(const std::string& id, const std::vector<AuditEntry>& e) override;
  // An error when Redis cannot be read, never an empty list (issue 18: an empty answer was
  // taken for "no open cases" and the match index started empty).
  absl::StatusOr<std::vector<std::string>> ListActive() const override;

  // Several cases in one round trip, for read-only views (match candidates): each slot holds
  // the case without its audit log (audit empty), or NotFound. Do not Put what this returns.
  std::vector<absl::StatusOr<Case>> GetWithoutAudit(const std::vector<std::string>& ids) const;

  // Every case id of the venue, oldest first.
  absl::StatusOr<std::vector<std::string>> ListAll() const;
  // A fresh id, "case-<n>", unique within the venue, or within the city after UseCityIds.
  absl::StatusOr<std::string> NewId();
  // A city of venues on one Redis (issue 17): case keys carry the case id only
  // ({case:case-7}), so two venues counting "case-<n>" each would write each other's cases.
  // From this call on, NewId counts on the city's counter (cs:{city:<id>}:case_seq), which is
  // first raised to at least this venue's own counter, so no id handed out before comes back.
  // Call once at start-up, before the store is shared.
  absl::Status UseCityIds(const std::string& city_id);
  // Stores a sanitised photo of a case; returns its ref "<case id>/photo-<n>".
  absl::StatusOr<std::string> PutPhoto(const std::string& case_id, int n, const std::string& bytes);
  // The bytes behind a ref PutPhoto returned. InvalidArgument when `ref` is not a photo of
  // `case_id` (a caller may not walk to other cases' keys); NotFound when absent or purged.
  absl::StatusOr<std::string> GetPhoto(const std::string& case_id, const std::string& ref) const;
  // Removes a case's stored photos (retention purge).
  absl::Status DeletePhotos(const std::string& case_id, size_t count);

  // Timer index. Up to `limit` case ids whose wake time is at or before `now`, earliest first.
  absl::StatusOr<std::vector<std::string>> DueBy(TimePoint now, size_t limit) const;
  // Sets the case's entry from its current wake time (removes it when nothing is owed).
  absl::Status RefreshWake(const Case& c);
  // Removes a case id from the timer index (the case is gone).
  absl::Status DropWake(const std::string& case_id);
  // Whether the index was ever filled from every stored case (cases stored before the index
  // existed need one full pass), and marking it so.
  absl::StatusOr<bool> WakeIndexBuilt() const;
  absl::Status MarkWakeIndexBuilt();

  // The body codec, exposed for tests. The audit is not part of the body.
  static std::string EncodeBody(const Case& c);
  static absl::StatusOr<Case> DecodeBody(const std::string& body);
  static std::string EncodeAudit(const AuditEntry& e);
  static absl::StatusOr<AuditEntry> DecodeAudit(const std::string& text);

 private:
  RedisClient& redis_;
  const std::string venue_id_;
  std::string id_counter_;  // the venue's counter, or the city's after UseCityIds
  WakeTime wake_time_;  // set before sharing, then read-only
};

}  // namespace cs::cases
