// Reading an appeal for review and approving it: for a missing-child appeal, case-service is
// asked at that moment whether the case has a match candidate at or above its notify threshold
// (ListCandidates, which reports the threshold). Asked live rather than carried in the appeal
// request: the appeal is drafted minutes or hours before approval, and a found child reported
// in between is exactly what the warning is for. See desk/match_check.h for the rule.
#include <grpcpp/client_context.h>

#include <algorithm>

#include "common/logging.h"
#include "services/appeals/appeal_service.h"
#include "services/appeals/proto_convert.h"
#include "services/appeals/rpc_util.h"

namespace cs::appeals {
namespace v1 = crowdsafe::v1;
using rpc::Bad;
using rpc::kMaxReasonChars;

namespace {

bool NeedsMatchCheck(const Appeal& a) {
  return a.kind == AppealKind::kMissingChild && a.state == AppealState::kInReview;
}

void MatchWarningToProto(const MatchCheck& m, v1::MatchWarning* out) {
  out->set_strong_candidate(m.result == MatchCheck::Result::kStrongCandidate);
  out->set_unchecked(m.result == MatchCheck::Result::kUnchecked);
  out->set_candidate_case_id(m.candidate_case_id);
  out->set_score(m.score);
  out->set_notify_threshold(m.threshold);
}

}  // namespace

MatchCheck AppealServiceImpl::AskCaseService(const std::string& case_id) const {
  MatchCheck check;
  check.result = MatchCheck::Result::kUnchecked;
  if (options_.cases == nullptr) return check;  // nothing can rule a match out
  v1::ListCandidatesRequest req;
  req.set_case_id(case_id);
  req.set_limit(5);
  req.mutable_actor()->set_user_id("appeal-service");
  req.mutable_actor()->set_role(v1::ROLE_SYSTEM);
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + options_.cases_timeout);
  v1::ListCandidatesResponse found;
  const grpc::Status s = options_.cases->ListCandidates(&ctx, req, &found);
  // A case case-service does not hold (purged, or an appeal drafted by hand for no case) has no
  // candidate to wait for.
  if (s.error_code() == grpc::StatusCode::NOT_FOUND) {
    check.result = MatchCheck::Result::kClear;
    return check;
  }
  if (!s.ok()) {
    CS_LOG_WARN("match check for case={} failed: code={}", case_id, static_cast<int>(s.error_code()));
    return check;
  }
  check.result = MatchCheck::Result::kClear;
  check.threshold = found.notify_threshold();
  for (const v1::Candidate& c : found.candidates()) {
    if (c.score() < found.notify_threshold() || c.score() <= check.score) continue;
    check.result = MatchCheck::Result::kStrongCandidate;
    check.candidate_case_id = c.case_id();
    check.score = c.score();
  }
  return check;
}

grpc::Status AppealServiceImpl::GetAppeal(Ctx*, const v1::GetAppealRequest* req, V1Appeal* out) {
  CS_RETURN_IF_ERROR_GRPC(CheckId(req->appeal_id(), "appeal_id"));
  const absl::StatusOr<Appeal> a = workflow_.Get(req->appeal_id());
  grpc::Status s = Reply(a, out);
  // The review screen shows the warning before anyone presses approve.
  if (s.ok() && NeedsMatchCheck(*a)) {
    MatchWarningToProto(AskCaseService(a->case_id), out->mutable_match_warning());
  }
  return s;
}

grpc::Status AppealServiceImpl::ApproveAppeal(Ctx*, const v1::AppealActionRequest* req,
                                              V1Appeal* out) {
  CS_RETURN_IF_ERROR_GRPC(CheckId(req->appeal_id(), "appeal_id"));
  CS_ASSIGN_OR_RETURN_GRPC(actor, ActorFromProto(req->actor()));
  CS_RETURN_IF_ERROR_GRPC(CheckChars(req->reason(), kMaxReasonChars, "reason"));
  CS_ASSIGN_OR_RETURN_GRPC(appeal, workflow_.Get(req->appeal_id()));
  MatchCheck match;  // clear: only a missing-child appeal in review is checked
  if (NeedsMatchCheck(appeal)) match = AskCaseService(appeal.case_id);
  const PublishAnyway anyway{req->publish_anyway(), req->reason()};
  return Reply(workflow_.Approve(req->appeal_id(), actor, match, anyway), out);
}

}  // namespace cs::appeals
