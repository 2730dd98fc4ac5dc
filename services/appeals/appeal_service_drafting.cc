// DraftAppeal and ExportCap: the RPCs that go through the drafting library (drafting_bridge.h).
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "common/grpc/time_convert.h"
#include "services/appeals/appeal_service.h"
#include "services/appeals/desk/sha256.h"
#include "services/appeals/proto_convert.h"
#include "services/appeals/rpc_util.h"

namespace cs::appeals {
namespace v1 = crowdsafe::v1;
using rpc::Bad;
using rpc::kLanguages;

namespace {

// 50 characters of up to 3 bytes, as case-service accepts them.
constexpr size_t kMaxRestrictedBytes = 150;
constexpr int kMaxOtherNameForms = 10;

// The drafter names its input "case.<field>"; the contract calls it "snapshot.<field>".
absl::Status FromDrafter(const absl::Status& s) {
  std::string msg(s.message());
  if (msg.rfind("case.official_hotline", 0) == 0) {
    return absl::FailedPreconditionError("server config appeals.official_hotline is not valid");
  }
  if (msg.rfind("case.", 0) == 0) msg = "snapshot." + msg.substr(5);
  if (s.code() == absl::StatusCode::kFailedPrecondition) {
    // The contract: a draft the PII guard flags is INVALID_ARGUMENT (the input carried it).
    return absl::InvalidArgumentError("snapshot: " + msg);
  }
  return absl::Status(s.code(), msg);
}

}  // namespace

grpc::Status AppealServiceImpl::DraftAppeal(Ctx*, const v1::DraftAppealRequest* req,
                                            V1Appeal* out) {
  // Every time the client sent, against the Timestamp range first (time_convert.h).
  if (auto s = CheckProtoTimes(*req); !s.ok()) return rpc::Bad(s);
  if (options_.drafter == nullptr) {
    return grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                        "drafting is not available on this server");
  }
  if (options_.official_hotline.empty()) {
    return Bad(absl::FailedPreconditionError("server config appeals.official_hotline is not set"));
  }
  CS_ASSIGN_OR_RETURN_GRPC(actor, ActorFromProto(req->actor()));
  const auto& snap = req->snapshot();
  CS_RETURN_IF_ERROR_GRPC(CheckId(snap.case_id(), "snapshot.case_id"));
  if (!snap.venue_id().empty() && snap.venue_id() != options_.venue_id) {
    return Bad(absl::InvalidArgumentError("snapshot.venue_id: not the venue this service serves"));
  }
  bridge::DraftInput in;
  AppealKind kind;
  switch (req->kind()) {
    case v1::APPEAL_FOUND_CHILD:
      in.kind = bridge::DraftKind::kFound;
      kind = AppealKind::kFoundChild;
      break;
    case v1::APPEAL_MISSING_CHILD:
      in.kind = bridge::DraftKind::kMissing;
      kind = AppealKind::kMissingChild;
      break;
    case v1::APPEAL_FOLLOW_UP:
      in.kind = bridge::DraftKind::kFollowUp;
      kind = AppealKind::kFollowUp;
      CS_RETURN_IF_ERROR_GRPC(CheckId(req->follows_appeal_id(), "follows_appeal_id"));
      break;
    default:
      return Bad(absl::InvalidArgumentError("kind: required"));
  }
  if (!snap.has_at()) return Bad(absl::InvalidArgumentError("snapshot.at: required"));
  if (snap.age_min() < 0 || snap.age_max() > 17 ||
      (snap.age_max() != 0 && snap.age_max() < snap.age_min())) {
    return Bad(
        absl::InvalidArgumentError("snapshot.age_max: ages must satisfy 0 <= min <= max <= 17"));
  }
  if (!req->request_id().empty()) CS_RETURN_IF_ERROR_GRPC(CheckId(req->request_id(), "request_id"));
  in.at = FromProto(snap.at());
  in.venue_name_zh = snap.venue_name_zh();
  in.venue_name_en = snap.venue_name_en();
  in.zone_name_zh = snap.zone_name_zh();
  in.zone_name_en = snap.zone_name_en();
  in.sex = snap.sex();
  // One approximate age for the text: the middle of the range.
  in.age_years = snap.age_max() > 0 ? (snap.age_min() + snap.age_max() + 1) / 2 : snap.age_min();
  in.height_cm = snap.height_cm();
  for (const auto& [list, field] : {std::pair{&snap.top_colours(), "snapshot.top_colours"},
                                    std::pair{&snap.bottom_colours(), "snapshot.bottom_colours"},
                                    std::pair{&snap.hat_colours(), "snapshot.hat_colours"},
                                    std::pair{&snap.shoes_colours(), "snapshot.shoes_colours"}}) {
    if (list->size() > 5)
      return Bad(absl::InvalidArgumentError(absl::StrCat(field, ": more than 5")));
    for (const std::string& c : *list) {
      if (c.size() > 60) {
        return Bad(absl::InvalidArgumentError(absl::StrCat(field, ": an entry is over 60 bytes")));
      }
    }
  }
  in.top_colours.assign(snap.top_colours().begin(), snap.top_colours().end());
  in.bottom_colours.assign(snap.bottom_colours().begin(), snap.bottom_colours().end());
  in.hat_colours.assign(snap.hat_colours().begin(), snap.hat_colours().end());
  in.shoes_colours.assign(snap.shoes_colours().begin(), snap.shoes_colours().end());
  in.top = snap.top();
  in.bottom = snap.bottom();
  in.hat = snap.hat();
  in.shoes = snap.shoes();
  in.features = snap.features();
  in.held_at = snap.held_at();
  in.last_seen_note = snap.last_seen_note();
  in.surname = snap.surname();
  in.surname_consent = snap.surname_consent();
  in.official_hotline = options_.official_hotline;
  // Restricted values reach the guard and nothing else: they are not copied into the appeal.
  const v1::GuardValues& restricted = req->guard_only();
  for (const auto& [value, field] :
       {std::pair{&restricted.child_name(), "guard_only.child_name"},
        std::pair{&restricted.guardian_name(), "guard_only.guardian_name"},
        std::pair{&restricted.guardian_phone(), "guard_only.guardian_phone"}}) {
    if (value->size() > kMaxRestrictedBytes) {
      return Bad(absl::InvalidArgumentError(absl::StrCat(field, ": over 150 bytes")));
    }
  }
  if (restricted.other_name_forms_size() > kMaxOtherNameForms) {
    return Bad(absl::InvalidArgumentError("guard_only.other_name_forms: more than 10"));
  }
  for (const std::string& form : restricted.other_name_forms()) {
    if (form.size() > kMaxRestrictedBytes) {
      return Bad(
          absl::InvalidArgumentError("guard_only.other_name_forms: an entry is over 150 bytes"));
    }
  }
  in.child_name = restricted.child_name();
  in.guardian_name = restricted.guardian_name();
  in.guardian_phone = restricted.guardian_phone();
  in.other_name_forms.assign(restricted.other_name_forms().begin(),
                             restricted.other_name_forms().end());
  auto drafted = options_.drafter->Draft(in);
  if (!drafted.ok()) return Bad(FromDrafter(drafted.status()));

