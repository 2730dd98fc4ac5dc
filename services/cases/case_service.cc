#include "services/cases/case_service.h"

#include <algorithm>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/match.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "common/grpc/status_convert.h"
#include "common/grpc/time_convert.h"
#include "common/logging.h"
#include "services/cases/case_convert.h"
#include "services/cases/core/access.h"
#include "services/cases/core/lifecycle.h"
#include "services/cases/core/pfif.h"

namespace cs::cases {
namespace v1 = crowdsafe::v1;

CaseServiceImpl::CaseServiceImpl(const Venue& venue, RedisCaseStore& store, const Clock& clock,
                                 CaseServiceOptions options, CaseEventLog* events,
                                 EscalationLoop* escalation)
    : venue_(venue),
      store_(store),
      clock_(clock),
      options_(options),
      index_(venue, MatchConfig{}, options.phrases),
      events_(events),
      escalation_(escalation) {
  auto variants = privacy::ScriptVariants::Open();
  if (variants.ok()) {
    script_variants_ = *std::move(variants);
  } else {
    CS_LOG_ERROR("PFIF exports disabled: {}", variants.status().ToString());
  }
}

namespace {
// The events the service announces concern the case's own zone.
v1::CaseEvent EventOf(const Case& c, const std::string& venue_id, v1::CaseEventType type,
                      TimePoint now) {
  v1::CaseEvent e = CaseEventOf(c, venue_id, type, now);
  e.add_zone_ids(c.zone_id);
  return e;
}
}  // namespace

void CaseServiceImpl::AnnounceFiled(const Case& c) {
  if (events_ == nullptr) return;
  const TimePoint now = clock_.Now();
  if (auto id = events_->Append(EventOf(c, venue_.id, v1::CASE_EVENT_FILED, now)); !id.ok())
    CS_LOG_WARN("case event not announced case={} error={}", c.id, id.status().ToString());
  // The desk hears at once when a new report looks like an open one of the other kind.
  for (const Candidate& m : index_.Match(c, 3)) {
    if (m.total < options_.notify_threshold) break;
    v1::CaseEvent e = EventOf(c, venue_.id, v1::CASE_EVENT_CANDIDATE, now);
    e.set_candidate_case_id(m.case_id);
    if (auto id = events_->Append(e); !id.ok())
      CS_LOG_WARN("candidate not announced case={} error={}", c.id, id.status().ToString());
  }
}

void CaseServiceImpl::AnnounceState(const Case& c) {
  if (events_ == nullptr) return;
  auto id = events_->Append(EventOf(c, venue_.id, v1::CASE_EVENT_STATE_CHANGED, clock_.Now()));
  if (!id.ok()) CS_LOG_WARN("state not announced case={} error={}", c.id, id.status().ToString());
}

void CaseServiceImpl::EscalateNow(const std::string& case_id) {
  if (escalation_ == nullptr) return;
  // The loop retries on its next tick (active cases) or sweep (handed-over ones).
  if (auto fired = escalation_->Escalate(case_id); !fired.ok())
    CS_LOG_WARN("escalation deferred case={} error={}", case_id, fired.status().ToString());
}

absl::StatusOr<size_t> CaseServiceImpl::RebuildIndex() {
  size_t n = 0;
  auto active = store_.ListActive();
  if (!active.ok()) return active.status();
  for (const auto& id : *active) {
    auto c = store_.Get(id);
    if (absl::IsNotFound(c.status())) continue;  // indexed before its first write landed
    if (!c.ok()) return c.status();
    Reindex(*c);
    ++n;
  }
  return n;
}

void CaseServiceImpl::Reindex(const Case& c) { feed_.Apply(c); }

void CaseServiceImpl::Redacted(const Case& c, v1::Case* out) const {
  // Built for a role that never sees the restricted part, so nothing is read or audited.
  CaseView v = BuildView(c, Actor{"", Role::kPatrol}, clock_.Now(), nullptr);
  ViewToProto(c, v, venue_.id, out);
}

absl::Status CaseServiceImpl::Save(const Case& c) {
  auto v = store_.Put(c, c.version);
  if (!v.ok()) return v.status();
  Case stored = c;
  stored.version = *v;  // the feed orders what it applies by the stored version
  Reindex(stored);
  AnnounceState(stored);
  return absl::OkStatus();
}

absl::Status CaseServiceImpl::FileCase(
    Case& c, const Actor& actor, const google::protobuf::RepeatedPtrField<v1::Photo>& photos) {
  if (static_cast<size_t>(photos.size()) > options_.max_photos)
    return Bad(absl::StrCat("photos: ", photos.size(), " photos is over the limit of ",
                            options_.max_photos));
  // Every photo is checked before anything is stored: bad input stores nothing.
  std::vector<SanitizedPhoto> clean;
  for (int i = 0; i < photos.size(); ++i) {
    const auto& type = photos[i].content_type();
    if (!type.empty() && type != "image/jpeg" && type != "image/png")
      return Bad(absl::StrCat("photos[", i, "].content_type: must be image/jpeg or image/png"));
    auto s = SanitizePhoto(photos[i].data(), options_.photo);
    if (!s.ok()) {
      std::string m(s.status().message());
      if (absl::StartsWith(m, "photo:")) m = m.substr(6);
      return Bad(absl::StrCat("photos[", i, "].data:", m));
    }
    clean.push_back(*std::move(s));
  }
  if (!clean.empty()) {
    // Colours from the first photo help matching when the words say nothing.
    auto colours = DominantClothingColours(clean[0].bytes, options_.photo);
    if (colours.ok()) {
      if (c.child.clothing.top.photo_colours.empty()) c.child.clothing.top.photo_colours = colours->top;
      if (c.child.clothing.bottom.photo_colours.empty())
        c.child.clothing.bottom.photo_colours = colours->bottom;
    }
  }
  auto id = store_.NewId();
  if (!id.ok()) return id.status();
  c.id = *id;
  for (size_t i = 0; i < clean.size(); ++i) {
    auto ref = store_.PutPhoto(c.id, static_cast<int>(i), clean[i].bytes);
    if (!ref.ok()) return ref.status();
    c.child.photo_refs.push_back(*ref);
  }
  c.audit.push_back({c.filed_at, actor.id, actor.role, "filed", "",
                     CaseStateName(c.state), "", CaseKindName(c.kind)});
  auto v = store_.Put(c, 0);
  if (!v.ok()) return v.status();
  c.version = *v;
  Reindex(c);
  AnnounceFiled(c);
  EscalateNow(c.id);
  return absl::OkStatus();
}

grpc::Status CaseServiceImpl::FileMissingReport(grpc::ServerContext*,
                                                const v1::FileMissingReportRequest* req,
                                                v1::Case* out) {
  // Every time the client sent, against the Timestamp range first (time_convert.h).
  if (auto s = CheckProtoTimes(*req); !s.ok()) return ToGrpcStatus(s);
  auto actor = Writer(req->actor());
  if (!actor.ok()) return ToGrpcStatus(actor.status());
  const auto& p = req->report();
  if (auto s = CheckVenue(p.venue_id(), venue_, "report.venue_id"); !s.ok()) return ToGrpcStatus(s);
  if (p.last_seen_note().size() > 600)  // 200 characters of up to 3 bytes
    return ToGrpcStatus(Bad("report.last_seen_note: over 200 characters"));
  MissingReport r;
  if (auto s = ChildFromProto(p.child(), &r.child); !s.ok()) return ToGrpcStatus(s);
  r.last_seen_zone = p.last_seen_zone_id();
  if (p.has_last_seen_at()) r.last_seen_at = FromProtoTime(p.last_seen_at());
  r.last_seen_note = p.last_seen_note();
  r.filed_by = actor->id;
  RestrictedFromProto(p.restricted(), &r.restricted);
  const TimePoint now = clock_.Now();
  if (auto s = ValidateMissing(r, venue_, now, options_.validation); !s.ok())
    return ToGrpcStatus(ToProtoField(s));
  Case c = CaseFromMissing("", r, now);
  if (auto s = FileCase(c, *actor, req->photos()); !s.ok()) return ToGrpcStatus(s);
  Redacted(c, out);
  return grpc::Status::OK;
}

grpc::Status CaseServiceImpl::FileFoundReport(grpc::ServerContext*,
                                              const v1::FileFoundReportRequest* req,
                                              v1::Case* out) {
  // Every time the client sent, against the Timestamp range first (time_convert.h).
  if (auto s = CheckProtoTimes(*req); !s.ok()) return ToGrpcStatus(s);
  auto actor = Writer(req->actor());
  if (!actor.ok()) return ToGrpcStatus(actor.status());
  const auto& p = req->report();
  if (auto s = CheckVenue(p.venue_id(), venue_, "report.venue_id"); !s.ok()) return ToGrpcStatus(s);
  FoundReport r;
  if (auto s = ChildFromProto(p.child(), &r.child); !s.ok()) return ToGrpcStatus(s);
  r.found_zone = p.found_zone_id();
  if (p.has_found_at()) r.found_at = FromProtoTime(p.found_at());
  r.officer_id = actor->id;
  r.held_at = p.held_at();
  RestrictedFromProto(p.restricted(), &r.restricted);
  const TimePoint now = clock_.Now();
  if (auto s = ValidateFound(r, venue_, now, options_.validation); !s.ok())
    return ToGrpcStatus(ToProtoField(s));
  Case c = CaseFromFound("", r, now);
  if (auto s = FileCase(c, *actor, req->photos()); !s.ok()) return ToGrpcStatus(s);
  Redacted(c, out);
  return grpc::Status::OK;
}

grpc::Status CaseServiceImpl::GetCase(grpc::ServerContext*, const v1::GetCaseRequest* req,
                                      v1::Case* out) {
  auto actor = ActorFromProto(req->actor());
  if (!actor.ok()) return ToGrpcStatus(actor.status());
  if (req->reason().size() > 2000) return ToGrpcStatus(Bad("reason: over 500 characters"));
  auto c = store_.Get(req->case_id());
  if (!c.ok()) return ToGrpcStatus(c.status());
  // The desk sees the restricted part only when it states why; each read is audited first.
  Actor viewer = *actor;
  if (viewer.role == Role::kDesk && req->reason().empty()) viewer.role = Role::kPatrol;
  std::vector<AuditEntry> reads;
  CaseView v = BuildView(*c, viewer, clock_.Now(), &reads);
  for (auto& e : reads) e.reason = req->reason();
  if (!reads.empty()) {
    if (auto s = store_.AppendAudit(c->id, reads); !s.ok()) return ToGrpcStatus(s);
    c->audit.insert(c->audit.end(), reads.begin(), reads.end());
  }
  ViewToProto(*c, v, venue_.id, out);
  return grpc::Status::OK;
}

grpc::Status CaseServiceImpl::ListCases(grpc::ServerContext*, const v1::ListCasesRequest* req,
                                        v1::ListCasesResponse* out) {
  auto actor = ActorFromProto(req->actor());
  if (!actor.ok()) return ToGrpcStatus(actor.status());
  if (auto s = CheckVenue(req->venue_id(), venue_, "venue_id"); !s.ok()) return ToGrpcStatus(s);
  std::vector<CaseState> states;
  for (int s : req->states()) {
    auto st = StateFromProto(static_cast<v1::CaseState>(s));
    if (!st) return ToGrpcStatus(Bad("states: unknown state"));
    states.push_back(*st);
  }
  if (states.empty())
    states = {CaseState::kOpen, CaseState::kMatchProposed, CaseState::kMatchConfirmed,
              CaseState::kGuardianVerified, CaseState::kReunited};
  int size = req->page().page_size() <= 0 ? options_.list_page_default : req->page().page_size();
  size = std::min(size, options_.list_page_max);
  size_t offset = 0;
  if (!req->page().page_token().empty() && !absl::SimpleAtoi(req->page().page_token(), &offset))
    return ToGrpcStatus(Bad("page.page_token: is not a token from this service"));
  auto ids = store_.ListAll();
  if (!ids.ok()) return ToGrpcStatus(ids.status());
  size_t i = offset;
  for (; i < ids->size() && out->cases_size() < size; ++i) {
    auto c = store_.Get((*ids)[i]);
    if (absl::IsNotFound(c.status())) continue;
    if (!c.ok()) return ToGrpcStatus(c.status());
    if (std::find(states.begin(), states.end(), c->state) == states.end()) continue;
    if (req->kind() == v1::CASE_MISSING && c->kind != CaseKind::kMissing) continue;
    if (req->kind() == v1::CASE_FOUND && c->kind != CaseKind::kFound) continue;
    Redacted(*c, out->add_cases());
  }
  if (i < ids->size()) out->mutable_page()->set_next_page_token(absl::StrCat(i));
  return grpc::Status::OK;
}

grpc::Status CaseServiceImpl::ListCandidates(grpc::ServerContext*,
                                             const v1::ListCandidatesRequest* req,
                                             v1::ListCandidatesResponse* out) {
  auto actor = ActorFromProto(req->actor());
  if (!actor.ok()) return ToGrpcStatus(actor.status());
  int limit = req->limit() == 0 ? 5 : req->limit();
  if (limit < 0 || limit > 20) return ToGrpcStatus(Bad("limit: must be 1..20"));
  // The desk reads this list all day. An open case is in the match index with the profile
  // built when it was filed: match from that, then read the case itself (it must still exist)
  // and the candidates' descriptions in one round trip. A case not indexed (closed, or filed
  // by another replica a moment ago) is read first and matched from its stored description.
  std::vector<Candidate> matches;
  std::vector<std::string> ids = {req->case_id()};
  if (auto indexed = index_.MatchIndexed(req->case_id(), static_cast<size_t>(limit))) {
    matches = *std::move(indexed);
  } else {
    auto c = store_.Get(req->case_id());
    if (!c.ok()) return ToGrpcStatus(c.status());
    matches = index_.Match(*c, static_cast<size_t>(limit));
  }
  for (const Candidate& m : matches) ids.push_back(m.case_id);
  const auto cases = store_.GetWithoutAudit(ids);
  if (!cases[0].ok()) return ToGrpcStatus(cases[0].status());  // not found, or Redis down
  for (size_t i = 0; i < matches.size(); ++i) {
    const auto& other = cases[i + 1];
    if (!other.ok()) continue;  // gone since it was indexed
    CandidateToProto(matches[i], *other, out->add_candidates());
  }
  out->set_notify_threshold(options_.notify_threshold);
  return grpc::Status::OK;
}

void CaseServiceImpl::CandidateToProto(const Candidate& m, const Case& other, v1::Candidate* o) {
  o->set_case_id(m.case_id);
  o->set_score(std::clamp(m.total, 0.0, 1.0));
  for (const FeatureScore& f : m.features) {
    auto* fs = o->add_features();
    fs->set_feature(f.feature);
    fs->set_score(std::clamp(f.score, 0.0, 1.0));
    fs->set_weight(f.weight);
    fs->set_explanation(f.explanation);
    fs->set_explanation_zh(f.explanation_zh);
    fs->set_warning(f.contradiction);
  }
  o->set_label(m.label);
  o->set_label_reason_zh(m.label_reason_zh);
  o->set_label_reason_en(m.label_reason_en);
  o->set_tied(m.tied);
  ChildToProto(other.child, o->mutable_child());
  o->set_zone_id(other.zone_id);
  *o->mutable_at() = ToProtoTime(other.seen_at);
}

grpc::Status CaseServiceImpl::ConfirmMatch(grpc::ServerContext*,
                                           const v1::ConfirmMatchRequest* req, v1::Case* out) {
  auto actor = Writer(req->actor());
  if (!actor.ok()) return ToGrpcStatus(actor.status());
  auto a = store_.Get(req->case_id());
  if (!a.ok()) return ToGrpcStatus(a.status());
  auto b = store_.Get(req->other_case_id());
  if (!b.ok()) return ToGrpcStatus(b.status());
  Case& missing = a->kind == CaseKind::kMissing ? *a : *b;
  Case& found = a->kind == CaseKind::kMissing ? *b : *a;
  const TimePoint now = clock_.Now();
  // The person picked this candidate and confirms it: propose and confirm in one step.
  if (missing.state == CaseState::kOpen && found.state == CaseState::kOpen) {
    if (auto s = cases::ProposeMatch(missing, found, *actor, now); !s.ok())
      return ToGrpcStatus(s);
  }
  if (auto s = cases::ConfirmMatch(missing, found, *actor, now); !s.ok()) return ToGrpcStatus(s);
  // Two cases, two slots: written one after the other. A lost race on the second leaves the
  // first confirmed; the caller sees ABORTED and can retry (the core accepts the re-confirm
  // only while both are MATCH_PROPOSED, so a retry after a half write needs TransitionCase).
  if (auto s = Save(missing); !s.ok()) return ToGrpcStatus(s);
  if (auto s = Save(found); !s.ok()) return ToGrpcStatus(s);
  Redacted(*a, out);
  return grpc::Status::OK;
}

grpc::Status CaseServiceImpl::LinkDuplicate(grpc::ServerContext*,
                                            const v1::LinkDuplicateRequest* req, v1::Case* out) {
  auto actor = Writer(req->actor());
  if (!actor.ok()) return ToGrpcStatus(actor.status());
  auto dup = store_.Get(req->case_id());
  if (!dup.ok()) return ToGrpcStatus(dup.status());
  auto keep = store_.Get(req->duplicate_of());
  if (!keep.ok()) return ToGrpcStatus(keep.status());
  if (auto s = cases::LinkDuplicate(*keep, *dup, *actor, clock_.Now()); !s.ok())
    return ToGrpcStatus(s);
  if (auto s = Save(*dup); !s.ok()) return ToGrpcStatus(s);
  if (auto s = Save(*keep); !s.ok()) return ToGrpcStatus(s);
  Redacted(*dup, out);
  return grpc::Status::OK;
}

grpc::Status CaseServiceImpl::TransitionCase(grpc::ServerContext*,
                                             const v1::TransitionCaseRequest* req,
                                             v1::Case* out) {
  auto actor = Writer(req->actor());
  if (!actor.ok()) return ToGrpcStatus(actor.status());
  auto to = StateFromProto(req->to());
  if (!to || req->to() == v1::CASE_STATE_UNSPECIFIED) return ToGrpcStatus(Bad("to: is required"));
  if (req->reason().size() > 2000) return ToGrpcStatus(Bad("reason: over 500 characters"));
  auto c = store_.Get(req->case_id());
  if (!c.ok()) return ToGrpcStatus(c.status());
  if (auto s = Transition(*c, *to, *actor, clock_.Now(), req->reason()); !s.ok())
    return ToGrpcStatus(s);
  if (auto s = Save(*c); !s.ok()) return ToGrpcStatus(s);
  Redacted(*c, out);
  return grpc::Status::OK;
}

grpc::Status CaseServiceImpl::VerifyGuardian(grpc::ServerContext*,
                                             const v1::VerifyGuardianRequest* req, v1::Case* out) {
  auto actor = Writer(req->actor());
  if (!actor.ok()) return ToGrpcStatus(actor.status());
  // The officer who brings the child, or the desk at the centre, checks the document.
  if (actor->role != Role::kDesk && actor->role != Role::kPatrol)
    return ToGrpcStatus(absl::PermissionDeniedError("actor.role: desk or patrol verifies"));
  // Masked at once; the full number lives only in the request and is never logged or stored.
  auto masked = MaskIdNumber(req->document_number());
  if (!masked.ok()) {
    std::string m(masked.status().message());
    return ToGrpcStatus(Bad("document_number" + m.substr(m.find(':'))));
  }
  auto c = store_.Get(req->case_id());
  if (!c.ok()) return ToGrpcStatus(c.status());
  GuardianVerification v{req->document_type(), *masked, actor->id, {}};
  if (auto s = cases::VerifyGuardian(*c, std::move(v), *actor, clock_.Now()); !s.ok()) {
    if (s.code() == absl::StatusCode::kInvalidArgument &&
        absl::StartsWith(s.message(), "guardian.document_type"))
      return ToGrpcStatus(Bad("document_type: is required (at most 40 characters)"));
    return ToGrpcStatus(s);
  }
  if (auto s = Save(*c); !s.ok()) return ToGrpcStatus(s);
  Redacted(*c, out);
  return grpc::Status::OK;
}

grpc::Status CaseServiceImpl::CompleteHandover(grpc::ServerContext*,
                                               const v1::CompleteHandoverRequest* req,
                                               v1::Case* out) {
  auto actor = Writer(req->actor());
  if (!actor.ok()) return ToGrpcStatus(actor.status());
  if (req->note().size() > 2000) return ToGrpcStatus(Bad("note: over 500 characters"));
  auto c = store_.Get(req->case_id());
  if (!c.ok()) return ToGrpcStatus(c.status());
  std::string note = req->note().empty() ? "handover" : req->note();
  if (auto s = Transition(*c, CaseState::kReunited, *actor, clock_.Now(), note); !s.ok())
    return ToGrpcStatus(s);
  if (auto s = Save(*c); !s.ok()) return ToGrpcStatus(s);
  // The counterpart report of the same child is reunited too, so neither board keeps it open.
  // It is best effort: the handover itself is stored, and the desk can move the other case.
  if (!c->matched_id.empty()) {
    // The guardian was verified for this child, so the verification carries over to it.
    auto other = store_.Get(c->matched_id);
    if (other.ok() && other->state == CaseState::kMatchConfirmed && c->guardian)
      (void)cases::VerifyGuardian(*other, *c->guardian, *actor, clock_.Now());
    if (other.ok() && IsLegalTransition(other->state, CaseState::kReunited)) {
      auto moved = Transition(*other, CaseState::kReunited, *actor, clock_.Now(), note);
      if (moved.ok()) moved = Save(*other);
      if (!moved.ok())
        CS_LOG_WARN("counterpart not reunited case={} error={}", c->matched_id, moved.ToString());
    }
    EscalateNow(c->matched_id);
  }
  EscalateNow(c->id);  // a follow-up appeal, if an appeal went out
  Redacted(*c, out);
  return grpc::Status::OK;
}

grpc::Status CaseServiceImpl::RespondToBroadcast(grpc::ServerContext*,
                                                 const v1::RespondToBroadcastRequest* req,
                                                 v1::Case* out) {
  auto actor = Writer(req->actor());
  if (!actor.ok()) return ToGrpcStatus(actor.status());
  BroadcastResponse response;
  switch (req->response()) {
    case v1::BROADCAST_SEARCHING: response = BroadcastResponse::kSearching; break;
    case v1::BROADCAST_SEEN: response = BroadcastResponse::kSeen; break;
    case v1::BROADCAST_FOUND: response = BroadcastResponse::kFound; break;
    default: return ToGrpcStatus(Bad("response: is required (SEARCHING, SEEN or FOUND)"));
  }
  if (!req->zone_id().empty() && venue_.FindZone(req->zone_id()) == nullptr)
    return ToGrpcStatus(Bad("zone_id: not a zone of this venue"));
  auto c = store_.Get(req->case_id());
  if (!c.ok()) return ToGrpcStatus(c.status());
  if (auto s = RecordBroadcastResponse(*c, response, req->zone_id(), req->note(), *actor,
                                       clock_.Now());
      !s.ok())
    return ToGrpcStatus(s);
  if (auto s = Save(*c); !s.ok()) return ToGrpcStatus(s);
  Redacted(*c, out);
  return grpc::Status::OK;
}

grpc::Status CaseServiceImpl::WatchCaseEvents(grpc::ServerContext* context,
                                              const v1::WatchCaseEventsRequest* req,
                                              grpc::ServerWriter<v1::CaseEvent>* writer) {
  auto actor = ActorFromProto(req->actor());
  if (!actor.ok()) return ToGrpcStatus(actor.status());
  if (auto s = CheckVenue(req->venue_id(), venue_, "venue_id"); !s.ok()) return ToGrpcStatus(s);
  std::vector<std::string> zones(req->zone_ids().begin(), req->zone_ids().end());
  for (size_t i = 0; i < zones.size(); ++i) {
    if (venue_.FindZone(zones[i]) == nullptr)
      return ToGrpcStatus(Bad(absl::StrCat("zone_ids[", i, "]: unknown zone")));  // not echoed
  }
  if (events_ == nullptr) return grpc::Status(grpc::StatusCode::UNAVAILABLE, "no event log");
  std::string cursor = req->after().value();
  if (cursor.empty()) {
    auto last = events_->LastCursor();
    if (!last.ok()) return ToGrpcStatus(last.status());
    cursor = *last;
  } else if (cursor.find_first_not_of("0123456789-") != std::string::npos) {
    return ToGrpcStatus(Bad("after.value: is not a cursor from this service"));
  }
  uint64_t seen = events_->WaitForAppend(0, Duration(0));
  // Polling the stream keeps the service stateless: a device resumes on any replica from its
  // cursor. Local appends wake the loop at once; 100 ms catches other replicas'.
  while (!context->IsCancelled()) {
    auto batch = events_->After(cursor, 200);
    if (!batch.ok()) return ToGrpcStatus(batch.status());
    for (const v1::CaseEvent& e : *batch) {
      cursor = e.cursor().value();
      if (!EventVisibleTo(e, req->actor().role(), zones)) continue;
      if (!writer->Write(e)) return grpc::Status::OK;
    }
    if (batch->empty()) seen = events_->WaitForAppend(seen, std::chrono::milliseconds(100));
  }
  return grpc::Status::OK;
}

grpc::Status CaseServiceImpl::GetPhoto(grpc::ServerContext*, const v1::GetPhotoRequest* req,
                                       v1::PhotoContent* out) {
  auto actor = ActorFromProto(req->actor());
  if (!actor.ok()) return ToGrpcStatus(actor.status());
  const v1::Role role = req->actor().role();
  if (role != v1::ROLE_PATROL && role != v1::ROLE_DESK && role != v1::ROLE_SYSTEM)
    return ToGrpcStatus(absl::PermissionDeniedError(
        "actor.role: case photos are for patrol and desk; published photos come from appeals"));
  auto c = store_.Get(req->case_id());
  if (!c.ok()) return ToGrpcStatus(c.status());
  const auto& refs = c->child.photo_refs;
  if (std::find(refs.begin(), refs.end(), req->photo_id()) == refs.end())
    return ToGrpcStatus(absl::NotFoundError("photo_id: not a photo of this case"));
  auto bytes = store_.GetPhoto(c->id, req->photo_id());
  if (!bytes.ok()) return ToGrpcStatus(bytes.status());
  const bool png = bytes->size() >= 4 && static_cast<unsigned char>((*bytes)[0]) == 0x89;
  out->set_content_type(png ? "image/png" : "image/jpeg");
  out->set_data(*std::move(bytes));
  return grpc::Status::OK;
}

grpc::Status CaseServiceImpl::GetAuditLog(grpc::ServerContext*,
                                          const v1::GetAuditLogRequest* req,
                                          v1::GetAuditLogResponse* out) {
  auto actor = ActorFromProto(req->actor());
  if (!actor.ok()) return ToGrpcStatus(actor.status());
  const auto role = req->actor().role();
  if (role != v1::ROLE_DESK && role != v1::ROLE_ADMIN && role != v1::ROLE_SYSTEM)
    return ToGrpcStatus(absl::PermissionDeniedError("actor.role: desk or admin only"));
  auto c = store_.Get(req->case_id());
  if (!c.ok()) return ToGrpcStatus(c.status());
  for (const AuditEntry& e : c->audit) {
    auto* o = out->add_entries();
    *o->mutable_at() = ToProtoTime(e.time);
    o->mutable_actor()->set_user_id(e.actor);
    o->mutable_actor()->set_role(RoleToProto(e.role));
    o->set_action(e.action);
    o->set_from(StateFromName(e.from_state));
    o->set_to(StateFromName(e.to_state));
    o->set_field(e.field_read);
    o->set_reason(e.reason);
  }
  return grpc::Status::OK;
}

}  // namespace cs::cases
