#include "services/appeals/desk/appeal.h"

namespace cs::appeals {

const char* AppealStateName(AppealState state) {
  switch (state) {
    case AppealState::kDraft:
      return "DRAFT";
    case AppealState::kInReview:
      return "IN_REVIEW";
    case AppealState::kApproved:
      return "APPROVED";
    case AppealState::kPublished:
      return "PUBLISHED";
    case AppealState::kUpdated:
      return "UPDATED";
    case AppealState::kRetracted:
      return "RETRACTED";
    case AppealState::kRejected:
      return "REJECTED";
    case AppealState::kExpired:
      return "EXPIRED";
  }
  return "UNKNOWN";
}

const char* RoleName(Role role) {
  switch (role) {
    case Role::kDrafter:
      return "drafter";
    case Role::kPressOfficer:
      return "press_officer";
    case Role::kSystem:
      return "system";
  }
  return "unknown";
}

std::string CanonicalText(const AppealTexts& texts) {
  std::string out;
  auto add = [&out](std::string_view tag, const LanguageText& t) {
    out += tag;
    out += '\x1f';
    out += t.headline;
    out += '\x1f';
    out += t.long_text;
    out += '\x1e';
  };
  add("zh-Hans", texts.zh_hans);
  add("zh-Hant", texts.zh_hant);
  add("en", texts.en);
  return out;
}

}  // namespace cs::appeals
