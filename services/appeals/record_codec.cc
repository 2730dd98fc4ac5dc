#include "services/appeals/record_codec.h"

#include <charconv>
#include <optional>
#include <vector>

#include "absl/strings/str_cat.h"

namespace cs::appeals {
namespace {

// Format: every value is "<decimal>;" (integers) or "<length>:<bytes>" (strings), in a fixed
// order per record type, after a magic string that names the type and format version.
class Writer {
 public:
  explicit Writer(std::string_view magic) { Str(magic); }
  void Int(int64_t v) { absl::StrAppend(&out_, v, ";"); }
  void Bool(bool b) { Int(b ? 1 : 0); }
  void Str(std::string_view s) {
    absl::StrAppend(&out_, s.size(), ":");
    out_.append(s);
  }
  void Time(TimePoint t) { Int(ToMillis(t)); }
  void OptTime(const std::optional<TimePoint>& t) {
    Bool(t.has_value());
    if (t) Time(*t);
  }
  void Strs(const std::vector<std::string>& v) {
    Int(static_cast<int64_t>(v.size()));
    for (const auto& s : v) Str(s);
  }
  std::string Finish() { return std::move(out_); }

 private:
  std::string out_;
};

// Every read fails softly: once a read fails, ok() stays false and later reads return defaults.
class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  bool ok() const { return ok_; }
  bool done() const { return in_.empty(); }

  int64_t Int() { return Number(';'); }
  bool Bool() {
    int64_t v = Int();
    if (v != 0 && v != 1) ok_ = false;
    return v == 1;
  }
  std::string Str() {
    int64_t n = Number(':');
    if (!ok_ || n < 0 || static_cast<uint64_t>(n) > in_.size()) {
      ok_ = false;
      return "";
    }
    std::string s(in_.substr(0, n));
    in_.remove_prefix(n);
    return s;
  }
  TimePoint Time() { return FromMillis(Int()); }
  std::optional<TimePoint> OptTime() {
    if (!Bool()) return std::nullopt;
    return Time();
  }
  // A count of following items, bounded by the bytes left (each item takes at least 2 bytes).
  size_t Count() {
    int64_t n = Int();
    if (n < 0 || static_cast<uint64_t>(n) > in_.size()) {
      ok_ = false;
      return 0;
    }
    return static_cast<size_t>(n);
  }
  std::vector<std::string> Strs() {
    std::vector<std::string> v(Count());
    for (auto& s : v) s = Str();
    return v;
  }
  template <typename E>
  E Enum(int max) {
    int64_t v = Int();
    if (v < 0 || v > max) ok_ = false;
    return ok_ ? static_cast<E>(v) : E{};
  }

 private:
  int64_t Number(char end) {
    if (!ok_) return 0;
    size_t pos = in_.find(end);
    if (pos == std::string_view::npos || pos == 0 || pos > 20) {
      ok_ = false;
      return 0;
    }
    int64_t v = 0;
    auto [p, ec] = std::from_chars(in_.data(), in_.data() + pos, v);
    if (ec != std::errc() || p != in_.data() + pos) {
      ok_ = false;
      return 0;
    }
    in_.remove_prefix(pos + 1);
    return v;
  }

  std::string_view in_;
  bool ok_ = true;
};

constexpr int kMaxAppealState = static_cast<int>(AppealState::kExpired);
constexpr int kMaxAppealKind = static_cast<int>(AppealKind::kFollowUp);
constexpr int kMaxRole = static_cast<int>(Role::kSystem);
constexpr int kMaxCategory = static_cast<int>(Category::kLifeSafety);
constexpr int kMaxMessageState = static_cast<int>(MessageState::kClosed);

bool Open(Reader& r, std::string_view magic) { return r.Str() == magic && r.ok(); }

template <typename T>
absl::StatusOr<T> Finish(const Reader& r, T value, std::string_view what) {
  if (!r.ok() || !r.done()) {
    return absl::DataLossError(std::string(what) + ": stored record is malformed");
  }
  return value;
}

void PutText(Writer& w, const LanguageText& t) {
  w.Str(t.headline);
  w.Str(t.long_text);
}
LanguageText GetText(Reader& r) {
  LanguageText t;
  t.headline = r.Str();
  t.long_text = r.Str();
  return t;
}

}  // namespace

std::string EncodeAppeal(const Appeal& a) {
  // appeal/2 adds the guard's findings and the phrases needing translation at the end, appeal/3
  // each photo's source, face count and pending lift; appeal/1 and /2 records still decode.
  Writer w("appeal/3");
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
    w.Time(v.created_at);
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
    w.Time(e.at);
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
  w.OptTime(a.publication.queued_at);
  w.Str(a.publication.post_url);
  w.Str(a.publication.post_id);
  w.Int(a.publication.published_version);
  w.OptTime(a.publication.published_at);
  w.Str(a.terminal_reason);
  w.Time(a.created_at);
  w.Time(a.updated_at);
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
  return w.Finish();
}

