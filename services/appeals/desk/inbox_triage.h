// Triage for the press-desk inbox: suggest a category by scoring the desk's phrase rules
// (PhraseScorer: Chinese in either script, Cantonese, English, pinyin, with negation, jokes,
// quotes and past events handled), life safety above everything, and route to a department
// through a configurable table, with a response deadline per department.
// Thread-safety: TriageRules is immutable after construction; safe to share between threads.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/clock.h"
#include "services/appeals/desk/linear_model.h"
#include "services/appeals/desk/ngram_model.h"
#include "services/appeals/desk/phrase_scorer.h"

namespace cs::appeals {

// Values are stored in Redis records: append only.
enum class Category { kConsultation, kHelpRequest, kComplaint, kTip, kReport, kLifeSafety };
// Chinese label, as the desk reads it: 咨询, 求助, 投诉, 线索, 举报, 生命安全.
const char* CategoryLabel(Category category);
const char* CategoryName(Category category);  // "consultation", "help_request", ...
// The inverse of CategoryName; nullopt for an unknown name.
std::optional<Category> CategoryFromName(std::string_view name);

// A route: the first rule whose keyword occurs in the text wins; otherwise the first rule for
// the category without a keyword; otherwise default_department.
struct RouteRule {
  Category category;
  std::string keyword;  // empty: any message of this category
  std::string department;
};

struct DepartmentDeadline {
  std::string department;
  Duration respond_within;
};

struct TriageConfig {
  // Signals name their category by CategoryName ("life_safety", "tip", ...).
  PhraseRules phrases;
  // Life safety wins whenever its score reaches this, whatever else the message says.
  double life_safety_threshold = 1.0;
  // Otherwise the best-scoring category at or above this; below it, consultation.
  double category_threshold = 0.3;
  std::vector<RouteRule> routes;
  std::vector<DepartmentDeadline> deadlines;
  std::string default_department = "press_office";
  Duration default_deadline = std::chrono::hours(24);

  // The statistical second opinion (ngram_model.h); null: the rules alone decide. Recall first:
  // life safety when the rules say so, or when the model's life-safety posterior reaches
  // model_life_safety_threshold, unless the rules vetoed it: their hard negatives
  // (model_veto_modifiers: "不是想自杀", "哈哈开玩笑", a past event, a quotation) took at least
  // model_veto of life-safety weight off the message (negative life-safety signals, a toy or an
  // animal, count as removed weight too). Other categories: the rules', unless no category
  // scored rules_sure_score; then the model's most probable one other than life safety.
  std::shared_ptr<const NgramModel> model;
  // A discriminative model over the same features and classes (linear_model.h), its calibrated
  // posteriors averaged with the naive Bayes ones: (1 - w) * naive Bayes + w * linear, w =
  // linear_model_weight (0: naive Bayes alone, 1: the linear model alone). Null: naive Bayes
  // alone. Every threshold below reads the averaged posterior.
  std::shared_ptr<const LinearModel> linear_model;
  double linear_model_weight = 0.5;
  double model_life_safety_threshold = 0.5;
  double model_veto = 0.5;
  std::vector<std::string> model_veto_modifiers = {"negation", "joke", "past", "quote"};
  // The veto holds only while the model's life-safety posterior is below this. The model was
  // trained on the hard negatives too (negated intent, jokes, past events), so when it is
  // near-certain of a threat despite a denial cue the denial is usually the writer's own, around
  // a concrete sign ("开玩笑的啦 我就吃了十几片安眠药 现在看东西有重影", "我不是想自杀……药都摆在
  // 桌上了，数过了"), which the labelling rules file as life safety. Leaving one of
  // seven authors out, of the model alarms at >= 0.97 that the veto blocked, 6 were threats and
  // 1 was not. The default (2) is above any posterior: the veto always holds.
  double model_veto_holds_below = 2.0;
  double rules_sure_score = 1.0;
  // The model picks a category only when it is this sure of it (its posterior, life safety
  // left out); below, the rules' own (weak) decision stands, consultation when they found
  // nothing: a greeting the model has no evidence for goes to the general queue, not to help.
  // 0: the model always picks.
  double model_abstain_below = 0.0;
  // The model may dismiss the rules' own life-safety alarm, but only a weak one: when the
  // rules' life-safety score is below model_dismiss_up_to_score and the model's life-safety
  // posterior is below model_dismiss_below (it sees no trace of a threat), the message goes
  // where it would go without the alarm. Hyperbole and animals the rules have no mask for yet
  // ("心脏骤停！北极熊朝我挥手") are the usual case. 0: never.
  double model_dismiss_below = 0.0;
  double model_dismiss_up_to_score = 0.0;
  // The rules may overrule the model's life-safety alarm, but only when they found no trace of
  // a threat (life-safety score below model_overruled_below_life_score) and are sure of
  // another category (a score of model_overruled_by_category_score or more: a fake-ticket
  // report, a complaint about the queue). Leaving one set out, most of the model's alarms on
  // such messages were false and most of its true alarms had no other category at all.
  // The default (99) never overrules.
  double model_overruled_by_category_score = 99;
  double model_overruled_below_life_score = 0.0;
  // Half a sign from each, recall first: life safety when the rules found a trace of a threat
  // (a life-safety score of model_partial_rule_score or more, under the threshold) and the
  // model's life-safety posterior reaches model_partial_posterior, below its own threshold,
  // unless the rules vetoed it (model_veto). A new author's threat is often one concept the
  // rules know ("a child" and a hazard they lack) in wording the model half recognises; leaving
  // one author out (rules and model), neither alone found those. The default (99) never fires.
  double model_partial_rule_score = 99;
  double model_partial_posterior = 1.0;
  // For a message mostly in Latin letters (TriageScores::latin_share at least latin_script_share:
  // English, pinyin), the posterior half a sign needs instead: leaving one author out, Latin-
  // script messages were 16 % of the messages and 47 % of the false alarms. Negative: the same.
  double model_partial_posterior_latin = -1;
  double latin_script_share = 0.5;

