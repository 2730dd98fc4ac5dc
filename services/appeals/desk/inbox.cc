#include "services/appeals/desk/inbox.h"

#include <algorithm>
#include <map>

#include "absl/strings/str_cat.h"
#include "services/appeals/desk/inbox_report.h"

namespace cs::appeals {
namespace {

constexpr size_t kMaxTextBytes = 8000;
constexpr size_t kMaxReplyBytes = 8000;

bool IsOpen(MessageState s) { return s == MessageState::kReceived || s == MessageState::kAssigned; }

absl::Status BadState(const InboxMessage& m, const char* action) {
  return absl::FailedPreconditionError(
      absl::StrCat("cannot ", action, " a message in state ", MessageStateName(m.state)));
}

}  // namespace

void SortForDesk(std::vector<InboxMessage>& messages) {
  auto rank = [](const InboxMessage& m) {
    return m.category == Category::kLifeSafety && IsOpen(m.state) ? 0 : 1;
  };
  std::sort(messages.begin(), messages.end(), [&](const InboxMessage& a, const InboxMessage& b) {
    if (rank(a) != rank(b)) return rank(a) < rank(b);
    if (a.received_at != b.received_at) return a.received_at < b.received_at;
    return a.id < b.id;
  });
}

Inbox::Inbox(InboxStore* store, const TriageRules* rules, const AnswerLibrary* answers,
             const Clock* clock, InboxDesk desk)
    : store_(store), rules_(rules), answers_(answers), clock_(clock), desk_(desk) {}

absl::StatusOr<InboxMessage> Inbox::Receive(const IncomingMessage& in) {
  if (in.id.empty() || in.id.size() > 128) {
    return absl::InvalidArgumentError("message.id: must be 1..128 bytes");
  }
  if (in.channel.empty() || in.channel.size() > 32) {
    return absl::InvalidArgumentError("message.channel: must be 1..32 bytes");
  }
  if (in.text.empty() || in.text.size() > kMaxTextBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("message.text: must be 1..", kMaxTextBytes, " bytes"));
  }
  if (in.sender_handle.size() > 256) {
    return absl::InvalidArgumentError("message.sender_handle: longer than 256 bytes");
  }
  if (in.received_at == TimePoint{}) {
    return absl::InvalidArgumentError("message.received_at: required");
  }
  if (in.received_at > clock_->Now() + std::chrono::minutes(5)) {
    return absl::InvalidArgumentError("message.received_at: more than 5 minutes in the future");
  }
  Triage t = rules_->Route(in.text);
  InboxMessage m;
  m.id = in.id;
  m.channel = in.channel;
  m.text = in.text;
  m.received_at = in.received_at;
  m.sender_handle = in.sender_handle;
  m.category = t.category;
  m.matched_keywords = std::move(t.matched_keywords);
  m.department = t.department;
  m.deadline = in.received_at + t.respond_within;
  m.state = MessageState::kReceived;
  if (desk_.zones != nullptr) m.zone_id = desk_.zones->Resolve(in.text);
  const bool life_safety = m.category == Category::kLifeSafety;
  if (life_safety) {
    m.life_safety_kind = LifeSafetyKindName(LifeSafetyKindOf(t.scores));
  } else if (desk_.rota != nullptr && !desk_.rota->IsOpen(in.received_at)) {
    m.auto_reply = desk_.rota->OutOfHoursReply(m.channel);
  }
  if (auto s = store_->Create(m); !s.ok()) return s;
  m.revision = 1;
  if (life_safety && desk_.life_safety != nullptr) {
    // A failed page is queued and retried by the dispatcher; the message is stored and at the
    // top of the inbox either way, so the caller is not told of the failure.
    desk_.life_safety->Dispatch({m.id, LifeSafetyKindOf(t.scores), m.zone_id, m.received_at})
        .IgnoreError();
  }
  return m;
}

absl::StatusOr<InboxMessage> Inbox::Load(const std::string& id, const Actor& actor) const {
  if (actor.id.empty()) return absl::InvalidArgumentError("actor.id: must not be empty");
  return store_->Get(id);
}

absl::StatusOr<InboxMessage> Inbox::Save(InboxMessage m) {
  if (auto s = store_->Update(m); !s.ok()) return s;
  ++m.revision;
  return m;
}

absl::StatusOr<InboxMessage> Inbox::Assign(const std::string& id, const Actor& actor,
                                           const std::string& assignee_id,
                                           std::optional<Category> category,
                                           std::optional<std::string> department) {
  if (assignee_id.empty()) return absl::InvalidArgumentError("assignee_id: required");
  if (department && department->empty()) {
    return absl::InvalidArgumentError("department: must not be empty when given");
  }
  auto m = Load(id, actor);
  if (!m.ok()) return m;
  if (!IsOpen(m->state)) return BadState(*m, "assign");
  if (category) {
    m->category = *category;
    m->category_confirmed = true;
    if (!department) m->department = rules_->Route(m->text, *category).department;
  }
  if (department) m->department = *department;
  m->deadline = m->received_at + rules_->DeadlineFor(m->department);
  m->assignee_id = assignee_id;
  m->state = MessageState::kAssigned;
  return Save(*std::move(m));
}

