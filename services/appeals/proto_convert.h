// Conversions between the desk core's plain structs and crowdsafe.v1 messages, and the request
// checks every RPC shares (actor, ids, paging). Errors name the proto field.
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "common/clock.h"
#include "crowdsafe/v1/appeals.pb.h"
#include "services/appeals/desk/appeal.h"
#include "services/appeals/desk/inbox_store.h"
#include "services/appeals/desk/inbox_triage.h"

namespace cs::appeals {

// Thin names over common/grpc/time_convert.h (millisecond precision).
TimePoint FromProto(const google::protobuf::Timestamp& t);
void ToProto(TimePoint t, google::protobuf::Timestamp* out);

// actor.user_id required (1..64 bytes) and actor.role set. PRESS -> press officer, SYSTEM ->
// system, any other role -> drafter (may draft and edit, never approve).
absl::StatusOr<Actor> ActorFromProto(const crowdsafe::v1::Actor& actor);
crowdsafe::v1::Role RoleToProto(Role role);
// Only the press office and the desk may see an inbox sender's handle.
bool MaySeeRestricted(const crowdsafe::v1::Actor& actor);

// Ids: 1..128 bytes, no control characters. `field` names the field in the error.
absl::Status CheckId(std::string_view id, std::string_view field);
// "characters" in the contract are code points (cs::CodePointCount).
absl::Status CheckChars(std::string_view text, size_t max, std::string_view field);

crowdsafe::v1::AppealState StateToProto(AppealState s);
absl::StatusOr<AppealState> StateFromProto(crowdsafe::v1::AppealState s, std::string_view field);
crowdsafe::v1::AppealKind KindToProto(AppealKind k);

crowdsafe::v1::MessageState MessageStateToProto(MessageState s);
crowdsafe::v1::ReplyDelivery ReplyDeliveryToProto(ReplyDelivery d);
absl::StatusOr<MessageState> MessageStateFromProto(crowdsafe::v1::MessageState s,
                                                   std::string_view field);
crowdsafe::v1::MessageCategory CategoryToProto(Category c);
absl::StatusOr<Category> CategoryFromProto(crowdsafe::v1::MessageCategory c,
                                           std::string_view field);

// Language tags of the contract: "zh-Hans", "zh-Hant", "en". Null for anything else.
LanguageText* TextFor(AppealTexts& texts, std::string_view language);
const LanguageText* TextFor(const AppealTexts& texts, std::string_view language);

// Paging: offset tokens. page_size 0 -> 50; 1..500 allowed.
struct Page {
  size_t offset = 0;
  size_t size = 50;
};
absl::StatusOr<Page> PageFromProto(const crowdsafe::v1::PageRequest& page);
// The token for the page after [offset, offset + size) of `total` items; empty on the last.
std::string NextPageToken(const Page& page, size_t total);

}  // namespace cs::appeals
