// Retention (PIPL Art. 19): personal data is purged a set number of days after a case closes,
// leaving a PFIF-style placeholder (id, kind, dates and audit kept; description emptied;
// marked expired). Thread-safety: mutates the Case passed in; callers serialise per case.
#pragma once

#include "common/clock.h"
#include "services/cases/core/case.h"

namespace cs::cases {

struct RetentionConfig {
  Duration keep_after_close = std::chrono::hours(24 * 30);  // 30 days
};

// When `c` becomes purgeable, or nullopt while it is not closed.
std::optional<TimePoint> PurgeDueAt(const Case& c, const RetentionConfig& config = {});

// Purges `c` when due: empties every personal and descriptive field, drops photo refs and the
// guardian verification, sets expired and state PURGED, and appends an audit entry.
// Returns true when it purged now; false when not yet due or already purged.
bool PurgeIfDue(Case& c, TimePoint now, const RetentionConfig& config = {});

}  // namespace cs::cases
