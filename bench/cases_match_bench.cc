// Lost-child matching benchmark: builds N open missing reports, then files found reports for
// randomly chosen children with realistic noise and measures top-1/top-3 accuracy and the
// latency of MatchIndex::Match. A small main rather than google-benchmark because accuracy
// and latency percentiles come from the same run. Single-threaded; deterministic per seed.
//
//   cases_match_bench [--open 10000] [--queries 1000] [--seed 42] [--burst]
//
// A regression check only, NOT held-out data: its colour words and features come from the same
// kind of tables as the matcher's. The held-out figures come from cases_service_match_bench on
// tests/testdata/descriptions/ (see docs/benchmarks.md).
//
// Noise on every found report: colours written with a synonym from another language or word
// ("藏青" vs "navy" vs "海军蓝"), sometimes a perceptually near colour (navy -> dark blue);
// jacket removed (inner layer shows) or the top seen differently; hat gone half the time;
// apparent age true ±2 years (as a 3-year range); height true ±10 cm; 20% found in a random
// (wrong) zone; features reworded or omitted; language unknown 10%; sex wrong 1%.
// --burst puts every child's last-seen time in the same hour, so time/place helps less.
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "common/text/phrase_table.h"
#include "services/cases/core/matcher.h"

namespace {

// CPU time of this thread: excludes time the scheduler gave to other processes, which on a
// shared 2-core machine otherwise dominates the tail.
double ThreadCpuMicros() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

using cs::cases::Case;
using cs::cases::CaseKind;
using cs::cases::Sex;

// Each colour: ways to write it; [0] Chinese, [1] English, more are synonyms.
struct ColourWords {
  std::vector<const char*> words;
  int near;  // index of a perceptually close colour an observer may name instead, -1 none
};
const std::vector<ColourWords> kColours = {
    {{"红色", "red", "大红"}, 1},   {{"酒红", "burgundy", "maroon"}, 0},
    {{"粉色", "pink", "粉红"}, -1}, {{"藏青", "navy", "海军蓝", "藏蓝"}, 4},
    {{"深蓝", "dark blue"}, 3},     {{"天蓝", "sky blue"}, 6},
    {{"浅蓝", "light blue"}, 5},    {{"蓝色", "blue"}, 4},
    {{"绿色", "green"}, -1},        {{"军绿", "olive", "army green"}, 10},
    {{"墨绿", "dark green"}, 9},    {{"黄色", "yellow"}, 12},
    {{"橙色", "orange"}, 11},       {{"紫色", "purple"}, -1},
    {{"白色", "white"}, 15},        {{"米色", "beige", "米白"}, 21},
    {{"黑色", "black"}, 17},        {{"深灰", "dark grey"}, 16},
    {{"灰色", "grey", "gray"}, 17}, {{"棕色", "brown", "咖啡色"}, 20},
    {{"卡其", "khaki"}, 19},        {{"浅灰", "light grey"}, 15},
};
const char* kTops[] = {"外套", "T恤", "卫衣", "jacket", "shirt"};
const char* kBottoms[] = {"裤子", "短裤", "裙子", "jeans", "shorts"};
const char* kShoes[] = {"运动鞋", "凉鞋", "boots", "sneakers"};
// Each feature in two wordings: what the guardian says and what an officer writes.
const std::pair<const char*, const char*> kFeatures[] = {
    {"戴眼镜", "戴着眼镜"},
    {"左脸有痣", "脸上有颗痣"},
    {"扎两个辫子", "两条小辫子"},
    {"门牙缺了一颗", "缺门牙"},
    {"额头有疤", "额头上有疤痕"},
    {"背着小熊书包", "小熊背包"},
    {"手里拿着企鹅玩偶", "拿企鹅公仔"},
    {"短头发", "头发很短"},
    {"卷头发", "头发卷卷的"},
    {"手腕戴红绳", "红绳手链"},
    {"胖乎乎的", "比较胖"},
    {"很瘦", "偏瘦"},
    {"说话有点口吃", "有点结巴"},
    {"脖子上挂水壶", "挂着水壶"},
    {"戴蓝色手表", "蓝色儿童手表"},
    {"右手打着石膏", "手上有石膏"},
    {"光头", "剃光头"},
    {"头上有发卡", "戴发夹"},
    {"glasses", "wears glasses"},
    {"freckles", "has freckles"},
};
const char* kLanguages[] = {"普通话", "普通话", "普通话", "普通话",  "普通话",
                            "普通话", "普通话", "粤语",   "English", "上海话"};

struct Truth {
  Sex sex;
  int age, height;
  int top, inner, bottom, shoes, hat;  // colour indices, -1 none
  int top_kind, bottom_kind, shoe_kind;
  std::vector<int> features;
  const char* language;
  std::string zone;
  cs::TimePoint seen_at;
};

cs::Venue BenchVenue() {
  cs::Venue v;
  v.id = "ocean";
  v.name_zh = "海洋公园";
  // A 12-zone park on a ~1.2 km site, gates along a loop with two cross-links.
  const char* ids[] = {"plaza",   "parade", "penguin", "whale", "polar", "theatre",
                       "dolphin", "reef",   "food",    "kids",  "jelly", "exit-east"};
  const double xy[][2] = {{0, 0},   {250, 0},   {450, 120}, {650, 160}, {420, -150}, {620, -300},
                          {850, 0}, {900, 250}, {600, 0},   {300, 250}, {1050, 120}, {1200, 0}};
  for (int i = 0; i < 12; ++i)
    v.zones.push_back({ids[i], ids[i], ids[i], 5000, 3000, xy[i][0], xy[i][1]});
  const std::pair<int, int> links[] = {{0, 1}, {1, 2}, {2, 3},  {1, 4},   {4, 5},
                                       {3, 7}, {5, 6}, {6, 7},  {2, 8},   {8, 6},
                                       {1, 9}, {9, 2}, {7, 10}, {10, 11}, {6, 11}};
  int n = 0;
  for (auto [a, b] : links)
    v.gates.push_back({"g" + std::to_string(n++), ids[a], ids[b], 5, 0, false, false});
  v.gates.push_back({"main", cs::kOutside, "plaza", 10, 24, false, true});
  v.gates.push_back({"east", "exit-east", cs::kOutside, 6, 0, false, true});
  return v;
}

struct Args {
  int open = 10000, queries = 1000;
  unsigned seed = 42;
  bool burst = false;
  int explain = 0;  // print this many misses with per-feature scores
  cs::cases::MatchConfig config;
};

// --set name=value overrides one MatchConfig number, for tuning runs: "shoes.for=2",
// "top.against=0.2", "speed=0.8".
bool SetConfig(cs::cases::MatchConfig& c, const std::string& kv) {
  const auto eq = kv.find('=');
  if (eq == std::string::npos) return false;
  const std::string k = kv.substr(0, eq);
  const double v = std::atof(kv.c_str() + eq + 1);
  auto& w = c.weights;
  const std::pair<const char*, cs::cases::Evidence*> evidence[] = {
      {"sex", &w.sex},       {"sex_toddler", &w.sex_toddler}, {"age", &w.age},
      {"height", &w.height}, {"top", &w.top},                 {"bottom", &w.bottom},
      {"hat", &w.hat},       {"shoes", &w.shoes},             {"features", &w.features},
      {"language", &w.language}, {"time", &w.time},           {"place", &w.place}};
  for (const auto& [name, ptr] : evidence) {
    if (k == std::string(name) + ".for") return ptr->for_match = v, true;
    if (k == std::string(name) + ".against") return ptr->against = v, true;
  }
  const std::pair<const char*, double*> fields[] = {{"speed", &c.child_speed_mps},
                                                    {"slack", &c.speed_slack},
                                                    {"carried", &c.carried_factor},
                                                    {"same_de", &c.colour_same_de},
                                                    {"diff_de", &c.colour_diff_de},
                                                    {"shade_floor", &c.shade_floor},
                                                    {"near_m", &c.near_m},
                                                    {"soon_minutes", &c.soon_minutes},
                                                    {"late_minutes", &c.late_minutes},
                                                    {"likely_margin", &c.likely_margin}};
  for (const auto& [name, ptr] : fields)
    if (k == name) return *ptr = v, true;
  if (k == "shortlist") return c.shortlist = static_cast<size_t>(v), true;
  if (k == "height_full") return c.height_full_cm = static_cast<int>(v), true;
  if (k == "height_zero") return c.height_zero_cm = static_cast<int>(v), true;
  if (k == "toddler_age") return c.toddler_age = static_cast<int>(v), true;
  return false;
}

}  // namespace

