#include "services/crowd/crowd_service.h"

#include <thread>

#include "common/grpc/status_convert.h"
#include "common/logging.h"
#include "services/crowd/core/gate_flow.h"
#include "services/crowd/core/ingestor.h"
#include "services/crowd/core/occupancy.h"

namespace cs::crowd {
namespace v1 = crowdsafe::v1;

namespace {

TimePoint FromProto(const google::protobuf::Timestamp& t) {
  return TimePoint(std::chrono::duration_cast<Duration>(std::chrono::seconds(t.seconds()) +
                                                        std::chrono::nanoseconds(t.nanos())));
}

void ToProto(TimePoint t, google::protobuf::Timestamp* out) {
  int64_t ms = ToMillis(t);
  out->set_seconds(ms / 1000);
  out->set_nanos(static_cast<int32_t>((ms % 1000) * 1'000'000));
}

v1::CapacityTier TierToProto(CapacityTier t) {
  switch (t) {
    case CapacityTier::kNormal: return v1::CAPACITY_NORMAL;
    case CapacityTier::kBestNotice: return v1::CAPACITY_NOTICE;
    case CapacityTier::kYellow: return v1::CAPACITY_YELLOW;
    case CapacityTier::kOrange: return v1::CAPACITY_ORANGE;
    case CapacityTier::kRed: return v1::CAPACITY_RED;
  }
  return v1::CAPACITY_TIER_UNSPECIFIED;
}

// Converts a batch; direction is the one thing the core cannot check on plain structs.
absl::StatusOr<std::vector<GateEvent>> FromProto(const v1::GateEventBatch& batch) {
  std::vector<GateEvent> out;
  out.reserve(batch.events_size());
  for (int i = 0; i < batch.events_size(); ++i) {
    const auto& e = batch.events(i);
    GateEvent g;
    g.gate_id = e.gate_id();
    if (e.direction() == v1::DIRECTION_IN) {
      g.direction = Direction::kIn;
    } else if (e.direction() == v1::DIRECTION_OUT) {
      g.direction = Direction::kOut;
    } else {
      return absl::InvalidArgumentError("events[" + std::to_string(i) +
                                        "].direction: must be DIRECTION_IN or DIRECTION_OUT");
    }
    g.count = e.count();
    g.seq = static_cast<int64_t>(std::min<uint64_t>(e.seq(), INT64_MAX));
    if (!e.has_event_time()) {
      return absl::InvalidArgumentError("events[" + std::to_string(i) + "].event_time: required");
    }
    g.event_time = FromProto(e.event_time());
    out.push_back(std::move(g));
  }
  return out;
}

v1::FruinLevel FruinToProto(char level) {
  if (level < 'A' || level > 'F') return v1::FRUIN_LEVEL_UNSPECIFIED;
  return static_cast<v1::FruinLevel>(v1::FRUIN_A + (level - 'A'));
}

void FillSubject(const SubjectOccupancy& s, v1::ZoneOccupancy* z) {
  z->set_zone_id(s.id);
  z->set_occupancy(s.occupancy);
  z->set_capacity(s.capacity);
  z->set_capacity_pct(s.percent);
  z->set_tier(TierToProto(s.tier));
  z->set_net_flow_per_min(s.net_flow_per_min);
  z->set_minutes_to_capacity(s.minutes_to_capacity.value_or(-1));
  // Camera fields come with the density part of the crowd issue; until then "none".
  z->set_camera_count(-1);
  z->set_density(-1);
}

}  // namespace

grpc::Status CrowdServiceImpl::CheckVenue(const std::string& venue_id) const {
  if (venue_id != venue_.id) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                        "venue_id: unknown venue '" + venue_id + "'");
  }
  return grpc::Status::OK;
}

