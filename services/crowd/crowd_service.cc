#include "services/crowd/crowd_service.h"

#include <cctype>

#include <thread>

#include "common/grpc/status_convert.h"
#include "common/grpc/time_convert.h"
#include "common/logging.h"
#include "services/crowd/core/civil_date.h"
#include "services/crowd/core/correction.h"
#include "services/crowd/core/gate_flow.h"
#include "services/crowd/core/history.h"
#include "services/crowd/core/ingestor.h"
#include "services/crowd/core/occupancy.h"

namespace cs::crowd {
namespace v1 = crowdsafe::v1;

namespace {

TimePoint FromProto(const google::protobuf::Timestamp& t) { return FromProtoTime(t); }
void ToProto(TimePoint t, google::protobuf::Timestamp* out) { *out = ToProtoTime(t); }

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
    if (auto s = CheckProtoTime(e.event_time(), "events[" + std::to_string(i) + "].event_time");
        !s.ok()) {
      return s;
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

absl::StatusOr<std::map<std::string, int64_t>> CrowdServiceImpl::CurrentCounts() {
  const TimePoint now = clock_.Now();
  if (auto held = live_counts_.Fresh(now)) return *std::move(held);
  const uint64_t epoch = live_counts_.Epoch();
  auto read = store_.ReadRevisedOccupancy(venue_.id);
  if (!read.ok()) return read.status();
  live_counts_.Offer(read->counts, read->revision, now, epoch);
  return std::move(read->counts);
}

absl::StatusOr<std::vector<DensityReport>> CrowdServiceImpl::CurrentDensity() {
  const TimePoint now = clock_.Now();
  if (auto held = live_density_.Fresh(now)) return *std::move(held);
  const uint64_t epoch = live_density_.Epoch();
  auto read = density_.Latest(venue_.id);
  if (!read.ok()) return read.status();
  live_density_.Offer(*read, 0, now, epoch);
  return read;
}

grpc::Status CrowdServiceImpl::CheckVenue(const std::string& venue_id) const {
  if (venue_id != venue_.id) {
    // The value is not echoed (issue 18): an id may carry CR/LF or anything else.
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "venue_id: unknown venue");
  }
  return grpc::Status::OK;
}

grpc::Status CrowdServiceImpl::IngestGateEvents(
    grpc::ServerContext* context,
    grpc::ServerReaderWriter<v1::GateEventAck, v1::GateEventBatch>* stream) {
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
    const uint64_t epoch = live_counts_.Epoch();
    auto ack = ingestor_.Ingest(*events);
    if (!ack.ok()) {
      if (ack.status().code() != absl::StatusCode::kInvalidArgument) {
        CS_LOG_WARN("ingest failed controller={} error=\"{}\"", batch.controller_id(),
                    std::string(ack.status().message()));
      }
      return ToGrpcStatus(ack.status());
    }
    if (ack->occupancy) {
      live_counts_.Offer(std::move(ack->occupancy->counts), ack->occupancy->revision, clock_.Now(),
                         epoch);
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
    if (auto s = CheckProtoTime(request->captured_at(), "captured_at"); !s.ok()) {
      return ToGrpcStatus(s);
    }
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
  live_density_.Invalidate();  // the next read here shows this report
  if (auto s = alert_loop_.OnDensityStored(); !s.ok()) {
    // The reading is stored in the density log; the lease holder's next round reads it again.
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
  auto acked = alert_loop_.Acknowledge(request->alert_id(), request->actor().user_id(),
                                       request->note());
  if (!acked.ok()) return ToGrpcStatus(acked.status());
  *response = *acked;
  return grpc::Status::OK;
}

namespace {

const char* LifeSafetyKindName(v1::LifeSafetyKind kind) {
  switch (kind) {
    case v1::LIFE_SAFETY_SELF_HARM: return "self_harm";
    case v1::LIFE_SAFETY_VIOLENCE: return "violence";
    case v1::LIFE_SAFETY_CHILD_DANGER: return "child_danger";
    case v1::LIFE_SAFETY_MEDICAL: return "medical";
    case v1::LIFE_SAFETY_CROWD_CRUSH: return "crowd_crush";
    case v1::LIFE_SAFETY_OTHER: return "other";
    default: return nullptr;
  }
}

bool IsSourceId(const std::string& id) {
  if (id.empty() || id.size() > 128) return false;
  for (char c : id) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-' && c != '.' &&
        c != ':') {
      return false;
    }
  }
  return true;
}

}  // namespace

grpc::Status CrowdServiceImpl::RaiseExternalAlert(grpc::ServerContext*,
                                                  const v1::RaiseExternalAlertRequest* request,
                                                  v1::Alert* response) {
  if (auto s = CheckVenue(request->venue_id()); !s.ok()) return s;
  if (request->actor().user_id().empty()) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "actor.user_id: required");
  }
  if (request->actor().role() != v1::ROLE_SYSTEM && request->actor().role() != v1::ROLE_ADMIN) {
    return grpc::Status(grpc::StatusCode::PERMISSION_DENIED,
                        "actor.role: only a crowdsafe service raises external alerts");
  }
  if (!IsSourceId(request->source_id())) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                        "source_id: 1..128 characters of [A-Za-z0-9_.:-]");
  }
  const char* kind = LifeSafetyKindName(request->kind());
  if (kind == nullptr) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "kind: not a life-safety kind");
  }
  if (!request->zone_id().empty() && venue_.FindZone(request->zone_id()) == nullptr) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "zone_id: not a zone of the venue");
  }
  auto raised = alert_loop_.RaiseExternal(
      {request->source_id(), venue_.id, request->zone_id(), kind});
  if (!raised.ok()) return ToGrpcStatus(raised.status());
  *response = *raised;
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
  uint64_t seen = alert_loop_.WaitForChange(0, Duration(0));
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
    // Woken at once by this process's own alert changes; the timeout catches other replicas'.
    if (batch->empty()) seen = alert_loop_.WaitForChange(seen, std::chrono::milliseconds(50));
  }
  return grpc::Status::OK;
}

