// The alert event log: every alert state change gets a monotonically increasing cursor, so a
// watcher resumes with "events after cursor" and sees no gap (or is told when it fell behind).
//
// Thread-safety: all methods are safe to call concurrently (one internal mutex).
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "services/crowd/core/density.h"

namespace cs::crowd {

enum class AlertState { kRaised, kAcknowledged, kEscalated, kCleared };
const char* AlertStateName(AlertState s);

struct Alert {
  std::string id;
  std::string venue;
  std::string zone;                   // empty for a venue-wide alert
  std::optional<std::string> region;  // density alerts from a camera region
  std::optional<std::string> gate;    // gate-flow alerts
  std::string rule;                   // e.g. "capacity.red", "density.critical"
  Severity severity = Severity::kInfo;
  AlertState state = AlertState::kRaised;
  double value = 0;      // latest observed value
  double threshold = 0;  // the raise threshold
  TimePoint raised_at;
  std::string acked_by;
  std::optional<TimePoint> acked_at;
  std::string ack_note;  // typed by the desk at acknowledgement; shown with who and when
  int escalation_level = 0;
  std::optional<TimePoint> cleared_at;
  // No message here: the words come from the venue's names (alert_text.h), so the core never
  // holds text a reader could mistake for a current figure.
};

struct AlertEvent {
  int64_t cursor = 0;  // 1, 2, 3, ... per log
  TimePoint time;
  Alert alert;  // snapshot after the change; alert.state says what happened
};

struct AlertFilter {
  std::string venue;  // empty = any
  std::string zone;   // empty = any
  Severity min_severity = Severity::kInfo;
};

struct AlertPage {
  std::vector<AlertEvent> events;
  int64_t next_cursor = 0;  // pass back as `after`; moves past filtered-out events too
  bool gap = false;         // events after `after` were already dropped (log capacity)
};

class AlertLog {
 public:
  explicit AlertLog(size_t capacity = 100'000) : capacity_(capacity) {}

  // Assigns the next cursor, stores, and returns the stored event.
  AlertEvent Append(TimePoint time, const Alert& alert);

  // Up to `limit` matching events with cursor > after, oldest first.
  AlertPage After(int64_t after, const AlertFilter& filter = {}, size_t limit = 1000) const;

  int64_t LastCursor() const;

  // Called (outside the lock) after every Append; the gRPC layer wakes its watchers with it.
  void SetListener(std::function<void(const AlertEvent&)> listener);

 private:
  mutable std::mutex mu_;
  size_t capacity_;
  std::deque<AlertEvent> events_;                    // guarded by mu_
  int64_t last_cursor_ = 0;                          // guarded by mu_
  std::function<void(const AlertEvent&)> listener_;  // guarded by mu_
};

}  // namespace cs::crowd
