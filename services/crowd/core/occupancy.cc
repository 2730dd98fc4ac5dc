#include "services/crowd/core/occupancy.h"

#include <algorithm>

namespace cs::crowd {
namespace {

std::map<int64_t, int64_t> NetByMinute(const std::vector<MinuteCounts>& minutes) {
  std::map<int64_t, int64_t> net;
  for (const auto& m : minutes) net[m.minute] += m.in - m.out;
  return net;
}

SubjectOccupancy Describe(const std::string& id, int64_t occupancy, int64_t capacity, int64_t best,
                          const std::vector<MinuteCounts>& minutes, int64_t now_minute,
                          const TrendOptions& options) {
  SubjectOccupancy s;
  s.id = id;
  s.occupancy = occupancy;
  s.capacity = capacity;
  s.percent = capacity > 0 ? 100.0 * static_cast<double>(occupancy) / capacity : 0;
  s.tier = TierFor(occupancy, capacity, best);
  s.net_flow_per_min = NetFlowPerMinute(minutes, now_minute, options.minutes);
  s.slope_per_min = OccupancySlope(occupancy, minutes, now_minute, options.minutes);
  s.minutes_to_capacity = MinutesToCapacity(occupancy, capacity, s.slope_per_min);
  return s;
}

const std::vector<MinuteCounts>& MinutesFor(
    const std::map<std::string, std::vector<MinuteCounts>>& minutes, const std::string& id) {
  static const std::vector<MinuteCounts> kNone;
  auto it = minutes.find(id);
  return it == minutes.end() ? kNone : it->second;
}

}  // namespace

const char* TierName(CapacityTier tier) {
  switch (tier) {
    case CapacityTier::kNormal:
      return "normal";
    case CapacityTier::kBestNotice:
      return "best-capacity notice";
    case CapacityTier::kYellow:
      return "yellow";
    case CapacityTier::kOrange:
      return "orange";
    case CapacityTier::kRed:
      return "red";
  }
  return "normal";
}

CapacityTier TierFor(int64_t occupancy, int64_t max_capacity, int64_t best_capacity) {
  if (max_capacity > 0) {
    // Integer comparisons: 80 % of 10,000 is exactly 8,000, with no rounding surprises.
    if (occupancy * 100 >= max_capacity * 100) return CapacityTier::kRed;
    if (occupancy * 100 >= max_capacity * 90) return CapacityTier::kOrange;
    if (occupancy * 100 >= max_capacity * 80) return CapacityTier::kYellow;
  }
  if (best_capacity > 0 && occupancy >= best_capacity) return CapacityTier::kBestNotice;
  return CapacityTier::kNormal;
}

double NetFlowPerMinute(const std::vector<MinuteCounts>& minutes, int64_t now_minute, int n) {
  if (n <= 0) return 0;
  int64_t sum = 0;
  for (const auto& m : minutes) {
    if (m.minute > now_minute - n && m.minute <= now_minute) sum += m.in - m.out;
  }
  return static_cast<double>(sum) / n;
}

double OccupancySlope(int64_t occupancy, const std::vector<MinuteCounts>& minutes,
                      int64_t now_minute, int n) {
  if (n < 2) return 0;
  auto net = NetByMinute(minutes);
  // y[0] is now; y[-k] is occupancy at the start of minute now_minute - k + 1.
  std::vector<double> xs, ys;
  double y = static_cast<double>(occupancy);
  xs.push_back(0);
  ys.push_back(y);
  for (int k = 1; k <= n; ++k) {
    auto it = net.find(now_minute - k + 1);
    y -= it == net.end() ? 0 : static_cast<double>(it->second);
    xs.push_back(-k);
    ys.push_back(y);
  }
  double mx = 0, my = 0;
  for (size_t i = 0; i < xs.size(); ++i) mx += xs[i], my += ys[i];
  mx /= xs.size();
  my /= ys.size();
  double sxy = 0, sxx = 0;
  for (size_t i = 0; i < xs.size(); ++i) {
    sxy += (xs[i] - mx) * (ys[i] - my);
    sxx += (xs[i] - mx) * (xs[i] - mx);
  }
  return sxx > 0 ? sxy / sxx : 0;
}

std::optional<double> MinutesToCapacity(int64_t occupancy, int64_t capacity, double slope) {
  if (capacity <= 0 || occupancy >= capacity || slope <= 0.01) return std::nullopt;
  return static_cast<double>(capacity - occupancy) / slope;
}

OccupancyPicture BuildPicture(const Venue& venue, const std::map<std::string, int64_t>& occupancy,
                              const std::map<std::string, std::vector<MinuteCounts>>& minutes,
                              TimePoint now, const TrendOptions& options) {
  OccupancyPicture p;
  p.time = now;
  const int64_t now_minute = MinuteOf(now);
  int64_t total = 0;
  for (const auto& zone : venue.zones) {
    auto it = occupancy.find(zone.id);
    int64_t occ = it == occupancy.end() ? 0 : it->second;
    total += occ;
    p.zones.push_back(Describe(zone.id, occ, zone.capacity, 0, MinutesFor(minutes, zone.id),
                               now_minute, options));
  }
  p.venue = Describe(kVenueKey, total, venue.max_capacity, venue.best_capacity,
                     MinutesFor(minutes, kVenueKey), now_minute, options);
  p.venue.ticket_sales_stop = p.venue.tier == CapacityTier::kRed;
  return p;
}

absl::StatusOr<OccupancyPicture> ReadPicture(const Venue& venue, CrowdStore& store, TimePoint now,
                                             const TrendOptions& options) {
  auto occupancy = store.ReadOccupancy(venue.id);
  if (!occupancy.ok()) return occupancy.status();
  const int64_t to = MinuteOf(now) + 1;
  const int64_t from = to - std::max(options.minutes, 1);
  std::map<std::string, std::vector<MinuteCounts>> minutes;
  std::vector<std::string> ids = {kVenueKey};
  for (const auto& zone : venue.zones) ids.push_back(zone.id);
  for (const auto& id : ids) {
    auto m = store.ReadMinutes(venue.id, id, /*is_gate=*/false, from, to);
    if (!m.ok()) return m.status();
    minutes[id] = *std::move(m);
  }
  return BuildPicture(venue, *occupancy, minutes, now, options);
}

}  // namespace cs::crowd