grpc::Status CrowdServiceImpl::IngestGateEvents(
    grpc::ServerContext* context,
    grpc::ServerReaderWriter<v1::GateEventAck, v1::GateEventBatch>* stream) {
  Ingestor ingestor(venue_, &store_, &clock_, limits_);
  v1::GateEventBatch batch;
  while (stream->Read(&batch)) {
    if (auto s = CheckVenue(batch.venue_id()); !s.ok()) return s;
    if (static_cast<size_t>(batch.events_size()) > limits_.max_batch) {
      // Refused before conversion: a flood costs us no more than its decoding.
      return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                          "events: batch of " + std::to_string(batch.events_size()) +
                              " exceeds the limit of " + std::to_string(limits_.max_batch));
    }
    auto events = FromProto(batch);
    if (!events.ok()) return ToGrpcStatus(events.status());
    // Only acknowledged after the store (Redis, AOF) has the whole batch.
    auto ack = ingestor.Ingest(*events);
    if (!ack.ok()) {
      if (ack.status().code() != absl::StatusCode::kInvalidArgument) {
        CS_LOG_WARN("ingest failed controller={} error=\"{}\"", batch.controller_id(),
                    std::string(ack.status().message()));
      }
      return ToGrpcStatus(ack.status());
    }
    v1::GateEventAck out;
    out.set_venue_id(venue_.id);
    out.set_accepted(static_cast<int32_t>(ack->accepted));
    out.set_duplicates(static_cast<int32_t>(ack->duplicates));
    for (const auto& [gate, seq] : ack->contiguous) {
      auto* g = out.add_gates();
      g->set_gate_id(gate);
      g->set_contiguous_seq(static_cast<uint64_t>(seq));
    }
    if (!stream->Write(out)) break;
    if (context->IsCancelled()) break;
  }
  return grpc::Status::OK;
}

grpc::Status CrowdServiceImpl::GetGateSequences(grpc::ServerContext*,
                                                const v1::GetGateSequencesRequest* request,
                                                v1::GateEventAck* response) {
  if (auto s = CheckVenue(request->venue_id()); !s.ok()) return s;
  std::vector<std::string> gates(request->gate_ids().begin(), request->gate_ids().end());
  for (size_t i = 0; i < gates.size(); ++i) {
    if (venue_.FindGate(gates[i]) == nullptr) {
      return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                          "gate_ids[" + std::to_string(i) + "]: unknown gate");
    }
  }
  if (gates.empty()) {
    for (const auto& g : venue_.gates) gates.push_back(g.id);
  }
  auto state = store_.ReadSeq(venue_.id, gates);
  if (!state.ok()) return ToGrpcStatus(state.status());
  response->set_venue_id(venue_.id);
  for (const auto& gate : gates) {
    auto* g = response->add_gates();
    g->set_gate_id(gate);
    auto it = state->find(gate);
    g->set_contiguous_seq(it == state->end() ? 0 : static_cast<uint64_t>(it->second.contiguous));
  }
  return grpc::Status::OK;
}