absl::StatusOr<Appeal> DecodeAppeal(std::string_view blob) {
  Reader r(blob);
  Appeal a;
  const std::string magic = r.Str();
  if (!r.ok() || (magic != "appeal/1" && magic != "appeal/2" && magic != "appeal/3")) {
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
    v.created_at = r.Time();
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
    e.at = r.Time();
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
  a.publication.queued_at = r.OptTime();
  a.publication.post_url = r.Str();
  a.publication.post_id = r.Str();
  a.publication.published_version = static_cast<int>(r.Int());
  a.publication.published_at = r.OptTime();
  a.terminal_reason = r.Str();
  a.created_at = r.Time();
  a.updated_at = r.Time();
  if (magic != "appeal/1") {
    a.pii_findings.resize(r.Count());
    for (auto& f : a.pii_findings) {
      f.kind = r.Str();
      f.field = r.Str();
      f.action = r.Str();
    }
    a.needs_translation = r.Strs();
  }
  if (magic == "appeal/3") {
    for (auto& p : a.photos) {
      p.source_id = r.Str();
      p.faces_blurred = static_cast<int>(r.Int());
      p.lift_requested_by = r.Str();
      p.lift_reason = r.Str();
    }
  }
  if (r.ok() && a.versions.empty()) return absl::DataLossError("appeal: stored with no version");
  return Finish(r, std::move(a), "appeal");
}

std::string EncodeMessage(const InboxMessage& m) {
  // message/2 appends zone_id, life_safety_kind and auto_reply; message/3 the replies'
  // delivery and the page's acknowledgement. Older records still read.
  Writer w("message/3");
  w.Str(m.id);
  w.Str(m.channel);
  w.Str(m.text);
  w.Time(m.received_at);
  w.Str(m.sender_handle);
  w.Int(static_cast<int>(m.category));
  w.Bool(m.category_confirmed);
  w.Strs(m.matched_keywords);
  w.Str(m.department);
  w.Time(m.deadline);
  w.Int(static_cast<int>(m.state));
  w.Str(m.assignee_id);
  w.Str(m.reply);
  w.Str(m.suggested_answer_id);
  w.OptTime(m.answered_at);
  w.Str(m.answered_by);
  w.OptTime(m.closed_at);
  w.Str(m.case_id);
  w.Str(m.zone_id);
  w.Str(m.life_safety_kind);
  w.Str(m.auto_reply);
  w.Int(static_cast<int>(m.reply_delivery));
  w.Int(static_cast<int>(m.auto_reply_delivery));
  w.Str(m.page_acknowledged_by);
  w.OptTime(m.page_acknowledged_at);
  return w.Finish();
}

absl::StatusOr<InboxMessage> DecodeMessage(std::string_view blob) {
  Reader r(blob);
  InboxMessage m;
  const std::string format = r.Str();
  if (!r.ok() || (format != "message/1" && format != "message/2" && format != "message/3")) {
    return absl::DataLossError("message: unknown record format");
  }
  m.id = r.Str();
  m.channel = r.Str();
  m.text = r.Str();
  m.received_at = r.Time();
  m.sender_handle = r.Str();
  m.category = r.Enum<Category>(kMaxCategory);
  m.category_confirmed = r.Bool();
  m.matched_keywords = r.Strs();
  m.department = r.Str();
  m.deadline = r.Time();
  m.state = r.Enum<MessageState>(kMaxMessageState);
  m.assignee_id = r.Str();
  m.reply = r.Str();
  m.suggested_answer_id = r.Str();
  m.answered_at = r.OptTime();
  m.answered_by = r.Str();
  m.closed_at = r.OptTime();
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
    m.page_acknowledged_at = r.OptTime();
  }
  return Finish(r, std::move(m), "message");
}

std::string EncodeAnswer(const AnswerEntry& e) {
  Writer w("answer/1");
  w.Str(e.id);
  w.Str(e.question);
  w.Str(e.answer);
  w.Strs(e.keywords);
  w.Str(e.approved_by);
  w.Int(e.version);
  w.Bool(e.retired);
  w.Time(e.updated_at);
  return w.Finish();
}

absl::StatusOr<AnswerEntry> DecodeAnswer(std::string_view blob) {
  Reader r(blob);
  AnswerEntry e;
  if (!Open(r, "answer/1")) return absl::DataLossError("answer: unknown record format");
  e.id = r.Str();
  e.question = r.Str();
  e.answer = r.Str();
  e.keywords = r.Strs();
  e.approved_by = r.Str();
  e.version = static_cast<int>(r.Int());
  e.retired = r.Bool();
  e.updated_at = r.Time();
  return Finish(r, std::move(e), "answer");
}

std::string EncodeAnswerAudit(const AnswerAudit& a) {
  Writer w("answer-audit/1");
  w.Str(a.entry_id);
  w.Int(a.version);
  w.Str(a.actor_id);
  w.Time(a.at);
  w.Str(a.action);
  w.Str(a.reason);
  return w.Finish();
}

absl::StatusOr<AnswerAudit> DecodeAnswerAudit(std::string_view blob) {
  Reader r(blob);
  AnswerAudit a;
  if (!Open(r, "answer-audit/1")) return absl::DataLossError("answer audit: unknown record format");
  a.entry_id = r.Str();
  a.version = static_cast<int>(r.Int());
  a.actor_id = r.Str();
  a.at = r.Time();
  a.action = r.Str();
  a.reason = r.Str();
  return Finish(r, std::move(a), "answer audit");
}

std::string EncodeAnswerProposal(const AnswerProposal& p) {
  Writer w("answer-proposal/1");
  w.Str(p.id);
  w.Str(p.message_id);
  w.Str(p.answer_id);
  w.Str(p.question);
  w.Str(p.answer);
  w.Strs(p.keywords);
  w.Str(p.proposed_by);
  w.Time(p.proposed_at);
  w.Int(static_cast<int64_t>(p.state));
  w.Str(p.reviewed_by);
  w.OptTime(p.reviewed_at);
  w.Str(p.reason);
  return w.Finish();
}

absl::StatusOr<AnswerProposal> DecodeAnswerProposal(std::string_view blob) {
  Reader r(blob);
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
  p.proposed_at = r.Time();
  p.state = r.Enum<ProposalState>(static_cast<int>(ProposalState::kRejected));
  p.reviewed_by = r.Str();
  p.reviewed_at = r.OptTime();
  p.reason = r.Str();
  return Finish(r, std::move(p), "answer proposal");
}

}  // namespace cs::appeals
