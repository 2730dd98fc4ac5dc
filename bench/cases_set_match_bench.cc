// A description set matched in memory: the same protocol as cases_service_match_bench (every
// missing report open, each child's found report queried, top-1 strict: a tie at the top is a
// miss) through MatchIndex with config/phrases.yaml, without gRPC or Redis. Seconds per run, so
// rules and weights can be tried on the development sets; the figures of record still come
// through the service. Prints top-1/top-3, the misses by the feature that lost them, and the
// thread-CPU time of Match() per query.
#include <time.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>
#include <vector>

#include "bench/cases_descriptions.h"
#include "bench/cases_miss_analysis.h"
#include "common/config.h"
#include "common/testing/child_process.h"
#include "common/text/phrase_table.h"
#include "services/cases/case_convert.h"
#include "services/cases/core/matcher.h"

namespace {

double ThreadCpuMs() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

double Pct(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())))];
}

cs::bench::FeatureEvidence EvidenceOf(const cs::cases::Candidate& c) {
  cs::bench::FeatureEvidence e;
  for (const auto& f : c.features) e[f.feature] = f.evidence;
  return e;
}

// "sex.against=0.7": one weight of MatchWeights by the feature's name; false when unknown.
bool SetWeight(cs::cases::MatchWeights& w, const std::string& kv) {
  const auto eq = kv.find('=');
  if (eq == std::string::npos) return false;
  const std::string k = kv.substr(0, eq);
  const double v = std::atof(kv.c_str() + eq + 1);
  const std::pair<const char*, cs::cases::Evidence*> evidence[] = {
      {"sex", &w.sex},           {"sex_toddler", &w.sex_toddler}, {"age", &w.age},
      {"height", &w.height},     {"top", &w.top},                 {"bottom", &w.bottom},
      {"hat", &w.hat},           {"shoes", &w.shoes},             {"features", &w.features},
      {"details", &w.details},   {"language", &w.language},       {"time", &w.time},
      {"place", &w.place}};
  for (const auto& [name, ptr] : evidence) {
    if (k == std::string(name) + ".for") return ptr->for_match = v, true;
    if (k == std::string(name) + ".against") return ptr->against = v, true;
  }
  return false;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"lost-child matching of a description set in memory (for tuning)"};
  std::string set_path = cs::testing::SourcePath("../shared/data/descriptions/pairs.json");
  size_t open = 0;
  std::string pad_with;
  int explain = 0;
  int repeat = 0;
  bool indexed = false;
  std::string dump_path;
  std::string ids_path;
  app.add_option("--set", set_path, "description set in pairs.json's shape");
  app.add_option("--open", open, "open missing reports: the children's plus distractors");
  app.add_option("--pad-with", pad_with,
                 "pad the open reports up to --open with this set's missing reports (descgen)");
  app.add_option("--ids", ids_path,
                 "write each open report's case id and its source (child id, or distractor index from 0)");
  app.add_option("--explain", explain, "print this many top-1 misses with their features");
  app.add_option("--repeat", repeat, "match every query this many more times (for a profiler)");
  app.add_flag("--indexed", indexed,
               "file each found report into the index and match it by id, as case-service does");
  // Overrides of the matcher's defaults, for trying a change before it goes into MatchConfig.
  cs::cases::MatchConfig cfg;
  app.add_option("--soon", cfg.soon_minutes, "MatchConfig::soon_minutes");
  app.add_option("--late", cfg.late_minutes, "MatchConfig::late_minutes");
  app.add_option("--time-rough", cfg.time_rough_minutes, "MatchConfig::time_rough_minutes");
  app.add_option("--time-rough-strength", cfg.time_rough_strength, "MatchConfig::time_rough_strength");
  app.add_option("--hair-against", cfg.hair_length_against, "MatchConfig::hair_length_against");
  app.add_option("--shade-floor", cfg.shade_floor, "MatchConfig::shade_floor");
  app.add_option("--height-full", cfg.height_full_cm, "MatchConfig::height_full_cm");
  app.add_option("--height-zero", cfg.height_zero_cm, "MatchConfig::height_zero_cm");
  app.add_option("--w-height", cfg.weights.height.for_match, "weights.height.for_match");
  app.add_option("--w-time", cfg.weights.time.for_match, "weights.time.for_match");
  app.add_option("--w-place", cfg.weights.place.for_match, "weights.place.for_match");
  app.add_option("--w-features", cfg.weights.features.for_match, "weights.features.for_match");
  app.add_option("--w-details", cfg.weights.details.for_match, "weights.details.for_match");
  app.add_option("--near", cfg.near_m, "MatchConfig::near_m");
  app.add_option("--colour-same", cfg.colour_same_de, "MatchConfig::colour_same_de");
  app.add_option("--colour-diff", cfg.colour_diff_de, "MatchConfig::colour_diff_de");
  app.add_option("--w-sex-against", cfg.weights.sex.against, "weights.sex.against");
  app.add_option("--w-shoes-against", cfg.weights.shoes.against, "weights.shoes.against");
  app.add_option("--w-lang-for", cfg.weights.language.for_match, "weights.language.for_match");
  app.add_option("--shortlist", cfg.shortlist, "MatchConfig::shortlist");
  bool no_prune = false;
  app.add_option("--dump", dump_path,
                 "write each query's first 32 candidates with every feature's evidence and "
                 "weight to this file (for fitting weights offline; development sets only)");
  app.add_flag("--no-prune", no_prune, "score every open report in the prefilter (no bound)");
  bool no_slots = false;
  app.add_flag("--no-slots", no_slots,
               "ignore 'same thing, other value' conflicts (the matcher before session 10)");
  std::vector<std::string> weights;
  app.add_option("--weight", weights, "a weight by name, repeatable: sex.against=0.7");
  CLI11_PARSE(app, argc, argv);
  for (const auto& kv : weights)
    if (!SetWeight(cfg.weights, kv)) {
      std::fprintf(stderr, "--weight %s: unknown feature or no value\n", kv.c_str());
      return 2;
    }
  cfg.prune_scan = !no_prune;
  if (no_slots) cfg.slots = {0, 0, 0, 0, 0, 0};

  auto venue = cs::LoadVenue(cs::testing::SourcePath("config/venues/ocean.yaml"));
  auto set = cs::bench::LoadDescriptionSet(set_path);
  auto phrases = cs::text::PhraseTable::LoadFile(cs::testing::SourcePath("config/phrases.yaml"));
  if (!venue.ok() || !set.ok() || !phrases.ok()) {
    std::fprintf(stderr, "could not load the venue, the set or config/phrases.yaml\n");
    return 1;
  }
  const size_t n_open = open > 0 ? open : set->children.size() + set->distractors.size();
  if (!pad_with.empty() && n_open > set->children.size() + set->distractors.size()) {
    auto pad = cs::bench::LoadDescriptionSet(pad_with);
    if (!pad.ok()) {
      std::fprintf(stderr, "%s\n", pad.status().ToString().c_str());
      return 1;
    }
    std::printf("padded %zu distractors from %s\n",
                cs::bench::PadDistractors(&*set, *pad, n_open - set->children.size()),
                pad_with.c_str());
  }
  if (n_open < set->children.size() || n_open - set->children.size() > set->distractors.size()) {
    std::fprintf(stderr, "--open %zu: the set has %zu children and %zu distractors\n", n_open,
                 set->children.size(), set->distractors.size());
    return 2;
  }
  const cs::TimePoint base = cs::FromMillis(1'770'000'000'000);
  auto at = [&](double minutes) {
    return base + std::chrono::milliseconds(static_cast<int64_t>(minutes * 60000));
  };
  auto to_case = [&](const cs::bench::DescribedReport& r, cs::cases::CaseKind kind,
                     const std::string& id) -> std::optional<cs::cases::Case> {
    cs::cases::Case c;
    c.id = id;
    c.kind = kind;
    if (!cs::cases::ChildFromProto(r.child, &c.child).ok()) return std::nullopt;
    c.zone_id = r.zone_id;
    c.seen_at = at(kind == cs::cases::CaseKind::kMissing ? r.last_seen_minutes
                                                         : r.minutes_after_open);
    return c;
  };

  cs::cases::MatchIndex index(*venue, cfg, &*phrases);
  // Ids in a shuffled order, as the service's sequence would give them.
  std::vector<int> order;
  for (size_t i = 0; i < set->children.size(); ++i) order.push_back(-1 - static_cast<int>(i));
  for (size_t j = 0; j + set->children.size() < n_open; ++j) order.push_back(static_cast<int>(j));
  std::shuffle(order.begin(), order.end(), std::mt19937(13));
  std::vector<std::string> truth(set->children.size());
  int refused = 0;
  FILE* ids = ids_path.empty() ? nullptr : std::fopen(ids_path.c_str(), "w");
  for (size_t n = 0; n < order.size(); ++n) {
    const int k = order[n];
    const auto& r = k < 0 ? set->children[-1 - k].missing : set->distractors[k];
    auto c = to_case(r, cs::cases::CaseKind::kMissing, "case-" + std::to_string(n + 1));
    if (!c) {
      ++refused;
      continue;
    }
    index.Upsert(*c);
    if (k < 0) truth[-1 - k] = c->id;
    if (ids != nullptr)
      std::fprintf(ids, "%s %s\n", c->id.c_str(),
                   k < 0 ? set->children[-1 - k].id.c_str() : ("d" + std::to_string(k)).c_str());
  }

  if (ids != nullptr) std::fclose(ids);
  int top1 = 0, top3 = 0, tied_top = 0, queried = 0;
  FILE* dump = dump_path.empty() ? nullptr : std::fopen(dump_path.c_str(), "w");
  cs::bench::MissAnalysis by_feature;
  std::vector<double> cpu_ms, wall_ms;
  for (size_t i = 0; i < set->children.size(); ++i) {
    const auto& child = set->children[i];
    auto q = to_case(child.found, cs::cases::CaseKind::kFound, "found-" + child.id);
    if (!q || truth[i].empty()) continue;
    if (indexed) index.Upsert(*q);
    const double t0 = ThreadCpuMs();
    const auto w0 = std::chrono::steady_clock::now();
    const auto out = indexed ? *index.MatchIndexed(q->id, 5) : index.Match(*q, 5);
    cpu_ms.push_back(ThreadCpuMs() - t0);
    wall_ms.push_back(
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - w0).count());
    if (dump != nullptr) {
      // One line per query, one per candidate:
      // "C <is true> <feature>=<evidence>,<weight> ... @<case id>".
      const auto wide = indexed ? *index.MatchIndexed(q->id, 32) : index.Match(*q, 32);
      std::fprintf(dump, "Q %s\n", child.id.c_str());
      for (const auto& c : wide) {
        std::fprintf(dump, "C %d", c.case_id == truth[i] ? 1 : 0);
        for (const auto& f : c.features)
          if (f.strength) std::fprintf(dump, " %s=%.5f,%.5f", f.feature.c_str(), f.evidence, f.weight);
        std::fprintf(dump, " @%s\n", c.case_id.c_str());
      }
    }
    if (indexed) index.Remove(q->id);
    ++queried;
    int rank = -1;
    for (size_t r = 0; r < out.size(); ++r)
      if (out[r].case_id == truth[i]) rank = static_cast<int>(r);
    const bool first = rank == 0 && !out[0].tied;
    tied_top += rank == 0 && out[0].tied;
    top1 += first;
    top3 += rank >= 0 && rank < 3;
    if (first) continue;
    if (rank < 0) by_feature.AddAbsent();
    else if (rank == 0) by_feature.AddTied();
    else by_feature.AddRanked(EvidenceOf(out[0]), EvidenceOf(out[rank]));
    if (explain-- > 0) {
      // Beyond the first five: look further so the true child's features can be compared.
      auto deep = rank >= 0 ? out : index.Match(*q, 300);
      if (rank < 0)
        for (size_t r = 0; r < deep.size(); ++r)
          if (deep[r].case_id == truth[i]) rank = static_cast<int>(r);
      std::printf("MISS %s (true %s at rank %d)\n", child.id.c_str(), truth[i].c_str(), rank + 1);
      for (size_t r = 0; r < deep.size(); ++r) {
        const auto& out = deep;
        if (r > 0 && static_cast<int>(r) != rank) continue;
        std::printf("  #%zu %s%s evidence %.2f %s\n", r + 1, out[r].case_id.c_str(),
                    out[r].case_id == truth[i] ? " (true)" : "", out[r].evidence,
                    out[r].tied ? "tied" : "");
        for (const auto& f : out[r].features)
          std::printf("    %-9s %+.2f %s\n", f.feature.c_str(), f.evidence, f.explanation.c_str());
      }
    }
  }
  for (int r = 0; r < repeat; ++r)
    for (const auto& child : set->children)
      if (auto q = to_case(child.found, cs::cases::CaseKind::kFound, "found-" + child.id)) {
        if (!indexed) {
          index.Match(*q, 5);
          continue;
        }
        index.Upsert(*q);
        index.MatchIndexed(q->id, 5);
        index.Remove(q->id);
      }
  if (dump != nullptr) std::fclose(dump);
  if (queried == 0) return 1;
  std::printf("set: %s\nopen missing reports: %zu, refused %d; found reports queried: %d\n",
              set_path.c_str(), index.size(), refused, queried);
  std::printf("top1 %.1f%%  top3 %.1f%%  (true child tied at the top: %d)\n",
              100.0 * top1 / queried, 100.0 * top3 / queried, tied_top);
  std::printf("%s thread CPU p50 %.3f ms p99 %.3f ms; wall p50 %.3f ms p99 %.3f ms\n",
              indexed ? "MatchIndexed()" : "Match()", Pct(cpu_ms, 0.5), Pct(cpu_ms, 0.99),
              Pct(wall_ms, 0.5), Pct(wall_ms, 0.99));
  by_feature.Print();
  return 0;
}
