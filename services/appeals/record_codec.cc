#include "services/appeals/record_codec.h"

#include <optional>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/record_codec.h"

namespace cs::appeals {
namespace {

// Each record is a tag naming its type and format version, then its fields in a fixed order
// (common/record_codec.h).
constexpr int kMaxAppealState = static_cast<int>(AppealState::kExpired);
constexpr int kMaxAppealKind = static_cast<int>(AppealKind::kFollowUp);
constexpr int kMaxRole = static_cast<int>(Role::kSystem);
constexpr int kMaxCategory = static_cast<int>(Category::kLifeSafety);
constexpr int kMaxMessageState = static_cast<int>(MessageState::kClosed);

bool Open(RecordReader& r, std::string_view magic) { return r.Str() == magic && r.ok(); }

template <typename T>
absl::StatusOr<T> Finish(const RecordReader& r, T value, std::string_view what) {
  if (!r.ok() || !r.done()) {
    return absl::DataLossError(std::string(what) + ": stored record is malformed");
  }
  return value;
}

void PutText(RecordWriter& w, const LanguageText& t) {
  w.Str(t.headline);
  w.Str(t.long_text);
}
LanguageText GetText(RecordReader& r) {
  LanguageText t;
  t.headline = r.Str();
  t.long_text = r.Str();
  return t;
}

}  // namespace

std::string EncodeAppeal(const Appeal& a) {
  // appeal/2 adds the guard's findings and the phrases needing translation at the end, appeal/3
  // each photo's source, face count and pending lift, appeal/4 each photo's no-face flag;
  // older records still decode.
  RecordWriter w("appeal/4");
  w.Str(a.id);
  w.Str(a.case_id);
  w.Int(static_cast<int>(a.kind));
  w.Str(a.author_id);
  w.Int(static_cast<int>(a.state));
  w.Int(static_cast<int64_t>(a.versions.size()));
  for (const auto& v : a.versions) {
    w.Int(v.number);
    PutText(w, v.texts.zh_hans);
    PutText(w, v.texts.zh_hant);
    PutText(w, v.texts.en);
    w.Str(v.author_id);
    w.TimeMillis(v.created_at);
    w.Str(v.sha256_hex);
  }
  w.Int(static_cast<int64_t>(a.photos.size()));
  for (const auto& p : a.photos) {
    w.Str(p.photo_id);
    w.Bool(p.face_blurred);
  }
  w.Int(static_cast<int64_t>(a.audit.size()));
  for (const auto& e : a.audit) {
    w.Str(e.actor_id);
    w.Int(static_cast<int>(e.role));
    w.TimeMillis(e.at);
    w.Str(e.action);
    w.Int(static_cast<int>(e.from));
    w.Int(static_cast<int>(e.to));
    w.Int(e.version);
    w.Str(e.version_sha256);
    w.Str(e.reason);
  }
  w.Str(a.follows_up);
  w.Strs(a.follow_ups);
  w.Str(a.approved_by);
  w.Int(a.approved_version);
  w.OptTimeMillis(a.publication.queued_at);
  w.Str(a.publication.post_url);
  w.Str(a.publication.post_id);
  w.Int(a.publication.published_version);
  w.OptTimeMillis(a.publication.published_at);
  w.Str(a.terminal_reason);
  w.TimeMillis(a.created_at);
  w.TimeMillis(a.updated_at);
  w.Int(static_cast<int64_t>(a.pii_findings.size()));
  for (const auto& f : a.pii_findings) {
    w.Str(f.kind);
    w.Str(f.field);
    w.Str(f.action);
  }
  w.Strs(a.needs_translation);
  for (const auto& p : a.photos) {
    w.Str(p.source_id);
    w.Int(p.faces_blurred);
    w.Str(p.lift_requested_by);
    w.Str(p.lift_reason);
  }
  for (const auto& p : a.photos) w.Bool(p.no_face_found);
  return w.Finish();
}

absl::StatusOr<Appeal> DecodeAppeal(std::string_view blob) {
  RecordReader r(blob);
  Appeal a;
  const std::string magic = r.Str();
  if (!r.ok() ||
      (magic != "appeal/1" && magic != "appeal/2" && magic != "appeal/3" && magic != "appeal/4")) {
    return absl::DataLossError("appeal: unknown record format");
  }
  a.id = r.Str();
  a.case_id = r.Str();
  a.kind = r.Enum<AppealKind>(kMaxAppealKind);
  a.author_id = r.Str();
  a.state = r.Enum<AppealState>(kMaxAppealState);
  a.versions.resize(r.Count());
  for (auto& v : a.versions) {
    v.number = static_cast<int>(r.Int());
    v.texts.zh_hans = GetText(r);
    v.texts.zh_hant = GetText(r);
    v.texts.en = GetText(r);
    v.author_id = r.Str();
    v.created_at = r.TimeMillis();
    v.sha256_hex = r.Str();
  }
  a.photos.resize(r.Count());
  for (auto& p : a.photos) {
    p.photo_id = r.Str();
    p.face_blurred = r.Bool();
  }
  a.audit.resize(r.Count());
  for (auto& e : a.audit) {
    e.actor_id = r.Str();
    e.role = r.Enum<Role>(kMaxRole);
    e.at = r.TimeMillis();
    e.action = r.Str();
    e.from = r.Enum<AppealState>(kMaxAppealState);
    e.to = r.Enum<AppealState>(kMaxAppealState);
    e.version = static_cast<int>(r.Int());
    e.version_sha256 = r.Str();
    e.reason = r.Str();
  }
  a.follows_up = r.Str();
  a.follow_ups = r.Strs();
  a.approved_by = r.Str();
  a.approved_version = static_cast<int>(r.Int());
  a.publication.queued_at = r.OptTimeMillis();
  a.publication.post_url = r.Str();
  a.publication.post_id = r.Str();
  a.publication.published_version = static_cast<int>(r.Int());
  a.publication.published_at = r.OptTimeMillis();
  a.terminal_reason = r.Str();
  a.created_at = r.TimeMillis();
  a.updated_at = r.TimeMillis();
  if (magic != "appeal/1") {
    a.pii_findings.resize(r.Count());
    for (auto& f : a.pii_findings) {
      f.kind = r.Str();
      f.field = r.Str();
      f.action = r.Str();
    }
    a.needs_translation = r.Strs();
  }
  if (magic == "appeal/3" || magic == "appeal/4") {
    for (auto& p : a.photos) {
      p.source_id = r.Str();
      p.faces_blurred = static_cast<int>(r.Int());
      p.lift_requested_by = r.Str();
      p.lift_reason = r.Str();
    }
  }
  if (magic == "appeal/4") {
    for (auto& p : a.photos) p.no_face_found = r.Bool();
  }
  if (r.ok() && a.versions.empty()) return absl::DataLossError("appeal: stored with no version");
  return Finish(r, std::move(a), "appeal");
}

std::string EncodeMessage(const InboxMessage& m) {
  // message/2 appends zone_id, life_safety_kind and auto_reply; message/3 the replies'
  // delivery and the page's acknowledgement. Older records still read.
  RecordWriter w("message/3");
  w.Str(m.id);
  w.Str(m.channel);
  w.Str(m.text);
  w.TimeMillis(m.received_at);
  w.Str(m.sender_handle);
  w.Int(static_cast<int>(m.category));
  w.Bool(m.category_confirmed);
  w.Strs(m.matched_keywords);
  w.Str(m.department);
  w.TimeMillis(m.deadline);
  w.Int(static_cast<int>(m.state));
  w.Str(m.assignee_id);
  w.Str(m.reply);
  w.Str(m.suggested_answer_id);
  w.OptTimeMillis(m.answered_at);
  w.Str(m.answered_by);
  w.OptTimeMillis(m.closed_at);
  w.Str(m.case_id);
  w.Str(m.zone_id);
  w.Str(m.life_safety_kind);
  w.Str(m.auto_reply);
  w.Int(static_cast<int>(m.reply_delivery));
  w.Int(static_cast<int>(m.auto_reply_delivery));
  w.Str(m.page_acknowledged_by);
  w.OptTimeMillis(m.page_acknowledged_at);
  return w.Finish();
}

absl::StatusOr<InboxMessage> DecodeMessage(std::string_view blob) {
  RecordReader r(blob);
  InboxMessage m;
  const std::string format = r.Str();
  if (!r.ok() || (format != "message/1" && format != "message/2" && format != "message/3")) {
    return absl::DataLossError("message: unknown record format");
  }
  m.id = r.Str();
  m.channel = r.Str();
  m.text = r.Str();
  m.received_at = r.TimeMillis();
  m.sender_handle = r.Str();
  m.category = r.Enum<Category>(kMaxCategory);
  m.category_confirmed = r.Bool();
  m.matched_keywords = r.Strs();
  m.department = r.Str();
  m.deadline = r.TimeMillis();
  m.state = r.Enum<MessageState>(kMaxMessageState);
  m.assignee_id = r.Str();
  m.reply = r.Str();
  m.suggested_answer_id = r.Str();
  m.answered_at = r.OptTimeMillis();
  m.answered_by = r.Str();
  m.closed_at = r.OptTimeMillis();
  m.case_id = r.Str();
  if (format != "message/1") {
    m.zone_id = r.Str();
    m.life_safety_kind = r.Str();
    m.auto_reply = r.Str();
  }
  if (format == "message/3") {
    m.reply_delivery = r.Enum<ReplyDelivery>(kMaxReplyDelivery);
    m.auto_reply_delivery = r.Enum<ReplyDelivery>(kMaxReplyDelivery);
    m.page_acknowledged_by = r.Str();
    m.page_acknowledged_at = r.OptTimeMillis();
  }
  return Finish(r, std::move(m), "message");
}

std::string EncodeAnswer(const AnswerEntry& e) {
  RecordWriter w("answer/1");
  w.Str(e.id);
  w.Str(e.question);
  w.Str(e.answer);
  w.Strs(e.keywords);
  w.Str(e.approved_by);
  w.Int(e.version);
  w.Bool(e.retired);
  w.TimeMillis(e.updated_at);
  return w.Finish();
}

absl::StatusOr<AnswerEntry> DecodeAnswer(std::string_view blob) {
  RecordReader r(blob);
  AnswerEntry e;
  if (!Open(r, "answer/1")) return absl::DataLossError("answer: unknown record format");
  e.id = r.Str();
  e.question = r.Str();
  e.answer = r.Str();
  e.keywords = r.Strs();
  e.approved_by = r.Str();
  e.version = static_cast<int>(r.Int());
  e.retired = r.Bool();
  e.updated_at = r.TimeMillis();
  return Finish(r, std::move(e), "answer");
}

std::string EncodeAnswerAudit(const AnswerAudit& a) {
  RecordWriter w("answer-audit/1");
  w.Str(a.entry_id);
  w.Int(a.version);
  w.Str(a.actor_id);
  w.TimeMillis(a.at);
  w.Str(a.action);
  w.Str(a.reason);
  return w.Finish();
}

absl::StatusOr<AnswerAudit> DecodeAnswerAudit(std::string_view blob) {
  RecordReader r(blob);
  AnswerAudit a;
  if (!Open(r, "answer-audit/1")) return absl::DataLossError("answer audit: unknown record format");
  a.entry_id = r.Str();
  a.version = static_cast<int>(r.Int());
  a.actor_id = r.Str();
  a.at = r.TimeMillis();
  a.action = r.Str();
  a.reason = r.Str();
  return Finish(r, std::move(a), "answer audit");
}

std::string EncodeAnswerProposal(const AnswerProposal& p) {
  RecordWriter w("answer-proposal/1");
  w.Str(p.id);
  w.Str(p.message_id);
  w.Str(p.answer_id);
  w.Str(p.question);
  w.Str(p.answer);
  w.Strs(p.keywords);
  w.Str(p.proposed_by);
  w.TimeMillis(p.proposed_at);
  w.Int(static_cast<int64_t>(p.state));
  w.Str(p.reviewed_by);
  w.OptTimeMillis(p.reviewed_at);
  w.Str(p.reason);
  return w.Finish();
}

absl::StatusOr<AnswerProposal> DecodeAnswerProposal(std::string_view blob) {
  RecordReader r(blob);
  AnswerProposal p;
  if (!Open(r, "answer-proposal/1")) {
    return absl::DataLossError("answer proposal: unknown record format");
  }
  p.id = r.Str();
  p.message_id = r.Str();
  p.answer_id = r.Str();
  p.question = r.Str();
  p.answer = r.Str();
  p.keywords = r.Strs();
  p.proposed_by = r.Str();
  p.proposed_at = r.TimeMillis();
  p.state = r.Enum<ProposalState>(static_cast<int>(ProposalState::kRejected));
  p.reviewed_by = r.Str();
  p.reviewed_at = r.OptTimeMillis();
  p.reason = r.Str();
  return Finish(r, std::move(p), "answer proposal");
}

}  // namespace cs::appeals
