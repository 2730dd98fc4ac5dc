#include <algorithm>
#include <chrono>
#include <cmath>

#include "services/cases/core/matcher_internal.h"

// The prefilter half of MatchIndex: the compact copy, the per-query tables and CheapScore,
// the same evidence model as FullScore with colours quantised to the palette, feature terms
// folded into a 64-bit signature and no term rarity. Cheap enough for every indexed case.
namespace cs::cases {

namespace {

// The LanguageSide folded into Compact::lang_flags.
LanguageSide Side(uint32_t flags) {
  LanguageSide s;
  s.chinese = (flags & 1u) != 0;
  s.mandarin = (flags & 2u) != 0;
  s.unknown = (flags & 4u) != 0;
  s.unnamed_chinese = (flags & 8u) != 0;
  return s;
}

// Bits set, without a call: built for baseline x86-64 (no POPCNT), std::popcount is a call to
// libgcc's __popcountdi2 for each of the 10,000 reports a query scans (3 % of its time).
inline int PopCount(uint64_t x) {
  x = x - ((x >> 1) & 0x5555555555555555ull);
  x = (x & 0x3333333333333333ull) + ((x >> 2) & 0x3333333333333333ull);
  x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0Full;
  return static_cast<int>((x * 0x0101010101010101ull) >> 56);
}
}  // namespace

MatchIndex::Compact ToCompact(const MatchIndex::Profile& p) {
  MatchIndex::Compact c;
  c.kind = static_cast<uint8_t>(p.kind);
  c.sex = static_cast<uint8_t>(p.sex);
  c.age_min = static_cast<int8_t>(p.age_min);
  c.age_max = static_cast<int8_t>(p.age_max);
  c.height = static_cast<int16_t>(p.height);
  c.height_tol = static_cast<int16_t>(p.height_tol);
  c.zone = static_cast<int16_t>(p.zone);
  c.seen_ms = p.seen_ms;
  for (uint64_t l : p.languages) c.languages |= 1u << (l % 32);
  const LanguageSide side = DescribeLanguages(p.languages);
  c.lang_flags = (side.chinese ? 1u : 0u) | (side.mandarin ? 2u : 0u) |
                 (side.unknown ? 4u : 0u) | (side.unnamed_chinese ? 8u : 0u);
  for (uint64_t t : p.all_terms) c.terms |= uint64_t{1} << (t % 64);
  for (int g = 0; g < kGarments; ++g) {
    c.n[g] = static_cast<uint8_t>(std::min<size_t>(p.colours[g].size(), 2));
    for (int i = 0; i < c.n[g]; ++i) {
      c.pal[g][i] = p.palette[g][i];
      c.fam[g][i] = static_cast<int8_t>(p.colours[g][i].family);
      c.base[g][i] = IsBaseColour(p.colours[g][i]);
    }
    c.two[g] = c.n[g] == 2 && c.fam[g][0] != c.fam[g][1] &&
               !SameWord(p.colours[g][0], p.colours[g][1]);
  }
  return c;
}

// Everything in CheapScore that depends only on the query and the config, computed once.
MatchIndex::QueryTables MatchIndex::BuildTables(const Profile& q) const {
  const MatchConfig& cfg = config_;
  const MatchWeights& w = cfg.weights;
  const Evidence* garment_w[kGarments] = {&w.top, &w.bottom, &w.hat, &w.shoes};
  QueryTables t;
  const size_t n_palette = Palette().size();
  for (int g = 0; g < kGarments; ++g) {
    for (size_t i = 0; i < n_palette && i < t.colour[g].size(); ++i) {
      // The query's colours quantised to the palette as well: a row of the palette matrix.
      double best = 0;
      const NamedColour* best_c = nullptr;
      for (size_t k = 0; k < q.colours[g].size(); ++k) {
        const double s = palette_similarity_[q.palette[g][k] * n_palette + i];
        if (best_c == nullptr || s > best) best = s, best_c = &q.colours[g][k];
      }
      const double strength = evidence::Colour(best);
      // Agreement by the rarity of the query's colour, as FullScore weighs it.
      const double rarity = strength > 0 && best_c != nullptr ? ColourRarity(g, best_c->family) : 1;
      t.colour[g][i] = static_cast<float>(
          evidence::Weigh(strength, {garment_w[g]->for_match * rarity, garment_w[g]->against}));
    }
    for (const auto& c : q.colours[g]) {
      if (c.family < 0 || c.family >= static_cast<int>(t.family[g].size())) continue;
      t.family[g][c.family] = true;
      if (IsBaseColour(c)) t.family_base[g][c.family] = true;
      t.family_floor[g][c.family] = static_cast<float>(evidence::Weigh(
          evidence::Colour(cfg.shade_floor),
          {garment_w[g]->for_match * ColourRarity(g, c.family), garment_w[g]->against}));
    }
  }
  for (size_t gap = 0; gap < t.age.size(); ++gap)
    t.age[gap] = static_cast<float>(evidence::Weigh(evidence::AgeGap(static_cast<int>(gap)), w.age));
  for (size_t gap = 0; gap < t.height.size(); ++gap)
    t.height[gap] = static_cast<float>(
        evidence::Weigh(evidence::HeightGap(static_cast<int>(gap), cfg), w.height));
  for (size_t i = 0; i < t.time.size(); ++i)
    t.time[i] = static_cast<float>(evidence::Weigh(
        evidence::Time(static_cast<double>(i) + QueryTables::kTimeFirstMinute, cfg), w.time));
  // Place: evidence::Place is 1 within near_m; else `reachable` once a child covers the walk
  // in the elapsed time, -0.2 once a crowd could carry them, -0.6 before. Reach grows with
  // the elapsed minutes e: (max(0, e) · 60 + skew) · speed · slack + 50 m.
  const double skew_s = std::chrono::duration<double>(cfg.time_skew).count();
  const double speed = cfg.child_speed_mps * cfg.speed_slack;
  auto minutes_to_reach = [&](double metres) {
    const double seconds = (metres - 50) / speed - skew_s;
    return seconds <= 0 ? -1e9 : seconds / 60;
  };
  const size_t zones = venue_.zones.size();
  t.place.assign(zones, {});
  for (size_t z = 0; z < zones && q.zone >= 0; ++z) {
    const float walk = Walk(q.zone, static_cast<int>(z));
    if (walk < 0) continue;
    QueryTables::ZonePlace& zp = t.place[z];
    zp.known = true;
    // Elapsed long enough to reach anything: the value Place gives a reachable walk.
    zp.reachable = static_cast<float>(
        evidence::Weigh(evidence::Place(walk, 1e6, cfg, nullptr), w.place));
    zp.carried = static_cast<float>(evidence::Weigh(-0.2, w.place));
    zp.beyond = static_cast<float>(evidence::Weigh(-0.6, w.place));
    zp.walk_from = walk <= cfg.near_m ? -1e9 : minutes_to_reach(walk);
    zp.carried_from = walk <= cfg.near_m ? -1e9 : minutes_to_reach(walk / cfg.carried_factor);
  }
  // The most CheapRest can add: each term is 0 when the report did not record it, so no
  // bound is below 0; a colour is one of the table's entries or a family floor.
  if (q.height > 0) t.rest_max += std::max(0.0f, *std::max_element(t.height.begin(), t.height.end()));
  for (int g = 0; g < kGarments; ++g) {
    if (q.colours[g].empty()) continue;
    float best = 0;
    for (float v : t.colour[g]) best = std::max(best, v);
    for (float v : t.family_floor[g]) best = std::max(best, v);
    t.rest_max += q.colours[g].size() > 1 ? (1 + kSecondColourShare) * best : best;
  }
  if (!q.languages.empty()) t.rest_max += std::max(0.0, w.language.for_match);
  return t;
}

// The scan lives here, beside CheapExact and CheapRest, so both are inlined into its loop
// (from matcher.cc they were two calls per report, 10,000 reports per query).
std::vector<std::pair<float, size_t>> MatchIndex::Shortlist(const Compact& qc, const QueryTables& tables,
                                                            uint8_t want_kind, size_t self,
                                                            size_t keep) const {
  using Scored = std::pair<float, size_t>;  // prefilter score, slot
  auto better = [](const Scored& a, const Scored& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  };
  std::vector<Scored> shortlist;
  if (config_.prune_scan) {
    // A heap with the worst kept report on top; once full, a report whose bound is below
    // it cannot enter, and its colours and languages are never looked up.
    shortlist.reserve(keep);
    for (size_t i = 0; i < compact_.size(); ++i) {
      const Compact& c = compact_[i];
      if (c.kind != want_kind || i == self) continue;
      const double exact = CheapExact(qc, c, tables);
      const bool full = shortlist.size() == keep;
      if (full && static_cast<float>(exact + tables.rest_max) < shortlist.front().first) continue;
      const Scored s{static_cast<float>(exact + CheapRest(qc, c, tables)), i};
      if (!full) {
        shortlist.push_back(s);
        std::push_heap(shortlist.begin(), shortlist.end(), better);
      } else if (better(s, shortlist.front())) {
        std::pop_heap(shortlist.begin(), shortlist.end(), better);
        shortlist.back() = s;
        std::push_heap(shortlist.begin(), shortlist.end(), better);
      }
    }
  } else {
    shortlist.reserve(compact_.size());
    for (size_t i = 0; i < compact_.size(); ++i)
      if (compact_[i].kind == want_kind && i != self)
        shortlist.emplace_back(CheapScore(qc, compact_[i], tables), i);
    const size_t n = std::min(shortlist.size(), keep);
    std::partial_sort(shortlist.begin(), shortlist.begin() + n, shortlist.end(), better);
    shortlist.resize(n);
  }
  return shortlist;
}

float MatchIndex::CheapScore(const Compact& q, const Compact& c, const QueryTables& t) const {
  return static_cast<float>(CheapExact(q, c, t) + CheapRest(q, c, t));
}

double MatchIndex::CheapExact(const Compact& q, const Compact& c, const QueryTables& t) const {
  const MatchConfig& cfg = config_;
  const MatchWeights& w = cfg.weights;
  double e = 0;
  if (q.sex != 0 && c.sex != 0) {
    const int youngest = std::min(q.age_max < 0 ? 99 : q.age_max, c.age_max < 0 ? 99 : c.age_max);
    const Evidence& sw = youngest <= cfg.toddler_age ? w.sex_toddler : w.sex;
    e += evidence::Weigh(q.sex == c.sex ? 1 : -1, sw);
  }
  if (q.age_min >= 0 && c.age_min >= 0) {
    const int gap = std::max(0, std::max(q.age_min, c.age_min) - std::min(q.age_max, c.age_max));
    e += t.age[std::min<size_t>(gap, t.age.size() - 1)];
  }
  const int shared_terms = PopCount(q.terms & c.terms);
  // Without rarity a shared bit counts about as a term of middling rarity in FullScore.
  e += std::min(shared_terms / 6.0, 1.0) * (w.features.for_match + w.details.for_match);
  const bool q_missing = q.kind == static_cast<uint8_t>(CaseKind::kMissing);
  double elapsed = static_cast<double>(q_missing ? c.seen_ms - q.seen_ms : q.seen_ms - c.seen_ms) / 60000.0;
  if (q.kind == c.kind) elapsed = std::abs(elapsed);
  const double minute = std::floor(elapsed) - QueryTables::kTimeFirstMinute;
  if (minute >= 0 && minute < static_cast<double>(t.time.size()))
    e += t.time[static_cast<size_t>(minute)];
  else
    e += evidence::Weigh(evidence::Time(elapsed, cfg), w.time);
  if (c.zone >= 0 && static_cast<size_t>(c.zone) < t.place.size()) {
    const QueryTables::ZonePlace& zp = t.place[static_cast<size_t>(c.zone)];
    if (zp.known)
      e += elapsed >= zp.walk_from ? zp.reachable : elapsed >= zp.carried_from ? zp.carried : zp.beyond;
  }
  return e;
}

double MatchIndex::CheapRest(const Compact& q, const Compact& c, const QueryTables& t) const {
  const MatchWeights& w = config_.weights;
  double e = 0;
  if (q.height > 0 && c.height > 0) {
    const int gap = std::max(0, std::abs(q.height - c.height) - q.height_tol - c.height_tol);
    e += t.height[std::min<size_t>(gap, t.height.size() - 1)];
  }
  for (int g = 0; g < kGarments; ++g) {
    if (q.n[g] == 0 || c.n[g] == 0) continue;
    float best = -1e9f;
    std::array<float, 2> each{};
    for (int i = 0; i < c.n[g]; ++i) {
      float s = t.colour[g][c.pal[g][i]];
      const int fam = c.fam[g][i];
      const bool in_range = fam >= 0 && fam < static_cast<int>(t.family[g].size());
      if (in_range && (t.family_base[g][fam] || (c.base[g][i] && t.family[g][fam])))
        s = std::max(s, t.family_floor[g][fam]);
      each[static_cast<size_t>(i)] = s;
      best = std::max(best, s);
    }
    e += best;
    // Both of a two-colour garment agree (FullScore's second colour), roughly.
    if (q.two[g] && c.two[g] && each[0] > 0 && each[1] > 0)
      e += kSecondColourShare * std::min(each[0], each[1]);
  }
  if (q.languages != 0 && c.languages != 0) {
    double s;
    if ((q.languages & c.languages) != 0)
      s = (q.lang_flags & c.lang_flags & 2u) ? 0.3 : 1.0;
    else
      s = LanguageDifference(Side(q.lang_flags), Side(c.lang_flags));
    e += evidence::Weigh(s, w.language);
  }
  return e;
}

}  // namespace cs::cases
