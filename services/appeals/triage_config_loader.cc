#include "services/appeals/triage_config_loader.h"

#include <algorithm>
#include <filesystem>
#include <map>

#include "common/yaml_reader.h"

namespace cs::appeals {
namespace {

std::optional<TriageModifier::Scope> ScopeFromName(const std::string& name) {
  if (name == "before") return TriageModifier::Scope::kBefore;
  if (name == "clause") return TriageModifier::Scope::kClause;
  if (name == "sentence") return TriageModifier::Scope::kSentence;
  if (name == "message") return TriageModifier::Scope::kMessage;
  return std::nullopt;
}

void ReadSettings(YamlReader& s, TriageConfig& c, std::string& pinyin_table, std::string& model,
                  std::string& linear_model) {
  model = s.Optional<std::string>("ngram_model", model);
  linear_model = s.Optional<std::string>("linear_model", linear_model);
  c.linear_model_weight = s.Optional<double>("linear_model_weight", c.linear_model_weight);
  c.model_life_safety_threshold =
      s.Optional<double>("model_life_safety_threshold", c.model_life_safety_threshold);
  c.model_veto = s.Optional<double>("model_veto", c.model_veto);
  c.model_veto_holds_below = s.Optional<double>("model_veto_holds_below", c.model_veto_holds_below);
  c.rules_sure_score = s.Optional<double>("rules_sure_score", c.rules_sure_score);
  c.model_abstain_below = s.Optional<double>("model_abstain_below", c.model_abstain_below);
  c.model_dismiss_below = s.Optional<double>("model_dismiss_below", c.model_dismiss_below);
  c.model_dismiss_up_to_score =
      s.Optional<double>("model_dismiss_up_to_score", c.model_dismiss_up_to_score);
  c.model_overruled_by_category_score = s.Optional<double>(
      "model_overruled_by_category_score", c.model_overruled_by_category_score);
  c.model_overruled_below_life_score = s.Optional<double>("model_overruled_below_life_score",
                                                          c.model_overruled_below_life_score);
  c.model_partial_rule_score =
      s.Optional<double>("model_partial_rule_score", c.model_partial_rule_score);
  c.model_partial_posterior =
      s.Optional<double>("model_partial_posterior", c.model_partial_posterior);
  c.model_partial_posterior_latin =
      s.Optional<double>("model_partial_posterior_latin", c.model_partial_posterior_latin);
  c.latin_script_share = s.Optional<double>("latin_script_share", c.latin_script_share);
  if (s.Has("model_veto_modifiers")) {
    c.model_veto_modifiers = s.ScalarSequence<std::string>("model_veto_modifiers");
  }
  c.phrases.homophone_factor = s.Optional<double>("homophone_factor", c.phrases.homophone_factor);
  pinyin_table = s.Optional<std::string>("pinyin_table", pinyin_table);
  c.life_safety_threshold = s.Optional<double>("life_safety_threshold", c.life_safety_threshold);
  c.category_threshold = s.Optional<double>("category_threshold", c.category_threshold);
  c.phrases.quote_factor = s.Optional<double>("quote_factor", c.phrases.quote_factor);
  c.phrases.max_gap = s.Optional<int>("max_gap", c.phrases.max_gap);
  c.phrases.fuzzy_factor = s.Optional<double>("fuzzy_factor", c.phrases.fuzzy_factor);
  if (s.Has("guarded_categories")) {
    c.phrases.guarded_categories = s.ScalarSequence<std::string>("guarded_categories");
  }
}

// `from: [heldout2]` says which development sets' messages a rule was written from (each a
// set's file stem: messages, heldout, heldout2, ...); an entry's own list overrides its file's.
// The service reads every rule; leave-one-author-out evaluation leaves a set's own rules out.
std::vector<std::string> Origins(YamlReader& r, const std::vector<std::string>& fallback) {
  if (!r.Has("from")) return fallback;
  return r.ScalarSequence<std::string>("from");
}

bool Excluded(const std::vector<std::string>& origins, const std::vector<std::string>& without) {
  for (const auto& o : origins) {
    if (std::find(without.begin(), without.end(), o) != without.end()) return true;
  }
  return false;
}

void ReadSignals(YamlReader& doc, TriageConfig& c, const std::vector<std::string>& file_origins,
                 const std::vector<std::string>& without) {
  const std::string file_category = doc.Optional<std::string>("category", "");
  for (auto& s : doc.Sequence("signals")) {
    TriageSignal signal;
    signal.name = s.Required<std::string>("name");
    signal.category = s.Optional<std::string>("category", file_category);
    if (signal.category.empty()) s.Fail("category", "required (here or at the top of the file)");
    signal.weight = s.Required<double>("weight");
    signal.phrases = s.ScalarSequence<std::string>("phrases");
    signal.ignore_modifiers = s.Optional<bool>("ignore_modifiers", false);
    signal.kind = s.Optional<std::string>("kind", "");
    if (Excluded(Origins(s, file_origins), without)) continue;
    c.phrases.signals.push_back(std::move(signal));
  }
}

// A modifier without `scope` adds its cues to the modifier of that name (read from any file,
// applied after all files): a later file, or the desk's own, extends "past" with cues of its
// own provenance instead of editing modifiers.yaml.
struct ModifierExtension {
  std::string name;
  std::vector<std::string> cues, cancelled_by, void_after;
  std::string where;  // for the error when no modifier has that name
};

void ReadModifiers(YamlReader& doc, TriageConfig& c, const std::vector<std::string>& file_origins,
                   const std::vector<std::string>& without,
                   std::vector<ModifierExtension>& extensions, std::vector<std::string>& names,
                   const std::string& file) {
  for (auto& m : doc.Sequence("modifiers")) {
    const std::string name = m.Required<std::string>("name");
    const bool excluded = Excluded(Origins(m, file_origins), without);
    if (!m.Has("scope")) {
      ModifierExtension x{name, m.ScalarSequence<std::string>("cues"),
                          m.ScalarSequence<std::string>("cancelled_by"),
                          m.ScalarSequence<std::string>("void_after"), file};
      if (!excluded) extensions.push_back(std::move(x));
      continue;
    }
    names.push_back(name);
    TriageModifier mod;
    mod.name = name;
    const std::string scope = m.Required<std::string>("scope");
    if (auto parsed = ScopeFromName(scope)) {
      mod.scope = *parsed;
    } else {
      m.Fail("scope", "must be before, clause, sentence or message");
    }
    mod.window = m.Optional<int>("window", mod.window);
    mod.factor = m.Required<double>("factor");
    mod.cues = m.ScalarSequence<std::string>("cues");
    mod.cancelled_by = m.ScalarSequence<std::string>("cancelled_by");
    mod.negatable = m.Optional<bool>("negatable", false);
    if (m.Has("void_after")) mod.void_after = m.ScalarSequence<std::string>("void_after");
    mod.applies_to = m.ScalarSequence<std::string>("applies_to");
    if (!excluded) c.phrases.modifiers.push_back(std::move(mod));
  }
  if (Excluded(file_origins, without)) {
    doc.ScalarSequence<std::string>("masks");  // consumed, not used
    return;
  }
  for (auto& mask : doc.ScalarSequence<std::string>("masks")) c.phrases.masks.push_back(mask);
}

absl::Status ApplyExtensions(const std::vector<ModifierExtension>& extensions,
                             const std::vector<std::string>& names, TriageConfig& c) {
  for (const auto& x : extensions) {
    if (std::find(names.begin(), names.end(), x.name) == names.end()) {
      return absl::InvalidArgumentError(x.where + ": modifiers: " + x.name +
                                        ": no modifier of that name to add cues to (give scope)");
    }
    auto it = std::find_if(c.phrases.modifiers.begin(), c.phrases.modifiers.end(),
                           [&](const TriageModifier& m) { return m.name == x.name; });
    if (it == c.phrases.modifiers.end()) continue;  // left out with its origin: so are these

    it->cues.insert(it->cues.end(), x.cues.begin(), x.cues.end());
    it->cancelled_by.insert(it->cancelled_by.end(), x.cancelled_by.begin(), x.cancelled_by.end());
    it->void_after.insert(it->void_after.end(), x.void_after.begin(), x.void_after.end());
  }
  return absl::OkStatus();
}

void ReadRouting(YamlReader& doc, TriageConfig& c, bool& routes_seen, bool& deadlines_seen) {
  auto routes = doc.Sequence("routes");
  if (!routes.empty() && !routes_seen) {
    c.routes.clear();
    routes_seen = true;
  }
  for (auto& r : routes) {
    const std::string name = r.Required<std::string>("category");
    auto category = CategoryFromName(name);
    if (!category) r.Fail("category", "not a message category");
    c.routes.push_back({category.value_or(Category::kConsultation),
                        r.Optional<std::string>("keyword", ""),
                        r.Required<std::string>("department")});
  }
  auto deadlines = doc.Sequence("deadlines");
  if (!deadlines.empty() && !deadlines_seen) {
    c.deadlines.clear();
    deadlines_seen = true;
  }
  for (auto& d : deadlines) {
    c.deadlines.push_back({d.Required<std::string>("department"),
                           std::chrono::seconds(d.Required<int64_t>("respond_within_s"))});
  }
  c.default_department = doc.Optional<std::string>("default_department", c.default_department);
  if (doc.Has("default_deadline_s")) {
    c.default_deadline = std::chrono::seconds(doc.Required<int64_t>("default_deadline_s"));
  }
}

void ReadZones(YamlReader& doc, const std::string& venue_id, std::vector<ZoneNames>& zones) {
  const std::string venue = doc.Optional<std::string>("venue", "");
  auto entries = doc.Sequence("zones");
  auto outside = doc.ScalarSequence<std::string>("outside");
  if (!venue.empty() && venue != venue_id) {
    for (auto& z : entries) {  // another venue's names: consumed, not used
      z.Optional<std::string>("zone", "");
      z.ScalarSequence<std::string>("names");
    }
    return;
  }
  for (auto& z : entries) {
    zones.push_back({z.Required<std::string>("zone"), z.ScalarSequence<std::string>("names")});
  }
  if (!outside.empty()) zones.push_back({"", outside});
}

}  // namespace

absl::StatusOr<TriageFiles> LoadTriageConfigDir(const std::string& dir, const std::string& venue_id,
                                                ModelLoading model_loading,
                                                const std::vector<std::string>& without_origins) {
  std::vector<std::string> files;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.is_regular_file() && entry.path().extension() == ".yaml") {
      files.push_back(entry.path().string());
    }
  }
  if (files.empty()) return absl::NotFoundError("no *.yaml triage rules in " + dir);
  std::sort(files.begin(), files.end());
  TriageFiles out;
  out.triage = TriageConfig::Default();
  out.triage.phrases = PhraseRules{};
  bool routes_seen = false;
  bool deadlines_seen = false;
  std::string pinyin_table;
  std::string model;
  std::string linear_model;
  std::vector<ModifierExtension> extensions;
  std::vector<std::string> modifier_names;
  for (const auto& file : files) {
    auto doc = YamlReader::LoadFile(file);
    if (!doc.ok()) return doc.status();
    if (auto settings = doc->OptionalChild("settings")) {
      ReadSettings(*settings, out.triage, pinyin_table, model, linear_model);
    }
    const std::vector<std::string> origins = Origins(*doc, {});
    ReadSignals(*doc, out.triage, origins, without_origins);
    ReadModifiers(*doc, out.triage, origins, without_origins, extensions, modifier_names, file);
    ReadRouting(*doc, out.triage, routes_seen, deadlines_seen);
    ReadZones(*doc, venue_id, out.zones);
    if (auto s = doc->Finish(); !s.ok()) return s;
  }
  if (auto s = ApplyExtensions(extensions, modifier_names, out.triage); !s.ok()) return s;
  // Homophone matching needs the table; without it (package not installed) triage still runs,
  // with exact and one-character-off matching only, and the caller says so.
  if (!pinyin_table.empty() && out.triage.phrases.homophone_factor > 0) {
    auto table = PinyinTable::Load(pinyin_table);
    if (table.ok()) {
      out.triage.phrases.homophones = *std::move(table);
    } else {
      out.pinyin_table_error = table.status();
    }
  }
  if (!model.empty()) {
    out.model_path = (std::filesystem::path(dir) / model).string();
    if (model_loading == ModelLoading::kLoad) {
      auto loaded = NgramModel::LoadFile(out.model_path);
      if (!loaded.ok()) return loaded.status();
      out.triage.model = std::make_shared<const NgramModel>(*std::move(loaded));
    }
  }
  if (!linear_model.empty()) {
    if (model.empty()) {
      return absl::InvalidArgumentError("settings.linear_model: needs settings.ngram_model too");
    }
    out.linear_model_path = (std::filesystem::path(dir) / linear_model).string();
    if (model_loading == ModelLoading::kLoad) {
      auto loaded = LinearModel::LoadFile(out.linear_model_path);
      if (!loaded.ok()) return loaded.status();
      out.triage.linear_model = std::make_shared<const LinearModel>(*std::move(loaded));
    }
  }
  return out;
}

}  // namespace cs::appeals