namespace {

// "YYYY-MM-DD" → days since the epoch (proleptic Gregorian); nullopt when malformed.
void FillDay(const DaySummary& in, int offset, v1::DaySummary* out) {
  out->set_date(DateText(in.day_start, offset));
  out->set_visitors_in(in.visitors_in);
  out->set_peak_occupancy(in.peak_occupancy);
  if (in.peak_at) ToProto(*in.peak_at, out->mutable_peak_at());
  out->set_alerts(static_cast<int32_t>(in.alerts_info + in.alerts_warning + in.alerts_critical));
  out->set_critical_alerts(static_cast<int32_t>(in.alerts_critical));
}

}  // namespace

grpc::Status CrowdServiceImpl::GetHistory(grpc::ServerContext*, const v1::GetHistoryRequest* request,
                                          v1::GetHistoryResponse* response) {
  if (auto s = CheckVenue(request->venue_id()); !s.ok()) return s;
  if (!request->range().has_start()) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "range.start: required");
  }
  if (auto s = CheckProtoTime(request->range().start(), "range.start"); !s.ok()) {
    return ToGrpcStatus(s);
  }
  if (request->range().has_end()) {
    if (auto s = CheckProtoTime(request->range().end(), "range.end"); !s.ok()) {
      return ToGrpcStatus(s);
    }
  }
  TimePoint from = FromProto(request->range().start());
  TimePoint to = request->range().has_end() ? FromProto(request->range().end()) : clock_.Now();
  if (to <= from) return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "range.end: must be after range.start");
  if (to - from > std::chrono::hours(24 * 7)) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "range: at most 7 days of minutes per call");
  }
  History history(venue_, &store_);
  absl::StatusOr<std::vector<MinuteCounts>> minutes;
  std::string subject;
  if (request->has_gate_id()) {
    if (venue_.FindGate(request->gate_id()) == nullptr) {
      return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "gate_id: unknown gate");
    }
    subject = request->gate_id();
    minutes = history.GateMinutes(subject, from, to);
  } else if (request->has_zone_id()) {
    if (venue_.FindZone(request->zone_id()) == nullptr && request->zone_id() != kVenueKey) {
      return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "zone_id: unknown zone");
    }
    subject = request->zone_id();
    minutes = history.ZoneMinutes(subject, from, to);
  } else {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "subject: gate_id or zone_id required");
  }
  if (!minutes.ok()) return ToGrpcStatus(minutes.status());
  for (const auto& m : *minutes) {
    auto* b = response->add_buckets();
    ToProto(MinuteStart(m.minute), b->mutable_minute());
    b->set_subject_id(subject);
    b->set_in(m.in);
    b->set_out(m.out);
    b->set_peak_occupancy(m.peak);
  }
  return grpc::Status::OK;
}

