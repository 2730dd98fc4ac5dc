// The gRPC adapter of crowd-service: proto ⇄ core structs, absl::Status ⇄ grpc::Status. The
// logic lives in core/ (plain C++) and the state in RedisCrowdStore.
//
// Built so far: IngestGateEvents, GetGateSequences, ReportDensity, GetOccupancy (gate counts and
// camera estimates side by side, with drift), ListAlerts, AcknowledgeAlert, WatchAlerts,
// GetHistory, GetSummary, CorrectOccupancy, ListIncidents, AcknowledgeIncidents. That is every RPC of the contract. Every other RPC is inherited
// from the generated base class and answers UNIMPLEMENTED until its part lands.
//
// Thread-safety: gRPC calls methods concurrently; the adapter's members are immutable or
// thread-safe (the store, the clock, the ingestor and the live readings).
#pragma once

#include "common/clock.h"
#include "common/venue.h"
#include "crowdsafe/v1/crowd.grpc.pb.h"
#include "services/crowd/core/crowd_store.h"
#include "services/crowd/core/incidents.h"
#include "services/crowd/core/ingest.h"
#include "services/crowd/core/ingestor.h"
#include "services/crowd/core/live_reading.h"
#include "services/crowd/alert_loop.h"
#include "services/crowd/redis_alert_store.h"
#include "services/crowd/redis_density_store.h"

namespace cs::crowd {

class CrowdServiceImpl final : public crowdsafe::v1::CrowdService::Service {
 public:
  CrowdServiceImpl(const Venue& venue, CrowdStore& store, RedisDensityStore& density,
                   AlertLoop& alert_loop, RedisAlertStore& alerts, const Clock& clock,
                   IngestLimits limits = {},
                   Duration live_max_age = std::chrono::milliseconds(250))
      : venue_(venue),
        store_(store),
        density_(density),
        alert_loop_(alert_loop),
        alerts_(alerts),
        clock_(clock),
        limits_(limits),
        ingestor_(venue_, &store_, &clock_, limits_),
        live_counts_(live_max_age),
        live_density_(live_max_age) {}

  grpc::Status IngestGateEvents(
      grpc::ServerContext* context,
      grpc::ServerReaderWriter<crowdsafe::v1::GateEventAck, crowdsafe::v1::GateEventBatch>* stream)
      override;
  grpc::Status GetGateSequences(grpc::ServerContext* context,
                                const crowdsafe::v1::GetGateSequencesRequest* request,
                                crowdsafe::v1::GateEventAck* response) override;
  grpc::Status ReportDensity(grpc::ServerContext* context,
                             const crowdsafe::v1::DensityReport* request,
                             crowdsafe::v1::DensityReportAck* response) override;
  grpc::Status ListAlerts(grpc::ServerContext* context,
                          const crowdsafe::v1::ListAlertsRequest* request,
                          crowdsafe::v1::ListAlertsResponse* response) override;
  grpc::Status AcknowledgeAlert(grpc::ServerContext* context,
                                const crowdsafe::v1::AcknowledgeAlertRequest* request,
                                crowdsafe::v1::Alert* response) override;
  // Implemented in crowd_service_incidents.cc.
  grpc::Status ListIncidents(grpc::ServerContext* context,
                             const crowdsafe::v1::ListIncidentsRequest* request,
                             crowdsafe::v1::ListIncidentsResponse* response) override;
  grpc::Status AcknowledgeIncidents(grpc::ServerContext* context,
                                    const crowdsafe::v1::AcknowledgeIncidentsRequest* request,
                                    crowdsafe::v1::AcknowledgeIncidentsResponse* response) override;
  // appeal-service's life-safety messages: a critical alert on the same stream (ROLE_SYSTEM).
  grpc::Status RaiseExternalAlert(grpc::ServerContext* context,
                                  const crowdsafe::v1::RaiseExternalAlertRequest* request,
                                  crowdsafe::v1::Alert* response) override;
  grpc::Status WatchAlerts(grpc::ServerContext* context,
                           const crowdsafe::v1::WatchAlertsRequest* request,
                           grpc::ServerWriter<crowdsafe::v1::AlertEvent>* writer) override;
  grpc::Status GetHistory(grpc::ServerContext* context,
                          const crowdsafe::v1::GetHistoryRequest* request,
                          crowdsafe::v1::GetHistoryResponse* response) override;
  grpc::Status GetSummary(grpc::ServerContext* context,
                          const crowdsafe::v1::GetSummaryRequest* request,
                          crowdsafe::v1::GetSummaryResponse* response) override;
  grpc::Status CorrectOccupancy(grpc::ServerContext* context,
                                const crowdsafe::v1::CorrectOccupancyRequest* request,
                                crowdsafe::v1::OccupancyCorrection* response) override;
  grpc::Status GetOccupancy(grpc::ServerContext* context,
                            const crowdsafe::v1::GetOccupancyRequest* request,
                            crowdsafe::v1::VenueOccupancy* response) override;

 private:
  grpc::Status CheckVenue(const std::string& venue_id) const;
  // The zone counts and the latest density reports for reads: the in-process readings while
  // fresh, else one Redis read that refreshes them (core/live_reading.h).
  absl::StatusOr<std::map<std::string, int64_t>> CurrentCounts();
  absl::StatusOr<std::vector<DensityReport>> CurrentDensity();
  // The stored alerts grouped into incidents (open and cleared).
  absl::StatusOr<std::vector<Incident>> CurrentIncidents() const;

  const Venue& venue_;
  CrowdStore& store_;
  RedisDensityStore& density_;
  AlertLoop& alert_loop_;
  RedisAlertStore& alerts_;
  const Clock& clock_;
  const IngestLimits limits_;
  Ingestor ingestor_;  // one for every stream: its tracker cache saves a read per batch
  LiveReading<std::map<std::string, int64_t>> live_counts_;
  LiveReading<std::vector<DensityReport>> live_density_;
};

}  // namespace cs::crowd
