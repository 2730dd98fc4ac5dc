#include "services/cases/core/retention.h"

#include "services/cases/core/lifecycle.h"

namespace cs::cases {

std::optional<TimePoint> PurgeDueAt(const Case& c, const RetentionConfig& config) {
  if (c.state != CaseState::kClosed || !c.closed_at) return std::nullopt;
  return *c.closed_at + config.keep_after_close;
}

bool PurgeIfDue(Case& c, TimePoint now, const RetentionConfig& config) {
  const auto due = PurgeDueAt(c, config);
  if (!due || now < *due) return false;
  c.child = ChildDescription{};
  c.restricted = RestrictedInfo{};
  c.guardian.reset();
  c.held_at.clear();
  c.last_seen_note.clear();
  c.filed_by.clear();
  c.expired = true;
  // The audit keeps who did what and when, never personal values; it stays as the record
  // that the case existed and was purged on schedule.
  const Actor system{"system", Role::kSystem};
  return Transition(c, CaseState::kPurged, system, now, "retention period ended").ok();
}

}  // namespace cs::cases
