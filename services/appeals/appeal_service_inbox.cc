// The press-desk inbox and answer-library RPCs.
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "common/grpc/time_convert.h"
#include "services/appeals/appeal_service.h"
#include "services/appeals/desk/inbox_report.h"
#include "services/appeals/proto_convert.h"
#include "services/appeals/rpc_util.h"

namespace cs::appeals {
namespace v1 = crowdsafe::v1;
using rpc::Bad;
using rpc::RenameField;
using rpc::kMaxMessageChars;
using rpc::kMaxQueryChars;

namespace {

void AccountabilityReportToProto(const AccountabilityReport& r, v1::AccountabilityReport* out) {
  for (const auto& a : r.departments) {
    auto* d = out->add_departments();
    d->set_department(a.department);
    d->set_received(a.received);
    d->set_answered(a.answered);
    d->set_answered_on_time(a.answered_on_time);
    d->set_overdue(a.overdue);
    d->set_open(a.open);
    if (a.median_response) {
      d->set_median_response_seconds(
          std::chrono::duration_cast<std::chrono::seconds>(*a.median_response).count());
    }
  }
  for (const auto& w : r.weeks) {
    auto* o = out->add_weeks();
    ToProto(w.week_start, o->mutable_week_start());
    o->set_department(w.department);
    o->set_received(w.received);
    o->set_answered_on_time(w.answered_on_time);
    o->set_answered_late(w.answered_late);
    o->set_overdue(w.overdue);
    o->set_open(w.open);
  }
}

}  // namespace

// ---- inbox ----

grpc::Status AppealServiceImpl::SubmitMessage(Ctx*, const v1::SubmitMessageRequest* req,
                                              V1Message* out) {
  // Every time the client sent, against the Timestamp range first (time_convert.h).
  if (auto s = CheckProtoTimes(*req); !s.ok()) return rpc::Bad(s);
  CS_ASSIGN_OR_RETURN_GRPC(actor, ActorFromProto(req->actor()));
  (void)actor;
  CS_RETURN_IF_ERROR_GRPC(CheckChars(req->text(), kMaxMessageChars, "text"));
  CS_ASSIGN_OR_RETURN_GRPC(id, SubmittedMessageId(*req));
  IncomingMessage in;
  in.id = id;
  in.channel = req->channel();
  in.text = req->text();
  in.sender_handle = req->sender_handle();
  in.received_at = req->has_received_at() ? FromProto(req->received_at()) : options_.clock->Now();
  auto m = inbox_.Receive(in);
  if (!m.ok()) return Bad(RenameField(m.status(), "message.", ""));
  // A drafted reply from the answer library, if one matches; none is not an error. Never for a
  // life-safety message: a person answers those (and the command centre was paged).
  if (m->category == Category::kLifeSafety) return Reply(m, MaySeeRestricted(req->actor()), out);
  auto drafted = inbox_.DraftReply(m->id);
  return Reply(drafted.ok() ? drafted : m, MaySeeRestricted(req->actor()), out);
}

// A connector (the Weibo inbox) names its messages after the source's ids, so the inbox itself
// refuses a redelivery; everyone else gets a fresh id.
absl::StatusOr<std::string> AppealServiceImpl::SubmittedMessageId(
    const v1::SubmitMessageRequest& req) {
  if (req.message_id().empty()) return NewId("msg");
  if (req.actor().role() != v1::ROLE_SYSTEM) {
    return absl::InvalidArgumentError("message_id: only a system connector may choose the id");
  }
  if (auto s = CheckId(req.message_id(), "message_id"); !s.ok()) return s;
  return req.message_id();
}

grpc::Status AppealServiceImpl::ListMessages(Ctx*, const v1::ListMessagesRequest* req,
                                             v1::ListMessagesResponse* out) {
  std::vector<MessageState> states;
  for (int i = 0; i < req->states_size(); ++i) {
    CS_ASSIGN_OR_RETURN_GRPC(
        s, MessageStateFromProto(req->states(i), absl::StrCat("states[", i, "]")));
    states.push_back(s);
  }
  CS_ASSIGN_OR_RETURN_GRPC(page, PageFromProto(req->page()));
  const TimePoint now = options_.clock->Now();
  // Only open states asked for: the open index is far smaller than the whole history.
  bool only_open = !states.empty() && std::all_of(states.begin(), states.end(), [](MessageState s) {
    return s == MessageState::kReceived || s == MessageState::kAssigned;
  });
  std::vector<InboxMessage> all =
      req->overdue_only() ? inbox_.Overdue()
      : only_open         ? options_.inbox->ListOpen()
                          : options_.inbox->ListReceived(TimePoint{}, now + std::chrono::hours(1));
  std::vector<InboxMessage> kept;
  for (auto& m : all) {
    if (!req->department().empty() && m.department != req->department()) continue;
    if (!states.empty() && std::find(states.begin(), states.end(), m.state) == states.end()) {
      continue;
    }
    kept.push_back(std::move(m));
  }
  // Open life-safety messages on top, then by arrival; overdue lists keep deadline order.
  if (!req->overdue_only()) SortForDesk(kept);
  bool restricted = MaySeeRestricted(req->actor());
  for (size_t i = page.offset; i < kept.size() && i < page.offset + page.size; ++i) {
    ToProto(kept[i], restricted, out->add_messages());
  }
  out->mutable_page()->set_next_page_token(NextPageToken(page, kept.size()));
  return grpc::Status::OK;
}

grpc::Status AppealServiceImpl::RouteMessage(Ctx*, const v1::RouteMessageRequest* req,
                                             V1Message* out) {
  CS_RETURN_IF_ERROR_GRPC(CheckId(req->message_id(), "message_id"));
  CS_ASSIGN_OR_RETURN_GRPC(actor, ActorFromProto(req->actor()));
  std::optional<Category> category;
  if (req->category() != v1::MESSAGE_CATEGORY_UNSPECIFIED) {
    CS_ASSIGN_OR_RETURN_GRPC(c, CategoryFromProto(req->category(), "category"));
    category = c;
  }
  std::optional<std::string> department;
  if (!req->department().empty()) {
    CS_RETURN_IF_ERROR_GRPC(CheckId(req->department(), "department"));
    department = req->department();
  }
  return Reply(inbox_.Assign(req->message_id(), actor, actor.id, category, department),
               MaySeeRestricted(req->actor()), out);
}

grpc::Status AppealServiceImpl::AnswerMessage(Ctx*, const v1::AnswerMessageRequest* req,
                                              V1Message* out) {
  CS_RETURN_IF_ERROR_GRPC(CheckId(req->message_id(), "message_id"));
  CS_ASSIGN_OR_RETURN_GRPC(actor, ActorFromProto(req->actor()));
  CS_RETURN_IF_ERROR_GRPC(CheckChars(req->answer(), kMaxMessageChars, "answer"));
  if (req->answer().find_first_not_of(" \t\r\n") == std::string::npos) {
    return Bad(absl::InvalidArgumentError("answer: must not be empty"));
  }
  auto answered = inbox_.Answer(req->message_id(), actor, req->answer());
  if (!answered.ok()) return Bad(RenameField(answered.status(), "reply", "answer"));
  return Reply(answered, MaySeeRestricted(req->actor()), out);
}

grpc::Status AppealServiceImpl::LinkTipToCase(Ctx*, const v1::LinkTipToCaseRequest* req,
                                              V1Message* out) {
  CS_RETURN_IF_ERROR_GRPC(CheckId(req->message_id(), "message_id"));
  CS_RETURN_IF_ERROR_GRPC(CheckId(req->case_id(), "case_id"));
  CS_ASSIGN_OR_RETURN_GRPC(actor, ActorFromProto(req->actor()));
  return Reply(inbox_.LinkCase(req->message_id(), actor, req->case_id()),
               MaySeeRestricted(req->actor()), out);
}

grpc::Status AppealServiceImpl::GetAccountabilityReport(Ctx*,
                                                        const v1::AccountabilityReportRequest* req,
                                                        v1::AccountabilityReport* out) {
  // Every time the client sent, against the Timestamp range first (time_convert.h).
  if (auto s = CheckProtoTimes(*req); !s.ok()) return rpc::Bad(s);
  const TimePoint now = options_.clock->Now();
  TimePoint from = req->range().has_start() ? FromProto(req->range().start()) : TimePoint{};
  TimePoint to = req->range().has_end() ? FromProto(req->range().end()) : now;
  if (to < from) return Bad(absl::InvalidArgumentError("range.end: before range.start"));
  AccountabilityReportToProto(
      BuildAccountabilityReport(options_.inbox->ListReceived(from, to), now,
                                options_.venue_utc_offset),
      out);
  return grpc::Status::OK;
}

// ---- answer library ----

namespace {
void AnswerToProto(const AnswerEntry& e, v1::AnswerEntry* out) {
  out->set_answer_id(e.id);
  out->set_question(e.question);
  out->set_answer(e.answer);
  for (const auto& k : e.keywords) out->add_keywords(k);
  out->set_approved_by(e.approved_by);
  out->set_version(e.version);
  ToProto(e.updated_at, out->mutable_updated_at());
}

// What the dashboard highlights in a suggested entry.
void HighlightToProto(const AnswerMatch& m, v1::SearchHit* out) {
  auto spans = [](const std::vector<TextSpan>& in, auto* list) {
    for (const TextSpan& t : in) {
      auto* span = list->Add();
      span->set_start(static_cast<int32_t>(t.start));
      span->set_end(static_cast<int32_t>(t.end));
    }
  };
  spans(m.question, out->mutable_question_matches());
  spans(m.answer, out->mutable_answer_matches());
  for (const auto& k : m.keywords) out->add_matched_keywords(k);
}

}  // namespace

grpc::Status AppealServiceImpl::UpsertAnswer(Ctx*, const v1::UpsertAnswerRequest* req,
                                             v1::AnswerEntry* out) {
  // Every time the client sent, against the Timestamp range first (time_convert.h).
  if (auto s = CheckProtoTimes(*req); !s.ok()) return rpc::Bad(s);
  CS_ASSIGN_OR_RETURN_GRPC(actor, ActorFromProto(req->actor()));
  const auto& e = req->entry();
  AnswerDraft draft;
  std::optional<int> expected;
  if (e.answer_id().empty()) {
    draft.id = NewId("ans");
    expected = 0;  // a new entry: there must be nothing under this id yet
  } else {
    CS_RETURN_IF_ERROR_GRPC(CheckId(e.answer_id(), "entry.answer_id"));
    draft.id = e.answer_id();
    if (e.version() < 0) return Bad(absl::InvalidArgumentError("entry.version: negative"));
    if (e.version() > 0) expected = e.version();
  }
  draft.question = e.question();
  draft.answer = e.answer();
  draft.keywords.assign(e.keywords().begin(), e.keywords().end());
  auto stored = library_.Put(draft, actor, expected);
  if (!stored.ok()) {
    absl::Status st = RenameField(stored.status(), "answer.id", "entry.answer_id");
    return Bad(RenameField(st, "answer.", "entry."));
  }
  AnswerToProto(*stored, out);
  return grpc::Status::OK;
}

grpc::Status AppealServiceImpl::SearchAnswers(Ctx*, const v1::SearchAnswersRequest* req,
                                              v1::SearchAnswersResponse* out) {
  if (req->query().find_first_not_of(" \t\r\n") == std::string::npos) {
    return Bad(absl::InvalidArgumentError("query: required"));
  }
  CS_RETURN_IF_ERROR_GRPC(CheckChars(req->query(), kMaxQueryChars, "query"));
  if (req->limit() < 0 || req->limit() > 50) {
    return Bad(absl::InvalidArgumentError("limit: must be 0..50"));
  }
  size_t limit = req->limit() == 0 ? 10 : static_cast<size_t>(req->limit());
  for (const auto& hit : library_.Search(req->query(), limit)) {
    auto entry = library_.Get(hit.id);
    if (!entry.ok()) continue;  // retired between search and read
    auto* h = out->add_hits();
    AnswerToProto(*entry, h->mutable_entry());
    h->set_score(hit.score);
    HighlightToProto(ExplainMatch(*entry, req->query()), h);
  }
  return grpc::Status::OK;
}

}  // namespace cs::appeals
