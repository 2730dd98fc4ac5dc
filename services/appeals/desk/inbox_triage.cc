#include "services/appeals/desk/inbox_triage.h"

#include <algorithm>
#include <array>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/text/utf8.h"
#include "services/appeals/desk/absl_view.h"

namespace cs::appeals {
namespace {

// Urgency order used to break ties (index 0 most urgent).
constexpr std::array<Category, 5> kUrgency = {Category::kHelpRequest, Category::kReport,
                                              Category::kTip, Category::kComplaint,
                                              Category::kConsultation};

}  // namespace

const char* CategoryLabel(Category category) {
  switch (category) {
    case Category::kConsultation:
      return "咨询";
    case Category::kHelpRequest:
      return "求助";
    case Category::kComplaint:
      return "投诉";
    case Category::kTip:
      return "线索";
    case Category::kReport:
      return "举报";
    case Category::kLifeSafety:
      return "生命安全";
  }
  return "?";
}

const char* CategoryName(Category category) {
  switch (category) {
    case Category::kConsultation:
      return "consultation";
    case Category::kHelpRequest:
      return "help_request";
    case Category::kComplaint:
      return "complaint";
    case Category::kTip:
      return "tip";
    case Category::kReport:
      return "report";
    case Category::kLifeSafety:
      return "life_safety";
  }
  return "unknown";
}

std::optional<Category> CategoryFromName(std::string_view name) {
  for (Category c : {Category::kConsultation, Category::kHelpRequest, Category::kComplaint,
                     Category::kTip, Category::kReport, Category::kLifeSafety}) {
    if (name == CategoryName(c)) return c;
  }
  return std::nullopt;
}

TriageConfig TriageConfig::Default() {
  using std::chrono::hours;
  using std::chrono::minutes;
  TriageConfig c;
  c.phrases.signals = {
      MakeSignal(
          "life_safety_minimal", "life_safety", 1.0,
          {"自杀", "轻生", "割腕", "跳楼", "踩踏", "不省人事", "没有呼吸", "心肺复苏", "动刀",
           "suicide", "kill myself", "not breathing", "unconscious", "crush", "stabbed"}),
      MakeSignal("help_keywords", "help_request", 1.0,
                 {"求助", "救命", "走失", "找不到孩子", "孩子不见", "丢了", "急", "受伤", "晕倒",
                  "help", "lost my", "missing", "urgent", "emergency", "injured"}),
      MakeSignal("report_keywords", "report", 1.0,
                 {"举报", "黄牛", "偷", "打架", "可疑", "危险", "report", "scalper", "theft",
                  "stolen", "fight", "suspicious"}),
      MakeSignal("tip_keywords", "tip", 1.0,
                 {"线索", "看到", "看见", "发现", "好像是", "疑似", "saw", "spotted", "seen",
                  "i think i"}),
      MakeSignal("complaint_keywords", "complaint", 1.0,
                 {"投诉", "太差", "排队太久", "不满", "退票", "退款", "态度", "complain",
                  "complaint", "refund", "rude", "terrible"}),
      MakeSignal("consultation_keywords", "consultation", 1.0,
                 {"咨询", "请问", "几点", "开放", "门票", "怎么", "在哪", "?", "？", "when",
                  "where", "how", "ticket", "open"}),
  };
  c.phrases.modifiers = {
      {"negation",
       {"不是", "没有", "并没", "不会", "not ", "dont", "never"},
       TriageModifier::Scope::kBefore,
       6,
       0.0,
       {},
       false,
       {},
       {}},
  };
  c.routes = {
      {Category::kLifeSafety, "", "command_centre"},
      {Category::kHelpRequest, "", "security"},
      {Category::kTip, "", "lost_child_centre"},
      {Category::kReport, "黄牛", "ticketing"},
      {Category::kReport, "scalper", "ticketing"},
      {Category::kReport, "", "security"},
      {Category::kComplaint, "退票", "ticketing"},
      {Category::kComplaint, "refund", "ticketing"},
      {Category::kComplaint, "", "guest_services"},
      {Category::kConsultation, "", "guest_services"},
  };
  c.deadlines = {
      {"command_centre", minutes(1)},     {"security", minutes(30)},
      {"lost_child_centre", minutes(30)}, {"ticketing", hours(24)},
      {"guest_services", hours(24)},      {"press_office", hours(4)},
  };
  return c;
}

absl::StatusOr<TriageRules> TriageRules::Create(TriageConfig config, ScriptFolder fold) {
  for (size_t i = 0; i < config.phrases.signals.size(); ++i) {
    if (!CategoryFromName(config.phrases.signals[i].category)) {
      return absl::InvalidArgumentError(
          absl::StrCat("signals[", i, "].category: not a message category"));
    }
  }
  if (!(config.life_safety_threshold > 0)) {
    return absl::InvalidArgumentError("life_safety_threshold: must be positive");
  }
  if (!(config.category_threshold > 0)) {
    return absl::InvalidArgumentError("category_threshold: must be positive");
  }
  for (size_t i = 0; i < config.routes.size(); ++i) {
    if (config.routes[i].department.empty()) {
      return absl::InvalidArgumentError(absl::StrCat("routes[", i, "].department: required"));
    }
    config.routes[i].keyword = absl::AsciiStrToLower(config.routes[i].keyword);
  }
  for (size_t i = 0; i < config.deadlines.size(); ++i) {
    if (config.deadlines[i].department.empty()) {
      return absl::InvalidArgumentError(absl::StrCat("deadlines[", i, "].department: required"));
    }
    if (config.deadlines[i].respond_within <= Duration::zero()) {
      return absl::InvalidArgumentError(
          absl::StrCat("deadlines[", i, "].respond_within: must be positive"));
    }
  }
  if (config.default_department.empty()) {
    return absl::InvalidArgumentError("default_department: required");
  }
  if (config.default_deadline <= Duration::zero()) {
    return absl::InvalidArgumentError("default_deadline: must be positive");
  }
  if (config.model != nullptr) {
    if (config.model->ClassIndex(CategoryName(Category::kLifeSafety)) < 0) {
      return absl::InvalidArgumentError("model: has no life_safety class");
    }
    for (const auto& name : config.model->classes()) {
      if (!CategoryFromName(name)) {
        return absl::InvalidArgumentError("model: class " + name + " is not a message category");
      }
    }
    if (config.linear_model != nullptr) {
      if (config.linear_model->classes() != config.model->classes()) {
        return absl::InvalidArgumentError("linear_model: classes differ from the model's");
      }
      if (!(config.linear_model->features() == config.model->features())) {
        return absl::InvalidArgumentError("linear_model: features differ from the model's");
      }
      if (!(config.linear_model_weight >= 0 && config.linear_model_weight <= 1)) {
        return absl::InvalidArgumentError("linear_model_weight: must be in [0, 1]");
      }
    }
    if (!(config.model_life_safety_threshold > 0 && config.model_life_safety_threshold <= 1)) {
      return absl::InvalidArgumentError("model_life_safety_threshold: must be in (0, 1]");
    }
    if (!(config.model_veto > 0)) return absl::InvalidArgumentError("model_veto: must be positive");
    if (!(config.model_veto_holds_below > 0)) {
      return absl::InvalidArgumentError("model_veto_holds_below: must be positive");
    }
    if (!(config.model_dismiss_below >= 0 && config.model_dismiss_below < 1)) {
      return absl::InvalidArgumentError("model_dismiss_below: must be in [0, 1)");
    }
    if (!(config.model_overruled_below_life_score >= 0)) {
      return absl::InvalidArgumentError("model_overruled_below_life_score: must not be negative");
    }
    if (!(config.model_partial_rule_score > 0)) {
      return absl::InvalidArgumentError("model_partial_rule_score: must be positive");
    }
    if (!(config.model_partial_posterior >= 0 && config.model_partial_posterior <= 1)) {
      return absl::InvalidArgumentError("model_partial_posterior: must be in [0, 1]");
    }
    if (!(config.model_partial_posterior_latin <= 1)) {
      return absl::InvalidArgumentError("model_partial_posterior_latin: must be at most 1");
    }
    if (!(config.latin_script_share >= 0 && config.latin_script_share <= 1)) {
      return absl::InvalidArgumentError("latin_script_share: must be in [0, 1]");
    }
    if (!(config.model_abstain_below >= 0 && config.model_abstain_below <= 1)) {
      return absl::InvalidArgumentError("model_abstain_below: must be in [0, 1]");
    }
  }
  auto scorer = PhraseScorer::Create(config.phrases, fold);
  if (!scorer.ok()) return scorer.status();
  return TriageRules(std::move(config), *std::move(scorer), std::move(fold));
}

double LifeSafetyVetoWeight(const TriageConfig& config, const TriageScores& scores) {
  const std::string life = CategoryName(Category::kLifeSafety);
  double removed = 0;
  for (const auto& e : scores.evidence) {
    if (e.category != life) continue;
    if (e.weight < 0) {  // a toy, an animal: the rules' evidence against a threat
      removed -= e.weight;
      continue;
    }
    bool hard = false;
    for (const auto& d : e.discounted) {
      for (const auto& v : config.model_veto_modifiers) hard = hard || d == v;
    }
    if (!hard) continue;
    for (const auto& s : config.phrases.signals) {
      if (s.name == e.signal) {
        removed += std::max(0.0, s.weight - e.weight);
        break;
      }
    }
  }
  return removed;
}

namespace {

// The rules' best category other than life safety (RulesDecide's choice below its threshold).
Category BestOtherCategory(const TriageConfig& config, const TriageScores& scores) {
  Category best = Category::kConsultation;
  double best_score = config.category_threshold;
  bool found = false;
  for (Category c : kUrgency) {  // strict '>' keeps the more urgent on ties
    const double score = scores.total(CategoryName(c));
    if (score > best_score || (!found && score >= best_score)) {
      best = c;
      best_score = score;
      found = true;
    }
  }
  return best;
}

}  // namespace

Category CombineWithModel(const TriageConfig& config, Category by_rules, const TriageScores& scores,
                          const std::vector<double>& p) {
  if (config.model == nullptr) return by_rules;
  const NgramModel& model = *config.model;
  const int life = model.ClassIndex(CategoryName(Category::kLifeSafety));
  if (by_rules == Category::kLifeSafety) {
    // A weak alarm (one hyperbole, an animal "not breathing") that the model finds no trace of
    // a threat in is dismissed; a strong one always stands.
    const double score = scores.total(CategoryName(Category::kLifeSafety));
    if (score >= config.model_dismiss_up_to_score || p[life] >= config.model_dismiss_below) {
      return by_rules;
    }
    by_rules = BestOtherCategory(config, scores);
  }
  double best_rule_score = 0;
  for (Category c : kUrgency) {
    best_rule_score = std::max(best_rule_score, scores.total(CategoryName(c)));
  }
  const bool rules_sure_of_another =
      best_rule_score >= config.model_overruled_by_category_score &&
      scores.total(CategoryName(Category::kLifeSafety)) < config.model_overruled_below_life_score;
  const double life_score = scores.total(CategoryName(Category::kLifeSafety));
  const bool model_alarm = p[life] >= config.model_life_safety_threshold && !rules_sure_of_another;
  const bool latin = config.model_partial_posterior_latin >= 0 &&
                     scores.latin_share >= config.latin_script_share;
  const bool both_half =
      life_score >= config.model_partial_rule_score &&
      p[life] >= (latin ? config.model_partial_posterior_latin : config.model_partial_posterior);
  const bool vetoed = LifeSafetyVetoWeight(config, scores) >= config.model_veto &&
                      p[life] < config.model_veto_holds_below;
  if ((model_alarm || both_half) && !vetoed) {
    return Category::kLifeSafety;
  }
  if (best_rule_score >= config.rules_sure_score) return by_rules;
  int best = -1;
  for (size_t c = 0; c < p.size(); ++c) {
    if (static_cast<int>(c) == life) continue;
    if (best < 0 || p[c] > p[best]) best = static_cast<int>(c);
  }
  if (best < 0 || p[best] < config.model_abstain_below) return by_rules;
  return CategoryFromName(model.classes()[best]).value_or(by_rules);
}

std::vector<double> BlendPosteriors(const std::vector<double>& naive_bayes,
                                    const std::vector<double>& linear, double weight) {
  if (linear.empty()) return naive_bayes;
  std::vector<double> p(naive_bayes.size());
  for (size_t c = 0; c < p.size(); ++c) {
    p[c] = (1 - weight) * naive_bayes[c] + weight * linear[c];
  }
  return p;
}

std::vector<double> TriageRules::ModelPosteriors(std::string_view text) const {
  if (config_.model == nullptr) return {};
  const std::vector<std::string> features =
      ModelFeatures(text, fold_, config_.model->features(), config_.phrases.homophones.get());
  if (config_.linear_model == nullptr) return config_.model->Predict(features);
  return BlendPosteriors(config_.model->Predict(features), config_.linear_model->Predict(features),
                         config_.linear_model_weight);
}

Category TriageRules::Decide(std::string_view text, const TriageScores& scores,
                             double* model_life_safety) const {
  const Category by_rules = RulesDecide(scores);
  if (model_life_safety != nullptr) *model_life_safety = -1;
  if (config_.model == nullptr) return by_rules;
  const std::vector<double> p = ModelPosteriors(text);
  if (model_life_safety != nullptr) {
    *model_life_safety = p[config_.model->ClassIndex(CategoryName(Category::kLifeSafety))];
  }
  return CombineWithModel(config_, by_rules, scores, p);
}

Category TriageRules::RulesDecide(const TriageScores& scores) const {
  if (scores.total(CategoryName(Category::kLifeSafety)) >= config_.life_safety_threshold) {
    return Category::kLifeSafety;
  }
  return BestOtherCategory(config_, scores);
}

Category TriageRules::SuggestCategory(std::string_view text,
                                      std::vector<std::string>* matched) const {
  TriageScores scores = scorer_.Score(text);
  const Category category = Decide(text, scores);
  if (matched != nullptr) {
    matched->clear();
    for (const auto& e : scores.evidence) {
      if (e.weight > 0) matched->push_back(e.phrase);
    }
  }
  return category;
}

Duration TriageRules::DeadlineFor(std::string_view department) const {
  for (const auto& d : config_.deadlines) {
    if (d.department == department) return d.respond_within;
  }
  return config_.default_deadline;
}

Triage TriageRules::Route(std::string_view text, std::optional<Category> category) const {
  Triage t;
  if (category) {
    t.category = *category;
  } else {
    TriageScores scores = scorer_.Score(text);
    t.category = Decide(text, scores, &t.model_life_safety);
    t.life_safety_score = scores.total(CategoryName(Category::kLifeSafety));
    for (const auto& e : scores.evidence) {
      if (e.weight > 0) t.matched_keywords.push_back(e.phrase);
    }
    t.scores = std::move(scores);
  }
  const std::string lower = absl::AsciiStrToLower(Av(text));
  const RouteRule* fallback = nullptr;
  const RouteRule* chosen = nullptr;
  for (const auto& r : config_.routes) {
    if (r.category != t.category) continue;
    if (r.keyword.empty()) {
      if (fallback == nullptr) fallback = &r;
    } else if (lower.find(r.keyword) != std::string::npos) {
      chosen = &r;
      break;
    }
  }
  if (chosen == nullptr) chosen = fallback;
  t.department = chosen != nullptr ? chosen->department : config_.default_department;
  t.respond_within = DeadlineFor(t.department);
  return t;
}

}  // namespace cs::appeals
