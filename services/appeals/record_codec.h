// Serialises the desk's plain records (appeals, inbox messages, answers) to opaque strings for
// Redis and back. A small length-prefixed text format of our own, so the stores need neither
// protobuf nor JSON, and a record from a newer writer (unknown magic) is refused, not misread.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "services/appeals/desk/answer_library.h"
#include "services/appeals/desk/answer_proposals.h"
#include "services/appeals/desk/appeal.h"
#include "services/appeals/desk/inbox_store.h"

namespace cs::appeals {

// The revision is not part of the blob: the stores keep it beside the blob for compare-and-set.
std::string EncodeAppeal(const Appeal& appeal);
absl::StatusOr<Appeal> DecodeAppeal(std::string_view blob);

std::string EncodeMessage(const InboxMessage& message);
absl::StatusOr<InboxMessage> DecodeMessage(std::string_view blob);

std::string EncodeAnswer(const AnswerEntry& entry);
absl::StatusOr<AnswerEntry> DecodeAnswer(std::string_view blob);

std::string EncodeAnswerAudit(const AnswerAudit& audit);
absl::StatusOr<AnswerAudit> DecodeAnswerAudit(std::string_view blob);

std::string EncodeAnswerProposal(const AnswerProposal& proposal);
absl::StatusOr<AnswerProposal> DecodeAnswerProposal(std::string_view blob);

}  // namespace cs::appeals
