#include "services/crowd/core/history.h"

#include "absl/strings/str_cat.h"
#include "services/crowd/core/correction.h"

namespace cs::crowd {
namespace {
constexpr int kMaxSummaryDays = 400;
}

absl::StatusOr<std::vector<MinuteCounts>> History::Minutes(const std::string& id, bool is_gate,
                                                           TimePoint from, TimePoint to) const {
  if (from > to) return absl::InvalidArgumentError("from: is after to");
  // Whole minutes: a range starting mid-minute includes that minute.
  return store_->ReadMinutes(venue_.id, id, is_gate, MinuteOf(from),
                             MinuteOf(to) + (to > MinuteStart(MinuteOf(to)) ? 1 : 0));
}

absl::StatusOr<std::vector<MinuteCounts>> History::GateMinutes(const std::string& gate_id,
                                                               TimePoint from, TimePoint to) const {
  if (venue_.FindGate(gate_id) == nullptr) {
    return absl::InvalidArgumentError("gate_id: unknown gate");
  }
  return Minutes(gate_id, true, from, to);
}

absl::StatusOr<std::vector<MinuteCounts>> History::ZoneMinutes(const std::string& zone_id,
                                                               TimePoint from, TimePoint to) const {
  if (zone_id != kVenueKey && venue_.FindZone(zone_id) == nullptr) {
    return absl::InvalidArgumentError("zone_id: unknown zone");
  }
  return Minutes(zone_id, false, from, to);
}

absl::StatusOr<RangeSummary> History::Summarize(TimePoint first_day, int days,
                                                const std::vector<AlertEvent>& alerts) const {
  if (days < 1 || days > kMaxSummaryDays) {
    return absl::InvalidArgumentError(
        absl::StrCat("days: ", days, " is outside 1..", kMaxSummaryDays));
  }
  auto offset = UtcOffsetMinutes(venue_.timezone);
  if (!offset.ok()) return offset.status();
  const int64_t local = MinuteOf(first_day) + *offset;
  const int64_t first_local_day = local >= 0 ? local / 1440 : (local - 1439) / 1440;
  const int64_t start_minute = first_local_day * 1440 - *offset;

  auto minutes = store_->ReadMinutes(venue_.id, kVenueKey, false, start_minute,
                                     start_minute + int64_t{days} * 1440);
  if (!minutes.ok()) return minutes.status();

  RangeSummary out;
  for (int d = 0; d < days; ++d) {
    DaySummary day;
    day.day_start = MinuteStart(start_minute + int64_t{d} * 1440);
    out.days.push_back(day);
  }
  for (const auto& m : *minutes) {
    DaySummary& day = out.days[(m.minute - start_minute) / 1440];
    day.visitors_in += m.in;
    day.visitors_out += m.out;
    if (m.peak > day.peak_occupancy) {
      day.peak_occupancy = m.peak;
      day.peak_at = MinuteStart(m.minute);
    }
  }
  for (const auto& e : alerts) {
    if (e.alert.state != AlertState::kRaised || e.alert.venue != venue_.id) continue;
    const int64_t idx = (MinuteOf(e.alert.raised_at) - start_minute) / 1440;
    if (MinuteOf(e.alert.raised_at) < start_minute || idx >= days) continue;
    DaySummary& day = out.days[idx];
    switch (e.alert.severity) {
      case Severity::kInfo:
        ++day.alerts_info;
        break;
      case Severity::kWarning:
        ++day.alerts_warning;
        break;
      case Severity::kCritical:
        ++day.alerts_critical;
        break;
    }
  }
  for (const auto& day : out.days) {
    out.visitors_in += day.visitors_in;
    out.visitors_out += day.visitors_out;
    out.alerts += day.alerts_info + day.alerts_warning + day.alerts_critical;
    if (day.peak_occupancy > out.peak_occupancy) {
      out.peak_occupancy = day.peak_occupancy;
      out.peak_at = day.peak_at;
    }
  }
  return out;
}

absl::Status History::EnforceRetention(TimePoint now) const {
  return store_->DropMinutesBefore(venue_.id, MinuteOf(now) - int64_t{retention_days_} * 1440);
}

}  // namespace cs::crowd