grpc::Status CrowdServiceImpl::ReportDensity(grpc::ServerContext*, const v1::DensityReport* request,
                                             v1::DensityReportAck* response) {
  if (auto s = CheckVenue(request->venue_id()); !s.ok()) return s;
  const Camera* camera = nullptr;
  for (const auto& c : venue_.cameras)
    if (c.id == request->camera_id()) camera = &c;
  if (camera == nullptr) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "camera_id: unknown camera");
  }
  if (!request->has_captured_at()) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "captured_at: required");
  }
  if (request->regions_size() == 0 || request->regions_size() > 64) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "regions: 1..64 regions per report");
  }
  TimePoint now = clock_.Now();
  std::vector<DensityReport> reports;
  for (int i = 0; i < request->regions_size(); ++i) {
    const auto& in = request->regions(i);
    std::string prefix = "regions[" + std::to_string(i) + "].";
    bool of_camera = false;
    for (const auto& r : camera->regions) of_camera |= r.id == in.region_id();
    if (!of_camera) {
      return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                          prefix + "region_id: not a region of camera " + camera->id);
    }
    DensityReport r;
    r.region_id = in.region_id();
    r.count = in.count();
    r.area_m2 = in.area_m2();
    r.time = FromProto(request->captured_at());
    auto valid = ValidateDensityReport(venue_, r, now);
    if (!valid.ok()) {
      // The core names the field inside the region; say which region.
      return ToGrpcStatus(absl::InvalidArgumentError(prefix + std::string(valid.status().message())));
    }
    reports.push_back(*valid);
  }
  // Acknowledged only once stored.
  if (auto s = density_.Put(venue_.id, reports); !s.ok()) return ToGrpcStatus(s);
  if (auto s = alert_loop_.Observe(reports); !s.ok()) {
    // The reading is stored; the alert decision is retried with the next report.
    CS_LOG_WARN("density alert evaluation failed error=\"{}\"", std::string(s.message()));
  }
  for (const auto& r : reports) {
    auto* out = response->add_regions();
    out->set_region_id(r.region_id);
    out->set_count(r.count);
    out->set_area_m2(r.area_m2);
    out->set_density(r.density);
    out->set_level(FruinToProto(r.level));
  }
  return grpc::Status::OK;
}

namespace {

bool Matches(const v1::Alert& a, const google::protobuf::RepeatedPtrField<std::string>& zones,
             v1::Severity min_severity) {
  if (a.severity() < min_severity) return false;
  if (zones.empty()) return true;
  for (const auto& z : zones)
    if (z == a.zone_id()) return true;
  return false;
}

}  // namespace

grpc::Status CrowdServiceImpl::ListAlerts(grpc::ServerContext*, const v1::ListAlertsRequest* request,
                                          v1::ListAlertsResponse* response) {
  if (auto s = CheckVenue(request->venue_id()); !s.ok()) return s;
  int limit = request->page().page_size();
  if (limit < 0 || limit > 500) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "page.page_size: must be 0..500");
  }
  if (limit == 0) limit = 50;
  auto current = alerts_.Current(venue_.id);
  if (!current.ok()) return ToGrpcStatus(current.status());
  for (const auto& a : *current) {
    bool state_ok = request->states().empty() ? a.state() != v1::ALERT_CLEARED : false;
    for (int st : request->states()) state_ok |= a.state() == st;
    if (!state_ok || a.severity() < request->min_severity()) continue;
    if (response->alerts_size() >= limit) break;
    *response->add_alerts() = a;
  }
  return grpc::Status::OK;
}

grpc::Status CrowdServiceImpl::AcknowledgeAlert(grpc::ServerContext*,
                                                const v1::AcknowledgeAlertRequest* request,
                                                v1::Alert* response) {
  if (auto s = CheckVenue(request->venue_id()); !s.ok()) return s;
  if (request->actor().user_id().empty()) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "actor.user_id: required");
  }
  if (request->actor().role() != crowdsafe::v1::ROLE_DESK &&
      request->actor().role() != crowdsafe::v1::ROLE_ADMIN) {
    return grpc::Status(grpc::StatusCode::PERMISSION_DENIED, "actor.role: only the desk acknowledges alerts");
  }
  if (request->note().size() > 2000) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "note: at most 500 characters");
  }
  auto acked = alert_loop_.Acknowledge(request->alert_id(), request->actor().user_id());
  if (!acked.ok()) return ToGrpcStatus(acked.status());
  *response = *acked;
  return grpc::Status::OK;
}

