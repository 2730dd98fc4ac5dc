// Proto ⇄ core conversions for case-service. See case_convert.h.
#include "services/cases/case_convert.h"

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "common/grpc/status_convert.h"
#include "common/grpc/time_convert.h"

namespace cs::cases {
namespace v1 = crowdsafe::v1;

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

static absl::Status GarmentFromProto(const std::string& field, const v1::Garment& in, Garment* out) {
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
  // -1 is the core's "unknown"; on the wire an age is 0..17 and a negative one is out of range,
  // not "missing" (issue 18: ageMin -1 was answered "is required").
  if (in.age_min() < 0) return Bad("report.child.age_min: must be 0..17");
  if (in.age_max() < 0) return Bad("report.child.age_max: must be 0..17");
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
  out->surname_consent = in.surname_consent();
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

v1::CaseEvent CaseEventOf(const Case& c, const std::string& venue_id, v1::CaseEventType type,
                          TimePoint now) {
  v1::CaseEvent e;
  e.set_type(type);
  e.set_case_id(c.id);
  e.set_venue_id(venue_id);
  ChildToProto(c.child, e.mutable_child());
  e.set_state(StateToProto(c.state));
  *e.mutable_at() = ToProtoTime(now);
  return e;
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
    *m->mutable_last_seen_at() = ToProtoTime(v.seen_at);
    m->set_last_seen_note(v.last_seen_note);
    restricted(m->mutable_restricted());
  } else {
    auto* f = out->mutable_found();
    f->set_venue_id(venue_id);
    ChildToProto(v.child, f->mutable_child());
    f->set_found_zone_id(v.zone_id);
    *f->mutable_found_at() = ToProtoTime(v.seen_at);
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
    *g->mutable_verified_at() = ToProtoTime(c.guardian->verified_at);
  }
  *out->mutable_created_at() = ToProtoTime(c.filed_at);
  *out->mutable_updated_at() = ToProtoTime(c.audit.empty() ? c.filed_at : c.audit.back().time);
  out->set_escalation_stage(EscalationStage(c));
  out->set_created_by(c.filed_by);
  out->set_restricted_redacted(!v.restricted && !c.restricted.Empty());
}

}  // namespace cs::cases
