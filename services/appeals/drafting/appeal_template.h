// Appeal templates: plain strings with {placeholders} and [optional parts], parsed and validated
// once (the lead loads the strings from YAML), then rendered per case. An optional part is left
// out when one of its placeholders is empty, or when the headline must shrink to fit 140.
//
// Example:
// "【寻找走失儿童家长】[{time}，]在{place}发现一名{sex}[，脚穿{shoes}]。请速联系{hotline}。"
//
// Thread-safety: an AppealTemplate is immutable after Parse(); Render() is safe from any thread.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace cs::appeals {

// Every placeholder a template may use.
inline constexpr std::string_view kPlaceholders[] = {
    "time",   "place",  "venue", "sex",      "age",       "height",         "top",
    "bottom", "hat",    "shoes", "features", "where_now", "last_seen_time", "last_seen_place",
    "child",  "hotline", "last_seen_note", "clothing", "appearance", "possessive", "object"};

// Placeholders the drafter writes from others at every fitting step (clothing_phrase.h), so
// dropping a garment to fit shortens the phrase instead of losing its connective:
//  {clothing}    "wearing a red jacket and white shoes" / "上穿红色外套，脚穿白色鞋子"
//  {appearance}  {height} and {clothing} as one sentence: "He is about 105 cm tall and is
//                wearing ..." / "身高约105厘米，上穿..."
inline constexpr std::string_view kClothingSources[] = {"top", "bottom", "hat", "shoes"};
inline constexpr std::string_view kAppearanceSources[] = {"height", "top", "bottom", "hat",
                                                          "shoes"};
struct DerivedPlaceholder {
  std::string_view name;
  std::span<const std::string_view> sources;
};
inline constexpr DerivedPlaceholder kDerivedPlaceholders[] = {
    {"clothing", kClothingSources}, {"appearance", kAppearanceSources}};

// When a headline is too long, optional parts holding these placeholders are dropped in this
// order (distinguishing features first, the shoes late: shoes are harder to change than clothes).
// The hotline may not sit in an optional part, and the call to act is literal text, so neither
// can ever be dropped.
inline constexpr std::string_view kDropOrder[] = {
    "features", "last_seen_note", "venue", "hat", "child", "bottom",
    "top",      "age",   "time",      "last_seen_time", "height",
    "sex",      "shoes", "where_now", "place",          "last_seen_place"};

// A placeholder -> value map; missing keys render as "".
using TemplateValues = std::map<std::string, std::string, std::less<>>;

// The hotline used to check that a template can always fit: 20 ASCII characters.
inline constexpr std::string_view kWorstCaseHotline = "+86 (0571) 8888-8888";

class AppealTemplate {
 public:
  // `field` names the template in errors ("templates.zh.found_headline"). Errors
  // (InvalidArgument): unbalanced { } or [ ], nested [ ], an unknown placeholder, no {hotline}
  // or {hotline} inside an optional part, or a template that exceeds `limit` by Weibo's count
  // even with every placeholder empty and every optional part dropped.
  static absl::StatusOr<AppealTemplate> Parse(std::string_view field, std::string_view text,
                                              int64_t limit);

  // Renders with `values`, leaving out optional parts that hold a dropped or empty placeholder.
  std::string Render(const TemplateValues& values,
                     const std::set<std::string, std::less<>>& dropped) const;

  // Placeholders that sit inside optional parts (the ones dropping can remove).
  const std::set<std::string, std::less<>>& optional_placeholders() const { return optional_; }

 private:
  struct Piece {
    bool placeholder = false;
    std::string text;  // literal text, or the placeholder's name
    int segment = -1;  // index of the optional part holding it, -1 when always rendered
  };
  std::vector<Piece> pieces_;
  int segments_ = 0;
  std::set<std::string, std::less<>> optional_;
};

// One language's six templates.
struct AppealTemplateTexts {
  std::string found_headline, found_long;
  std::string missing_headline, missing_long;
  std::string followup_headline, followup_long;
};

// Simplified Chinese and English; the Traditional version is converted from Simplified.
struct AppealTemplateSet {
  AppealTemplateTexts zh;
  AppealTemplateTexts en;
};

// The house-style defaults (police form; see DESIGN.md "Appeal rules").
const AppealTemplateSet& DefaultAppealTemplates();

}  // namespace cs::appeals