grpc::Status CrowdServiceImpl::WatchAlerts(grpc::ServerContext* context,
                                           const v1::WatchAlertsRequest* request,
                                           grpc::ServerWriter<v1::AlertEvent>* writer) {
  if (auto s = CheckVenue(request->venue_id()); !s.ok()) return s;
  std::string cursor = request->after().value();
  if (cursor.empty()) {
    auto last = alerts_.LastCursor(venue_.id);
    if (!last.ok()) return ToGrpcStatus(last.status());
    cursor = *last;
  }
  // Polling the stream keeps the service stateless: any replica can serve any watcher, and a
  // watcher resumes anywhere from its cursor. 50 ms keeps density → alert well under 200 ms.
  while (!context->IsCancelled()) {
    auto batch = alerts_.After(venue_.id, cursor, 200);
    if (!batch.ok()) return ToGrpcStatus(batch.status());
    for (auto& [id, alert] : *batch) {
      cursor = id;
      if (!Matches(alert, request->zone_ids(), request->min_severity())) continue;
      v1::AlertEvent event;
      event.mutable_cursor()->set_value(id);
      *event.mutable_alert() = std::move(alert);
      if (!writer->Write(event)) return grpc::Status::OK;
    }
    if (batch->empty()) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return grpc::Status::OK;
}

grpc::Status CrowdServiceImpl::GetOccupancy(grpc::ServerContext*,
                                            const v1::GetOccupancyRequest* request,
                                            v1::VenueOccupancy* response) {
  if (auto s = CheckVenue(request->venue_id()); !s.ok()) return s;
  if (!request->zone_id().empty() && venue_.FindZone(request->zone_id()) == nullptr) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "zone_id: unknown zone");
  }
  TimePoint now = clock_.Now();
  auto picture = ReadPicture(venue_, store_, now);
  if (!picture.ok()) return ToGrpcStatus(picture.status());
  response->set_venue_id(venue_.id);
  response->set_occupancy(picture->venue.occupancy);
  response->set_max_capacity(venue_.max_capacity);
  response->set_capacity_pct(picture->venue.percent);
  response->set_tier(TierToProto(picture->venue.tier));
  response->set_net_flow_per_min(picture->venue.net_flow_per_min);
  response->set_minutes_to_capacity(picture->venue.minutes_to_capacity.value_or(-1));
  ToProto(now, response->mutable_as_of());
  auto reports = density_.Latest(venue_.id);
  if (!reports.ok()) return ToGrpcStatus(reports.status());
  for (const auto& z : picture->zones) {
    if (!request->zone_id().empty() && z.id != request->zone_id()) continue;
    auto* out = response->add_zones();
    FillSubject(z, out);
    ZoneFusion fusion = FuseZone(venue_, z.id, z.occupancy, *reports, now);
    if (fusion.camera_estimate) {
      out->set_camera_count(*fusion.camera_estimate);
      out->set_density(fusion.camera_density);
      out->set_level(FruinToProto(FruinWalkwayLevel(fusion.camera_density)));
      out->set_drift_flagged(fusion.drift);
      TimePoint newest{};
      for (const auto& r : *reports) {
        const Region* region = venue_.FindRegion(r.region_id);
        if (region != nullptr && region->zone_id == z.id) newest = std::max(newest, r.time);
      }
      ToProto(newest, out->mutable_camera_at());
    }
    if (const Zone* zone = venue_.FindZone(z.id)) {
      out->set_name_zh(zone->name_zh);
      out->set_name_en(zone->name_en);
    }
  }
  // The last full minute is the one gate flows are judged on.
  auto flows = ReadGateFlows(venue_, store_, MinuteOf(now) - 1);
  if (!flows.ok()) return ToGrpcStatus(flows.status());
  for (const auto& f : *flows) {
    auto* g = response->add_gates();
    g->set_gate_id(f.gate_id);
    g->set_persons_per_min(f.persons_per_min);
    g->set_persons_per_metre_per_min(f.per_metre_per_min);
    g->set_green_guide_limit(f.per_metre_per_min > 0 && f.utilisation > 0
                                 ? f.per_metre_per_min / f.utilisation
                                 : 0);
    g->set_utilisation(f.utilisation);
  }
  return grpc::Status::OK;
}

}  // namespace cs::crowd