  NewAppeal n;
  // A retried request (same request_id) maps to the same appeal id, so it drafts once.
  n.id =
      req->request_id().empty() ? NewId("ap") : "ap-" + Sha256Hex(req->request_id()).substr(0, 24);
  n.case_id = snap.case_id();
  n.kind = kind;
  for (const auto& t : drafted->texts) {
    if (LanguageText* target = TextFor(n.texts, t.language)) *target = {t.headline, t.long_text};
  }
  for (const auto& f : drafted->findings) n.pii_findings.push_back({f.kind, f.field, f.action});
  n.needs_translation = drafted->needs_translation;
  // A found child's appeal carries the report's photos, faces blurred (a missing child's photo
  // is the guardian's to release: not published from the case).
  if (kind == AppealKind::kFoundChild) {
    CS_ASSIGN_OR_RETURN_GRPC(photos, MakePublishedPhotos(n.id, snap));
    n.photos = std::move(photos);
  }
  auto created = kind == AppealKind::kFollowUp
                     ? workflow_.CreateFollowUp(req->follows_appeal_id(), n, actor)
                     : workflow_.CreateDraft(n, actor);
  if (created.status().code() == absl::StatusCode::kAlreadyExists && !req->request_id().empty()) {
    auto existing = workflow_.Get(n.id);
    if (existing.ok() && existing->case_id != n.case_id) {
      return Bad(absl::AlreadyExistsError("request_id: already used for another case"));
    }
    return Reply(existing, out);
  }
  return Reply(created, out);
}