  // A minimal table for when no rules file is configured: one keyword signal per category and
  // routes for the ocean park: life safety -> command centre (1 min), help -> security (30 min),
  // tips -> lost-child centre (30 min), reports -> security (30 min), complaints and
  // consultations -> guest services (24 h). Production reads config/triage/*.yaml.
  static TriageConfig Default();
};

struct Triage {
  Category category = Category::kConsultation;
  std::string department;
  Duration respond_within{};
  std::vector<std::string> matched_keywords;  // why, for the dashboard
  double life_safety_score = 0;               // what the life-safety rules summed to
  TriageScores scores;                        // all of it, when the category was suggested
  double model_life_safety = -1;  // the model's life-safety posterior; -1 without a model
};

// (1 - weight) * naive_bayes + weight * linear, class by class (TriageConfig::linear_model):
// the service and the trainer blend the same way. `linear` empty: naive_bayes.
std::vector<double> BlendPosteriors(const std::vector<double>& naive_bayes,
                                    const std::vector<double>& linear, double weight);

// The combination rule of TriageConfig::model, given what the rules decided (`by_rules`), their
// scores and the model's posteriors (config.model's class order). Exposed so cross-set
// evaluation can try many settings on scores computed once.
// Life-safety weight the rules' hard negatives took off `scores` (model_veto_modifiers, and
// negative life-safety signals): what TriageConfig::model_veto is compared with.
double LifeSafetyVetoWeight(const TriageConfig& config, const TriageScores& scores);

Category CombineWithModel(const TriageConfig& config, Category by_rules, const TriageScores& scores,
                          const std::vector<double>& posteriors);

class TriageRules {
 public:
  // InvalidArgument naming the field if the table is inconsistent (bad phrase rules, a signal
  // of an unknown category, empty department, non-positive deadline or threshold).
  // `fold` maps Traditional to Simplified before matching (OpenCC t2s); may be null.
  static absl::StatusOr<TriageRules> Create(TriageConfig config, ScriptFolder fold = nullptr);

  // Life safety when its score reaches life_safety_threshold (or the model says so, see
  // TriageConfig::model). Otherwise the category with the
  // highest score at or above category_threshold; ties go to the most urgent (help > report >
  // tip > complaint > consultation): a missed help request costs more than a misfiled question.
  // Nothing above the threshold: consultation. `matched` gets the phrases that counted.
  Category SuggestCategory(std::string_view text,
                           std::vector<std::string>* matched = nullptr) const;
  // The scores behind SuggestCategory, for the evaluator and the dashboard's "why".
  TriageScores Explain(std::string_view text) const { return scorer_.Score(text); }
  // What the rules alone decide, from their scores (TriageConfig::model ignored).
  Category RulesDecide(const TriageScores& scores) const;
  // The model's posteriors for `text`; empty without a model.
  std::vector<double> ModelPosteriors(std::string_view text) const;
  Triage Route(std::string_view text, std::optional<Category> category = std::nullopt) const;
  Duration DeadlineFor(std::string_view department) const;

 private:
  TriageRules(TriageConfig config, PhraseScorer scorer, ScriptFolder fold)
      : config_(std::move(config)), scorer_(std::move(scorer)), fold_(std::move(fold)) {}
  Category Decide(std::string_view text, const TriageScores& scores,
                  double* model_life_safety = nullptr) const;
  TriageConfig config_;
  PhraseScorer scorer_;
  ScriptFolder fold_;
};

}  // namespace cs::appeals
