#include "services/appeals/desk/appeal_workflow.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/text/utf8.h"
#include "services/appeals/desk/sha256.h"

namespace cs::appeals {
namespace {

bool IsPress(const Actor& actor) { return actor.role == Role::kPressOfficer; }

absl::Status RequirePress(const Actor& actor, const char* action) {
  if (IsPress(actor)) return absl::OkStatus();
  return absl::PermissionDeniedError(
      absl::StrCat("actor.role: ", RoleName(actor.role), " may not ", action));
}

absl::Status Illegal(const Appeal& a, const char* action) {
  return absl::FailedPreconditionError(
      absl::StrCat("cannot ", action, " an appeal in state ", AppealStateName(a.state)));
}

absl::Status ValidateActor(const Actor& actor) {
  if (actor.id.empty()) return absl::InvalidArgumentError("actor.id: must not be empty");
  if (actor.id.size() > 128) return absl::InvalidArgumentError("actor.id: longer than 128 bytes");
  return absl::OkStatus();
}

absl::Status ValidateReason(const std::string& reason) {
  if (reason.find_first_not_of(" \t\r\n") == std::string::npos) {
    return absl::InvalidArgumentError("reason: required");
  }
  if (reason.size() > 2000) return absl::InvalidArgumentError("reason: longer than 2000 bytes");
  return absl::OkStatus();
}

bool IsOpenDraft(AppealState s) { return s == AppealState::kDraft || s == AppealState::kInReview; }

// The drafter's needs_translation holds Chinese phrases it could not put into the English and
// Latin ones (typed into a Chinese field) it could not put into the Chinese: the script says
// which version a phrase is missing from.
bool MissingFromEnglish(const std::string& phrase) {
  for (char32_t c : DecodeUtf8(phrase)) {
    if (IsCjkIdeograph(c)) return true;
  }
  return false;
}

}  // namespace

AppealWorkflow::AppealWorkflow(AppealStore* store, const Clock* clock, WorkflowConfig config)
    : store_(store), clock_(clock), config_(config) {}

absl::Status AppealWorkflow::ValidateTexts(const AppealTexts& texts) const {
  const std::pair<const char*, const std::string*> fields[] = {
      {"texts.zh_hans.headline", &texts.zh_hans.headline},
      {"texts.zh_hans.long_text", &texts.zh_hans.long_text},
      {"texts.zh_hant.headline", &texts.zh_hant.headline},
      {"texts.zh_hant.long_text", &texts.zh_hant.long_text},
      {"texts.en.headline", &texts.en.headline},
      {"texts.en.long_text", &texts.en.long_text},
  };
  for (const auto& [name, value] : fields) {
    if (value->size() > config_.max_text_bytes) {
      return absl::InvalidArgumentError(
          absl::StrCat(name, ": ", value->size(), " bytes exceeds ", config_.max_text_bytes));
    }
  }
  if (texts.zh_hans.headline.empty()) {
    return absl::InvalidArgumentError("texts.zh_hans.headline: must not be empty");
  }
  return absl::OkStatus();
}

AuditEntry AppealWorkflow::Audit(const Appeal& a, const Actor& actor, std::string action,
                                 AppealState from, std::string reason) const {
  AuditEntry e;
  e.actor_id = actor.id;
  e.role = actor.role;
  e.at = clock_->Now();
  e.action = std::move(action);
  e.from = from;
  e.to = a.state;
  e.version = a.current().number;
  e.version_sha256 = a.current().sha256_hex;
  e.reason = std::move(reason);
  return e;
}

absl::StatusOr<Appeal> AppealWorkflow::CreateDraft(const NewAppeal& draft, const Actor& actor) {
  if (auto s = ValidateActor(actor); !s.ok()) return s;
  if (draft.id.empty() || draft.id.size() > 128) {
    return absl::InvalidArgumentError("appeal.id: must be 1..128 bytes");
  }
  if (auto s = ValidateTexts(draft.texts); !s.ok()) return s;
  if (draft.kind == AppealKind::kFollowUp) {
    return absl::InvalidArgumentError("appeal.kind: create follow-ups with CreateFollowUp");
  }
  const TimePoint now = clock_->Now();
  Appeal a;
  a.id = draft.id;
  a.case_id = draft.case_id;
  a.kind = draft.kind;
  a.author_id = actor.id;
  a.state = AppealState::kDraft;
  a.versions.push_back({1, draft.texts, actor.id, now, Sha256Hex(CanonicalText(draft.texts))});
  for (Photo p : draft.photos) {
    p.face_blurred = true;
    p.lift_requested_by.clear();
    p.lift_reason.clear();
    a.photos.push_back(std::move(p));
  }
  a.pii_findings = draft.pii_findings;
  a.needs_translation = draft.needs_translation;
  a.created_at = now;
  a.updated_at = now;
  a.audit.push_back(Audit(a, actor, "create", AppealState::kDraft));
  if (auto s = store_->Create(a); !s.ok()) return s;
  a.revision = 1;
  return a;
}

absl::StatusOr<Appeal> AppealWorkflow::CreateFollowUp(const std::string& original_id,
                                                      const NewAppeal& draft, const Actor& actor) {
  auto original = store_->Get(original_id);
  if (!original.ok()) return original.status();
  if (original->state != AppealState::kPublished) {
    return absl::FailedPreconditionError(
        absl::StrCat("original_id: a follow-up needs a PUBLISHED original, not ",
                     AppealStateName(original->state)));
  }
  NewAppeal copy = draft;
  copy.kind = AppealKind::kMissingChild;  // passes CreateDraft's check; fixed below
  if (copy.case_id.empty()) copy.case_id = original->case_id;
  auto created = CreateDraft(copy, actor);
  if (!created.ok()) return created;
  // Two records, two writes: the follow-up first, so a crash in between leaves at worst a
  // follow-up whose original does not list it yet (repairable from follows_up), never a dangling
  // reference from the original.
  Appeal follow = *created;
  follow.kind = AppealKind::kFollowUp;
  follow.follows_up = original_id;
  if (auto s = store_->Update(follow); !s.ok()) return s;
  ++follow.revision;
  original->follow_ups.push_back(follow.id);
  original->updated_at = clock_->Now();
  original->audit.push_back(
      Audit(*original, actor, "link_follow_up", original->state, "follow-up " + follow.id));
  if (auto s = store_->Update(*original); !s.ok()) return s;
  return follow;
}

absl::StatusOr<Appeal> AppealWorkflow::Get(const std::string& id) const { return store_->Get(id); }

absl::StatusOr<Appeal> AppealWorkflow::Edit(const std::string& id, const AppealTexts& texts,
                                            const Actor& actor,
                                            std::optional<int> expected_version) {
  if (auto s = ValidateActor(actor); !s.ok()) return s;
  if (auto s = ValidateTexts(texts); !s.ok()) return s;
  auto a = store_->Get(id);
  if (!a.ok()) return a.status();
  if (expected_version && *expected_version != a->current().number) {
    return absl::AbortedError(absl::StrCat("expected_version: ", *expected_version,
                                           " but the current version is ", a->current().number));
  }
  const AppealState from = a->state;
  if (!IsOpenDraft(from) && from != AppealState::kApproved) return Illegal(*a, "edit");
  if (a->current().texts == texts) return *a;  // nothing changed: no new version
  // A person wrote a language: what the drafter could not put into it is their call now. The
  // Chinese counts as written once both of its versions differ from the draft.
  const AppealTexts& drafted = a->versions.front().texts;
  const bool en_written = !(drafted.en == texts.en);
  const bool zh_written =
      !(drafted.zh_hans == texts.zh_hans) && !(drafted.zh_hant == texts.zh_hant);
  std::erase_if(a->needs_translation, [&](const std::string& phrase) {
    return MissingFromEnglish(phrase) ? en_written : zh_written;
  });
  const TimePoint now = clock_->Now();
  a->versions.push_back(
      {a->current().number + 1, texts, actor.id, now, Sha256Hex(CanonicalText(texts))});
  if (from == AppealState::kApproved) {
    // Approval covered the old text only.
    a->state = AppealState::kInReview;
    a->approved_by.clear();
    a->approved_version = 0;
    a->publication.queued_at.reset();
  }
  a->updated_at = now;
  a->audit.push_back(Audit(*a, actor, "edit", from));
  if (auto s = store_->Update(*a); !s.ok()) return s;
  ++a->revision;
  return a;
}

absl::StatusOr<Appeal> AppealWorkflow::Submit(const std::string& id, const Actor& actor) {
  if (auto s = ValidateActor(actor); !s.ok()) return s;
  auto a = store_->Get(id);
  if (!a.ok()) return a.status();
  if (a->state != AppealState::kDraft) return Illegal(*a, "submit");
  if (!a->needs_translation.empty()) {
    const bool en = std::any_of(a->needs_translation.begin(), a->needs_translation.end(),
                                MissingFromEnglish);
    return absl::FailedPreconditionError(absl::StrCat(
        en ? "texts.en: " : "texts.zh-Hans: ", a->needs_translation.size(),
        " phrase(s) need translation (see needs_translation); edit the ",
        en ? "English" : "Chinese (both versions)", " first"));
  }
  a->state = AppealState::kInReview;
  a->updated_at = clock_->Now();
  a->audit.push_back(Audit(*a, actor, "submit", AppealState::kDraft));
  if (auto s = store_->Update(*a); !s.ok()) return s;
  ++a->revision;
  return a;
}

absl::StatusOr<Appeal> AppealWorkflow::Approve(const std::string& id, const Actor& actor,
                                               const MatchCheck& match,
                                               const PublishAnyway& anyway) {
  if (auto s = ValidateActor(actor); !s.ok()) return s;
  if (auto s = RequirePress(actor, "approve"); !s.ok()) return s;
  auto a = store_->Get(id);
  if (!a.ok()) return a.status();
  // Four eyes: neither the creator nor whoever wrote the text under review may approve it.
  if (actor.id == a->author_id || actor.id == a->current().author_id) {
    return absl::PermissionDeniedError("actor.id: the author may not approve their own appeal");
  }
  // A timer's draft has no human author: the officer who put it forward for review answers for
  // its text, so four eyes also means that officer may not approve it.
  for (auto e = a->audit.rbegin(); e != a->audit.rend(); ++e) {
    if (e->action != "submit") continue;
    if (e->actor_id == actor.id) {
      return absl::PermissionDeniedError(
          "actor.id: whoever submitted the appeal for review may not approve it");
    }
    break;
  }
  for (const Photo& p : a->photos) {
    if (p.lift_requested_by == actor.id) {
      return absl::PermissionDeniedError(
          "actor.id: whoever asked to lift a face blur may not approve the appeal");
    }
  }
  if (a->state != AppealState::kInReview) return Illegal(*a, "approve");
  std::string override_reason;
  if (auto s = CheckMatchBeforeApproval(*a, match, anyway, &override_reason); !s.ok()) return s;
  a->state = AppealState::kApproved;
  a->approved_by = actor.id;
  a->approved_version = a->current().number;
  a->updated_at = clock_->Now();
  a->audit.push_back(Audit(*a, actor, "approve", AppealState::kInReview, override_reason));
  for (Photo& p : a->photos) {  // the second pair of eyes on each lift asked for
    if (!p.lift_pending()) continue;
    p.face_blurred = false;
    a->audit.push_back(Audit(*a, actor, "unblur_face:" + p.photo_id, AppealState::kInReview,
                             p.lift_reason));
    p.lift_requested_by.clear();
    p.lift_reason.clear();
  }
  if (auto s = store_->Update(*a); !s.ok()) return s;
  ++a->revision;
  return a;
}

absl::StatusOr<Appeal> AppealWorkflow::Reject(const std::string& id, const Actor& actor,
                                              const std::string& reason) {
  if (auto s = ValidateActor(actor); !s.ok()) return s;
  if (auto s = RequirePress(actor, "reject"); !s.ok()) return s;
  if (auto s = ValidateReason(reason); !s.ok()) return s;
  auto a = store_->Get(id);
  if (!a.ok()) return a.status();
  if (!IsOpenDraft(a->state)) return Illegal(*a, "reject");
  const AppealState from = a->state;
  a->state = AppealState::kRejected;
  a->terminal_reason = reason;
  a->updated_at = clock_->Now();
  a->audit.push_back(Audit(*a, actor, "reject", from, reason));
  if (auto s = store_->Update(*a); !s.ok()) return s;
  ++a->revision;
  return a;
}

absl::StatusOr<Appeal> AppealWorkflow::ForgetPhotos(const std::string& id, int64_t revision) {
  const Actor system{"system:retention", Role::kSystem};
  auto a = store_->Get(id);
  if (!a.ok()) return a.status();
  if (a->revision != revision) return absl::AbortedError("appeal_id: changed concurrently");
  if (a->photos.empty()) return *a;
  a->photos.clear();
  a->updated_at = clock_->Now();
  a->audit.push_back(Audit(*a, system, "purge_photos", a->state, "case purged by case-service"));
  if (auto s = store_->Update(*a); !s.ok()) return s;
  ++a->revision;
  return a;
}

absl::StatusOr<int> AppealWorkflow::ExpireStale() {
  const Actor system{"system:expiry", Role::kSystem};
  const TimePoint now = clock_->Now();
  int expired = 0;
  for (const auto& id : store_->ListIdsInStates({AppealState::kDraft, AppealState::kInReview})) {
    auto a = store_->Get(id);
    if (!a.ok() || !IsOpenDraft(a->state) || now - a->updated_at < config_.draft_ttl) continue;
    const AppealState from = a->state;
    a->state = AppealState::kExpired;
    a->updated_at = now;
    a->audit.push_back(Audit(*a, system, "expire", from, "idle past draft_ttl"));
    auto s = store_->Update(*a);
    // Aborted means a concurrent edit just touched it, so it is no longer idle: skip it.
    if (s.ok()) {
      ++expired;
    } else if (!absl::IsAborted(s) && !absl::IsNotFound(s)) {
      return s;
    }
  }
  return expired;
}

absl::StatusOr<Appeal> AppealWorkflow::Publish(const std::string& id, const Actor& actor,
                                               Publisher& publisher, const PublishImage* image,
                                               std::optional<std::string> status_text) {
  if (auto s = ValidateActor(actor); !s.ok()) return s;
  if (auto s = RequirePress(actor, "publish"); !s.ok()) return s;
  auto a = store_->Get(id);
  if (!a.ok()) return a.status();
  if (a->state != AppealState::kApproved) return Illegal(*a, "publish");
  if (a->approved_version != a->current().number) {
    return absl::FailedPreconditionError("the current version is not the approved one");
  }
  if (image != nullptr) {
    bool known = false;
    for (const auto& p : a->photos) known = known || p.photo_id == image->photo_id;
    if (!known) return absl::InvalidArgumentError("image.photo_id: not a photo of this appeal");
  }
  PublishRequest req;
  req.appeal_id = a->id;
  req.version = a->current().number;
  req.version_sha256 = a->current().sha256_hex;
  req.status_text = status_text ? *status_text : a->current().texts.zh_hans.headline;
  req.image = image;
  auto result = publisher.Publish(req);
  if (!result.ok()) return result.status();
  if (result->outcome == PublishOutcome::kPosted) {
    return FinishPublish(*std::move(a), actor, result->post_url, result->post_id);
  }
  a->publication.queued_at = clock_->Now();
  a->updated_at = clock_->Now();
  a->audit.push_back(Audit(*a, actor, "queue_outbox", AppealState::kApproved));
  if (auto s = store_->Update(*a); !s.ok()) return s;
  ++a->revision;
  return a;
}

absl::StatusOr<Appeal> AppealWorkflow::MarkPosted(const std::string& id, const Actor& actor,
                                                  const std::string& post_url) {
  if (auto s = ValidateActor(actor); !s.ok()) return s;
  if (auto s = RequirePress(actor, "mark an appeal posted"); !s.ok()) return s;
  if (auto s = ValidateWeiboPostUrl(post_url); !s.ok()) return s;
  auto a = store_->Get(id);
  if (!a.ok()) return a.status();
  if (a->state != AppealState::kApproved) return Illegal(*a, "mark posted");
  return FinishPublish(*std::move(a), actor, post_url, "");
}

absl::StatusOr<Appeal> AppealWorkflow::FinishPublish(Appeal a, const Actor& actor,
                                                     std::string post_url, std::string post_id) {
  const TimePoint now = clock_->Now();
  a.state = AppealState::kPublished;
  a.publication.post_url = std::move(post_url);
  a.publication.post_id = std::move(post_id);
  a.publication.published_version = a.current().number;
  a.publication.published_at = now;
  a.updated_at = now;
  a.audit.push_back(Audit(a, actor, "publish", AppealState::kApproved));
  if (auto s = store_->Update(a); !s.ok()) return s;
  ++a.revision;
  if (a.kind == AppealKind::kFollowUp && !a.follows_up.empty()) {
    // The follow-up is out; the original now stands UPDATED by it. A failure here is reported
    // but the follow-up stays published (it is already on Weibo).
    auto original = store_->Get(a.follows_up);
    if (original.ok() && original->state == AppealState::kPublished) {
      original->state = AppealState::kUpdated;
      original->updated_at = now;
      original->audit.push_back(
          Audit(*original, actor, "update", AppealState::kPublished, "follow-up " + a.id));
      if (auto s = store_->Update(*original); !s.ok()) return s;
    }
  }
  return a;
}

absl::StatusOr<Appeal> AppealWorkflow::Retract(const std::string& id, const Actor& actor,
                                               const std::string& reason) {
  if (auto s = ValidateActor(actor); !s.ok()) return s;
  if (auto s = RequirePress(actor, "retract"); !s.ok()) return s;
  if (auto s = ValidateReason(reason); !s.ok()) return s;
  auto a = store_->Get(id);
  if (!a.ok()) return a.status();
  if (a->state != AppealState::kPublished && a->state != AppealState::kUpdated) {
    return Illegal(*a, "retract");
  }
  const AppealState from = a->state;
  a->state = AppealState::kRetracted;
  a->terminal_reason = reason;
  a->updated_at = clock_->Now();
  a->audit.push_back(Audit(*a, actor, "retract", from, reason));
  if (auto s = store_->Update(*a); !s.ok()) return s;
  ++a->revision;
  return a;
}

absl::StatusOr<Appeal> AppealWorkflow::SetFaceBlur(const std::string& id,
                                                   const std::string& photo_id, bool blurred,
                                                   const Actor& actor, const std::string& reason) {
  if (auto s = ValidateActor(actor); !s.ok()) return s;
  if (auto s = RequirePress(actor, blurred ? "restore a face blur" : "lift a face blur"); !s.ok()) {
    return s;
  }
  if (auto s = ValidateReason(reason); !s.ok()) return s;
  auto a = store_->Get(id);
  if (!a.ok()) return a.status();
  if (!IsOpenDraft(a->state) && a->state != AppealState::kApproved) {
    return Illegal(*a, "change the face blur of");
  }
  Photo* photo = nullptr;
  for (auto& p : a->photos) {
    if (p.photo_id == photo_id) photo = &p;
  }
  if (photo == nullptr) return absl::NotFoundError("photo_id: not a photo of this appeal");
  if (blurred) {
    if (photo->face_blurred && !photo->lift_pending()) return *a;  // nothing to restore
    photo->face_blurred = true;
    photo->lift_requested_by.clear();
    photo->lift_reason.clear();
  } else {
    if (!photo->face_blurred) return *a;  // already lifted and approved
    photo->lift_requested_by = actor.id;
    photo->lift_reason = reason;
  }
  const AppealState from = a->state;
  if (from == AppealState::kApproved) {
    // The approval did not cover this change: it needs a fresh review by someone else.
    a->state = AppealState::kInReview;
    a->approved_by.clear();
    a->approved_version = 0;
    a->publication.queued_at.reset();
  }
  a->updated_at = clock_->Now();
  a->audit.push_back(Audit(*a, actor,
                           (blurred ? "blur_face:" : "request_unblur:") + photo_id, from, reason));
  if (auto s = store_->Update(*a); !s.ok()) return s;
  ++a->revision;
  return a;
}

absl::StatusOr<VersionDiff> AppealWorkflow::Compare(const std::string& id, int from_version,
                                                    int to_version) const {
  auto a = store_->Get(id);
  if (!a.ok()) return a.status();
  const int n = static_cast<int>(a->versions.size());
  if (from_version < 1 || from_version > n) {
    return absl::InvalidArgumentError(
        absl::StrCat("from_version: ", from_version, " is outside 1..", n));
  }
  if (to_version < 1 || to_version > n) {
    return absl::InvalidArgumentError(
        absl::StrCat("to_version: ", to_version, " is outside 1..", n));
  }
  const AppealTexts& x = a->versions[from_version - 1].texts;
  const AppealTexts& y = a->versions[to_version - 1].texts;
  VersionDiff diff{from_version, to_version, {}};
  auto field = [&](const char* name, const std::string& before, const std::string& after) {
    if (before == after) return;
    diff.fields.push_back({name, CharDiff(before, after), LineDiff(before, after)});
  };
  field("zh-Hans.headline", x.zh_hans.headline, y.zh_hans.headline);
  field("zh-Hans.long", x.zh_hans.long_text, y.zh_hans.long_text);
  field("zh-Hant.headline", x.zh_hant.headline, y.zh_hant.headline);
  field("zh-Hant.long", x.zh_hant.long_text, y.zh_hant.long_text);
  field("en.headline", x.en.headline, y.en.headline);
  field("en.long", x.en.long_text, y.en.long_text);
  return diff;
}

std::vector<Appeal> AppealWorkflow::Outbox() const {
  std::vector<Appeal> out;
  for (const auto& id : store_->ListIdsInStates({AppealState::kApproved})) {
    auto a = store_->Get(id);
    if (a.ok() && a->publication.queued_at) out.push_back(*std::move(a));
  }
  return out;
}

}  // namespace cs::appeals
