// The venue's case event log and its appeal-request queue, both Redis streams:
//
//   cs:{venue:<v>}:case-events      field "e": a serialised crowdsafe.v1.CaseEvent (its cursor
//                                   empty; the stream id is the cursor)
//   cs:{venue:<v>}:appeal-requests  field "r": a serialised crowdsafe.v1.DraftAppealRequest,
//                                   consumed by appeal-service through a consumer group
//   cs:{venue:<v>}:timer-claims     hash: timer action key ("case-7/broadcast-zones") → the
//                                   cursor of the event that announced it (AnnounceOnce)
//
// All three share the venue's hash tag, so the claim and the appends it guards run in one
// script on one Cluster slot.
//
// Events hold the public description only (never the restricted part), so the stream may be
// read by any watcher; WatchCaseEvents filters it by role and zone.
//
// A stream rather than pub/sub: a patrol device that loses signal resumes from its cursor and
// misses nothing, and appeal-service picks up requests raised while it was down.
//
// Thread-safety: as thread-safe as the RedisClient (the pool is); Notify/Wait use a mutex.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "common/clock.h"
#include "common/redis/redis_client.h"
#include "common/venue.h"
#include "crowdsafe/v1/appeals.pb.h"
#include "crowdsafe/v1/cases.pb.h"
#include "services/cases/core/case.h"

namespace cs::cases {

class CaseEventLog {
 public:
  CaseEventLog(RedisClient& redis, std::string venue_id);

  // Appends and returns the event's cursor (the stream id). Wakes local watchers.
  absl::StatusOr<std::string> Append(const crowdsafe::v1::CaseEvent& event);
  // Events after `cursor` ("0": from the start), at most `count`, each with its cursor set.
  absl::StatusOr<std::vector<crowdsafe::v1::CaseEvent>> After(const std::string& cursor,
                                                              int64_t count) const;
  // The newest cursor, "0" when the log is empty (a new watcher starts from now).
  absl::StatusOr<std::string> LastCursor() const;

  // Raises an appeal request for appeal-service.
  absl::StatusOr<std::string> RequestAppeal(const crowdsafe::v1::DraftAppealRequest& request);

  // Announces a timer action once across every replica and restart. One script claims
  // `action_key` and, only when nobody had, appends `event` (and `request`, when not null, to
  // the appeal-request queue) in the same step, so a claim never goes out without its
  // announcement nor an announcement twice. True when this call announced it, false when it
  // had been announced before (by any replica). Wakes local watchers when it appended.
  absl::StatusOr<bool> AnnounceOnce(const std::string& action_key,
                                    const crowdsafe::v1::CaseEvent& event,
                                    const crowdsafe::v1::DraftAppealRequest* request);
  // Drops the claims of a purged case's actions: none of them can come due again.
  absl::Status ForgetClaims(const std::vector<std::string>& action_keys);

  // Blocks until an Append in this process after `seen`, or `timeout`; returns the new count.
  // Watchers also poll Redis, so appends by another replica arrive within the timeout.
  uint64_t WaitForAppend(uint64_t seen, Duration timeout);

  std::string events_key() const;
  std::string requests_key() const;
  std::string claims_key() const;

 private:
  RedisClient& redis_;
  const std::string venue_id_;
  void NotifyAppended();

  std::mutex mu_;
  std::condition_variable appended_;
  uint64_t appends_ = 0;  // guarded by mu_
};

// The public snapshot appeal-service drafts from. The surname is included only with the
// guardian's consent flag; nothing else of the restricted part goes into it.
crowdsafe::v1::CaseSnapshot SnapshotOf(const Case& c, const Venue& venue);

// The case's restricted values (child's and guardian's names, the guardian's phone), sent with
// an appeal request for appeal-service's PII guard only, so it can strike them wherever they
// turn up in the free text. appeal-service stores none of it and deletes the request entry once
// the draft is stored.
crowdsafe::v1::GuardValues GuardValuesOf(const Case& c);

// Whether `event` goes to a watcher with `role` following `zones` (empty: every zone).
// Patrols get broadcasts, filings and state changes; the desk gets everything; the press gets
// appeal requests and state changes; admin gets nothing personal-adjacent beyond state changes.
bool EventVisibleTo(const crowdsafe::v1::CaseEvent& event, crowdsafe::v1::Role role,
                    const std::vector<std::string>& zones);

}  // namespace cs::cases
