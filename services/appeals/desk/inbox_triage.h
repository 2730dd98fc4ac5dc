// Triage for the press-desk inbox: suggest a category from keywords (Chinese and English) and
// route to a department through a configurable table, with a response deadline per department.
// Thread-safety: TriageRules is immutable after construction; safe to share between threads.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/clock.h"

namespace cs::appeals {

enum class Category { kConsultation, kHelpRequest, kComplaint, kTip, kReport };
// Chinese label, as the desk reads it: 咨询, 求助, 投诉, 线索, 举报.
const char* CategoryLabel(Category category);
const char* CategoryName(Category category);  // "consultation", "help_request", ...

struct CategoryRule {
  Category category;
  std::vector<std::string> keywords;  // matched as lower-cased substrings
};

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
  std::vector<CategoryRule> category_rules;
  std::vector<RouteRule> routes;
  std::vector<DepartmentDeadline> deadlines;
  std::string default_department = "press_office";
  Duration default_deadline = std::chrono::hours(24);

  // A sensible table for the ocean park: help -> security (30 min), tips -> lost-child centre
  // (30 min), reports -> security (2 h), complaints -> guest services (24 h), consultations ->
  // guest services (4 h).
  static TriageConfig Default();
};

struct Triage {
  Category category = Category::kConsultation;
  std::string department;
  Duration respond_within{};
  std::vector<std::string> matched_keywords;  // why, for the dashboard
};

class TriageRules {
 public:
  // InvalidArgument naming the field if the table is inconsistent (empty department, keyword,
  // non-positive deadline, a route to a department with no deadline and no default).
  static absl::StatusOr<TriageRules> Create(TriageConfig config);

  // Scores each category by the number of its keywords found. Ties go to the most urgent
  // category (help > report > tip > complaint > consultation): a missed help request costs
  // more than a misfiled question. No keyword at all: consultation.
  Category SuggestCategory(std::string_view text,
                           std::vector<std::string>* matched = nullptr) const;
  Triage Route(std::string_view text, std::optional<Category> category = std::nullopt) const;
  Duration DeadlineFor(std::string_view department) const;

 private:
  explicit TriageRules(TriageConfig config) : config_(std::move(config)) {}
  TriageConfig config_;
};

}  // namespace cs::appeals
