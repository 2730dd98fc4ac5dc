#include "services/appeals/appeal_service.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "services/appeals/proto_convert.h"
#include "services/appeals/rpc_util.h"

namespace cs::appeals {
namespace v1 = crowdsafe::v1;
using rpc::Bad;
using rpc::kLanguages;
using rpc::kMaxReasonChars;

namespace {

void AddDiffLines(const std::vector<DiffOp>& ops, v1::DiffVersionsResponse* out) {
  for (const auto& op : ops) {
    auto* line = out->add_lines();
    line->set_op(op.kind == DiffKind::kEqual    ? "equal"
                 : op.kind == DiffKind::kInsert ? "insert"
                                                : "delete");
    line->set_text(op.text);
  }
}

}  // namespace

absl::StatusOr<std::unique_ptr<AppealServiceImpl>> AppealServiceImpl::Create(
    AppealServiceOptions options) {
  if (options.appeals == nullptr || options.inbox == nullptr || options.answers == nullptr ||
      options.publisher == nullptr || options.clock == nullptr) {
    return absl::InvalidArgumentError(
        "options: every store, the publisher and the clock are required");
  }
  if (options.venue_id.empty()) return absl::InvalidArgumentError("options.venue_id: required");
  auto rules = TriageRules::Create(options.triage, options.triage_fold);
  if (!rules.ok()) return rules.status();
  std::unique_ptr<AppealServiceImpl> service(
      new AppealServiceImpl(std::move(options), *std::move(rules)));
  if (auto s = service->library_.Load(); !s.ok()) return s;
  return service;
}

AppealServiceImpl::AppealServiceImpl(AppealServiceOptions options, TriageRules rules)
    : options_(std::move(options)),
      rules_(std::move(rules)),
      workflow_(options_.appeals, options_.clock, options_.workflow),
      library_(options_.answers, options_.clock),
      inbox_(options_.inbox, &rules_, &library_, options_.clock, options_.desk),
      id_rng_(std::random_device{}()) {
  if (options_.answer_proposals != nullptr) {
    proposals_.emplace(options_.answer_proposals, options_.inbox, &library_, options_.clock);
  }
}

std::string AppealServiceImpl::NewId(const char* prefix) {
  uint64_t r;
  {
    std::lock_guard<std::mutex> lock(id_mu_);
    r = id_rng_();
  }
  return absl::StrFormat("%s-%d-%012x", prefix, ToMillis(options_.clock->Now()),
                         r & 0xffffffffffffULL);
}

// ---- conversions out ----

void AppealServiceImpl::ToProto(const Appeal& a, V1Appeal* out) const {
  out->Clear();
  out->set_appeal_id(a.id);
  out->set_case_id(a.case_id);
  out->set_venue_id(options_.venue_id);
  out->set_kind(KindToProto(a.kind));
  out->set_state(StateToProto(a.state));
  out->set_author(a.author_id);
  const AppealVersion& v = a.current();
  auto* cur = out->mutable_current();
  cur->set_version(v.number);
  for (const char* lang : kLanguages) {
    const LanguageText* t = TextFor(v.texts, lang);
    auto* text = cur->add_texts();
    text->set_language(lang);
    text->set_headline(t->headline);
    text->set_long_text(t->long_text);
    if (options_.drafter != nullptr) {  // Weibo's count lives in the drafting library
      text->set_headline_length(static_cast<int32_t>(options_.drafter->WeiboLength(t->headline)));
      text->set_long_length(static_cast<int32_t>(options_.drafter->WeiboLength(t->long_text)));
    }
  }
  cur->set_sha256(v.sha256_hex);
  cur->set_edited_by(v.author_id);
  cs::appeals::ToProto(v.created_at, cur->mutable_edited_at());
  out->set_version_count(static_cast<int32_t>(a.versions.size()));
  if (!a.photos.empty()) out->set_photo_id(a.photos.front().photo_id);
  for (const std::string& phrase : a.needs_translation) out->add_needs_translation(phrase);
  for (const GuardFinding& f : a.pii_findings) {
    v1::PiiFinding* finding = out->add_pii_findings();
    finding->set_kind(f.kind);
    finding->set_field(f.field);
    finding->set_action(f.action);
  }
  out->set_face_blur_lifted(std::any_of(a.photos.begin(), a.photos.end(),
                                        [](const Photo& p) { return !p.face_blurred; }));
  for (const Photo& p : a.photos) {
    v1::AppealPhoto* photo = out->add_photos();
    photo->set_photo_id(p.photo_id);
    photo->set_face_blurred(p.face_blurred);
    photo->set_faces_blurred(p.faces_blurred);
    photo->set_no_face_found(p.no_face_found);
    photo->set_lift_pending(p.lift_pending());
    photo->set_lift_requested_by(p.lift_requested_by);
    photo->set_lift_reason(p.lift_reason);
  }
  out->set_published_url(a.publication.post_url);
  out->set_follows_appeal_id(a.follows_up);
  out->set_reject_reason(a.terminal_reason);
  cs::appeals::ToProto(a.created_at, out->mutable_created_at());
  cs::appeals::ToProto(a.updated_at, out->mutable_updated_at());
  if (a.state == AppealState::kDraft || a.state == AppealState::kInReview) {
    cs::appeals::ToProto(a.updated_at + options_.workflow.draft_ttl, out->mutable_expires_at());
  }
}

void AppealServiceImpl::ToProto(const InboxMessage& m, bool restricted, V1Message* out) const {
  out->Clear();
  out->set_message_id(m.id);
  out->set_channel(m.channel);
  out->set_text(m.text);
  if (restricted) out->set_sender_handle(m.sender_handle);
  // Once the desk confirms a category the stored one is theirs; the suggestion is recomputed
  // from the same rules (deterministic), so both stay visible.
  out->set_suggested_category(
      CategoryToProto(m.category_confirmed ? rules_.SuggestCategory(m.text) : m.category));
  out->set_category(CategoryToProto(m.category));
  out->set_department(m.department);
  out->set_state(MessageStateToProto(m.state));
  cs::appeals::ToProto(m.received_at, out->mutable_received_at());
  cs::appeals::ToProto(m.deadline, out->mutable_deadline());
  if (m.answered_at) cs::appeals::ToProto(*m.answered_at, out->mutable_answered_at());
  bool open = m.state == MessageState::kReceived || m.state == MessageState::kAssigned;
  (open ? out->mutable_draft_reply() : out->mutable_answer())->assign(m.reply);
  out->set_linked_case_id(m.case_id);
  out->set_zone_id(m.zone_id);
  out->set_life_safety_kind(m.life_safety_kind);
  out->set_auto_reply(m.auto_reply);
  out->set_answer_delivery(ReplyDeliveryToProto(m.reply_delivery));
  out->set_auto_reply_delivery(ReplyDeliveryToProto(m.auto_reply_delivery));
  out->set_page_acknowledged_by(m.page_acknowledged_by);
  if (m.page_acknowledged_at) {
    cs::appeals::ToProto(*m.page_acknowledged_at, out->mutable_page_acknowledged_at());
  }
}

grpc::Status AppealServiceImpl::Reply(const absl::StatusOr<Appeal>& a, V1Appeal* out) const {
  if (!a.ok()) return Bad(a.status());
  ToProto(*a, out);
  return grpc::Status::OK;
}

grpc::Status AppealServiceImpl::Reply(const absl::StatusOr<InboxMessage>& m, bool restricted,
                                      V1Message* out) const {
  if (!m.ok()) return Bad(m.status());
  ToProto(*m, restricted, out);
  return grpc::Status::OK;
}

// ---- appeals ----

grpc::Status AppealServiceImpl::ListAppeals(Ctx*, const v1::ListAppealsRequest* req,
                                            v1::ListAppealsResponse* out) {
  if (!req->venue_id().empty() && req->venue_id() != options_.venue_id) {
    return Bad(absl::InvalidArgumentError("venue_id: not the venue this service serves"));
  }
  std::vector<AppealState> states;
  for (int i = 0; i < req->states_size(); ++i) {
    CS_ASSIGN_OR_RETURN_GRPC(s, StateFromProto(req->states(i), absl::StrCat("states[", i, "]")));
    states.push_back(s);
  }
  if (states.empty()) {
    for (int s = 0; s <= static_cast<int>(AppealState::kExpired); ++s) {
      states.push_back(static_cast<AppealState>(s));
    }
  }
  CS_ASSIGN_OR_RETURN_GRPC(page, PageFromProto(req->page()));
  std::vector<std::string> ids = options_.appeals->ListIdsInStates(states);
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  for (size_t i = page.offset; i < ids.size() && i < page.offset + page.size; ++i) {
    auto a = workflow_.Get(ids[i]);
    if (a.status().code() == absl::StatusCode::kNotFound) continue;
    if (!a.ok()) return Bad(a.status());
    ToProto(*a, out->add_appeals());
  }
  out->mutable_page()->set_next_page_token(NextPageToken(page, ids.size()));
  return grpc::Status::OK;
}

grpc::Status AppealServiceImpl::EditAppeal(Ctx*, const v1::EditAppealRequest* req, V1Appeal* out) {
  CS_RETURN_IF_ERROR_GRPC(CheckId(req->appeal_id(), "appeal_id"));
  CS_ASSIGN_OR_RETURN_GRPC(actor, ActorFromProto(req->actor()));
  if (req->base_version() < 1) {
    return Bad(absl::InvalidArgumentError("base_version: required (the version you edited)"));
  }
  if (req->texts_size() == 0) return Bad(absl::InvalidArgumentError("texts: required"));
  CS_ASSIGN_OR_RETURN_GRPC(current, workflow_.Get(req->appeal_id()));
  // Languages not sent keep their current text.
  AppealTexts texts = current.current().texts;
  std::vector<std::string> seen;
  for (int i = 0; i < req->texts_size(); ++i) {
    const auto& t = req->texts(i);
    LanguageText* target = TextFor(texts, t.language());
    if (target == nullptr) {
      return Bad(absl::InvalidArgumentError(
          absl::StrCat("texts[", i, "].language: must be zh-Hans, zh-Hant or en")));
    }
    if (std::find(seen.begin(), seen.end(), t.language()) != seen.end()) {
      return Bad(absl::InvalidArgumentError(absl::StrCat("texts[", i, "].language: repeated")));
    }
    seen.push_back(t.language());
    target->headline = t.headline();
    target->long_text = t.long_text();
  }
  return Reply(workflow_.Edit(req->appeal_id(), texts, actor, req->base_version()), out);
}

grpc::Status AppealServiceImpl::DiffVersions(Ctx*, const v1::DiffVersionsRequest* req,
                                             v1::DiffVersionsResponse* out) {
  CS_RETURN_IF_ERROR_GRPC(CheckId(req->appeal_id(), "appeal_id"));
  std::string lang = req->language().empty() ? "zh-Hans" : req->language();
  if (TextFor(AppealTexts{}, lang) == nullptr) {
    return Bad(absl::InvalidArgumentError("language: must be zh-Hans, zh-Hant or en"));
  }
  CS_ASSIGN_OR_RETURN_GRPC(
      diff, workflow_.Compare(req->appeal_id(), req->from_version(), req->to_version()));
  CS_ASSIGN_OR_RETURN_GRPC(appeal, workflow_.Get(req->appeal_id()));
  const AppealTexts& after = appeal.versions[diff.to_version - 1].texts;
  // Headline first, then the long text; an unchanged field is one "equal" run, so the client
  // always sees the whole text.
  // The core names the fields "<language>.headline" and "<language>.long".
  for (const char* field : {"headline", "long"}) {
    std::string name = absl::StrCat(lang, ".", field);
    auto it = std::find_if(diff.fields.begin(), diff.fields.end(),
                           [&](const FieldDiff& f) { return f.field == name; });
    if (it != diff.fields.end()) {
      AddDiffLines(it->lines, out);
      continue;
    }
    const LanguageText* t = TextFor(after, lang);
    const std::string& text = std::string_view(field) == "headline" ? t->headline : t->long_text;
    if (!text.empty()) AddDiffLines({{DiffKind::kEqual, text}}, out);
  }
  return grpc::Status::OK;
}

grpc::Status AppealServiceImpl::SubmitForReview(Ctx*, const v1::AppealActionRequest* req,
                                                V1Appeal* out) {
  CS_RETURN_IF_ERROR_GRPC(CheckId(req->appeal_id(), "appeal_id"));
  CS_ASSIGN_OR_RETURN_GRPC(actor, ActorFromProto(req->actor()));
  return Reply(workflow_.Submit(req->appeal_id(), actor), out);
}

grpc::Status AppealServiceImpl::RejectAppeal(Ctx*, const v1::AppealActionRequest* req,
                                             V1Appeal* out) {
  CS_RETURN_IF_ERROR_GRPC(CheckId(req->appeal_id(), "appeal_id"));
  CS_ASSIGN_OR_RETURN_GRPC(actor, ActorFromProto(req->actor()));
  CS_RETURN_IF_ERROR_GRPC(CheckChars(req->reason(), kMaxReasonChars, "reason"));
  return Reply(workflow_.Reject(req->appeal_id(), actor, req->reason()), out);
}

grpc::Status AppealServiceImpl::PublishAppeal(Ctx*, const v1::PublishAppealRequest* req,
                                              V1Appeal* out) {
  CS_RETURN_IF_ERROR_GRPC(CheckId(req->appeal_id(), "appeal_id"));
  CS_ASSIGN_OR_RETURN_GRPC(actor, ActorFromProto(req->actor()));
  if (req->post_url().empty()) {
    // An API publisher posts the first photo as it is published (blurred unless lifted).
    std::optional<PublishImage> image;
    if (auto a = workflow_.Get(req->appeal_id());
        a.ok() && !a->photos.empty() && options_.photo_store != nullptr) {
      CS_ASSIGN_OR_RETURN_GRPC(img, PublishedImageOf(*a));
      image = std::move(img);
    }
    return Reply(workflow_.Publish(req->appeal_id(), actor, *options_.publisher,
                                   image ? &*image : nullptr),
                 out);
  }
  CS_RETURN_IF_ERROR_GRPC(ValidateWeiboPostUrl(req->post_url(), "post_url"));
  return Reply(workflow_.MarkPosted(req->appeal_id(), actor, req->post_url()), out);
}

grpc::Status AppealServiceImpl::RetractAppeal(Ctx*, const v1::AppealActionRequest* req,
                                              V1Appeal* out) {
  CS_RETURN_IF_ERROR_GRPC(CheckId(req->appeal_id(), "appeal_id"));
  CS_ASSIGN_OR_RETURN_GRPC(actor, ActorFromProto(req->actor()));
  CS_RETURN_IF_ERROR_GRPC(CheckChars(req->reason(), kMaxReasonChars, "reason"));
  return Reply(workflow_.Retract(req->appeal_id(), actor, req->reason()), out);
}

grpc::Status AppealServiceImpl::GetAppealAudit(Ctx*, const v1::GetAppealRequest* req,
                                               v1::GetAppealAuditResponse* out) {
  CS_RETURN_IF_ERROR_GRPC(CheckId(req->appeal_id(), "appeal_id"));
  CS_ASSIGN_OR_RETURN_GRPC(appeal, workflow_.Get(req->appeal_id()));
  for (const auto& e : appeal.audit) {
    auto* entry = out->add_entries();
    cs::appeals::ToProto(e.at, entry->mutable_at());
    entry->mutable_actor()->set_user_id(e.actor_id);
    entry->mutable_actor()->set_role(RoleToProto(e.role));
    entry->set_action(e.action);
    entry->set_from(StateToProto(e.from));
    entry->set_to(StateToProto(e.to));
    entry->set_version(e.version);
    entry->set_version_sha256(e.version_sha256);
    entry->set_reason(e.reason);
  }
  return grpc::Status::OK;
}

}  // namespace cs::appeals
