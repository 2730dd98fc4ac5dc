#include "services/cases/core/matcher.h"

#include <algorithm>
#include <cmath>
#include <mutex>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/text/chinese_converter.h"
#include "common/text/phrase_table.h"
#include "services/cases/core/matcher_internal.h"

namespace cs::cases {

namespace {

// A phrase shared in free words ("头发梳得很整齐") yields a pair per character: the first
// shared pair counts this share of a phrase-table term, and each further one half the one
// before (one shared phrase of six characters is one piece of evidence, not five).
constexpr double kFreeWordShare = 0.7;
// A shared common look (short hair, a ponytail) counts this share of a distinguishing mark.
constexpr double kCommonTraitShare = 0.5;
// Shared features and details: strength = 1 − exp(−agreement / scale), agreement summed over
// the shared terms by rarity. One rare shared feature phrase gives about half the weight.
constexpr double kFeatureScale = 1.2;
constexpr double kDetailScale = 2.5;
// Colour agreement by rarity: a family one in this many reports name for a garment counts
// its full weight; log(1/share) / log(reference), clamped to the range below.
// A rare colour is not counted above the garment's weight: on the development sets a boost for
// rare colours lifted distractors that shared one while the true child's top had changed.
constexpr double kColourRarityReference = 6;
constexpr double kColourRarityMin = 0.5, kColourRarityMax = 1.0;

double SumForWeights(const MatchWeights& w) {
  return w.sex.for_match + w.age.for_match + w.height.for_match + w.top.for_match +
         w.bottom.for_match + w.hat.for_match + w.shoes.for_match + w.features.for_match +
         w.details.for_match + w.language.for_match + w.time.for_match + w.place.for_match;
}

// A colour word neither the lexicon nor its base characters read ("香芋紫" is read as 紫, "驼色"
// not at all): the phrase table may know it, and its English name (or its base's) is a lexicon
// colour.
std::optional<NamedColour> ColourFromPhrases(std::string_view word, const text::PhraseTable* phrases) {
  if (phrases == nullptr) return std::nullopt;
  const text::Phrase* p = phrases->Find(word);
  if (p == nullptr || p->kind != text::PhraseKind::kColour) return std::nullopt;
  for (const text::Phrase* q : {p, phrases->FindById(p->base)}) {
    if (q == nullptr) continue;
    if (auto c = LookupColour(q->en)) {
      c->word = std::string(word);
      return c;
    }
  }
  return std::nullopt;
}

// Traditional characters read as Simplified, so words the phrase table does not hold are
// shared across scripts ("香港學生" and "香港学生", a Hong Kong officer and a mainland guardian).
// Unchanged when OpenCC's data is not installed: phrases still match in both scripts.
std::string ToSimplified(std::string_view text) {
  static const text::ChineseConverter* t2s = [] {
    auto c = text::ChineseConverter::Create(text::kTraditionalToSimplified);
    return c.ok() ? c->release() : nullptr;
  }();
  const bool ascii = std::all_of(text.begin(), text.end(),
                                 [](char ch) { return (static_cast<unsigned char>(ch) & 0x80) == 0; });
  if (t2s == nullptr || ascii) return std::string(text);
  auto out = t2s->Convert(text);
  return out.ok() ? *std::move(out) : std::string(text);
}

// The colours of one garment: its colour words one by one, then colours named in its text,
// then photo colours. Duplicates (the same canonical colour twice) are kept once.
std::vector<NamedColour> GarmentColours(const Garment& g, const text::PhraseTable* phrases) {
  std::vector<NamedColour> out;
  auto add = [&out](NamedColour c) {
    if (out.size() == static_cast<size_t>(kMaxColours)) return;
    for (const auto& have : out)
      if (have.canonical == c.canonical && have.word == c.word) return;
    out.push_back(std::move(c));
  };
  for (absl::string_view w : absl::StrSplit(g.colour_words, ' ', absl::SkipEmpty())) {
    const std::string_view word(w.data(), w.size());
    std::vector<NamedColour> read = ReadColourWord(word);
    if (read.empty() || (read.size() == 1 && read[0].from_base)) {
      if (auto c = ColourFromPhrases(word, phrases)) read = {*std::move(c)};
    }
    for (auto& c : read) add(std::move(c));
  }
  for (auto& c : FindColours(g.text)) add(std::move(c));
  for (const Lab& lab : g.photo_colours) add({"photo", lab, kNoFamily, "photo", false});
  return out;
}

std::vector<uint64_t> Union(const std::vector<uint64_t>& a, const std::vector<uint64_t>& b) {
  std::vector<uint64_t> out;
  std::set_union(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
  return out;
}

std::vector<uint64_t> Intersect(const std::vector<uint64_t>& a, const std::vector<uint64_t>& b) {
  std::vector<uint64_t> out;
  std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
  return out;
}

const char* SexZh(Sex s) { return s == Sex::kMale ? "男" : s == Sex::kFemale ? "女" : "不详"; }

std::string Words(const std::vector<NamedColour>& cs) {
  std::vector<std::string> w;
  for (const auto& c : cs) w.push_back(c.word.empty() ? c.canonical : c.word);
  return absl::StrJoin(w, "/");
}

}  // namespace

MatchIndex::MatchIndex(const Venue& venue, MatchConfig config, const text::PhraseTable* phrases)
    : venue_(venue), config_(std::move(config)), phrases_(phrases) {
  const size_t n = venue_.zones.size();
  for (size_t i = 0; i < n; ++i) zone_index_[venue_.zones[i].id] = static_cast<int>(i);
  walk_m_.assign(n * n, -1);
  colour_reports_.assign(static_cast<size_t>(kGarments * FamilyCount()), 0);
  // Palette against palette once: the prefilter's colour tables are rows of this matrix.
  const auto& palette = Palette();
  palette_similarity_.resize(palette.size() * palette.size());
  palette_de_.resize(palette.size() * palette.size());
  for (size_t i = 0; i < palette.size(); ++i)
    for (size_t j = 0; j < palette.size(); ++j) {
      palette_de_[i * palette.size() + j] = DeltaE2000(palette[i].lab, palette[j].lab);
      NamedColour a = palette[i], b = palette[j];
      a.family = b.family = kNoFamily;  // families are looked up apart by the prefilter
      palette_similarity_[i * palette.size() + j] = static_cast<float>(
          ColourSimilarity(a, b, config_.colour_same_de, config_.colour_diff_de, 0));
    }
  garment_reports_.assign(kGarments, 0);
  // A few dozen zones: all pairs once, so matching never runs Dijkstra.
  for (size_t i = 0; i < n; ++i)
    for (size_t j = 0; j < n; ++j) {
      auto d = venue_.WalkMetres(venue_.zones[i].id, venue_.zones[j].id);
      if (d) walk_m_[i * n + j] = static_cast<float>(*d);
    }
}

MatchIndex::~MatchIndex() = default;

float MatchIndex::Walk(int from, int to) const {
  if (from < 0 || to < 0) return -1;
  return walk_m_[static_cast<size_t>(from) * venue_.zones.size() + to];
}

std::unique_ptr<MatchIndex::Profile> MatchIndex::BuildProfile(const Case& c) const {
  auto p = std::make_unique<Profile>();
  p->id = c.id;
  p->kind = c.kind;
  p->sex = c.child.sex;
  p->age_min = c.child.age_min;
  p->age_max = c.child.age_max;
  p->height = c.child.height_cm;
  p->height_tol = c.child.height_tolerance_cm;
  const Garment* garments[kGarments] = {&c.child.clothing.top, &c.child.clothing.bottom,
                                        &c.child.clothing.hat, &c.child.clothing.shoes};
  for (int g = 0; g < kGarments; ++g) {
    p->colours[g] = GarmentColours(*garments[g], phrases_);
    for (const NamedColour& c : p->colours[g]) {
      const int i = NearestPaletteIndex(c.lab);
      p->palette[g].push_back(static_cast<uint8_t>(i));
      const Lab& at = Palette()[static_cast<size_t>(i)].lab;
      p->on_palette[g].push_back(at.l == c.lab.l && at.a == c.lab.a && at.b == c.lab.b);
    }
  }
  auto z = zone_index_.find(c.zone_id);
  p->zone = z == zone_index_.end() ? -1 : z->second;
  p->seen_ms = ToMillis(c.seen_at);
  const std::string features_text = ToSimplified(c.child.features);
  p->features = ReadFeatureTerms(features_text, phrases_);
  p->slots = ReadFeatureSlots(features_text, phrases_);
  p->details = ReadFeatureTerms(
      ToSimplified(absl::StrCat(c.child.clothing.top.text, "；", c.child.clothing.bottom.text, "；",
                                c.child.clothing.hat.text, "；", c.child.clothing.shoes.text)),
      phrases_, /*skip_colours=*/true);
  for (int g = 0; g < kGarments; ++g) {
    p->kinds[g] = ReadGarmentKinds(static_cast<GarmentSlot>(g), garments[g]->text, phrases_);
    if (!garments[g]->text.empty())
      p->motifs[g] = ReadFeatureTerms(ToSimplified(garments[g]->text), phrases_, true).motifs;
  }
  p->all_terms = Union(p->features.asserted, p->details.asserted);
  // The officer often writes the language into the features ("只会说英语"): both count.
  p->languages = Union(ReadLanguageField(c.child.language, phrases_, &p->language_names),
                       p->features.languages);
  for (const auto& n : p->features.names) p->language_names.push_back(n);
  return p;
}

void MatchIndex::Upsert(const Case& c) {
  auto p = BuildProfile(c);
  Compact compact = ToCompact(*p);
  std::unique_lock lock(mu_);
  auto it = slot_.find(c.id);
  if (it != slot_.end()) {
    for (uint64_t t : profiles_[it->second]->all_terms)
      if (--term_reports_[t] <= 0) term_reports_.erase(t);
    for (uint64_t t : p->all_terms) ++term_reports_[t];
    CountColours(*profiles_[it->second], -1);
    CountColours(*p, +1);
    profiles_[it->second] = std::move(p);
    compact_[it->second] = compact;
  } else {
    for (uint64_t t : p->all_terms) ++term_reports_[t];
    CountColours(*p, +1);
    slot_[c.id] = profiles_.size();
    profiles_.push_back(std::move(p));
    compact_.push_back(compact);
  }
}

void MatchIndex::Remove(const std::string& case_id) {
  std::unique_lock lock(mu_);
  auto it = slot_.find(case_id);
  if (it == slot_.end()) return;
  const size_t at = it->second;
  for (uint64_t t : profiles_[at]->all_terms)
    if (--term_reports_[t] <= 0) term_reports_.erase(t);
  CountColours(*profiles_[at], -1);
  slot_.erase(it);
  if (at + 1 != profiles_.size()) {
    profiles_[at] = std::move(profiles_.back());
    compact_[at] = compact_.back();
    slot_[profiles_[at]->id] = at;
  }
  profiles_.pop_back();
  compact_.pop_back();
}

size_t MatchIndex::size() const {
  std::shared_lock lock(mu_);
  return profiles_.size();
}

double MatchIndex::TermRarity(uint64_t term) const {
  const double n = static_cast<double>(profiles_.size());
  auto it = term_reports_.find(term);
  const double df = it == term_reports_.end() ? 0 : it->second;
  // Inverse document frequency on 0..1: a term every open report holds says nothing.
  return std::clamp(std::log((n + 2) / (df + 1)) / std::log(n + 2), 0.0, 1.0);
}

void MatchIndex::CountColours(const Profile& p, int delta) {
  const int families = FamilyCount();
  for (int g = 0; g < kGarments; ++g) {
    if (p.colours[g].empty()) continue;
    garment_reports_[g] += delta;
    // Each family once per report: "蓝 藏青" is one blue top.
    std::vector<bool> seen(static_cast<size_t>(families), false);
    for (const NamedColour& c : p.colours[g]) {
      if (c.family < 0 || c.family >= families || seen[c.family]) continue;
      seen[c.family] = true;
      colour_reports_[static_cast<size_t>(g * families + c.family)] += delta;
    }
  }
}

double MatchIndex::ColourRarity(int g, int family) const {
  if (family < 0 || family >= FamilyCount()) return 1;
  const double n = garment_reports_[g];
  const double df = colour_reports_[static_cast<size_t>(g * FamilyCount() + family)];
  const double share = (df + 1) / (n + 2);
  return std::clamp(std::log(1 / share) / std::log(kColourRarityReference), kColourRarityMin,
                    kColourRarityMax);
}

double MatchIndex::Agreement(const std::vector<uint64_t>& shared) const {
  double sum = 0;
  std::vector<double> free_words;
  for (uint64_t t : shared) {
    if (IsFreeWord(t)) free_words.push_back(TermRarity(t));
    else sum += TermRarity(t) * (IsCommonTrait(t) ? kCommonTraitShare : 1.0);
  }
  std::sort(free_words.begin(), free_words.end(), std::greater<>());
  double share = kFreeWordShare;
  for (double r : free_words) sum += r * share, share /= 2;
  return sum;
}

Candidate MatchIndex::FullScore(const Profile& q, const Profile& c, bool explain) const {
  const MatchConfig& cfg = config_;
  const MatchWeights& w = cfg.weights;
  Candidate out;
  out.case_id = c.id;
  if (explain) out.features.reserve(12);
  double last_evidence = 0;  // of the feature added last
  // Explanations, and the per-feature list at all, are built only for the candidates
  // returned; ranking needs the sum alone, which keeps Match() fast and free of allocations.
  auto add = [&](const char* name, double strength, const Evidence& weights, bool recorded,
                 auto why, auto why_zh) {
    last_evidence = recorded ? evidence::Weigh(strength, weights) : 0;
    out.evidence += last_evidence;
    if (!explain) return;
    FeatureScore f;
    f.feature = name;
    if (recorded) f.strength = std::clamp(strength, -1.0, 1.0);
    f.evidence = recorded ? evidence::Weigh(strength, weights) : 0;
    f.score = recorded ? 0.5 + 0.5 * std::clamp(strength, -1.0, 1.0) : 0.5;
    f.weight = !recorded ? 0 : strength >= 0 ? weights.for_match : weights.against;
    f.contradiction = recorded && strength < 0;
    f.explanation = why();
    f.explanation_zh = why_zh();
    out.features.push_back(std::move(f));
  };
  auto warn = [&](bool cond, const char* text) {
    if (cond && explain) out.warnings.push_back(text);
  };

  // Sex: a toddler's is fragile, an older child's robust.
  const int youngest = std::min(q.age_max < 0 ? 99 : q.age_max, c.age_max < 0 ? 99 : c.age_max);
  const bool toddler = youngest <= cfg.toddler_age;
  const bool sex_known = q.sex != Sex::kUnknown && c.sex != Sex::kUnknown;
  add("sex", q.sex == c.sex ? 1.0 : -1.0, toddler ? w.sex_toddler : w.sex, sex_known, [&] {
    if (!sex_known) return std::string("sex not recorded on one side: neutral");
    if (q.sex == c.sex) return absl::StrCat("sex ", SexName(q.sex), " on both");
    return absl::StrCat("sex ", SexName(q.sex), " vs ", SexName(c.sex),
                        toddler ? ": a toddler's sex is often misjudged, weak evidence against"
                                : ": evidence against");
  }, [&] {
    if (!sex_known) return std::string("一方未记录性别：中性");
    if (q.sex == c.sex) return absl::StrCat("双方性别均为", SexZh(q.sex));
    return absl::StrCat("性别", SexZh(q.sex), "对", SexZh(c.sex),
                        toddler ? "：幼儿的性别常被看错，弱的反面证据" : "：反面证据");
  });
  warn(sex_known && q.sex != c.sex, "sex differs: check, not excluded");

  const bool age_known = q.age_min >= 0 && c.age_min >= 0;
  const int age_gap =
      age_known ? std::max(0, std::max(q.age_min, c.age_min) - std::min(q.age_max, c.age_max)) : 0;
  add("age", evidence::AgeGap(age_gap), w.age, age_known, [&] {
    if (!age_known) return std::string("age not recorded on one side: neutral");
    return absl::StrFormat("age %d-%d vs %d-%d: %s", q.age_min, q.age_max, c.age_min, c.age_max,
                           age_gap == 0 ? "ranges overlap"
                                        : absl::StrCat(age_gap, age_gap == 1 ? " year" : " years",
                                                       " apart"));
  }, [&] {
    if (!age_known) return std::string("一方未记录年龄：中性");
    return absl::StrFormat("年龄 %d-%d 对 %d-%d：%s", q.age_min, q.age_max, c.age_min, c.age_max,
                           age_gap == 0 ? "范围重叠" : absl::StrCat("相差 ", age_gap, " 岁"));
  });
  warn(age_known && age_gap > 2, "age ranges far apart");

  const bool height_known = q.height > 0 && c.height > 0;
  const int height_gap =
      height_known ? std::max(0, std::abs(q.height - c.height) - q.height_tol - c.height_tol) : 0;
  add("height", evidence::HeightGap(height_gap, cfg), w.height, height_known, [&] {
    if (!height_known) return std::string("height not recorded on one side: neutral");
    return height_gap <= cfg.height_full_cm
               ? absl::StrFormat("height %d±%d vs %d±%d cm: within tolerance", q.height,
                                 q.height_tol, c.height, c.height_tol)
               : absl::StrFormat("height %d±%d vs %d±%d cm: %d cm beyond tolerance (estimated "
                                 "by eye)",
                                 q.height, q.height_tol, c.height, c.height_tol, height_gap);
  }, [&] {
    if (!height_known) return std::string("一方未记录身高：中性");
    return absl::StrFormat("身高 %d±%d 对 %d±%d 厘米：%s", q.height, q.height_tol, c.height,
                           c.height_tol,
                           height_gap <= cfg.height_full_cm
                               ? std::string("在误差范围内")
                               : absl::StrCat("超出误差 ", height_gap, " 厘米（目测估计），越接近越有力"));
  });
  warn(height_known && height_gap > 2 * cfg.height_zero_cm, "height differs");

  const Evidence* garment_w[kGarments] = {&w.top, &w.bottom, &w.hat, &w.shoes};
  for (int g = 0; g < kGarments; ++g) {
    const auto& qc = q.colours[g];
    const auto& cc = c.colours[g];
    const bool known = !qc.empty() && !cc.empty();
    double best = 0;
    const NamedColour* bq = nullptr;
    const NamedColour* bc = nullptr;
    const size_t n_palette = Palette().size();
    auto similarity = [&](size_t i, size_t j) {
      const double de = q.on_palette[g][i] && c.on_palette[g][j]
                            ? palette_de_[q.palette[g][i] * n_palette + c.palette[g][j]]
                            : DeltaE2000(qc[i].lab, cc[j].lab);
      return ColourSimilarityGivenDe(qc[i], cc[j], de, cfg.colour_same_de, cfg.colour_diff_de,
                                     cfg.shade_floor);
    };
    for (size_t i = 0; i < qc.size(); ++i)
      for (size_t j = 0; j < cc.size(); ++j) {
        const double s = similarity(i, j);
        if (bq == nullptr || s > best) best = s, bq = &qc[i], bc = &cc[j];
      }
    const double strength = evidence::Colour(best);
    // A garment of two colours on both sides ("白/蓝" and "白蓝条纹"): when a second pair, of
    // other families than the first, agrees too, the garment is rarer than either colour.
    double second = 0;
    const NamedColour* sq = nullptr;
    const NamedColour* sc = nullptr;
    if (known && strength > 0 && qc.size() > 1 && cc.size() > 1)
      for (size_t i = 0; i < qc.size(); ++i)
        for (size_t j = 0; j < cc.size(); ++j) {
          if (qc[i].family == bq->family || cc[j].family == bc->family) continue;
          if (SameWord(qc[i], *bq) || SameWord(cc[j], *bc)) continue;
          const double s = evidence::Colour(similarity(i, j));
          if (s > second) second = s, sq = &qc[i], sc = &cc[j];
        }
    // Agreement counts by how rare the shared colour is among the open reports.
    const double rarity = known && strength > 0 ? ColourRarity(g, bq->family) : 1;
    const double both = 1 + kSecondColourShare * second;
    const Evidence weights{garment_w[g]->for_match * rarity * both, garment_w[g]->against};
    add(kGarmentNames[g], strength, weights, known, [&] {
      if (!known) return absl::StrCat(kGarmentNames[g], " colour not recorded on one side: neutral");
      std::string why = absl::StrFormat("%s colour %s vs %s", kGarmentNames[g], Words(qc), Words(cc));
      const double de = DeltaE2000(bq->lab, bc->lab);
      if (bq->family != kNoFamily && bq->family == bc->family && de > cfg.colour_same_de)
        absl::StrAppendFormat(&why, ": %s and %s are shades of one base colour (%s), close",
                              bq->word, bc->word, FamilyName(bq->family));
      else
        absl::StrAppendFormat(&why, ": closest pair %s/%s, CIEDE2000 %.0f", bq->word, bc->word, de);
      for (const NamedColour* n : {bq, bc})
        if (n->from_base && (n == bq || n->word != bq->word))
          absl::StrAppendFormat(&why, "; '%s' is not in the colour lexicon, read from its base "
                                      "colour %s", n->word, n->canonical);
      if (sq != nullptr)
        absl::StrAppendFormat(&why, "; a second colour agrees too (%s/%s): a two-colour "
                                    "garment on both sides, stronger", sq->word, sc->word);
      if (rarity < 0.95)
        absl::StrAppendFormat(&why, "; %s is common among the open reports' %s: counts less",
                              FamilyName(bq->family), kGarmentNames[g]);
      if (g == 0 && strength < 0) why += "; differs, a jacket may be off or on: weak evidence";
      if (g == 3 && strength < 0) why += "; shoes are rarely changed: evidence against";
      return why;
    }, [&] {
      static constexpr const char* kZh[kGarments] = {"上衣", "下装", "帽子", "鞋"};
      if (!known) return absl::StrCat("一方未记录", kZh[g], "颜色：中性");
      std::string why = absl::StrFormat("%s颜色 %s 对 %s", kZh[g], Words(qc), Words(cc));
      if (bq->family != kNoFamily && bq->family == bc->family && DeltaE2000(bq->lab, bc->lab) > cfg.colour_same_de)
        absl::StrAppendFormat(&why, "：%s 与 %s 是同一基本色的深浅，相近", bq->word, bc->word);
      else
        absl::StrAppendFormat(&why, "：最接近的一对 %s/%s，色差 %.0f", bq->word, bc->word,
                              DeltaE2000(bq->lab, bc->lab));
      for (const NamedColour* n : {bq, bc})
        if (n->from_base && (n == bq || n->word != bq->word))
          absl::StrAppendFormat(&why, "；“%s”不在颜色词表中，按其中的基本色读", n->word);
      if (sq != nullptr)
        absl::StrAppendFormat(&why, "；第二种颜色也相符（%s/%s）：双方都是双色衣物，证据更强", sq->word,
                              sc->word);
      if (rarity < 0.95) absl::StrAppend(&why, "；此颜色在未结报告中常见，分量较轻");
      if (g == 0 && strength < 0) why += "；不同，外套可能脱了或穿上了：弱证据";
      if (g == 3 && strength < 0) why += "；鞋很少更换：反面证据";
      return why;
    });
  }
  warn(!q.colours[3].empty() && !c.colours[3].empty() && last_evidence < 0, "shoe colour differs");

  // Features: terms both mention agree (rare ones more); a term one side states absent and
  // the other present contradicts; a term only one side mentions is neutral.
  const auto shared_terms = Intersect(q.features.asserted, c.features.asserted);
  const auto contra = Union(Intersect(q.features.asserted, c.features.negated),
                            Intersect(q.features.negated, c.features.asserted));
  // A thing both name with another value (a mole on the other cheek) is a second thing, not a
  // shared one: no agreement, and evidence against by how robust the value is.
  const auto slot_conflicts =
      q.slots.empty() || c.slots.empty() ? std::vector<SlotConflict>{}
                                         : SlotConflicts(q.slots, c.slots, cfg.slots);
  std::vector<uint64_t> shared;
  for (uint64_t t : shared_terms)
    if (std::none_of(slot_conflicts.begin(), slot_conflicts.end(),
                     [t](const SlotConflict& s) { return s.object == t; }))
      shared.push_back(t);
  double slot_against = 0;
  for (const SlotConflict& s : slot_conflicts) slot_against += s.weight;
  const double agree = Agreement(shared);
  const bool hair_excludes = HairLengthsExclude(q.features.hair, c.features.hair);
  // Agreement saturates: one rare shared phrase (a crew cut, a mole) is already good evidence,
  // each further one adds less. One stated contradiction is full evidence against.
  const double contra_count = static_cast<double>(contra.size()) + slot_against +
                              (hair_excludes ? cfg.hair_length_against : 0.0);
  const double feat_evidence = (1 - std::exp(-agree / kFeatureScale)) * w.features.for_match -
                               std::min(contra_count, 1.0) * w.features.against;
  const bool feat_known = !shared.empty() || !contra.empty() || hair_excludes || slot_against > 0;
  const double feat_strength = feat_evidence >= 0 ? feat_evidence / w.features.for_match
                                                  : feat_evidence / w.features.against;
  add("features", feat_strength, w.features, feat_known, [&] {
    auto names = [&](const std::vector<uint64_t>& ts) {
      std::vector<std::string> v;
      for (uint64_t t : ts) {
        const std::string* n = q.features.NameOf(t);
        if (n == nullptr) n = c.features.NameOf(t);
        v.push_back(n ? *n : "?");
      }
      return absl::StrJoin(v, ", ");
    };
    if (!feat_known) {
      if (q.features.asserted.empty() || c.features.asserted.empty())
        return std::string("distinguishing features not recorded on one side: neutral");
      return std::string("no feature mentioned on both sides: neutral (one side's extra "
                         "features are unknown to the other, not absent)");
    }
    std::string why;
    if (!shared.empty()) why = absl::StrCat("both mention: ", names(shared));
    if (std::any_of(shared.begin(), shared.end(), IsCommonTrait))
      why += " (a look many children share counts little)";
    if (!contra.empty())
      absl::StrAppend(&why, why.empty() ? "" : "; ", "contradiction (present vs stated absent): ",
                      names(contra));
    if (hair_excludes)
      absl::StrAppend(&why, why.empty() ? "" : "; ",
                      "hair length contradicts (short on one side, long or tied up on the other)");
    for (const SlotConflict& s : slot_conflicts)
      absl::StrAppend(&why, why.empty() ? "" : "; ", "the same thing with another value: ",
                      s.explanation_en, ": evidence against");
    return why;
  }, [&] {
    if (!feat_known)
      return std::string("没有双方都提到的特征：中性（一方多写的特征对另一方是未知，不是没有）");
    std::string why;
    if (!shared.empty()) why = absl::StrCat("双方都提到 ", shared.size(), " 项特征");
    if (std::any_of(shared.begin(), shared.end(), IsCommonTrait))
      why += "（发型、体型等许多孩子共有的外貌分量较轻）";
    if (!contra.empty())
      absl::StrAppend(&why, why.empty() ? "" : "；", "矛盾：一方写有、另一方写明没有");
    if (hair_excludes)
      absl::StrAppend(&why, why.empty() ? "" : "；", "头发长短矛盾（一方短发，另一方长发或扎起）");
    for (const SlotConflict& s : slot_conflicts)
      absl::StrAppend(&why, why.empty() ? "" : "；", "同一样东西说法不同：", s.explanation_zh,
                      "：反面证据");
    return why;
  });
  warn(!contra.empty() || hair_excludes, "a distinguishing feature contradicts: check");
  warn(!slot_conflicts.empty(), "a feature both name differs (side, place or colour): check");

  // Details: what both reports say beyond colours and features, wherever each wrote it (an
  // officer notes "抱着牛仔外套" under features, the guardian "牛仔外套" under the top). Shared
  // details agree; what one side does not mention is neutral. Against: both name the kind of
  // one garment and the kinds exclude each other (a dress vs a T-shirt, shorts vs trousers,
  // sandals vs trainers); a jacket that comes off never contradicts (garment_kinds.h).
  std::vector<uint64_t> detail_shared;
  for (uint64_t t : Intersect(q.all_terms, c.all_terms))
    if (!std::binary_search(shared_terms.begin(), shared_terms.end(), t)) detail_shared.push_back(t);
  int kind_conflicts = 0;
  for (int g = 0; g < kGarments; ++g) kind_conflicts += KindsContradict(q.kinds[g], c.kinds[g]);
  // Both name the picture on one garment and share none (a cat against a unicorn, 福 against a
  // shark): the guardian knows the print and the officer sees it, so this is a second garment,
  // as much against as a dress against a T-shirt.
  auto motifs_differ = [&](int g) {
    return !q.motifs[g].empty() && !c.motifs[g].empty() && Intersect(q.motifs[g], c.motifs[g]).empty();
  };
  int motif_conflicts = 0;
  for (int g = 0; g < kGarments; ++g) motif_conflicts += motifs_differ(g);
  kind_conflicts += motif_conflicts;
  const double detail_agree = 1 - std::exp(-Agreement(detail_shared) / kDetailScale);
  const double detail_strength =
      kind_conflicts > 0 ? std::max(-1.0, detail_agree - 0.5 - 0.5 * kind_conflicts) : detail_agree;
  add("details", detail_strength, w.details, !detail_shared.empty() || kind_conflicts > 0, [&] {
    std::string why;
    if (detail_shared.empty()) {
      why = "no clothing detail mentioned on both sides";
    } else {
      std::vector<std::string> v;
      for (uint64_t t : detail_shared) {
        const std::string* n = nullptr;
        for (const FeatureTerms* ft : {&q.details, &q.features, &c.details, &c.features})
          if (n == nullptr) n = ft->NameOf(t);
        v.push_back(n ? *n : "?");
      }
      why = absl::StrCat("both describe: ", absl::StrJoin(v, ", "));
    }
    for (int g = 0; g < kGarments; ++g)
      if (motifs_differ(g))
        absl::StrAppend(&why, "; the ", kGarmentNames[g],
                        " shows a different picture on each side: evidence against");
    for (int g = 0; g < kGarments; ++g) {
      if (!KindsContradict(q.kinds[g], c.kinds[g])) continue;
      auto names = [](const std::vector<GarmentKind>& ks) {
        std::vector<std::string> v;
        for (const auto& k : ks) v.push_back(k.name);
        return absl::StrJoin(v, "/");
      };
      absl::StrAppend(&why, "; ", kGarmentNames[g], " is a ", names(q.kinds[g]), " on one side and a ",
                      names(c.kinds[g]), " on the other: different kinds of garment, evidence against");
    }
    if (detail_shared.empty() && kind_conflicts == 0) why += ": neutral";
    return why;
  }, [&] {
    static constexpr const char* kZh[kGarments] = {"上衣", "下装", "帽子", "鞋"};
    std::string why = detail_shared.empty()
                          ? std::string("没有双方都描述的衣着细节")
                          : absl::StrCat("双方都描述了 ", detail_shared.size(), " 项衣着细节");
    for (int g = 0; g < kGarments; ++g)
      if (motifs_differ(g))
        absl::StrAppend(&why, "；", kZh[g], "上的图案两份报告说的不同：反面证据");
    for (int g = 0; g < kGarments; ++g)
      if (KindsContradict(q.kinds[g], c.kinds[g]))
        absl::StrAppend(&why, "；", kZh[g], "在两份报告中是不同种类的衣物（如连衣裙与T恤）：反面证据");
    if (detail_shared.empty() && kind_conflicts == 0) why += "：中性";
    return why;
  });
  warn(kind_conflicts > motif_conflicts, "a garment is a different kind: check");
  warn(motif_conflicts > 0, "a garment shows a different picture: check");

  // Languages: the same language in any script is one id; dialects of Chinese do not exclude
  // each other (a Sichuan child also speaks Mandarin), Chinese against English does.
  const bool lang_known = !q.languages.empty() && !c.languages.empty();
  const auto lang_shared = Intersect(q.languages, c.languages);
  bool only_mandarin = !lang_shared.empty();
  for (uint64_t l : lang_shared) only_mandarin = only_mandarin && IsMandarin(l);
  const LanguageSide q_lang = DescribeLanguages(q.languages);
  const LanguageSide c_lang = DescribeLanguages(c.languages);
  const bool all_chinese = lang_known && q_lang.chinese && c_lang.chinese;
  // A child who speaks a dialect at home (湖南话, 客家话) nearly always speaks Mandarin too, so an
  // officer who hears Mandarin says nothing against the guardian's dialect. An officer who
  // could not tell the language ("不会说", "听不懂", "婴儿") says nothing against any.
  const bool lang_unknown = lang_shared.empty() && (q_lang.unknown || c_lang.unknown);
  const bool unnamed_dialect =
      lang_shared.empty() && !lang_unknown && all_chinese &&
      (q_lang.unnamed_chinese || c_lang.unnamed_chinese);
  const bool dialect_and_mandarin = lang_shared.empty() && !lang_unknown && !unnamed_dialect &&
                                    all_chinese && (q_lang.mandarin || c_lang.mandarin);
  const double lang_strength = !lang_shared.empty() ? (only_mandarin ? 0.3 : 1.0)
                                                    : LanguageDifference(q_lang, c_lang);
  add("language", lang_strength, w.language, lang_known, [&] {
    if (!lang_known) return std::string("language not recorded on one side: neutral");
    auto names = [&](const Profile& p, const std::vector<uint64_t>& ls) {
      std::vector<std::string> v;
      for (uint64_t l : ls) {
        for (const auto& [id, n] : p.language_names)
          if (id == l) {
            v.push_back(n);
            break;
          }
      }
      return absl::StrJoin(v, "/");
    };
    const std::string sides =
        absl::StrCat("language ", names(q, q.languages), " vs ", names(c, c.languages));
    if (!lang_shared.empty())
      return absl::StrCat(sides, only_mandarin ? ": both Mandarin, which most children here speak"
                                               : ": the same language");
    if (lang_unknown)
      return absl::StrCat(sides, ": one side names no language (the child did not speak, or "
                                 "was not understood): unknown, neutral");
    if (unnamed_dialect)
      return absl::StrCat(sides, ": a dialect without a name against a variety of Chinese: "
                                 "it may be that one, neutral");
    if (dialect_and_mandarin)
      return absl::StrCat(sides, ": Mandarin and a variety of Chinese; a child who speaks a "
                                 "dialect at home usually speaks Mandarin too: neutral");
    return absl::StrCat(sides, all_chinese ? ": different varieties of Chinese, weak evidence against"
                                           : ": different languages, evidence against");
  }, [&] {
    if (!lang_known) return std::string("一方未记录语言：中性");
    if (!lang_shared.empty())
      return std::string(only_mandarin ? "双方都是普通话，这里大多数孩子都说" : "语言相同");
    if (lang_unknown) return std::string("一方没有写出是哪种语言（孩子没说话或没听懂）：未知，中性");
    if (unnamed_dialect) return std::string("未说明是哪种方言，可能就是对方写的那种：中性");
    if (dialect_and_mandarin) return std::string("普通话与方言：在家说方言的孩子通常也会说普通话：中性");
    return std::string(all_chinese ? "汉语的不同方言：弱的反面证据" : "语言不同：反面证据");
  });
  warn(lang_known && lang_shared.empty() && !all_chinese && !lang_unknown, "languages differ");

  // Time and place: elapsed from the (estimated) last-seen time to the found time, and the
  // walk between the zones against what a child covers in that time.
  const bool q_missing = q.kind == CaseKind::kMissing;
  double elapsed_min = static_cast<double>(q_missing ? c.seen_ms - q.seen_ms : q.seen_ms - c.seen_ms) / 60000.0;
  if (q.kind == c.kind) elapsed_min = std::abs(elapsed_min);
  const double time_strength = evidence::Time(elapsed_min, cfg);
  add("time", time_strength, w.time, true, [&] {
    if (elapsed_min >= 0)
      return absl::StrFormat("found %.0f min after last seen%s", elapsed_min,
                             time_strength >= 1 ? ": soon, strong evidence"
                             : time_strength > 0 ? ": later, weaker evidence"
                                                 : ": hours later, evidence against");
    return absl::StrFormat(
        "found %.0f min before the guardian's estimate of last seen: the estimate is rough "
        "(±%.0f min), %s",
        -elapsed_min, std::chrono::duration<double, std::ratio<60>>(cfg.time_skew).count(),
        time_strength >= cfg.time_rough_strength
            ? "within its usual error: nearly as strong as found soon after"
        : time_strength >= 0    ? "weak evidence"
        : time_strength > -0.5 ? "weak evidence against"
                               : "evidence against");
  }, [&] {
    if (elapsed_min >= 0)
      return absl::StrFormat("最后见到后 %.0f 分钟被找到：%s", elapsed_min,
                             time_strength >= 1  ? "很快，强证据"
                             : time_strength > 0 ? "较晚，证据较弱"
                                                 : "数小时后，反面证据");
    return absl::StrFormat("在监护人估计的最后见到时间之前 %.0f 分钟被找到：估计时间不准（±%.0f 分钟），%s",
                           -elapsed_min,
                           std::chrono::duration<double, std::ratio<60>>(cfg.time_skew).count(),
                           time_strength >= cfg.time_rough_strength ? "在估计的通常误差之内：几乎与很快被找到一样有力"
                           : time_strength >= 0                     ? "弱证据"
                           : time_strength > -0.5                   ? "弱的反面证据"
                                                                    : "反面证据");
  });
  warn(time_strength <= -0.5, "time does not fit: check, not excluded");

  const float walk = Walk(q.zone, c.zone);
  double reach = 0;
  const double place_strength = walk < 0 ? 0 : evidence::Place(walk, elapsed_min, cfg, &reach);
  add("place", place_strength, w.place, walk >= 0, [&] {
    if (walk < 0) return std::string("zones not connected or unknown: neutral");
    const char* verdict = place_strength >= 1    ? "near"
                          : place_strength > 0   ? "far but reachable on foot: weak evidence"
                          : place_strength > -0.5 ? "beyond a walk but reachable if carried by a "
                                                   "crowd or a parade: weak evidence against"
                                                 : "far beyond reach: evidence against, not a veto";
    return absl::StrFormat("%.0f m walk, a child walks about %.0f m in that time: %s", walk,
                           reach, verdict);
  }, [&] {
    if (walk < 0) return std::string("区域不相连或未知：中性");
    const char* verdict = place_strength >= 1    ? "很近"
                          : place_strength > 0   ? "较远但步行可达：弱证据"
                          : place_strength > -0.5 ? "超出步行范围，但可能被人流或巡游带走：弱的反面证据"
                                                 : "远超可达范围：反面证据，但不排除";
    return absl::StrFormat("步行 %.0f 米，这段时间孩子约可走 %.0f 米：%s", walk, reach, verdict);
  });
  warn(place_strength <= -0.5, "place does not fit: check, not excluded");

  out.total = std::clamp(0.5 + out.evidence / (2 * SumForWeights(w)), 0.0, 1.0);
  return out;
}

namespace {

// Labels in the manner of Primero's matching: "likely" for a candidate that stands clearly
// above the rest, "possible" for every other one; the reason goes to the desk in zh and en.
void Label(std::vector<Candidate>& out, const MatchConfig& cfg) {
  for (size_t i = 0; i < out.size(); ++i) {
    Candidate& c = out[i];
    c.label = "possible";
    if (c.tied) {
      const bool with_previous =
          i > 0 && std::abs(out[i - 1].evidence - c.evidence) < cfg.tie_epsilon;
      const Candidate* other_p = with_previous ? &out[i - 1]
                                 : i + 1 < out.size() ? &out[i + 1]
                                                      : nullptr;
      const std::string other_id = other_p ? other_p->case_id : "a candidate beyond the list";
      c.label_reason_en = absl::StrCat("possible: scores the same as ", other_id,
                                       "; the order between them means nothing, compare both");
      c.label_reason_zh = absl::StrCat("可能：与 ", other_id,
                                       " 得分相同，先后顺序没有意义，请对比两者");
      continue;
    }
    if (i > 0) {
      const double below = out[0].evidence - c.evidence;
      c.label_reason_en = absl::StrFormat("possible: %.1f points of evidence below the first "
                                          "candidate %s", below, out[0].case_id);
      c.label_reason_zh = absl::StrFormat("可能：证据比第一位候选 %s 低 %.1f 分", out[0].case_id,
                                          below);
      continue;
    }
    const double margin = out.size() > 1 ? c.evidence - out[1].evidence : c.evidence;
    const std::string next = out.size() > 1 ? out[1].case_id : "";
    if (c.total < cfg.likely_min_total) {
      c.label_reason_en = absl::StrFormat("possible: first, but the evidence is weak (score %.2f)",
                                          c.total);
      c.label_reason_zh = absl::StrFormat("可能：排第一，但证据较弱（得分 %.2f）", c.total);
    } else if (out.size() > 1 && margin < cfg.likely_margin) {
      c.label_reason_en = absl::StrFormat(
          "possible: only %.1f points of evidence above %s; compare both", margin, next);
      c.label_reason_zh =
          absl::StrFormat("可能：证据仅比 %s 高 %.1f 分，请对比两者", next, margin);
    } else {
      c.label = "likely";
      c.label_reason_en =
          out.size() > 1
              ? absl::StrFormat("likely: %.1f points of evidence above the next candidate %s",
                                margin, next)
              : std::string("likely: the only candidate, and the evidence is strong");
      c.label_reason_zh = out.size() > 1
                              ? absl::StrFormat("很可能：证据比下一位候选 %s 高 %.1f 分", next,
                                                margin)
                              : std::string("很可能：唯一的候选，且证据充分");
    }
  }
}

}  // namespace

std::vector<Candidate> MatchIndex::Match(const Case& query, size_t top_n,
                                         MatchTarget target) const {
  const auto q = BuildProfile(query);
  std::shared_lock lock(mu_);
  return MatchProfile(*q, top_n, target);
}

std::optional<std::vector<Candidate>> MatchIndex::MatchIndexed(const std::string& case_id,
                                                               size_t top_n,
                                                               MatchTarget target) const {
  std::shared_lock lock(mu_);
  auto it = slot_.find(case_id);
  if (it == slot_.end()) return std::nullopt;
  return MatchProfile(*profiles_[it->second], top_n, target);
}

std::vector<Candidate> MatchIndex::MatchProfile(const Profile& query, size_t top_n,
                                                MatchTarget target) const {
  const Profile* q = &query;
  const CaseKind want =
      target == MatchTarget::kSameKind
          ? query.kind
          : (query.kind == CaseKind::kMissing ? CaseKind::kFound : CaseKind::kMissing);
  const Compact qc = ToCompact(*q);
  const QueryTables tables = BuildTables(*q);
  const auto want_kind = static_cast<uint8_t>(want);
  // The query itself may be indexed (same-kind duplicate search): skip its slot.
  const auto self_it = slot_.find(query.id);
  const size_t self = self_it == slot_.end() ? compact_.size() : self_it->second;
  const size_t keep = std::max(config_.shortlist, top_n + 1);
  const std::vector<std::pair<float, size_t>> shortlist =
      Shortlist(qc, tables, want_kind, self, keep);
  std::vector<std::pair<double, const Profile*>> full;
  full.reserve(shortlist.size());
  for (const auto& s : shortlist) {
    const Profile* p = profiles_[s.second].get();
    full.emplace_back(FullScore(*q, *p, false).evidence, p);
  }
  // Equal evidence is ordered by id only so the output is stable; it is reported as a tie.
  std::sort(full.begin(), full.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second->id < b.second->id;
  });
  const double eps = config_.tie_epsilon;
  size_t n = std::min(top_n, full.size());
  while (n > 0 && n < full.size() && full[n - 1].first - full[n].first < eps) ++n;
  std::vector<Candidate> out;
  out.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    out.push_back(FullScore(*q, *full[i].second, true));
    out.back().tied = (i > 0 && full[i - 1].first - full[i].first < eps) ||
                      (i + 1 < full.size() && full[i].first - full[i + 1].first < eps);
  }
  // A tie with a candidate beyond the shortlist's end cannot be shown; the tie flag says so.
  Label(out, config_);
  return out;
}

}  // namespace cs::cases
