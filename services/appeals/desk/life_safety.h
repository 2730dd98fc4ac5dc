// What happens to a life-safety message beyond the inbox: the command centre is paged through
// the same incident machinery as crowd alerts (crowd-service's alert stream, which escalates an
// alert nobody acknowledges within a minute). A page that cannot be delivered is kept and
// retried, so a threat to life is never dropped because a service was restarting.
// Thread-safety: LifeSafetyDispatcher is safe from several threads (one mutex).
#pragma once

#include <deque>
#include <mutex>
#include <string>
#include <string_view>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "common/clock.h"
#include "services/appeals/desk/phrase_scorer.h"

namespace cs::appeals {

// Which kind of threat; the names match crowdsafe.v1.LifeSafetyKind and the `kind` of the
// life-safety signals in config/triage/life_safety.yaml.
enum class LifeSafetyKind { kSelfHarm, kViolence, kChildDanger, kMedical, kCrowdCrush, kOther };
const char* LifeSafetyKindName(LifeSafetyKind kind);           // "self_harm", "crowd_crush", ...
LifeSafetyKind LifeSafetyKindFromName(std::string_view name);  // kOther when unknown

// The kind whose life-safety signals scored highest; kOther when none names a kind.
LifeSafetyKind LifeSafetyKindOf(const TriageScores& scores);

// What the command centre is told. No message text and no sender: the text may carry personal
// data; the desk opens the message by id.
struct LifeSafetyPage {
  std::string message_id;
  LifeSafetyKind kind = LifeSafetyKind::kOther;
  std::string zone_id;  // empty when the message names no place in the venue
  TimePoint received_at;
};

// Production: crowd-service's RaiseExternalAlert over gRPC (idempotent on the message id).
class CommandCentrePager {
 public:
  virtual ~CommandCentrePager() = default;
  virtual absl::Status Page(const LifeSafetyPage& page) = 0;
};

class LifeSafetyDispatcher {
 public:
  // `pager` may be null (no command centre configured): pages then wait in the queue and
  // pending() says how many, so the gap is visible rather than silent.
  LifeSafetyDispatcher(CommandCentrePager* pager, const Clock* clock);

  // Pages at once; on failure keeps the page for RetryPending and returns the error.
  absl::Status Dispatch(const LifeSafetyPage& page);
  // Retries every kept page, oldest first; returns how many went through. For a periodic loop.
  int RetryPending();
  size_t pending() const;

 private:
  CommandCentrePager* pager_;
  const Clock* clock_;
  mutable std::mutex mu_;
  std::deque<LifeSafetyPage> pending_ ABSL_GUARDED_BY(mu_);
};

}  // namespace cs::appeals
