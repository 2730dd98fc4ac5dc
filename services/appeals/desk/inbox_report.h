// The desk's accountability report (通报): per department, how many messages came in, how many
// were answered within the deadline or late, how many are overdue, and the median time to an
// answer; plus the same counts per week for the chart. A pure function over stored messages.
// Thread-safety: pure; safe from any thread.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "services/appeals/desk/inbox_store.h"

namespace cs::appeals {

struct DepartmentAccount {
  std::string department;
  int received = 0;
  int answered = 0;
  int answered_on_time = 0;  // answered at or before the deadline
  int overdue = 0;           // still open and past the deadline, as of `now`
  int open = 0;              // still open, deadline not yet reached
  // Median of answered_at - received_at over the answered messages; nullopt when none.
  std::optional<Duration> median_response;
};

struct WeekAccount {
  TimePoint week_start;  // Monday 00:00 in the venue's local time
  std::string department;
  int received = 0;
  int answered_on_time = 0;
  int answered_late = 0;
  int overdue = 0;
  int open = 0;
};

struct AccountabilityReport {
  std::vector<DepartmentAccount> departments;  // by department name
  std::vector<WeekAccount> weeks;              // by week, then department
};

// `messages` are those received in the report's range. Weeks are cut at Monday 00:00 local
// time, local = UTC + `utc_offset` (China keeps one offset all year, +08:00).
AccountabilityReport BuildAccountabilityReport(const std::vector<InboxMessage>& messages,
                                               TimePoint now, Duration utc_offset);

}  // namespace cs::appeals
