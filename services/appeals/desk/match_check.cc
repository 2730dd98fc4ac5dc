#include "services/appeals/desk/match_check.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace cs::appeals {

absl::Status CheckMatchBeforeApproval(const Appeal& appeal, const MatchCheck& match,
                                      const PublishAnyway& anyway, std::string* audit_reason) {
  audit_reason->clear();
  if (anyway.requested && anyway.reason.empty()) {
    return absl::InvalidArgumentError("reason: required with publish_anyway");
  }
  if (appeal.kind != AppealKind::kMissingChild || match.result == MatchCheck::Result::kClear) {
    return absl::OkStatus();
  }
  if (!anyway.requested) {
    if (match.result == MatchCheck::Result::kUnchecked) {
      return absl::FailedPreconditionError(
          "publish_anyway: case-service could not say whether the case has a strong match "
          "candidate; approve with publish_anyway and a reason, or retry");
    }
    return absl::FailedPreconditionError(absl::StrFormat(
        "publish_anyway: the case has a match candidate (%s, score %.2f) at or above the notify "
        "threshold %.2f; confirm or rule out the match first, or approve with publish_anyway "
        "and a reason",
        match.candidate_case_id, match.score, match.threshold));
  }
  *audit_reason =
      match.result == MatchCheck::Result::kUnchecked
          ? absl::StrCat("publish anyway (match check unavailable): ", anyway.reason)
          : absl::StrFormat("publish anyway (candidate %s, score %.2f >= %.2f): %s",
                            match.candidate_case_id, match.score, match.threshold, anyway.reason);
  return absl::OkStatus();
}

}  // namespace cs::appeals
