#include "services/appeals/crowd_alert_pager.h"

#include <grpcpp/grpcpp.h>

#include "services/appeals/proto_convert.h"

namespace cs::appeals {
namespace v1 = crowdsafe::v1;

v1::LifeSafetyKind LifeSafetyKindToProto(LifeSafetyKind kind) {
  switch (kind) {
    case LifeSafetyKind::kSelfHarm:
      return v1::LIFE_SAFETY_SELF_HARM;
    case LifeSafetyKind::kViolence:
      return v1::LIFE_SAFETY_VIOLENCE;
    case LifeSafetyKind::kChildDanger:
      return v1::LIFE_SAFETY_CHILD_DANGER;
    case LifeSafetyKind::kMedical:
      return v1::LIFE_SAFETY_MEDICAL;
    case LifeSafetyKind::kCrowdCrush:
      return v1::LIFE_SAFETY_CROWD_CRUSH;
    case LifeSafetyKind::kOther:
      return v1::LIFE_SAFETY_OTHER;
  }
  return v1::LIFE_SAFETY_OTHER;
}

CrowdAlertPager::CrowdAlertPager(std::shared_ptr<v1::CrowdService::StubInterface> stub,
                                 std::string venue_id, std::chrono::milliseconds deadline)
    : stub_(std::move(stub)), venue_id_(std::move(venue_id)), deadline_(deadline) {}

absl::StatusOr<PageStatus> CrowdAlertPager::Page(const LifeSafetyPage& page) {
  v1::RaiseExternalAlertRequest req;
  req.set_venue_id(venue_id_);
  req.set_source_id(page.message_id);
  req.set_kind(LifeSafetyKindToProto(page.kind));
  req.set_zone_id(page.zone_id);
  req.mutable_actor()->set_user_id("appeal-service");
  req.mutable_actor()->set_role(v1::ROLE_SYSTEM);
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + deadline_);
  v1::Alert alert;
  grpc::Status s = stub_->RaiseExternalAlert(&ctx, req, &alert);
  if (s.ok()) {
    PageStatus out;
    out.alert_id = alert.alert_id();
    if (alert.has_acknowledged_at()) {
      out.acknowledged_by = alert.acknowledged_by();
      out.acknowledged_at = FromProto(alert.acknowledged_at());
    }
    return out;
  }
  // The codes share numbering (status_convert.h). crowd-service names fields, never the text.
  return absl::Status(static_cast<absl::StatusCode>(s.error_code()),
                      "crowd-service RaiseExternalAlert: " + s.error_message());
}

}  // namespace cs::appeals