grpc::Status CrowdServiceImpl::GetSummary(grpc::ServerContext*, const v1::GetSummaryRequest* request,
                                          v1::GetSummaryResponse* response) {
  if (auto s = CheckVenue(request->venue_id()); !s.ok()) return s;
  auto first = DaysFromDate(request->from_date());
  if (!first) return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "from_date: expected YYYY-MM-DD");
  auto last = DaysFromDate(request->to_date());
  if (!last) return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "to_date: expected YYYY-MM-DD");
  if (*last < *first || *last - *first > 61) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "to_date: must be 0..61 days after from_date");
  }
  auto offset = UtcOffsetMinutes(venue_.timezone);
  if (!offset.ok()) return ToGrpcStatus(offset.status());
  TimePoint first_day = FromMillis((*first * 1440 - *offset) * 60'000);
  int days = static_cast<int>(*last - *first + 1);
  auto changes = alerts_.Between(venue_.id, first_day, first_day + std::chrono::hours(24 * days));
  if (!changes.ok()) return ToGrpcStatus(changes.status());
  // The summary counts raises; rebuild the few core fields it reads from the stored protos.
  std::vector<AlertEvent> raised;
  for (const auto& a : *changes) {
    if (a.state() != v1::ALERT_RAISED) continue;
    AlertEvent e;
    e.alert.venue = a.venue_id();
    e.alert.state = AlertState::kRaised;
    e.alert.raised_at = FromProto(a.raised_at());
    e.alert.severity = a.severity() == v1::SEVERITY_CRITICAL  ? Severity::kCritical
                       : a.severity() == v1::SEVERITY_WARNING ? Severity::kWarning
                                                              : Severity::kInfo;
    raised.push_back(std::move(e));
  }
  History history(venue_, &store_);
  auto summary = history.Summarize(first_day, days, raised);
  if (!summary.ok()) return ToGrpcStatus(summary.status());
  int64_t critical = 0;
  for (const auto& d : summary->days) {
    FillDay(d, *offset, response->add_days());
    critical += d.alerts_critical;
  }
  auto* total = response->mutable_total();
  total->set_date(request->from_date() + ".." + request->to_date());
  total->set_visitors_in(summary->visitors_in);
  total->set_peak_occupancy(summary->peak_occupancy);
  if (summary->peak_at) ToProto(*summary->peak_at, total->mutable_peak_at());
  total->set_alerts(static_cast<int32_t>(summary->alerts));
  total->set_critical_alerts(static_cast<int32_t>(critical));
  return grpc::Status::OK;
}

