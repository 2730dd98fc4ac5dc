#include "tools/sim/scenario.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace cs::sim {
namespace {

double Gauss(double x, double mu, double sigma) {
  double z = (x - mu) / sigma;
  return std::exp(-0.5 * z * z);
}

}  // namespace

std::string ClockText(int minute_of_day) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d:%02d", (minute_of_day / 60) % 24, minute_of_day % 60);
  return buf;
}

Scenario::Scenario(const Venue& venue, ScenarioOptions options)
    : venue_(venue), options_(std::move(options)), rng_(options_.seed), minute_(options_.open_minute) {
  for (const auto& z : venue_.zones) occ_[z.id] = 0;
  for (const auto& g : venue_.gates) {
    if (g.from_zone != kOutside) continue;
    if (g.turnstiles > 0) entrances_.push_back(&g);
    if (g.exit_watch) exits_.push_back(&g);
  }
  for (const auto& z : venue_.zones) {
    double best = 1e12;
    for (const Gate* e : exits_) best = std::min(best, venue_.WalkMetres(z.id, e->to_zone).value_or(1e12));
    exit_distance_[z.id] = best;
  }
  for (const auto& z : venue_.zones) mean_capacity_ += static_cast<double>(z.capacity);
  mean_capacity_ /= std::max<size_t>(1, venue_.zones.size());
  double total = 0;
  for (int m = options_.open_minute; m < options_.close_minute - 90; ++m) total += ArrivalShare(m);
  arrival_norm_ = total > 0 ? total : 1;
}

double Scenario::ArrivalShare(int m) const {
  if (m < options_.open_minute || m >= options_.close_minute - 90) return 0;
  // A late-morning peak with a long shoulder, and a smaller after-lunch wave.
  return 0.75 * Gauss(m, options_.peak_minute, 70) + 0.25 * Gauss(m, 13 * 60 + 30, 100);
}

double Scenario::Attraction(const std::string& zone_id, int m) const {
  double a = 1.0;
  if (zone_id == "penguin") {
    for (int show : options_.penguin_shows) a += 1.5 * Gauss(m, show - 10, 12);
  }
  if (zone_id == "parade") a += 1.0 * Gauss(m, options_.parade_minute, 15);
  if (zone_id == "theatre") a += 1.0 * Gauss(m, 19 * 60 + 30, 20);  // evening show
  return a;
}

int64_t Scenario::Draw(double mean) {
  if (mean <= 0) return 0;
  if (mean > 50) {
    std::normal_distribution<double> n(mean, std::sqrt(mean));
    return std::max<int64_t>(0, std::llround(n(rng_)));
  }
  std::poisson_distribution<int64_t> p(mean);
  return p(rng_);
}

int64_t Scenario::VenueOccupancy() const {
  int64_t total = 0;
  for (const auto& [z, n] : occ_) total += n;
  return total;
}

Minute Scenario::Step() {
  Minute out;
  out.minute_of_day = minute_;
  std::map<std::string, GateFlowMinute> flows;
  auto add = [&](const Gate& g, int64_t in, int64_t out_count) {
    auto& f = flows[g.id];
    f.gate_id = g.id;
    f.in += in;
    f.out += out_count;
  };

  // Arrivals join the queue; the turnstiles serve it at their Green Guide rate.
  queue_ += options_.visitors * ArrivalShare(minute_) / arrival_norm_;
  double capacity = options_.turnstile_per_min * static_cast<double>(entrances_.size());
  double served = std::min(queue_, capacity);
  queue_ -= served;
  for (const Gate* g : entrances_) {
    int64_t n = Draw(served / static_cast<double>(entrances_.size()));
    if (n == 0) continue;
    add(*g, n, 0);
    occ_[g->to_zone] += n;
    arrived_ += n;
  }

  // Moves between neighbouring zones: each minute ~4 % of a zone's visitors move on, choosing a
  // neighbour by its attraction. Applied gate by gate so that nobody is moved twice.
  for (const auto& g : venue_.gates) {
    if (g.from_zone == kOutside) continue;
    // Visitors spread in proportion to where there is room (capacity), weighted by what is on,
    // and hold back from a zone they can see is packed.
    auto rate = [&](const std::string& from, const std::string& to) {
      const Zone* z = venue_.FindZone(to);
      double fill = static_cast<double>(occ_[to]) / static_cast<double>(z->capacity);
      double spread = 0.04 / std::max<size_t>(1, venue_.Neighbours(from).size());
      return spread * Attraction(to, minute_) * (z->capacity / mean_capacity_) /
             (1.0 + std::pow(fill, 4));
    };
    int64_t fwd = std::min(occ_[g.from_zone], Draw(occ_[g.from_zone] * rate(g.from_zone, g.to_zone)));
    occ_[g.from_zone] -= fwd;
    int64_t back = std::min(occ_[g.to_zone], Draw(occ_[g.to_zone] * rate(g.to_zone, g.from_zone)));
    occ_[g.to_zone] -= back;
    occ_[g.to_zone] += fwd;
    occ_[g.from_zone] += back;
    if (fwd != 0 || back != 0) add(g, fwd, back);
  }

  // Departures: visitors head home after about four hours, sooner in the evening, and all by
  // closing. Those heading home move zone by zone toward the nearest exit and leave from there.
  double heading = 1.0 / 240;
  if (minute_ >= 18 * 60) heading += (minute_ - 18 * 60) / 240.0 * (1.0 / 90);
  if (minute_ >= options_.close_minute) heading = 0.3;
  for (const auto& g : venue_.gates) {
    if (g.from_zone == kOutside) continue;
    bool from_nearer = exit_distance_[g.from_zone] < exit_distance_[g.to_zone];
    const std::string& inner = from_nearer ? g.to_zone : g.from_zone;
    const std::string& outer = from_nearer ? g.from_zone : g.to_zone;
    int64_t n = std::min(occ_[inner], Draw(occ_[inner] * heading * 1.5));
    if (n == 0) continue;
    from_nearer ? add(g, 0, n) : add(g, n, 0);
    occ_[inner] -= n;
    occ_[outer] += n;
  }
  std::map<std::string, int> exits_per_zone;
  for (const Gate* g : exits_) ++exits_per_zone[g->to_zone];
  for (const Gate* g : exits_) {
    int64_t& zone = occ_[g->to_zone];
    int64_t n = std::min(zone, Draw(zone * std::min(1.0, heading * 2.0) / exits_per_zone[g->to_zone]));
    if (n == 0) continue;
    add(*g, 0, n);
    zone -= n;
  }

  for (const auto& [id, f] : flows) out.gates.push_back(f);
  for (const auto& cam : venue_.cameras) {
    for (const auto& r : cam.regions) {
      const Zone* z = venue_.FindZone(r.zone_id);
      if (z == nullptr) continue;
      // Queues and viewing spots are denser than the zone average.
      double crowding = r.id.find("queue") != std::string::npos ? 5.0 : 2.0;
      double count = occ_[r.zone_id] * crowding * r.area_m2 / z->area_m2;
      out.regions.push_back({r.id, r.zone_id, std::min(count, r.area_m2 * 8.0), r.area_m2});
    }
  }
  for (int show : options_.penguin_shows)
    if (minute_ == show) out.events.push_back("企鹅馆喂食秀 penguin feeding show");
  if (minute_ == options_.parade_minute) out.events.push_back("海洋巡游 parade on parade street");
  if (minute_ == options_.close_minute) out.events.push_back("闭园 closing");
  out.occupancy = occ_;
  out.queue_outside = std::llround(queue_);
  ++minute_;
  return out;
}

}  // namespace cs::sim
