// Before a missing-child appeal goes to millions: does case-service already hold a strong match
// candidate for the case (a found child scoring at or above its notify threshold)? Then the
// desk may be about to reunite the family, and an appeal would spread the child's description
// for nothing. Approval then needs an explicit "publish anyway" with a reason, which is audited.
// The fact is asked of case-service at approve time (and when the review screen reads the
// appeal), never stored with the appeal: a candidate can appear or be ruled out at any minute.
//
// Thread-safety: pure functions over plain values.
#pragma once

#include <string>

#include "absl/status/status.h"
#include "services/appeals/desk/appeal.h"

namespace cs::appeals {

struct MatchCheck {
  enum class Result {
    kClear,            // no candidate at or above the threshold
    kStrongCandidate,  // candidate_case_id scores `score` >= `threshold`
    kUnchecked,        // case-service could not be asked: nothing rules a match out
  };
  Result result = Result::kClear;
  std::string candidate_case_id;
  double score = 0;
  double threshold = 0;
};

struct PublishAnyway {
  bool requested = false;
  std::string reason;  // required when requested
};

// Whether `appeal` may be approved given `match`. InvalidArgument naming "reason" when publish
// anyway comes without one; FailedPrecondition naming "publish_anyway" when a missing-child
// appeal's check is not clear and publish anyway was not asked. Other kinds always pass.
// On success, `*audit_reason` is what the approval's audit line records ("" when nothing was
// overridden).
absl::Status CheckMatchBeforeApproval(const Appeal& appeal, const MatchCheck& match,
                                      const PublishAnyway& anyway, std::string* audit_reason);

}  // namespace cs::appeals
