#include "services/crowd/core/alert_log.h"

#include <algorithm>

namespace cs::crowd {

const char* AlertStateName(AlertState s) {
  switch (s) {
    case AlertState::kRaised:
      return "RAISED";
    case AlertState::kAcknowledged:
      return "ACKNOWLEDGED";
    case AlertState::kEscalated:
      return "ESCALATED";
    case AlertState::kCleared:
      return "CLEARED";
  }
  return "RAISED";
}

AlertEvent AlertLog::Append(TimePoint time, const Alert& alert) {
  AlertEvent event;
  std::function<void(const AlertEvent&)> listener;
  {
    std::lock_guard<std::mutex> lock(mu_);
    event = AlertEvent{++last_cursor_, time, alert};
    events_.push_back(event);
    while (events_.size() > capacity_) events_.pop_front();
    listener = listener_;
  }
  if (listener) listener(event);
  return event;
}

AlertPage AlertLog::After(int64_t after, const AlertFilter& filter, size_t limit) const {
  std::lock_guard<std::mutex> lock(mu_);
  AlertPage page;
  page.next_cursor = std::max(after, int64_t{0});
  if (events_.empty()) return page;
  const int64_t first = events_.front().cursor;
  page.gap = after < first - 1;
  // Cursors are dense, so the start is an index computation, not a search.
  size_t start = after < first ? 0 : static_cast<size_t>(after - first + 1);
  for (size_t i = start; i < events_.size() && page.events.size() < limit; ++i) {
    const AlertEvent& e = events_[i];
    page.next_cursor = e.cursor;
    if (!filter.venue.empty() && e.alert.venue != filter.venue) continue;
    if (!filter.zone.empty() && e.alert.zone != filter.zone) continue;
    if (e.alert.severity < filter.min_severity) continue;
    page.events.push_back(e);
  }
  return page;
}

int64_t AlertLog::LastCursor() const {
  std::lock_guard<std::mutex> lock(mu_);
  return last_cursor_;
}

void AlertLog::SetListener(std::function<void(const AlertEvent&)> listener) {
  std::lock_guard<std::mutex> lock(mu_);
  listener_ = std::move(listener);
}

}  // namespace cs::crowd
