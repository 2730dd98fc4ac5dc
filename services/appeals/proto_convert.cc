#include "services/appeals/proto_convert.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/grpc/time_convert.h"
#include "common/text/utf8.h"

namespace cs::appeals {
namespace v1 = crowdsafe::v1;

namespace {
std::string F(std::string_view field) { return std::string(field); }
}  // namespace

TimePoint FromProto(const google::protobuf::Timestamp& t) { return FromProtoTime(t); }

void ToProto(TimePoint t, google::protobuf::Timestamp* out) { *out = ToProtoTime(t); }

absl::StatusOr<Actor> ActorFromProto(const v1::Actor& actor) {
  if (auto s = CheckId(actor.user_id(), "actor.user_id"); !s.ok()) return s;
  Actor out;
  out.id = actor.user_id();
  switch (actor.role()) {
    case v1::ROLE_PRESS:
      out.role = Role::kPressOfficer;
      break;
    case v1::ROLE_SYSTEM:
      out.role = Role::kSystem;
      break;
    case v1::ROLE_DESK:
    case v1::ROLE_ADMIN:
    case v1::ROLE_PATROL:
      out.role = Role::kDrafter;
      break;
    default:
      return absl::InvalidArgumentError("actor.role: required");
  }
  return out;
}

v1::Role RoleToProto(Role role) {
  switch (role) {
    case Role::kPressOfficer:
      return v1::ROLE_PRESS;
    case Role::kSystem:
      return v1::ROLE_SYSTEM;
    case Role::kDrafter:
      return v1::ROLE_DESK;
  }
  return v1::ROLE_UNSPECIFIED;
}

bool MaySeeRestricted(const v1::Actor& actor) {
  return actor.role() == v1::ROLE_PRESS || actor.role() == v1::ROLE_DESK;
}

absl::Status CheckId(std::string_view id, std::string_view field) {
  if (id.empty()) return absl::InvalidArgumentError(F(field) + ": required");
  if (id.size() > 128) return absl::InvalidArgumentError(F(field) + ": longer than 128 bytes");
  for (unsigned char c : id) {
    if (c < 0x20 || c == 0x7f) {
      return absl::InvalidArgumentError(F(field) + ": contains a control character");
    }
  }
  return absl::OkStatus();
}

absl::Status CheckChars(std::string_view text, size_t max, std::string_view field) {
  if (CodePointCount(text) > max) {
    return absl::InvalidArgumentError(absl::StrCat(F(field), ": longer than ", max, " characters"));
  }
  return absl::OkStatus();
}

v1::AppealState StateToProto(AppealState s) {
  switch (s) {
    case AppealState::kDraft:
      return v1::APPEAL_DRAFT;
    case AppealState::kInReview:
      return v1::APPEAL_IN_REVIEW;
    case AppealState::kApproved:
      return v1::APPEAL_APPROVED;
    case AppealState::kPublished:
      return v1::APPEAL_PUBLISHED;
    case AppealState::kUpdated:
      return v1::APPEAL_UPDATED;
    case AppealState::kRetracted:
      return v1::APPEAL_RETRACTED;
    case AppealState::kRejected:
      return v1::APPEAL_REJECTED;
    case AppealState::kExpired:
      return v1::APPEAL_EXPIRED;
  }
  return v1::APPEAL_STATE_UNSPECIFIED;
}

absl::StatusOr<AppealState> StateFromProto(v1::AppealState s, std::string_view field) {
  switch (s) {
    case v1::APPEAL_DRAFT:
      return AppealState::kDraft;
    case v1::APPEAL_IN_REVIEW:
      return AppealState::kInReview;
    case v1::APPEAL_APPROVED:
      return AppealState::kApproved;
    case v1::APPEAL_PUBLISHED:
      return AppealState::kPublished;
    case v1::APPEAL_UPDATED:
      return AppealState::kUpdated;
    case v1::APPEAL_RETRACTED:
      return AppealState::kRetracted;
    case v1::APPEAL_REJECTED:
      return AppealState::kRejected;
    case v1::APPEAL_EXPIRED:
      return AppealState::kExpired;
    default:
      return absl::InvalidArgumentError(F(field) + ": not an appeal state");
  }
}

v1::AppealKind KindToProto(AppealKind k) {
  switch (k) {
    case AppealKind::kFoundChild:
      return v1::APPEAL_FOUND_CHILD;
    case AppealKind::kMissingChild:
      return v1::APPEAL_MISSING_CHILD;
    case AppealKind::kFollowUp:
      return v1::APPEAL_FOLLOW_UP;
  }
  return v1::APPEAL_KIND_UNSPECIFIED;
}

v1::MessageState MessageStateToProto(MessageState s) {
  switch (s) {
    case MessageState::kReceived:
      return v1::MESSAGE_RECEIVED;
    case MessageState::kAssigned:
      return v1::MESSAGE_ROUTED;
    case MessageState::kAnswered:
      return v1::MESSAGE_ANSWERED;
    case MessageState::kClosed:
      return v1::MESSAGE_CLOSED;
  }
  return v1::MESSAGE_STATE_UNSPECIFIED;
}

v1::ReplyDelivery ReplyDeliveryToProto(ReplyDelivery d) {
  switch (d) {
    case ReplyDelivery::kNone:
      return v1::REPLY_DELIVERY_UNSPECIFIED;
    case ReplyDelivery::kQueued:
      return v1::REPLY_QUEUED;
    case ReplyDelivery::kSent:
      return v1::REPLY_SENT;
    case ReplyDelivery::kFailed:
      return v1::REPLY_FAILED;
  }
  return v1::REPLY_DELIVERY_UNSPECIFIED;
}

absl::StatusOr<MessageState> MessageStateFromProto(v1::MessageState s, std::string_view field) {
  switch (s) {
    case v1::MESSAGE_RECEIVED:
      return MessageState::kReceived;
    case v1::MESSAGE_ROUTED:
      return MessageState::kAssigned;
    case v1::MESSAGE_ANSWERED:
      return MessageState::kAnswered;
    case v1::MESSAGE_CLOSED:
      return MessageState::kClosed;
    default:
      return absl::InvalidArgumentError(F(field) + ": not a message state");
  }
}

v1::MessageCategory CategoryToProto(Category c) {
  switch (c) {
    case Category::kConsultation:
      return v1::MESSAGE_CONSULTATION;
    case Category::kHelpRequest:
      return v1::MESSAGE_HELP;
    case Category::kComplaint:
      return v1::MESSAGE_COMPLAINT;
    case Category::kTip:
      return v1::MESSAGE_TIP;
    case Category::kReport:
      return v1::MESSAGE_REPORT;
    case Category::kLifeSafety:
      return v1::MESSAGE_LIFE_SAFETY;
  }
  return v1::MESSAGE_CATEGORY_UNSPECIFIED;
}

absl::StatusOr<Category> CategoryFromProto(v1::MessageCategory c, std::string_view field) {
  switch (c) {
    case v1::MESSAGE_CONSULTATION:
      return Category::kConsultation;
    case v1::MESSAGE_HELP:
      return Category::kHelpRequest;
    case v1::MESSAGE_COMPLAINT:
      return Category::kComplaint;
    case v1::MESSAGE_TIP:
      return Category::kTip;
    case v1::MESSAGE_REPORT:
      return Category::kReport;
    case v1::MESSAGE_LIFE_SAFETY:
      return Category::kLifeSafety;
    default:
      return absl::InvalidArgumentError(F(field) + ": not a message category");
  }
}

LanguageText* TextFor(AppealTexts& texts, std::string_view language) {
  if (language == "zh-Hans") return &texts.zh_hans;
  if (language == "zh-Hant") return &texts.zh_hant;
  if (language == "en") return &texts.en;
  return nullptr;
}

const LanguageText* TextFor(const AppealTexts& texts, std::string_view language) {
  return TextFor(const_cast<AppealTexts&>(texts), language);
}

absl::StatusOr<Page> PageFromProto(const v1::PageRequest& page) {
  Page out;
  if (page.page_size() < 0 || page.page_size() > 500) {
    return absl::InvalidArgumentError("page.page_size: must be 0..500");
  }
  if (page.page_size() > 0) out.size = static_cast<size_t>(page.page_size());
  if (!page.page_token().empty()) {
    uint64_t offset = 0;
    if (!absl::SimpleAtoi(page.page_token(), &offset) || offset > (1u << 30)) {
      return absl::InvalidArgumentError("page.page_token: not a token this service issued");
    }
    out.offset = static_cast<size_t>(offset);
  }
  return out;
}

std::string NextPageToken(const Page& page, size_t total) {
  size_t next = page.offset + page.size;
  return next < total ? absl::StrCat(next) : "";
}

}  // namespace cs::appeals
