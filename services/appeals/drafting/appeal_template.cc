#include "services/appeals/drafting/appeal_template.h"

#include <algorithm>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "services/appeals/drafting/weibo_length.h"

namespace cs::appeals {
namespace {

bool IsKnown(std::string_view name) {
  return std::find(std::begin(kPlaceholders), std::end(kPlaceholders), name) !=
         std::end(kPlaceholders);
}

}  // namespace

absl::StatusOr<AppealTemplate> AppealTemplate::Parse(std::string_view field, std::string_view text,
                                                     int64_t limit) {
  AppealTemplate t;
  int segment = -1;
  bool hotline = false;
  std::string literal;
  auto flush = [&] {
    if (!literal.empty()) t.pieces_.push_back({false, literal, segment});
    literal.clear();
  };
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '{') {
      const size_t close = text.find('}', i + 1);
      if (close == std::string_view::npos) {
        return absl::InvalidArgumentError(
            absl::StrCat(std::string(field), ": '{' at byte ", i, " is not closed"));
      }
      const std::string_view name = text.substr(i + 1, close - i - 1);
      if (!IsKnown(name)) {
        return absl::InvalidArgumentError(
            absl::StrCat(std::string(field), ": unknown placeholder {", std::string(name), "}"));
      }
      if (name == "hotline") {
        if (segment >= 0) {
          return absl::InvalidArgumentError(absl::StrCat(
              std::string(field), ": {hotline} may not sit inside an optional [part]"));
        }
        hotline = true;
      }
      flush();
      t.pieces_.push_back({true, std::string(name), segment});
      if (segment >= 0) t.optional_.insert(std::string(name));
      i = close;
    } else if (c == '}') {
      return absl::InvalidArgumentError(
          absl::StrCat(std::string(field), ": '}' at byte ", i, " has no '{'"));
    } else if (c == '[') {
      if (segment >= 0) {
        return absl::InvalidArgumentError(absl::StrCat(
            std::string(field), ": optional parts may not nest ('[' at byte ", i, ")"));
      }
      flush();
      segment = t.segments_++;
    } else if (c == ']') {
      if (segment < 0) {
        return absl::InvalidArgumentError(
            absl::StrCat(std::string(field), ": ']' at byte ", i, " has no '['"));
      }
      flush();
      segment = -1;
    } else {
      literal.push_back(c);
    }
  }
  if (segment >= 0)
    return absl::InvalidArgumentError(absl::StrCat(std::string(field), ": '[' is not closed"));
  flush();
  if (!hotline) {
    return absl::InvalidArgumentError(
        absl::StrCat(std::string(field), ": the required {hotline} is missing"));
  }
  std::set<std::string, std::less<>> all(std::begin(kPlaceholders), std::end(kPlaceholders));
  const std::string minimal = t.Render({{"hotline", std::string(kWorstCaseHotline)}}, all);
  if (const int64_t len = WeiboLength(minimal); len > limit) {
    return absl::InvalidArgumentError(absl::StrCat(std::string(field), ": counts ", len,
                                                   " with every field empty, over the limit of ",
                                                   limit));
  }
  return t;
}

std::string AppealTemplate::Render(const TemplateValues& values,
                                   const std::set<std::string, std::less<>>& dropped) const {
  std::vector<bool> off(static_cast<size_t>(segments_), false);
  for (const Piece& p : pieces_) {
    if (!p.placeholder || p.segment < 0) continue;
    const auto it = values.find(p.text);
    if (it == values.end() || it->second.empty() || dropped.contains(p.text)) {
      off[static_cast<size_t>(p.segment)] = true;
    }
  }
  std::string out;
  for (const Piece& p : pieces_) {
    if (p.segment >= 0 && off[static_cast<size_t>(p.segment)]) continue;
    if (!p.placeholder) {
      out += p.text;
    } else if (const auto it = values.find(p.text); it != values.end()) {
      out += it->second;
    }
  }
  return out;
}

