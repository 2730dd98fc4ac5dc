// case-service's PFIF exports: the public one (any role; what a published appeal may carry)
// and the desk's restricted one (desk only, a reason, audited on each case before it is sent).
#include "absl/strings/str_cat.h"
#include "common/grpc/status_convert.h"
#include "common/grpc/time_convert.h"
#include "common/logging.h"
#include "services/cases/case_convert.h"
#include "services/cases/case_service.h"
#include "services/cases/core/pfif.h"

namespace cs::cases {

namespace v1 = crowdsafe::v1;

namespace {
constexpr int kMaxRestrictedCases = 20;
constexpr size_t kMaxReasonBytes = 2000;  // 500 characters of CJK
}  // namespace

absl::StatusOr<std::vector<Case>> CaseServiceImpl::CasesForExport(
    const std::vector<std::string>& ids, const v1::TimeRange* since) {
  std::vector<std::string> listed = ids;
  const bool all = ids.empty();
  if (all) {
    auto every = store_.ListAll();
    if (!every.ok()) return every.status();
    listed = *std::move(every);
  }
  std::vector<Case> cases;
  for (const auto& id : listed) {
    auto c = store_.Get(id);
    if (absl::IsNotFound(c.status()) && all) continue;
    if (!c.ok()) return c.status();
    const TimePoint updated = c->audit.empty() ? c->filed_at : c->audit.back().time;
    if (all && since != nullptr && since->has_start() && updated < FromProtoTime(since->start()))
      continue;
    if (all && since != nullptr && since->has_end() && updated >= FromProtoTime(since->end()))
      continue;
    cases.push_back(*std::move(c));
  }
  return cases;
}

PfifOptions CaseServiceImpl::PfifOptionsForVenue() const {
  PfifOptions options;
  options.domain = absl::StrCat("crowdsafe.", venue_.id);
  if (script_variants_ != nullptr) options.script_variants = script_variants_->converters();
  return options;
}

grpc::Status CaseServiceImpl::ExportPfif(grpc::ServerContext*, const v1::ExportPfifRequest* req,
                                         v1::ExportPfifResponse* out) {
  // Every time the client sent, against the Timestamp range first (time_convert.h).
  if (auto s = CheckProtoTimes(*req); !s.ok()) return ToGrpcStatus(s);
  auto actor = ActorFromProto(req->actor());
  if (!actor.ok()) return ToGrpcStatus(actor.status());
  if (auto s = CheckVenue(req->venue_id(), venue_, "venue_id"); !s.ok()) return ToGrpcStatus(s);
  // Without OpenCC the guard could miss a name written in the other script: fail closed.
  if (script_variants_ == nullptr) {
    return ToGrpcStatus(absl::FailedPreconditionError(
        "PFIF export: the privacy guard's OpenCC data is missing (install opencc)"));
  }
  const std::vector<std::string> ids(req->case_ids().begin(), req->case_ids().end());
  auto cases = CasesForExport(ids, &req->since());
  if (!cases.ok()) return ToGrpcStatus(cases.status());
  // Whatever the role: the public document is the same for everybody (docs/privacy.md).
  out->set_xml(cases::ExportPfif(*cases, venue_, PfifOptionsForVenue()));
  out->set_file_name(PfifFileName(ids, /*restricted=*/false));
  return grpc::Status::OK;
}

grpc::Status CaseServiceImpl::ExportRestrictedPfif(grpc::ServerContext*,
                                                   const v1::ExportRestrictedPfifRequest* req,
                                                   v1::ExportPfifResponse* out) {
  auto actor = ActorFromProto(req->actor());
  if (!actor.ok()) return ToGrpcStatus(actor.status());
  if (req->actor().role() != v1::ROLE_DESK) {
    return ToGrpcStatus(
        absl::PermissionDeniedError("actor.role: the restricted PFIF is desk only"));
  }
  if (auto s = CheckVenue(req->venue_id(), venue_, "venue_id"); !s.ok()) return ToGrpcStatus(s);
  if (req->case_ids().empty() || req->case_ids_size() > kMaxRestrictedCases) {
    return ToGrpcStatus(absl::InvalidArgumentError("case_ids: name 1 to 20 cases"));
  }
  if (req->reason().empty()) {
    return ToGrpcStatus(absl::InvalidArgumentError("reason: required for a restricted export"));
  }
  if (req->reason().size() > kMaxReasonBytes) {
    return ToGrpcStatus(absl::InvalidArgumentError("reason: over 500 characters"));
  }
  if (script_variants_ == nullptr) {
    return ToGrpcStatus(absl::FailedPreconditionError(
        "PFIF export: the privacy guard's OpenCC data is missing (install opencc)"));
  }
  const std::vector<std::string> ids(req->case_ids().begin(), req->case_ids().end());
  auto cases = CasesForExport(ids, nullptr);
  if (!cases.ok()) return ToGrpcStatus(cases.status());
  const PfifOptions options = PfifOptionsForVenue();
  // Audited before anything leaves: an export whose audit line is not stored is not sent.
  const TimePoint now = clock_.Now();
  for (const Case& c : *cases) {
    const AuditEntry entry = RestrictedExportAudit(c, venue_, *actor, now, req->reason(), options);
    if (auto s = store_.AppendAudit(c.id, {entry}); !s.ok()) return ToGrpcStatus(s);
  }
  CS_LOG_INFO("restricted PFIF export actor={} cases={}", actor->id, cases->size());
  out->set_xml(cases::ExportRestrictedPfif(*cases, venue_, options));
  out->set_file_name(PfifFileName(ids, /*restricted=*/true));
  out->set_restricted(true);
  return grpc::Status::OK;
}

}  // namespace cs::cases
