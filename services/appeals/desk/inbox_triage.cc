#include "services/appeals/desk/inbox_triage.h"

#include <array>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "services/appeals/desk/utf8.h"

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
  }
  return "unknown";
}

TriageConfig TriageConfig::Default() {
  using std::chrono::hours;
  using std::chrono::minutes;
  TriageConfig c;
  c.category_rules = {
      {Category::kHelpRequest,
       {"求助", "救命", "走失", "找不到孩子", "孩子不见", "丢了", "急", "受伤", "晕倒", "help",
        "lost my", "missing", "urgent", "emergency", "injured"}},
      {Category::kReport,
       {"举报", "黄牛", "偷", "打架", "可疑", "危险", "report", "scalper", "theft", "stolen",
        "fight", "suspicious"}},
      {Category::kTip,
       {"线索", "看到", "看见", "发现", "好像是", "疑似", "saw", "spotted", "seen", "i think i"}},
      {Category::kComplaint,
       {"投诉", "太差", "排队太久", "不满", "退票", "退款", "态度", "complain", "complaint",
        "refund", "rude", "terrible"}},
      {Category::kConsultation,
       {"咨询", "请问", "几点", "开放", "门票", "怎么", "在哪", "?", "？", "when", "where", "how",
        "ticket", "open"}},
  };
  c.routes = {
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
      {"security", minutes(30)},     {"lost_child_centre", minutes(30)}, {"ticketing", hours(24)},
      {"guest_services", hours(24)}, {"press_office", hours(4)},
  };
  return c;
}

absl::StatusOr<TriageRules> TriageRules::Create(TriageConfig config) {
  for (size_t i = 0; i < config.category_rules.size(); ++i) {
    for (size_t k = 0; k < config.category_rules[i].keywords.size(); ++k) {
      std::string& kw = config.category_rules[i].keywords[k];
      if (kw.empty()) {
        return absl::InvalidArgumentError(
            absl::StrCat("category_rules[", i, "].keywords[", k, "]: must not be empty"));
      }
      kw = absl::AsciiStrToLower(kw);
    }
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
  return TriageRules(std::move(config));
}

Category TriageRules::SuggestCategory(std::string_view text,
                                      std::vector<std::string>* matched) const {
  const std::string lower = absl::AsciiStrToLower(Av(text));
  std::array<int, 5> hits{};
  std::vector<std::string> why;
  for (const auto& rule : config_.category_rules) {
    for (const auto& kw : rule.keywords) {
      if (lower.find(kw) != std::string::npos) {
        ++hits[static_cast<size_t>(rule.category)];
        why.push_back(kw);
      }
    }
  }
  Category best = Category::kConsultation;
  int best_hits = 0;
  for (Category c : kUrgency) {  // strict '>' keeps the more urgent on ties
    if (hits[static_cast<size_t>(c)] > best_hits) {
      best = c;
      best_hits = hits[static_cast<size_t>(c)];
    }
  }
  if (matched != nullptr) *matched = std::move(why);
  return best;
}

Duration TriageRules::DeadlineFor(std::string_view department) const {
  for (const auto& d : config_.deadlines) {
    if (d.department == department) return d.respond_within;
  }
  return config_.default_deadline;
}

Triage TriageRules::Route(std::string_view text, std::optional<Category> category) const {
  Triage t;
  t.category = category ? *category : SuggestCategory(text, &t.matched_keywords);
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
