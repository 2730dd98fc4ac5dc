// What happens to a life-safety message beyond the inbox: the command centre is paged through
// the same incident machinery as crowd alerts (crowd-service's alert stream, which escalates an
// alert nobody acknowledges within a minute). A page that cannot be delivered is kept and
// retried, so a threat to life is never dropped because a service was restarting.
// Thread-safety: LifeSafetyDispatcher is safe from several threads (one mutex).
#pragma once

#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
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

// The command centre's incident for a page, as it stands: who acknowledged it, and when.
struct PageStatus {
  std::string alert_id;
  std::string acknowledged_by;  // "" until acknowledged
  std::optional<TimePoint> acknowledged_at;
};

// Production: crowd-service's RaiseExternalAlert over gRPC. Idempotent on the message id: a
// repeat raises nothing and answers with the alert as it stands, which is how the desk learns
// that the command centre has acknowledged it.
class CommandCentrePager {
 public:
  virtual ~CommandCentrePager() = default;
  virtual absl::StatusOr<PageStatus> Page(const LifeSafetyPage& page) = 0;
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
  // Pages again (a no-op for crowd-service when the page went through) and returns the
  // incident as it stands; a failure is only returned, not kept (the caller asks again).
  absl::StatusOr<PageStatus> Check(const LifeSafetyPage& page);

 private:
  CommandCentrePager* pager_;
  const Clock* clock_;
  mutable std::mutex mu_;
  std::deque<LifeSafetyPage> pending_ ABSL_GUARDED_BY(mu_);
};

}  // namespace cs::appeals