std::string AppealServiceImpl::CapIdentifier(const Appeal& a) const {
  return absl::StrCat("crowdsafe-", options_.venue_id, "-", a.id, "-v",
                      a.publication.published_version);
}

grpc::Status AppealServiceImpl::ExportCap(Ctx*, const v1::GetAppealRequest* req,
                                          v1::ExportCapResponse* out) {
  if (options_.drafter == nullptr) {
    return grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                        "CAP export is not available on this server");
  }
  const auto& cfg = options_.cap;
  if (cfg.sender.empty() || cfg.radius_km <= 0) {
    return Bad(absl::FailedPreconditionError("server config appeals.cap is not set"));
  }
  CS_RETURN_IF_ERROR_GRPC(CheckId(req->appeal_id(), "appeal_id"));
  CS_ASSIGN_OR_RETURN_GRPC(a, workflow_.Get(req->appeal_id()));
  bool was_published = a.state == AppealState::kPublished || a.state == AppealState::kUpdated ||
                       a.state == AppealState::kRetracted;
  if (!was_published || !a.publication.published_at || a.publication.published_version < 1 ||
      a.publication.published_version > static_cast<int>(a.versions.size())) {
    return Bad(absl::FailedPreconditionError(
        absl::StrCat("appeal_id: only a published appeal exports to CAP, this one is ",
                     AppealStateName(a.state))));
  }
  bridge::CapInput cap;
  cap.identifier = CapIdentifier(a);
  cap.sender = cfg.sender;
  cap.sender_name = cfg.sender_name;
  cap.sent = *a.publication.published_at;
  cap.contact = options_.official_hotline;
  cap.area_desc = options_.venue_name.empty() ? options_.venue_id : options_.venue_name;
  cap.lat = cfg.lat;
  cap.lon = cfg.lon;
  cap.radius_km = cfg.radius_km;
  const AppealTexts& texts = a.versions[a.publication.published_version - 1].texts;
  for (const char* lang : kLanguages) {
    const LanguageText* t = TextFor(texts, lang);
    cap.texts.push_back({lang, t->headline, t->long_text});
  }
  if (a.state == AppealState::kRetracted) {
    cap.kind = bridge::CapMsgKind::kCancel;
    cap.identifier += "-cancel";
    cap.sent = a.updated_at;
    cap.references.push_back({cfg.sender, CapIdentifier(a), *a.publication.published_at});
  } else if (a.kind == AppealKind::kFollowUp && !a.follows_up.empty()) {
    cap.kind = bridge::CapMsgKind::kUpdate;
    CS_ASSIGN_OR_RETURN_GRPC(original, workflow_.Get(a.follows_up));
    if (original.publication.published_at) {
      cap.references.push_back(
          {cfg.sender, CapIdentifier(original), *original.publication.published_at});
    }
  }
  CS_ASSIGN_OR_RETURN_GRPC(xml, options_.drafter->ExportCap(cap));
  out->set_xml(std::move(xml));
  return grpc::Status::OK;
}

}  // namespace cs::appeals
