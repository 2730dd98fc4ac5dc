// Tips as case evidence: the sighting a message describes (zone, child, clothing) is matched
// against open missing cases by case-service; the desk then confirms a link (LinkTipToCase,
// which records it on the message). Nothing is linked automatically.
#include <grpcpp/client_context.h>

#include "absl/strings/str_cat.h"
#include "services/appeals/appeal_service.h"
#include "services/appeals/proto_convert.h"
#include "services/appeals/rpc_util.h"

namespace cs::appeals {
namespace v1 = crowdsafe::v1;
using rpc::Bad;

namespace {

v1::MatchSightingRequest SightingRequest(const TipSighting& s, TimePoint seen_at, int limit) {
  v1::MatchSightingRequest r;
  v1::ChildDescription* child = r.mutable_child();
  child->set_sex(s.sex == TipSex::kBoy    ? v1::SEX_MALE
                 : s.sex == TipSex::kGirl ? v1::SEX_FEMALE
                                          : v1::SEX_UNSPECIFIED);
  if (s.age_min >= 0) {
    child->set_age_min(s.age_min);
    child->set_age_max(s.age_max);
  }
  child->set_height_cm(s.height_cm);
  // Colour words inside the phrase count: case-service reads them from the description.
  child->mutable_clothing()->mutable_top()->set_description(s.top);
  child->mutable_clothing()->mutable_bottom()->set_description(s.bottom);
  child->mutable_clothing()->mutable_hat()->set_description(s.hat);
  child->mutable_clothing()->mutable_shoes()->set_description(s.shoes);
  r.set_zone_id(s.zone_id);
  ToProto(seen_at, r.mutable_seen_at());
  r.set_limit(limit);
  r.mutable_actor()->set_user_id("system:appeal-service");
  r.mutable_actor()->set_role(v1::ROLE_SYSTEM);
  return r;
}

}  // namespace

grpc::Status AppealServiceImpl::SuggestCasesForTip(Ctx*, const v1::SuggestCasesForTipRequest* req,
                                                   v1::SuggestCasesForTipResponse* out) {
  CS_RETURN_IF_ERROR_GRPC(CheckId(req->message_id(), "message_id"));
  CS_ASSIGN_OR_RETURN_GRPC(actor, ActorFromProto(req->actor()));
  (void)actor;
  if (req->limit() < 0 || req->limit() > 20) {
    return Bad(absl::InvalidArgumentError("limit: must be 0..20"));
  }
  if (options_.cases == nullptr) {
    return Bad(absl::FailedPreconditionError("no case-service configured (upstreams.cases)"));
  }
  CS_ASSIGN_OR_RETURN_GRPC(message, inbox_.Get(req->message_id(), /*include_restricted=*/false));
  const TipSighting sighting = ReadTipSighting(message.text, options_.zones);
  if (!sighting.mentions_child || !sighting.HasDescription()) {
    return Bad(absl::FailedPreconditionError(
        "message_id: the message describes no child (sex, age, height or clothing)"));
  }
  out->set_zone_id(sighting.zone_id);
  out->set_understood(sighting.Summary());
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + options_.cases_timeout);
  v1::ListCandidatesResponse found;
  grpc::Status s = options_.cases->MatchSighting(
      &ctx, SightingRequest(sighting, message.received_at, req->limit() == 0 ? 5 : req->limit()),
      &found);
  if (!s.ok()) {
    // case-service's own status, said as ours: the desk can retry; nothing was changed.
    return grpc::Status(s.error_code() == grpc::StatusCode::INVALID_ARGUMENT
                            ? grpc::StatusCode::FAILED_PRECONDITION
                            : s.error_code(),
                        absl::StrCat("case-service: ", s.error_message()));
  }
  for (const v1::Candidate& c : found.candidates()) {
    auto* o = out->add_candidates();
    o->set_case_id(c.case_id());
    o->set_score(c.score());
    o->set_zone_id(c.zone_id());
    *o->mutable_seen_at() = c.at();
    for (const v1::FeatureScore& f : c.features()) {
      o->add_explanations(absl::StrCat(f.feature(), ": ", f.explanation()));
      if (f.warning()) o->add_warnings(f.feature());
    }
  }
  return grpc::Status::OK;
}

}  // namespace cs::appeals
