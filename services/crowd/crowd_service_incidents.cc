// ListIncidents and AcknowledgeIncidents: the alerts stored in Redis, grouped by the core
// (core/incidents.h) on whichever replica answers, so there is no incident state to keep in
// step between replicas or to hand over with the alert lease.
#include <algorithm>

#include "common/grpc/status_convert.h"
#include "common/logging.h"
#include "services/crowd/alert_convert.h"
#include "services/crowd/crowd_service.h"

namespace cs::crowd {
namespace v1 = crowdsafe::v1;

absl::StatusOr<std::vector<Incident>> CrowdServiceImpl::CurrentIncidents() const {
  auto current = alerts_.Current(venue_.id);
  if (!current.ok()) return current.status();
  std::vector<Alert> alerts;
  alerts.reserve(current->size());
  for (const auto& a : *current) alerts.push_back(AlertFromProto(a));
  return GroupIncidents(std::move(alerts));
}

grpc::Status CrowdServiceImpl::ListIncidents(grpc::ServerContext*,
                                             const v1::ListIncidentsRequest* request,
                                             v1::ListIncidentsResponse* response) {
  if (auto s = CheckVenue(request->venue_id()); !s.ok()) return s;
  auto incidents = CurrentIncidents();
  if (!incidents.ok()) return ToGrpcStatus(incidents.status());
  for (const Incident& in : *incidents) {
    if (!in.open() && !request->include_cleared()) continue;
    v1::Incident out = IncidentToProto(in, venue_);
    if (out.severity() < request->min_severity()) continue;
    *response->add_incidents() = std::move(out);
  }
  return grpc::Status::OK;
}

grpc::Status CrowdServiceImpl::AcknowledgeIncidents(grpc::ServerContext*,
                                                    const v1::AcknowledgeIncidentsRequest* request,
                                                    v1::AcknowledgeIncidentsResponse* response) {
  if (auto s = CheckVenue(request->venue_id()); !s.ok()) return s;
  if (request->actor().user_id().empty()) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "actor.user_id: required");
  }
  if (request->actor().role() != v1::ROLE_DESK && request->actor().role() != v1::ROLE_ADMIN) {
    return grpc::Status(grpc::StatusCode::PERMISSION_DENIED,
                        "actor.role: only the desk acknowledges incidents");
  }
  if (request->incident_ids().empty() || request->incident_ids_size() > 100) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "incident_ids: 1..100 ids required");
  }
  if (request->note().size() > 2000) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "note: at most 500 characters");
  }
  auto incidents = CurrentIncidents();
  if (!incidents.ok()) return ToGrpcStatus(incidents.status());
  auto find = [](const std::vector<Incident>& list, const std::string& id) {
    return std::find_if(list.begin(), list.end(), [&](const Incident& in) { return in.id == id; });
  };
  // Every id is checked before anything is acknowledged: a typo acknowledges nothing.
  for (const auto& id : request->incident_ids()) {
    if (find(*incidents, id) == incidents->end()) {
      return grpc::Status(grpc::StatusCode::NOT_FOUND, "incident_ids: no such incident");
    }
  }
  for (const auto& id : request->incident_ids()) {
    for (const std::string& alert_id : find(*incidents, id)->UnacknowledgedAlerts()) {
      auto acked = alert_loop_.Acknowledge(alert_id, request->actor().user_id(), request->note());
      // Acknowledged by someone else or cleared in the meantime: nothing left to do for it.
      if (!acked.ok() && acked.status().code() != absl::StatusCode::kFailedPrecondition) {
        return ToGrpcStatus(acked.status());
      }
    }
  }
  CS_LOG_INFO("incidents ACKNOWLEDGED count={}", request->incident_ids_size());
  auto after = CurrentIncidents();
  if (!after.ok()) return ToGrpcStatus(after.status());
  for (const auto& id : request->incident_ids()) {
    auto it = find(*after, id);
    if (it != after->end()) *response->add_incidents() = IncidentToProto(*it, venue_);
  }
  return grpc::Status::OK;
}

}  // namespace cs::crowd
