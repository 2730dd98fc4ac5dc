#include "services/appeals/case_retention_client.h"

#include "absl/strings/str_cat.h"

namespace cs::appeals {

absl::StatusOr<bool> CaseRetentionClient::Purged(const std::string& case_id) {
  crowdsafe::v1::GetCaseRequest req;
  req.set_case_id(case_id);
  req.mutable_actor()->set_user_id("system:appeal-photo-retention");
  req.mutable_actor()->set_role(crowdsafe::v1::ROLE_SYSTEM);
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + timeout_);
  crowdsafe::v1::Case c;
  const grpc::Status s = cases_->GetCase(&ctx, req, &c);
  if (s.error_code() == grpc::StatusCode::NOT_FOUND) return true;
  if (!s.ok()) {
    return absl::UnavailableError(
        absl::StrCat("case-service did not answer on retention (", s.error_code(), ")"));
  }
  return c.state() == crowdsafe::v1::CASE_PURGED;
}

}  // namespace cs::appeals
