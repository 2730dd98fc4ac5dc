#include "common/venue.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <queue>
#include <set>

namespace cs {

const Zone* Venue::FindZone(const std::string& id) const {
  for (const auto& z : zones)
    if (z.id == id) return &z;
  return nullptr;
}

const Gate* Venue::FindGate(const std::string& id) const {
  for (const auto& g : gates)
    if (g.id == id) return &g;
  return nullptr;
}

const Region* Venue::FindRegion(const std::string& id) const {
  for (const auto& c : cameras)
    for (const auto& r : c.regions)
      if (r.id == id) return &r;
  return nullptr;
}

std::vector<std::string> Venue::Neighbours(const std::string& zone_id) const {
  std::set<std::string> out;
  for (const auto& g : gates) {
    if (g.from_zone == zone_id && g.to_zone != kOutside) out.insert(g.to_zone);
    if (g.to_zone == zone_id && g.from_zone != kOutside) out.insert(g.from_zone);
  }
  out.erase(zone_id);
  return {out.begin(), out.end()};
}

std::optional<double> Venue::WalkMetres(const std::string& from, const std::string& to) const {
  const Zone* a = FindZone(from);
  const Zone* b = FindZone(to);
  if (a == nullptr || b == nullptr) return std::nullopt;
  if (from == to) return 0.0;
  // Dijkstra over a graph of a few dozen zones: simple beats clever here.
  std::map<std::string, double> dist;
  using Item = std::pair<double, std::string>;
  std::priority_queue<Item, std::vector<Item>, std::greater<>> frontier;
  dist[from] = 0;
  frontier.push({0, from});
  while (!frontier.empty()) {
    auto [d, id] = frontier.top();
    frontier.pop();
    if (id == to) return d;
    if (d > dist[id]) continue;
    const Zone* here = FindZone(id);
    for (const auto& next_id : Neighbours(id)) {
      const Zone* next = FindZone(next_id);
      if (next == nullptr) continue;
      double nd = d + std::hypot(next->x_m - here->x_m, next->y_m - here->y_m);
      auto it = dist.find(next_id);
      if (it == dist.end() || nd < it->second) {
        dist[next_id] = nd;
        frontier.push({nd, next_id});
      }
    }
  }
  return std::nullopt;
}

std::vector<std::string> Venue::InflowGates(const std::string& zone_id) const {
  // A gate between two zones carries people both ways (IN one way, OUT the other), so every
  // gate touching the zone can bring people in; exits are for leaving and stay open.
  std::vector<std::string> out;
  for (const auto& g : gates)
    if (!g.exit_watch && (g.to_zone == zone_id || g.from_zone == zone_id)) out.push_back(g.id);
  return out;
}

std::vector<std::string> Venue::ExitGates() const {
  std::vector<std::string> out;
  for (const auto& g : gates)
    if (g.exit_watch) out.push_back(g.id);
  return out;
}

}  // namespace cs