absl::StatusOr<InboxMessage> Inbox::DraftReply(const std::string& id) {
  auto m = store_->Get(id);
  if (!m.ok()) return m;
  if (!IsOpen(m->state)) return BadState(*m, "draft a reply for");
  if (m->category == Category::kLifeSafety) {
    return absl::FailedPreconditionError(
        "category: a life-safety message is never answered from the library");
  }
  if (answers_ == nullptr) return absl::FailedPreconditionError("no answer library configured");
  auto hits = answers_->Search(m->text, 1);
  if (hits.empty()) return absl::NotFoundError("no approved answer matches this message");
  auto entry = answers_->Get(hits.front().id);
  if (!entry.ok()) return entry.status();
  m->reply = entry->answer;
  m->suggested_answer_id = entry->id;
  return Save(*std::move(m));
}

absl::StatusOr<InboxMessage> Inbox::Answer(const std::string& id, const Actor& actor,
                                           const std::string& reply) {
  if (reply.find_first_not_of(" \t\r\n") == std::string::npos) {
    return absl::InvalidArgumentError("reply: must not be empty");
  }
  if (reply.size() > kMaxReplyBytes) {
    return absl::InvalidArgumentError(absl::StrCat("reply: longer than ", kMaxReplyBytes));
  }
  auto m = Load(id, actor);
  if (!m.ok()) return m;
  if (!IsOpen(m->state)) return BadState(*m, "answer");
  if (m->assignee_id.empty()) m->assignee_id = actor.id;
  m->reply = reply;
  m->answered_at = clock_->Now();
  m->answered_by = actor.id;
  m->state = MessageState::kAnswered;
  return Save(*std::move(m));
}

absl::StatusOr<InboxMessage> Inbox::Close(const std::string& id, const Actor& actor) {
  auto m = Load(id, actor);
  if (!m.ok()) return m;
  if (m->state != MessageState::kAnswered) return BadState(*m, "close");
  m->state = MessageState::kClosed;
  m->closed_at = clock_->Now();
  return Save(*std::move(m));
}

absl::StatusOr<InboxMessage> Inbox::LinkCase(const std::string& id, const Actor& actor,
                                             const std::string& case_id) {
  if (case_id.empty() || case_id.size() > 128) {
    return absl::InvalidArgumentError("case_id: must be 1..128 bytes");
  }
  auto m = Load(id, actor);
  if (!m.ok()) return m;
  if (m->category != Category::kTip) {
    return absl::FailedPreconditionError(absl::StrCat(
        "category: only a tip (线索) links to a case, this is ", CategoryName(m->category)));
  }
  m->case_id = case_id;
  return Save(*std::move(m));
}

int Inbox::RepageOpenLifeSafety() {
  if (desk_.life_safety == nullptr) return 0;
  int n = 0;
  for (const auto& m : store_->ListOpen()) {
    if (m.category != Category::kLifeSafety) continue;
    desk_.life_safety
        ->Dispatch({m.id, LifeSafetyKindFromName(m.life_safety_kind), m.zone_id, m.received_at})
        .IgnoreError();  // kept by the dispatcher for its retry
    ++n;
  }
  return n;
}

int Inbox::MirrorPageAcknowledgements() {
  if (desk_.life_safety == nullptr) return 0;
  int n = 0;
  for (InboxMessage& m : store_->ListOpen()) {
    if (m.category != Category::kLifeSafety || m.page_acknowledged_at) continue;
    auto page = desk_.life_safety->Check(
        {m.id, LifeSafetyKindFromName(m.life_safety_kind), m.zone_id, m.received_at});
    if (!page.ok() || !page->acknowledged_at) continue;
    m.page_acknowledged_by = page->acknowledged_by;
    m.page_acknowledged_at = page->acknowledged_at;
    if (store_->Update(m).ok()) ++n;  // Aborted: changed meanwhile; the next pass retries
  }
  return n;
}

absl::StatusOr<InboxMessage> Inbox::RecordDelivery(const std::string& id, ReplyKind kind,
                                                   ReplyDelivery delivery) {
  auto m = store_->Get(id);
  if (!m.ok()) return m;
  if (kind == ReplyKind::kAutoReply && m->auto_reply.empty()) {
    return absl::FailedPreconditionError("kind: this message had no automatic reply");
  }
  ReplyDelivery& field = kind == ReplyKind::kAnswer ? m->reply_delivery : m->auto_reply_delivery;
  if (field == delivery) return m;
  field = delivery;
  return Save(*std::move(m));
}

absl::StatusOr<InboxMessage> Inbox::Get(const std::string& id, bool include_restricted) const {
  auto m = store_->Get(id);
  if (m.ok() && !include_restricted) m->sender_handle.clear();
  return m;
}

std::vector<InboxMessage> Inbox::Overdue() const {
  const TimePoint now = clock_->Now();
  std::vector<InboxMessage> out;
  for (auto& m : store_->ListOpen()) {
    if (now > m.deadline) {
      m.sender_handle.clear();
      out.push_back(std::move(m));
    }
  }
  std::sort(out.begin(), out.end(),
            [](const InboxMessage& a, const InboxMessage& b) { return a.deadline < b.deadline; });
  return out;
}

std::vector<DepartmentReport> Inbox::Report(TimePoint from, TimePoint to) const {
  // The counts come from the one accountability computation (inbox_report.h).
  AccountabilityReport full =
      BuildAccountabilityReport(store_->ListReceived(from, to), clock_->Now(), Duration{});
  std::vector<DepartmentReport> out;
  out.reserve(full.departments.size());
  for (const auto& d : full.departments) {
    out.push_back({d.department, d.received, d.answered, d.answered_on_time, d.overdue});
  }
  return out;
}

}  // namespace cs::appeals