const AppealTemplateSet& DefaultAppealTemplates() {
  static const AppealTemplateSet* const kSet = new AppealTemplateSet{
      .zh =
          {
              .found_headline =
                  "【寻找走失儿童家长】[{time}，]在[{venue}]{place}发现一名[约{age}岁的]{sex}"
                  "[（{child}）][，身高约{height}厘米][，{clothing}][，{features}]。"
                  "[孩子现在在{where_now}。]"
                  "请孩子家长或知情者速与警方联系，电话{hotline}。",
              .found_long =
                  "【寻找走失儿童家长】[{time}，]民警在[{venue}]{place}发现一名[约{age}岁的]"
                  "{sex}[（{child}）]，与家人走散。孩子[{appearance}，]目前情绪稳定。"
                  "[其他特征：{features}。][孩子现在在{where_now}，安全，请家长放心。]"
                  "请孩子的家长或知情者看到后速与警方联系，电话{hotline}。"
                  "请勿拨打其他号码，感谢大家的关注和转发！",
              .missing_headline =
                  "【寻人启事】[{last_seen_time}，]一名[约{age}岁的]{sex}[（{child}）]在[{venue}]"
                  "{last_seen_place}与家人走失[，身高约{height}厘米][，{clothing}][，{features}]。"
                  "如您看到，请就近告知工作人员或拨打{hotline}。",
              .missing_long =
                  "【寻人启事】[{last_seen_time}，]一名[约{age}岁的]{sex}[（{child}）]在[{venue}]"
                  "{last_seen_place}与家人走失。[{last_seen_note}。][孩子{appearance}。]"
                  "[其他特征：{features}。]请大家留意身边的孩子。如您看到这名孩子，请留在孩子身边，"
                  "并就近告知园区工作人员或拨打{hotline}。感谢大家的关注和转发！",
              .followup_headline = "【已找到】[{time}]在[{venue}]{place}的{sex}已与家人团聚。"
                                   "已找到，感谢转发，请删除转发。咨询电话{hotline}。",
              .followup_long =
                  "【已找到】此前发布的[{venue}]{place}{sex}[（{child}）]的消息：孩子已与家人团聚。"
                  "已找到，感谢转发，请删除转发，以免信息继续扩散。"
                  "感谢每一位关注和帮助的朋友！咨询电话{hotline}。",
          },
      .en =
          {
              .found_headline =
                  "Found child: [at {time}, ]a {sex}[ aged about {age}][ ({child})] was found at "
                  "{place}[, {venue}][, about {height} cm tall][, {clothing}][; {features}]."
                  "[ Now at {where_now}.] "
                  "Parents, please call the police on {hotline}.",
              .found_long =
                  "FOUND CHILD, parents wanted. [At {time}, ]police found a {sex}"
                  "[ aged about {age}][ ({child})] alone at {place}[, {venue}]."
                  "[ {appearance}.][ Other features: {features}.]"
                  "[ The child is safe and is now at {where_now}.] Parents or anyone who knows "
                  "the child, please call the police on {hotline}. Please call no other number. "
                  "Thank you for sharing.",
              .missing_headline =
                  "Missing child: [at {last_seen_time}, ]a {sex}[ aged about {age}][ ({child})]"
                  " went missing at {last_seen_place}[, {venue}][, about {height} cm tall]"
                  "[, {clothing}][; {features}]."
                  " Seen the child? Tell any staff member or call {hotline}.",
              .missing_long =
                  "MISSING CHILD: [At {last_seen_time}, ]a {sex}[ aged about {age}][ ({child})]"
                  " was separated from {possessive} family at {last_seen_place}[, {venue}]."
                  "[ {last_seen_note}.][ {appearance}.][ Other features: {features}.]"
                  " If you see the child, please stay with {object} and tell any staff member"
                  " or call {hotline}. "
                  "Thank you for sharing.",
              .followup_headline =
                  "FOUND: The {sex} at {place}[, {venue}][ ({time})] is back with the family. "
                  "Thank you for sharing; please delete your reposts. Enquiries: {hotline}.",
              .followup_long =
                  "FOUND: Update on our appeal about a {sex}[ ({child})] at {place}[, {venue}]:"
                  " the child is back with the family. Thank you for sharing; please delete your "
                  "reposts so the appeal stops spreading. Enquiries: {hotline}.",
          },
  };
  return *kSet;
}

}  // namespace cs::appeals