int main(int argc, char** argv) {
  Args args;
  for (int i = 1; i < argc; ++i) {
    auto next = [&] { return i + 1 < argc ? argv[++i] : "0"; };
    if (!std::strcmp(argv[i], "--open"))
      args.open = std::atoi(next());
    else if (!std::strcmp(argv[i], "--queries"))
      args.queries = std::atoi(next());
    else if (!std::strcmp(argv[i], "--seed"))
      args.seed = static_cast<unsigned>(std::atoi(next()));
    else if (!std::strcmp(argv[i], "--burst"))
      args.burst = true;
    else if (!std::strcmp(argv[i], "--explain"))
      args.explain = std::atoi(next());
    else if (!std::strcmp(argv[i], "--set") && i + 1 < argc && SetConfig(args.config, argv[i + 1]))
      ++i;
    else {
      std::fprintf(
          stderr,
          "usage: %s [--open N] [--queries N] [--seed S] [--burst] [--explain N] [--set k=v]\n",
          argv[0]);
      return 2;
    }
  }
  if (args.open < 1 || args.queries < 1) {
    std::fprintf(stderr, "--open and --queries must be positive\n");
    return 2;
  }
  std::mt19937 rng(args.seed);
  auto uni = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  auto chance = [&](double p) { return std::uniform_real_distribution<double>(0, 1)(rng) < p; };
  const int n_colours = static_cast<int>(kColours.size());
  auto word = [&](int colour) {
    const auto& w = kColours[colour].words;
    return std::string(w[uni(0, static_cast<int>(w.size()) - 1)]);
  };

  const cs::Venue venue = BenchVenue();
  // The phrase table case-service reads (run from the repo root, or set CS_SOURCE_DIR).
  const char* src = std::getenv("CS_SOURCE_DIR");
  auto phrases = cs::text::PhraseTable::LoadFile(std::string(src ? src : ".") + "/config/phrases.yaml");
  if (!phrases.ok()) {
    std::fprintf(stderr, "%s\n", phrases.status().ToString().c_str());
    return 1;
  }
  cs::cases::MatchIndex index(venue, args.config, &*phrases);
  const cs::TimePoint day = cs::FromMillis(1'770'000'000'000);
  const int spread_min = args.burst ? 60 : 600;

  std::vector<Truth> truth;
  truth.reserve(args.open);
  for (int i = 0; i < args.open; ++i) {
    Truth t;
    t.sex = chance(0.5) ? Sex::kMale : Sex::kFemale;
    t.age = uni(2, 12);
    t.height = std::clamp(75 + 6 * t.age + uni(-8, 8), 60, 180);
    t.top = uni(0, n_colours - 1);
    t.inner = chance(0.5) ? uni(0, n_colours - 1) : -1;
    t.bottom = uni(0, n_colours - 1);
    t.shoes = uni(0, n_colours - 1);
    t.hat = chance(0.3) ? uni(0, n_colours - 1) : -1;
    t.top_kind = uni(0, 4);
    t.bottom_kind = uni(0, 4);
    t.shoe_kind = uni(0, 3);
    if (chance(0.7)) {
      const int k = uni(1, 2);
      for (int f = 0; f < k; ++f) t.features.push_back(uni(0, std::size(kFeatures) - 1));
    }
    t.language = kLanguages[uni(0, std::size(kLanguages) - 1)];
    t.zone = venue.zones[uni(0, static_cast<int>(venue.zones.size()) - 1)].id;
    t.seen_at = day + std::chrono::minutes(uni(0, spread_min));
    truth.push_back(t);

    // The guardian's report, in the guardian's words (Chinese or English).
    Case c;
    c.id = "case-" + std::to_string(i);
    c.kind = CaseKind::kMissing;
    c.child.sex = t.sex;
    c.child.age_min = c.child.age_max = t.age;
    c.child.height_cm = t.height;
    c.child.clothing.top.text = word(t.top) + " " + kTops[t.top_kind];
    if (t.inner >= 0) c.child.clothing.top.text += "，里面" + word(t.inner) + "T恤";
    c.child.clothing.bottom.text = word(t.bottom) + " " + kBottoms[t.bottom_kind];
    c.child.clothing.shoes.text = word(t.shoes) + " " + kShoes[t.shoe_kind];
    if (t.hat >= 0) c.child.clothing.hat.colour_words = word(t.hat);
    for (int f : t.features) c.child.features += std::string(kFeatures[f].first) + "，";
    c.child.language = t.language;
    c.zone_id = t.zone;
    c.seen_at = t.seen_at;
    c.filed_at = t.seen_at + std::chrono::minutes(uni(5, 20));
    index.Upsert(c);
  }

  auto noisy = [&](int colour) {
    if (chance(0.15) && kColours[colour].near >= 0) colour = kColours[colour].near;
    return word(colour);
  };
  int top1 = 0, top3 = 0;
  std::vector<double> lat_us, cpu_us;
  lat_us.reserve(args.queries);
  cpu_us.reserve(args.queries);
  for (int q = 0; q < args.queries; ++q) {
    const int target = uni(0, args.open - 1);
    const Truth& t = truth[target];
    Case f;
    f.id = "found-" + std::to_string(q);
    f.kind = CaseKind::kFound;
    f.child.sex = chance(0.01) ? (t.sex == Sex::kMale ? Sex::kFemale : Sex::kMale) : t.sex;
    const int apparent = std::clamp(t.age + uni(-2, 2), 1, 16);
    f.child.age_min = apparent - 1;
    f.child.age_max = apparent + 1;
    f.child.height_cm = t.height + uni(-10, 10);
    f.child.height_tolerance_cm = 5;
    int top = t.top;
    if (t.inner >= 0 && chance(0.5))
      top = t.inner;  // jacket removed
    else if (chance(0.15))
      top = uni(0, n_colours - 1);  // seen differently / borrowed coat
    f.child.clothing.top.colour_words = noisy(top);
    f.child.clothing.bottom.colour_words = noisy(t.bottom);
    f.child.clothing.shoes.colour_words = noisy(t.shoes);
    if (t.hat >= 0 && chance(0.5)) f.child.clothing.hat.colour_words = noisy(t.hat);
    if (!chance(0.3))
      for (int feat : t.features) f.child.features += std::string(kFeatures[feat].second) + " ";
    f.child.language = chance(0.9) ? t.language : "";
    f.zone_id =
        chance(0.2) ? venue.zones[uni(0, static_cast<int>(venue.zones.size()) - 1)].id : t.zone;
    f.seen_at = t.seen_at + std::chrono::minutes(uni(5, 60));
    f.filed_at = f.seen_at;

    const double cpu_start = ThreadCpuMicros();
    const auto start = std::chrono::steady_clock::now();
    const auto out = index.Match(f, 3);
    const auto stop = std::chrono::steady_clock::now();
    cpu_us.push_back(ThreadCpuMicros() - cpu_start);
    lat_us.push_back(std::chrono::duration<double, std::micro>(stop - start).count());
    const std::string want = "case-" + std::to_string(target);
    if (!out.empty() && out[0].case_id == want) {
      ++top1;
    } else if (args.explain > 0) {
      --args.explain;
      const auto all = index.Match(f, 100);
      std::printf("MISS %s -> %s\n", f.id.c_str(), want.c_str());
      for (size_t r = 0; r < all.size(); ++r) {
        if (r > 0 && all[r].case_id != want) continue;
        std::printf("  rank %zu %s evidence %.3f total %.3f %s\n", r + 1, all[r].case_id.c_str(),
                    all[r].evidence, all[r].total, all[r].label.c_str());
        for (const auto& fs : all[r].features)
          std::printf("    %-10s %+.2f %s\n", fs.feature.c_str(), fs.evidence,
                      fs.explanation.c_str());
      }
    }
    for (const auto& c : out)
      if (c.case_id == want) ++top3;
  }
  std::sort(lat_us.begin(), lat_us.end());
  std::sort(cpu_us.begin(), cpu_us.end());
  auto pct_of = [](const std::vector<double>& v, double p) {
    return v[std::min(v.size() - 1, static_cast<size_t>(p * v.size()))];
  };
  auto pct = [&](double p) { return pct_of(lat_us, p); };
  std::printf("scenario=%s open=%d queries=%d seed=%u\n", args.burst ? "burst" : "day", args.open,
              args.queries, args.seed);
  std::printf("top1=%.1f%% top3=%.1f%%\n", 100.0 * top1 / args.queries,
              100.0 * top3 / args.queries);
  std::printf("latency_us p50=%.0f p99=%.0f max=%.0f (wall clock)\n", pct(0.50), pct(0.99),
              lat_us.back());
  std::printf("cpu_us     p50=%.0f p99=%.0f max=%.0f (thread CPU time)\n", pct_of(cpu_us, 0.5),
              pct_of(cpu_us, 0.99), cpu_us.back());
  return 0;
}
