#include "services/appeals/desk/inbox_report.h"

#include <algorithm>
#include <map>
#include <utility>

namespace cs::appeals {
namespace {

bool IsOpen(MessageState s) { return s == MessageState::kReceived || s == MessageState::kAssigned; }

// Monday 00:00 local of the week holding `t`. 1970-01-01 was a Thursday: day 0 → Monday is
// day -3, so weeks start on days congruent to 4 modulo 7.
TimePoint WeekStart(TimePoint t, Duration utc_offset) {
  using Days = std::chrono::duration<int64_t, std::ratio<86400>>;
  const auto local = t.time_since_epoch() + utc_offset;
  int64_t day = std::chrono::floor<Days>(local).count();
  int64_t since_monday = ((day - 4) % 7 + 7) % 7;
  const auto monday_local = Days(day - since_monday);
  return TimePoint(std::chrono::duration_cast<Duration>(monday_local) - utc_offset);
}

std::optional<Duration> Median(std::vector<Duration> v) {
  if (v.empty()) return std::nullopt;
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

}  // namespace

AccountabilityReport BuildAccountabilityReport(const std::vector<InboxMessage>& messages,
                                               TimePoint now, Duration utc_offset) {
  std::map<std::string, DepartmentAccount> by_dept;
  std::map<std::string, std::vector<Duration>> response_times;
  std::map<std::pair<TimePoint, std::string>, WeekAccount> by_week;
  for (const InboxMessage& m : messages) {
    DepartmentAccount& d = by_dept[m.department];
    d.department = m.department;
    const auto key = std::make_pair(WeekStart(m.received_at, utc_offset), m.department);
    WeekAccount& w = by_week[key];
    w.week_start = key.first;
    w.department = m.department;
    ++d.received;
    ++w.received;
    if (m.answered_at) {
      ++d.answered;
      response_times[m.department].push_back(*m.answered_at - m.received_at);
      if (*m.answered_at <= m.deadline) {
        ++d.answered_on_time;
        ++w.answered_on_time;
      } else {
        ++w.answered_late;
      }
    } else if (IsOpen(m.state)) {
      const bool late = now > m.deadline;
      (late ? d.overdue : d.open) += 1;
      (late ? w.overdue : w.open) += 1;
    }
  }
  AccountabilityReport report;
  for (auto& [dept, d] : by_dept) {
    d.median_response = Median(std::move(response_times[dept]));
    report.departments.push_back(std::move(d));
  }
  for (auto& [key, w] : by_week) report.weeks.push_back(std::move(w));
  return report;
}

}  // namespace cs::appeals
