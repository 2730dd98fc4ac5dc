// The photos an appeal publishes: made at drafting from the case's photos, the lift of a blur,
// and serving the published image (appeal_service.h).
//
// How the originals arrive: appeal-service asks case-service's GetPhoto as the system, by the
// ids in the snapshot, rather than case-service pushing the bytes in the draft request. The
// request then stays small on case-service's appeal-request stream (ids, not up to 4 × 5 MB in
// Redis), a draft made by hand from the dashboard gets its photo the same way as a timer's, and
// a lift fetches the original again when it is asked for, so appeal-service never keeps an
// unblurred copy that nobody asked to publish. case-service stays the owner of the originals
// and of who may read them (GetPhoto allows patrol, desk and system; not press).
#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "services/appeals/appeal_service.h"
#include "services/appeals/proto_convert.h"
#include "services/appeals/rpc_util.h"

namespace cs::appeals {
namespace v1 = crowdsafe::v1;
using rpc::Bad;

namespace {

constexpr int kMaxPhotos = 4;  // as a report carries (cases.proto)
constexpr size_t kMaxPhotoIdBytes = 200;
constexpr const char* kSystemUser = "system:appeal-service";

absl::Status UnavailableCases(const grpc::Status& s) {
  // The reason stays in the log of whoever reads it; the caller retries.
  return absl::UnavailableError(
      absl::StrCat("case-service did not hand over the photo (", s.error_code(), "); retry"));
}

}  // namespace

absl::StatusOr<std::string> AppealServiceImpl::FetchCasePhoto(const std::string& case_id,
                                                              const std::string& photo_id) const {
  if (options_.cases == nullptr) {
    return absl::FailedPreconditionError(
        "snapshot.photo_ids: appeal-service has no case-service to fetch photos from");
  }
  v1::GetPhotoRequest req;
  req.set_case_id(case_id);
  req.set_photo_id(photo_id);
  req.mutable_actor()->set_user_id(kSystemUser);
  req.mutable_actor()->set_role(v1::ROLE_SYSTEM);
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + options_.cases_timeout);
  v1::PhotoContent photo;
  grpc::Status s = options_.cases->GetPhoto(&ctx, req, &photo);
  if (s.error_code() == grpc::StatusCode::NOT_FOUND) {
    return absl::InvalidArgumentError("snapshot.photo_ids: not a photo of this case");
  }
  if (!s.ok()) return UnavailableCases(s);
  return std::move(*photo.mutable_data());
}

absl::StatusOr<std::vector<Photo>> AppealServiceImpl::MakePublishedPhotos(
    const std::string& appeal_id, const v1::CaseSnapshot& snap) {
  std::vector<Photo> photos;
  if (snap.photo_ids_size() == 0) return photos;
  if (snap.photo_ids_size() > kMaxPhotos) {
    return absl::InvalidArgumentError("snapshot.photo_ids: more than 4");
  }
  for (const std::string& id : snap.photo_ids()) {
    if (id.size() > kMaxPhotoIdBytes || !absl::StartsWith(id, snap.case_id() + "/")) {
      return absl::InvalidArgumentError("snapshot.photo_ids: not a photo of snapshot.case_id");
    }
  }
  if (options_.photos == nullptr || options_.photo_store == nullptr) {
    return absl::FailedPreconditionError(
        "snapshot.photo_ids: this server cannot blur photos (opencv-data missing)");
  }
  for (int i = 0; i < snap.photo_ids_size(); ++i) {
    auto original = FetchCasePhoto(snap.case_id(), snap.photo_ids(i));
    if (!original.ok()) return original.status();
    auto blurred = options_.photos->Blurred(*original);
    if (!blurred.ok()) {
      return absl::InvalidArgumentError(absl::StrCat("snapshot.photo_ids[", i, "]: ",
                                                     blurred.status().message()));
    }
    Photo p;
    p.photo_id = absl::StrCat(appeal_id, "/photo-", i);
    p.source_id = snap.photo_ids(i);
    p.faces_blurred = blurred->faces_blurred;
    p.no_face_found = blurred->no_face_found;
    if (auto s = options_.photo_store->Put(p.photo_id, PhotoVariant::kBlurred, blurred->jpeg);
        !s.ok()) {
      return s;
    }
    photos.push_back(std::move(p));
  }
  return photos;
}

