// MatchSighting: the open missing cases a public tip may be about. The tip becomes a transient
// found-style query (never stored, never indexed) and goes through the same matcher and the
// same explanation as ListCandidates.
#include <algorithm>

#include "common/grpc/status_convert.h"
#include "common/grpc/time_convert.h"
#include "services/cases/case_convert.h"
#include "services/cases/case_service.h"

namespace cs::cases {
namespace v1 = crowdsafe::v1;

grpc::Status CaseServiceImpl::MatchSighting(grpc::ServerContext*,
                                            const v1::MatchSightingRequest* req,
                                            v1::ListCandidatesResponse* out) {
  // Every time the client sent, against the Timestamp range first (time_convert.h).
  if (auto s = CheckProtoTimes(*req); !s.ok()) return ToGrpcStatus(s);
  auto actor = ActorFromProto(req->actor());
  if (!actor.ok()) return ToGrpcStatus(actor.status());
  const int limit = req->limit() == 0 ? 5 : req->limit();
  if (limit < 0 || limit > 20) return ToGrpcStatus(absl::InvalidArgumentError("limit: must be 1..20"));
  if (!req->zone_id().empty() && venue_.FindZone(req->zone_id()) == nullptr) {
    return ToGrpcStatus(absl::InvalidArgumentError("zone_id: not a zone of this venue"));
  }
  Case query;
  query.id = "sighting";  // matches no stored case, so nothing is excluded
  query.kind = CaseKind::kFound;
  query.state = CaseState::kOpen;
  if (auto s = ChildFromProto(req->child(), &query.child); !s.ok()) {
    std::string msg(s.message());
    if (msg.rfind("report.", 0) == 0) msg = msg.substr(7);  // this request has no report
    return ToGrpcStatus(absl::InvalidArgumentError(msg));
  }
  if (req->child().age_min() == 0 && req->child().age_max() == 0) {
    query.child.age_min = query.child.age_max = -1;  // the tip gave no age
  }
  query.zone_id = req->zone_id();
  query.seen_at = req->has_seen_at() ? FromProtoTime(req->seen_at()) : clock_.Now();
  query.filed_at = clock_.Now();
  for (const Candidate& m : index_.Match(query, static_cast<size_t>(limit))) {
    auto other = store_.Get(m.case_id);
    // A Redis that cannot answer is an error, not "no candidates": the tip would be dropped.
    if (!other.ok() && !absl::IsNotFound(other.status())) return ToGrpcStatus(other.status());
    if (!other.ok() || !IsActive(other->state)) continue;  // gone or closed since indexed
    CandidateToProto(m, *other, out->add_candidates());
  }
  return grpc::Status::OK;
}

}  // namespace cs::cases