grpc::Status CrowdServiceImpl::CorrectOccupancy(grpc::ServerContext*,
                                                const v1::CorrectOccupancyRequest* request,
                                                v1::OccupancyCorrection* response) {
  if (auto s = CheckVenue(request->venue_id()); !s.ok()) return s;
  if (venue_.FindZone(request->zone_id()) == nullptr) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "zone_id: unknown zone");
  }
  if (request->actor().user_id().empty()) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "actor.user_id: required");
  }
  if (request->actor().role() != v1::ROLE_DESK && request->actor().role() != v1::ROLE_ADMIN) {
    return grpc::Status(grpc::StatusCode::PERMISSION_DENIED, "actor.role: only the desk corrects occupancy");
  }
  if (request->reason().empty() || request->reason().size() > 1500) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "reason: required, at most 500 characters");
  }
  Corrector corrector(venue_, &store_, &clock_);
  absl::StatusOr<AuditRecord> record;
  if (request->kind() == v1::CORRECTION_MANUAL) {
    if (request->new_occupancy() < 0) {
      return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "new_occupancy: must be >= 0");
    }
    record = corrector.Manual(request->zone_id(), request->new_occupancy(),
                              request->actor().user_id(), request->reason());
  } else if (request->kind() == v1::CORRECTION_CAMERA) {
    auto occupancy = store_.ReadOccupancy(venue_.id);
    if (!occupancy.ok()) return ToGrpcStatus(occupancy.status());
    auto reports = density_.Latest(venue_.id);
    if (!reports.ok()) return ToGrpcStatus(reports.status());
    auto it = occupancy->find(request->zone_id());
    ZoneFusion fusion = FuseZone(venue_, request->zone_id(), it == occupancy->end() ? 0 : it->second,
                                 *reports, clock_.Now());
    record = corrector.FromCamera(fusion, request->actor().user_id(), request->reason());
  } else {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "kind: CORRECTION_MANUAL or CORRECTION_CAMERA");
  }
  live_counts_.Invalidate();  // applied or not, the next read here asks the store
  if (!record.ok()) return ToGrpcStatus(record.status());
  response->set_venue_id(venue_.id);
  response->set_zone_id(record->zone);
  response->set_kind(request->kind());
  response->set_before(record->before);
  response->set_after(record->after);
  response->set_reason(record->reason);
  *response->mutable_actor() = request->actor();
  ToProto(record->time, response->mutable_at());
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
  // Counts are read fresh (one HGETALL); trends and gate flows, which change by the minute, come
  // from the alert loop's last round when it is under 2 s old. That keeps a read to two Redis
  // round trips while 4 streams ingest (docs/benchmarks.md).
  absl::StatusOr<OccupancyPicture> picture;
  std::vector<GateFlowReport> flow_list;
  auto snapshot = alert_loop_.Latest();
  if (snapshot && now - snapshot->at < std::chrono::seconds(2)) {
    auto counts = CurrentCounts();
    if (!counts.ok()) return ToGrpcStatus(counts.status());
    picture = snapshot->picture;
    int64_t total = 0;
    for (auto& z : picture->zones) {
      auto it = counts->find(z.id);
      z.occupancy = it == counts->end() ? 0 : it->second;
      z.percent = z.capacity > 0 ? 100.0 * z.occupancy / z.capacity : 0;
      z.tier = TierFor(z.occupancy, z.capacity);
      total += z.occupancy;
    }
    picture->venue.occupancy = total;
    picture->venue.percent = venue_.max_capacity > 0 ? 100.0 * total / venue_.max_capacity : 0;
    picture->venue.tier = TierFor(total, venue_.max_capacity, venue_.best_capacity);
    flow_list = snapshot->flows;
  } else {
    picture = ReadPicture(venue_, store_, now);
    if (!picture.ok()) return ToGrpcStatus(picture.status());
    auto flows = ReadGateFlows(venue_, store_, MinuteOf(now) - 1);
    if (!flows.ok()) return ToGrpcStatus(flows.status());
    flow_list = *flows;
  }
  response->set_venue_id(venue_.id);
  response->set_occupancy(picture->venue.occupancy);
  response->set_max_capacity(venue_.max_capacity);
  response->set_capacity_pct(picture->venue.percent);
  response->set_tier(TierToProto(picture->venue.tier));
  response->set_net_flow_per_min(picture->venue.net_flow_per_min);
  response->set_minutes_to_capacity(picture->venue.minutes_to_capacity.value_or(-1));
  ToProto(now, response->mutable_as_of());
  auto reports = CurrentDensity();
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
  // Gate flows are judged on the last full minute.
  for (const auto& f : flow_list) {
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
