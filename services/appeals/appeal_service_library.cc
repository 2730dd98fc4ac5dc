// The answer library learning from the desk: proposals of hand-written answers and their
// four-eyes review. (Search with highlights is in appeal_service_inbox.cc.)
#include "absl/strings/str_cat.h"
#include "services/appeals/appeal_service.h"
#include "services/appeals/proto_convert.h"
#include "services/appeals/rpc_util.h"

namespace cs::appeals {
namespace v1 = crowdsafe::v1;
using rpc::Bad;

namespace {

constexpr size_t kMaxQuestionChars = 500;

v1::AnswerProposalState StateToProto(ProposalState s) {
  switch (s) {
    case ProposalState::kPending:
      return v1::ANSWER_PROPOSAL_PENDING;
    case ProposalState::kApproved:
      return v1::ANSWER_PROPOSAL_APPROVED;
    case ProposalState::kRejected:
      return v1::ANSWER_PROPOSAL_REJECTED;
  }
  return v1::ANSWER_PROPOSAL_STATE_UNSPECIFIED;
}

void ProposalToProto(const AnswerProposal& p, v1::AnswerProposal* out) {
  out->set_proposal_id(p.id);
  out->set_message_id(p.message_id);
  out->set_answer_id(p.answer_id);
  out->set_question(p.question);
  out->set_answer(p.answer);
  for (const auto& k : p.keywords) out->add_keywords(k);
  out->set_proposed_by(p.proposed_by);
  ToProto(p.proposed_at, out->mutable_proposed_at());
  out->set_state(StateToProto(p.state));
  out->set_reviewed_by(p.reviewed_by);
  if (p.reviewed_at) ToProto(*p.reviewed_at, out->mutable_reviewed_at());
  out->set_reason(p.reason);
}

grpc::Status Answered(const absl::StatusOr<AnswerProposal>& p, v1::AnswerProposal* out) {
  // The library names its draft's fields "answer.question", "answer.keywords[2]": the request's
  // are "question", "keywords[2]".
  if (!p.ok()) return Bad(rpc::RenameField(p.status(), "answer.", ""));
  ProposalToProto(*p, out);
  return grpc::Status::OK;
}

}  // namespace

grpc::Status AppealServiceImpl::ProposeAnswer(Ctx*, const v1::ProposeAnswerRequest* req,
                                              v1::AnswerProposal* out) {
  if (!proposals_) {
    return Bad(absl::FailedPreconditionError("answer proposals are not configured"));
  }
  CS_ASSIGN_OR_RETURN_GRPC(actor, ActorFromProto(req->actor()));
  CS_RETURN_IF_ERROR_GRPC(CheckId(req->message_id(), "message_id"));
  CS_RETURN_IF_ERROR_GRPC(CheckChars(req->question(), kMaxQuestionChars, "question"));
  if (!req->answer_id().empty()) CS_RETURN_IF_ERROR_GRPC(CheckId(req->answer_id(), "answer_id"));
  ProposalRequest propose;
  propose.proposal_id = NewId("prop");
  propose.message_id = req->message_id();
  propose.question = req->question();
  propose.keywords.assign(req->keywords().begin(), req->keywords().end());
  propose.answer_id = req->answer_id();
  return Answered(proposals_->Propose(propose, actor), out);
}

grpc::Status AppealServiceImpl::ReviewAnswerProposal(Ctx*,
                                                     const v1::ReviewAnswerProposalRequest* req,
                                                     v1::AnswerProposal* out) {
  if (!proposals_) {
    return Bad(absl::FailedPreconditionError("answer proposals are not configured"));
  }
  CS_ASSIGN_OR_RETURN_GRPC(actor, ActorFromProto(req->actor()));
  CS_RETURN_IF_ERROR_GRPC(CheckId(req->proposal_id(), "proposal_id"));
  CS_RETURN_IF_ERROR_GRPC(CheckChars(req->reason(), rpc::kMaxReasonChars, "reason"));
  if (req->approve()) return Answered(proposals_->Approve(req->proposal_id(), actor), out);
  return Answered(proposals_->Reject(req->proposal_id(), actor, req->reason()), out);
}

grpc::Status AppealServiceImpl::ListAnswerProposals(Ctx*,
                                                    const v1::ListAnswerProposalsRequest* req,
                                                    v1::ListAnswerProposalsResponse* out) {
  if (!proposals_) return grpc::Status::OK;  // nothing can have been proposed
  std::optional<ProposalState> state;
  switch (req->state()) {
    case v1::ANSWER_PROPOSAL_STATE_UNSPECIFIED:
      break;
    case v1::ANSWER_PROPOSAL_PENDING:
      state = ProposalState::kPending;
      break;
    case v1::ANSWER_PROPOSAL_APPROVED:
      state = ProposalState::kApproved;
      break;
    case v1::ANSWER_PROPOSAL_REJECTED:
      state = ProposalState::kRejected;
      break;
    default:
      return Bad(absl::InvalidArgumentError("state: unknown value"));
  }
  CS_ASSIGN_OR_RETURN_GRPC(list, proposals_->List(state));
  for (const auto& p : list) ProposalToProto(p, out->add_proposals());
  return grpc::Status::OK;
}

}  // namespace cs::appeals