grpc::Status AppealServiceImpl::LiftFaceBlur(Ctx*, const v1::AppealActionRequest* req,
                                             V1Appeal* out) {
  CS_RETURN_IF_ERROR_GRPC(CheckId(req->appeal_id(), "appeal_id"));
  CS_ASSIGN_OR_RETURN_GRPC(actor, ActorFromProto(req->actor()));
  CS_RETURN_IF_ERROR_GRPC(CheckChars(req->reason(), rpc::kMaxReasonChars, "reason"));
  if (req->reason().empty()) return Bad(absl::InvalidArgumentError("reason: required"));
  if (actor.role != Role::kPressOfficer) {
    return Bad(absl::PermissionDeniedError("actor.role: only the press office may lift a blur"));
  }
  CS_ASSIGN_OR_RETURN_GRPC(appeal, workflow_.Get(req->appeal_id()));
  if (appeal.photos.empty()) {
    return Bad(absl::FailedPreconditionError("appeal_id: this appeal has no photo"));
  }
  std::string photo_id = req->photo_id();
  if (photo_id.empty()) {
    if (appeal.photos.size() > 1) {
      return Bad(absl::InvalidArgumentError("photo_id: required (the appeal has several photos)"));
    }
    photo_id = appeal.photos.front().photo_id;
  }
  auto photo = std::find_if(appeal.photos.begin(), appeal.photos.end(),
                            [&](const Photo& p) { return p.photo_id == photo_id; });
  if (photo == appeal.photos.end()) {
    return Bad(absl::NotFoundError("photo_id: not a photo of this appeal"));
  }
  // The unblurred image is made now, from case-service's original, so that what the second
  // officer approves is there to see and to publish. Nothing changes if this fails.
  if (photo->face_blurred && !photo->source_id.empty()) {
    if (options_.photos == nullptr || options_.photo_store == nullptr) {
      return Bad(absl::FailedPreconditionError("photo_id: this server cannot make photos"));
    }
    auto original = FetchCasePhoto(appeal.case_id, photo->source_id);
    if (!original.ok()) return Bad(original.status());
    auto unblurred = options_.photos->Unblurred(*original);
    if (!unblurred.ok()) return Bad(unblurred.status());
    CS_RETURN_IF_ERROR_GRPC(
        options_.photo_store->Put(photo_id, PhotoVariant::kUnblurred, unblurred->jpeg));
  }
  return Reply(workflow_.SetFaceBlur(req->appeal_id(), photo_id, /*blurred=*/false, actor,
                                     req->reason()),
               out);
}

grpc::Status AppealServiceImpl::GetAppealPhoto(Ctx*, const v1::GetAppealPhotoRequest* req,
                                               v1::AppealPhotoContent* out) {
  CS_RETURN_IF_ERROR_GRPC(CheckId(req->appeal_id(), "appeal_id"));
  if (auto actor = ActorFromProto(req->actor()); !actor.ok()) return Bad(actor.status());
  const v1::Role role = req->actor().role();
  if (role != v1::ROLE_PRESS && role != v1::ROLE_DESK && role != v1::ROLE_SYSTEM) {
    return Bad(absl::PermissionDeniedError("actor.role: published photos are for press and desk"));
  }
  if (req->pending_lift() && role != v1::ROLE_PRESS) {
    return Bad(absl::PermissionDeniedError("actor.role: only the press office reviews a lift"));
  }
  CS_ASSIGN_OR_RETURN_GRPC(appeal, workflow_.Get(req->appeal_id()));
  auto photo = std::find_if(appeal.photos.begin(), appeal.photos.end(),
                            [&](const Photo& p) { return p.photo_id == req->photo_id(); });
  if (photo == appeal.photos.end()) {
    return Bad(absl::NotFoundError("photo_id: not a photo of this appeal"));
  }
  if (req->pending_lift() && !photo->lift_pending()) {
    return Bad(absl::FailedPreconditionError("photo_id: no lift of this photo is pending"));
  }
  if (options_.photo_store == nullptr) {
    return Bad(absl::FailedPreconditionError("photo_id: this server keeps no photos"));
  }
  const PhotoVariant variant = photo->face_blurred && !req->pending_lift()
                                   ? PhotoVariant::kBlurred
                                   : PhotoVariant::kUnblurred;
  CS_ASSIGN_OR_RETURN_GRPC(bytes, options_.photo_store->Get(photo->photo_id, variant));
  out->set_content_type("image/jpeg");
  out->set_data(std::move(bytes));
  return grpc::Status::OK;
}

absl::StatusOr<PublishImage> AppealServiceImpl::PublishedImageOf(const Appeal& a) const {
  const Photo& p = a.photos.front();
  auto bytes = options_.photo_store->Get(
      p.photo_id, p.face_blurred ? PhotoVariant::kBlurred : PhotoVariant::kUnblurred);
  if (!bytes.ok()) return bytes.status();
  PublishImage image;
  image.photo_id = p.photo_id;
  image.bytes = *std::move(bytes);
  return image;
}

}  // namespace cs::appeals
