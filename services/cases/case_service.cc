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
#include "services/cases/core/access.h"
#include "services/cases/core/lifecycle.h"
#include "services/cases/core/pfif.h"

namespace cs::cases {
namespace v1 = crowdsafe::v1;

namespace {

TimePoint FromProto(const google::protobuf::Timestamp& t) {
  return TimePoint(std::chrono::duration_cast<Duration>(std::chrono::seconds(t.seconds()) +
                                                        std::chrono::nanoseconds(t.nanos())));
}

void ToProto(TimePoint t, google::protobuf::Timestamp* out) {
  int64_t ms = ToMillis(t);
  int64_t s = ms >= 0 ? ms / 1000 : (ms - 999) / 1000;
  out->set_seconds(s);
  out->set_nanos(static_cast<int32_t>((ms - s * 1000) * 1'000'000));
}

absl::Status Bad(std::string message) { return absl::InvalidArgumentError(std::move(message)); }

// Core messages name the core's fields; the caller knows the proto's. Only the field path
// (before the first ": ") is rewritten.
absl::Status ToProtoField(const absl::Status& s) {
  if (s.code() != absl::StatusCode::kInvalidArgument) return s;
  std::string message(s.message());
  std::string field = FieldOf(message);
  if (field.empty()) return s;
  std::string rest = message.substr(field.size());
  std::string f = field;
  if (absl::StartsWith(f, "missing.") || absl::StartsWith(f, "found."))
    f = "report." + f.substr(f.find('.') + 1);
  f = absl::StrReplaceAll(f, {{".colour_words", ".colours"},
                              {".text", ".description"},
                              {".photo_refs", ".photo_ids"},
                              {"report.last_seen_zone", "report.last_seen_zone_id"},
                              {"report.found_zone", "report.found_zone_id"},
                              {"report.filed_by", "actor.user_id"},
                              {"report.officer_id", "actor.user_id"}});
  return Bad(f + rest);
}

absl::StatusOr<Role> RoleFromProto(v1::Role r) {
  switch (r) {
    case v1::ROLE_PATROL: return Role::kPatrol;
    case v1::ROLE_DESK: return Role::kDesk;
    case v1::ROLE_PRESS: return Role::kPress;
    case v1::ROLE_ADMIN: return Role::kPress;  // admin sees no restricted data by default
    case v1::ROLE_SYSTEM: return Role::kSystem;
    default: return Bad("actor.role: is required");
  }
}

v1::Role RoleToProto(Role r) {
  switch (r) {
    case Role::kPatrol: return v1::ROLE_PATROL;
    case Role::kDesk: return v1::ROLE_DESK;
    case Role::kPress: return v1::ROLE_PRESS;
    case Role::kSystem: return v1::ROLE_SYSTEM;
  }
  return v1::ROLE_UNSPECIFIED;
}

absl::StatusOr<Actor> ActorFromProto(const v1::Actor& a) {
  if (a.user_id().empty() || a.user_id().size() > 100)
    return Bad("actor.user_id: is required (at most 100 characters)");
  auto role = RoleFromProto(a.role());
  if (!role.ok()) return role.status();
  return Actor{a.user_id(), *role};
}

// Writes that change a case: patrol, desk and timers; press and admin only read.
absl::StatusOr<Actor> Writer(const v1::Actor& a) {
  auto actor = ActorFromProto(a);
  if (!actor.ok()) return actor.status();
  if (actor->role == Role::kPress || a.role() == v1::ROLE_ADMIN)
    return absl::PermissionDeniedError("actor.role: may not change cases");
  return actor;
}

v1::CaseState StateToProto(CaseState s) {
  switch (s) {
    case CaseState::kOpen: return v1::CASE_OPEN;
    case CaseState::kMatchProposed: return v1::CASE_MATCH_PROPOSED;
    case CaseState::kMatchConfirmed: return v1::CASE_MATCH_CONFIRMED;
    case CaseState::kGuardianVerified: return v1::CASE_GUARDIAN_VERIFIED;
    case CaseState::kReunited: return v1::CASE_REUNITED;
    case CaseState::kClosed: return v1::CASE_CLOSED;
    case CaseState::kCancelled: return v1::CASE_CANCELLED;
    case CaseState::kDuplicateLinked: return v1::CASE_DUPLICATE;
    case CaseState::kPurged: return v1::CASE_PURGED;
  }
  return v1::CASE_STATE_UNSPECIFIED;
}

std::optional<CaseState> StateFromProto(v1::CaseState s) {
  for (int i = 0; i <= static_cast<int>(CaseState::kPurged); ++i)
    if (StateToProto(static_cast<CaseState>(i)) == s) return static_cast<CaseState>(i);
  return std::nullopt;
}

v1::CaseState StateFromName(const std::string& name) {
  for (int i = 0; i <= static_cast<int>(CaseState::kPurged); ++i)
    if (name == CaseStateName(static_cast<CaseState>(i)))
      return StateToProto(static_cast<CaseState>(i));
  return v1::CASE_STATE_UNSPECIFIED;
}

absl::Status GarmentFromProto(const std::string& field, const v1::Garment& in, Garment* out) {
  if (in.colours_size() > 5) return Bad(field + ".colours: more than 5 colour words");
  out->colour_words = absl::StrJoin(in.colours(), " ");
  out->text = in.description();
  return absl::OkStatus();
}

absl::Status ChildFromProto(const v1::ChildDescription& in, ChildDescription* out) {
  switch (in.sex()) {
    case v1::SEX_MALE: out->sex = Sex::kMale; break;
    case v1::SEX_FEMALE: out->sex = Sex::kFemale; break;
    case v1::SEX_UNSPECIFIED: out->sex = Sex::kUnknown; break;
    default: return Bad("report.child.sex: unknown value");
  }
  out->age_min = in.age_min();
  out->age_max = in.age_max();
  out->height_cm = in.height_cm();
  out->features = in.features();
  out->language = in.language();
  if (in.photo_ids_size() > 0)
    return Bad("report.child.photo_ids: are set by the service; send the photos instead");
  const std::pair<const char*, std::pair<const v1::Garment*, Garment*>> garments[] = {
      {"top", {&in.clothing().top(), &out->clothing.top}},
      {"bottom", {&in.clothing().bottom(), &out->clothing.bottom}},
      {"hat", {&in.clothing().hat(), &out->clothing.hat}},
      {"shoes", {&in.clothing().shoes(), &out->clothing.shoes}}};
  for (const auto& [name, g] : garments) {
    if (auto s = GarmentFromProto(absl::StrCat("report.child.clothing.", name), *g.first, g.second);
        !s.ok())
      return s;
  }
  return absl::OkStatus();
}

void ChildToProto(const ChildDescription& in, v1::ChildDescription* out) {
  out->set_sex(in.sex == Sex::kMale     ? v1::SEX_MALE
               : in.sex == Sex::kFemale ? v1::SEX_FEMALE
                                        : v1::SEX_UNSPECIFIED);
  out->set_age_min(in.age_min);
  out->set_age_max(in.age_max);
  out->set_height_cm(in.height_cm);
  auto garment = [](const Garment& g, v1::Garment* o) {
    o->set_description(g.text);
    for (absl::string_view w : absl::StrSplit(g.colour_words, ' ', absl::SkipEmpty()))
      o->add_colours(std::string(w));
  };
  garment(in.clothing.top, out->mutable_clothing()->mutable_top());
  garment(in.clothing.bottom, out->mutable_clothing()->mutable_bottom());
  garment(in.clothing.hat, out->mutable_clothing()->mutable_hat());
  garment(in.clothing.shoes, out->mutable_clothing()->mutable_shoes());
  out->set_features(in.features);
  out->set_language(in.language);
  for (const auto& ref : in.photo_refs) out->add_photo_ids(ref);
}

void RestrictedFromProto(const v1::RestrictedPart& in, RestrictedInfo* out) {
  out->child_name = in.child_name();
  out->guardian_name = in.guardian_name();
  out->guardian_phone = in.guardian_phone();
}

absl::Status CheckVenue(const std::string& venue_id, const Venue& venue, const char* field) {
  if (venue_id != venue.id)
    return Bad(absl::StrCat(field, ": this service serves venue '", venue.id, "'"));
  return absl::OkStatus();
}

int EscalationStage(const Case& c) {
  int stage = 0;
  for (const auto& key : c.fired_actions) {
    if (absl::StrContains(key, "appeal")) stage = std::max(stage, 2);
    if (absl::StrContains(key, "venue") || absl::StrContains(key, "exit")) stage = std::max(stage, 1);
  }
  return stage;
}

// Fills `out` from a role view; `c` gives what a view does not carry (bookkeeping only).
void ViewToProto(const Case& c, const CaseView& v, const std::string& venue_id, v1::Case* out) {
  out->set_case_id(v.id);
  out->set_venue_id(venue_id);
  out->set_kind(v.kind == CaseKind::kMissing ? v1::CASE_MISSING : v1::CASE_FOUND);
  out->set_state(StateToProto(v.state));
  auto restricted = [&](v1::RestrictedPart* r) {
    if (!v.restricted) return;
    r->set_child_name(v.restricted->child_name);
    r->set_guardian_name(v.restricted->guardian_name);
    r->set_guardian_phone(v.restricted->guardian_phone);
  };
  if (v.kind == CaseKind::kMissing) {
    auto* m = out->mutable_missing();
    m->set_venue_id(venue_id);
    ChildToProto(v.child, m->mutable_child());
    m->set_last_seen_zone_id(v.zone_id);
    ToProto(v.seen_at, m->mutable_last_seen_at());
    restricted(m->mutable_restricted());
  } else {
    auto* f = out->mutable_found();
    f->set_venue_id(venue_id);
    ChildToProto(v.child, f->mutable_child());
    f->set_found_zone_id(v.zone_id);
    ToProto(v.seen_at, f->mutable_found_at());
    f->set_held_at(v.held_at);
    restricted(f->mutable_restricted());
  }
  out->set_matched_case_id(v.matched_id);
  if (v.state == CaseState::kDuplicateLinked && !v.linked_ids.empty())
    out->set_duplicate_of(v.linked_ids.back());
  if (c.guardian) {
    auto* g = out->mutable_verification();
    g->set_document_type(c.guardian->document_type);
    if (v.guardian_masked_number) g->set_document_number_masked(*v.guardian_masked_number);
    g->set_verified_by(c.guardian->verifier_id);
    ToProto(c.guardian->verified_at, g->mutable_verified_at());
  }
  ToProto(c.filed_at, out->mutable_created_at());
  ToProto(c.audit.empty() ? c.filed_at : c.audit.back().time, out->mutable_updated_at());
  out->set_escalation_stage(EscalationStage(c));
  out->set_created_by(c.filed_by);
  out->set_restricted_redacted(!v.restricted && !c.restricted.Empty());
}

}  // namespace

CaseServiceImpl::CaseServiceImpl(const Venue& venue, RedisCaseStore& store, const Clock& clock,
                                 CaseServiceOptions options)
    : venue_(venue), store_(store), clock_(clock), options_(options), index_(venue) {}

absl::StatusOr<size_t> CaseServiceImpl::RebuildIndex() {
  size_t n = 0;
  for (const auto& id : store_.ListActive()) {
    auto c = store_.Get(id);
    if (absl::IsNotFound(c.status())) continue;  // indexed before its first write landed
    if (!c.ok()) return c.status();
    Reindex(*c);
    ++n;
  }
  return n;
}

void CaseServiceImpl::Reindex(const Case& c) {
  if (IsActive(c.state)) {
    index_.Upsert(c);
  } else {
    index_.Remove(c.id);
  }
}

void CaseServiceImpl::Redacted(const Case& c, v1::Case* out) const {
  // Built for a role that never sees the restricted part, so nothing is read or audited.
  CaseView v = BuildView(c, Actor{"", Role::kPatrol}, clock_.Now(), nullptr);
  ViewToProto(c, v, venue_.id, out);
}

absl::Status CaseServiceImpl::Save(const Case& c) {
  auto v = store_.Put(c, c.version);
  if (!v.ok()) return v.status();
  Reindex(c);
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
  return absl::OkStatus();
}

grpc::Status CaseServiceImpl::FileMissingReport(grpc::ServerContext*,
                                                const v1::FileMissingReportRequest* req,
                                                v1::Case* out) {
  auto actor = Writer(req->actor());
  if (!actor.ok()) return ToGrpcStatus(actor.status());
  const auto& p = req->report();
  if (auto s = CheckVenue(p.venue_id(), venue_, "report.venue_id"); !s.ok()) return ToGrpcStatus(s);
  if (p.last_seen_note().size() > 600)  // 200 characters of up to 3 bytes
    return ToGrpcStatus(Bad("report.last_seen_note: over 200 characters"));
  MissingReport r;
  if (auto s = ChildFromProto(p.child(), &r.child); !s.ok()) return ToGrpcStatus(s);
  r.last_seen_zone = p.last_seen_zone_id();
  if (p.has_last_seen_at()) r.last_seen_at = FromProto(p.last_seen_at());
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
  auto actor = Writer(req->actor());
  if (!actor.ok()) return ToGrpcStatus(actor.status());
  const auto& p = req->report();
  if (auto s = CheckVenue(p.venue_id(), venue_, "report.venue_id"); !s.ok()) return ToGrpcStatus(s);
  FoundReport r;
  if (auto s = ChildFromProto(p.child(), &r.child); !s.ok()) return ToGrpcStatus(s);
  r.found_zone = p.found_zone_id();
  if (p.has_found_at()) r.found_at = FromProto(p.found_at());
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
  auto c = store_.Get(req->case_id());
  if (!c.ok()) return ToGrpcStatus(c.status());
  for (const Candidate& m : index_.Match(*c, static_cast<size_t>(limit))) {
    auto other = store_.Get(m.case_id);
    if (!other.ok()) continue;  // gone since it was indexed
    auto* o = out->add_candidates();
    o->set_case_id(m.case_id);
    o->set_score(std::clamp(m.total, 0.0, 1.0));
    for (const FeatureScore& f : m.features) {
      auto* fs = o->add_features();
      fs->set_feature(f.feature);
      fs->set_score(std::clamp(f.score, 0.0, 1.0));
      fs->set_weight(f.weight);
      fs->set_explanation(f.explanation);
      fs->set_warning(f.score < 0.5);
    }
    ChildToProto(other->child, o->mutable_child());
    o->set_zone_id(other->zone_id);
    ToProto(other->seen_at, o->mutable_at());
  }
  return grpc::Status::OK;
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
  if (actor->role != Role::kDesk)
    return ToGrpcStatus(absl::PermissionDeniedError("actor.role: only the desk verifies"));
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
  Redacted(*c, out);
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
    ToProto(e.time, o->mutable_at());
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

grpc::Status CaseServiceImpl::ExportPfif(grpc::ServerContext*, const v1::ExportPfifRequest* req,
                                         v1::ExportPfifResponse* out) {
  auto actor = ActorFromProto(req->actor());
  if (!actor.ok()) return ToGrpcStatus(actor.status());
  if (auto s = CheckVenue(req->venue_id(), venue_, "venue_id"); !s.ok()) return ToGrpcStatus(s);
  std::vector<std::string> ids(req->case_ids().begin(), req->case_ids().end());
  const bool all = ids.empty();
  if (all) {
    auto listed = store_.ListAll();
    if (!listed.ok()) return ToGrpcStatus(listed.status());
    ids = *std::move(listed);
  }
  const bool has_start = req->since().has_start(), has_end = req->since().has_end();
  std::vector<Case> cases;
  for (const auto& id : ids) {
    auto c = store_.Get(id);
    if (absl::IsNotFound(c.status()) && all) continue;
    if (!c.ok()) return ToGrpcStatus(c.status());
    TimePoint updated = c->audit.empty() ? c->filed_at : c->audit.back().time;
    if (all && has_start && updated < FromProto(req->since().start())) continue;
    if (all && has_end && updated >= FromProto(req->since().end())) continue;
    cases.push_back(*std::move(c));
  }
  PfifOptions options;
  options.role = actor->role;  // the defaults export no name and no contact, whatever the role
  out->set_xml(cases::ExportPfif(cases, venue_, options));
  return grpc::Status::OK;
}

}  // namespace cs::cases
