// Inbox messages as stored, and the narrow store behind the inbox (plus an in-memory version).
// Thread-safety: store implementations must be safe from several threads.
//
// Redis: one hash per message (cs:{inbox}:msg:<id>), a sorted set by received_at for ranges, a
// set of open ids. Put is a compare-and-set on `revision` (WATCH/MULTI) touching all three.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/clock.h"
#include "services/appeals/desk/inbox_triage.h"

namespace cs::appeals {

enum class MessageState { kReceived, kAssigned, kAnswered, kClosed };
const char* MessageStateName(MessageState state);

// A message has up to two replies that go back the way it came (the Weibo connector): the
// desk's answer, and the out-of-hours automatic reply.
enum class ReplyKind { kAnswer, kAutoReply };
// How far a reply got, as the connector reports it. kNone: no connector has it (a hotline
// message, or not answered yet).
enum class ReplyDelivery {
  kNone,
  kQueued,  // waiting: in the outbox for a press officer, or for the next pass
  kSent,
  kFailed,  // refused, too long, or perhaps sent (ambiguous): the desk answers by hand
};
inline constexpr int kMaxReplyDelivery = static_cast<int>(ReplyDelivery::kFailed);
const char* ReplyDeliveryName(ReplyDelivery delivery);  // "none", "queued", "sent", "failed"

struct InboxMessage {
  std::string id;
  std::string channel;  // "weibo_dm", "weibo_comment", "hotline", "email", "web"
  std::string text;
  TimePoint received_at;
  std::string sender_handle;  // RESTRICTED: shown to the press desk only, never in errors/logs

  Category category = Category::kConsultation;
  bool category_confirmed = false;  // false: still the suggestion
  std::vector<std::string> matched_keywords;
  std::string department;
  TimePoint deadline;
  MessageState state = MessageState::kReceived;
  std::string assignee_id;
  std::string reply;
  std::string suggested_answer_id;  // the answer-library entry the draft reply came from
  std::optional<TimePoint> answered_at;
  std::string answered_by;
  std::optional<TimePoint> closed_at;
  std::string case_id;           // tips only: the case this tip belongs to
  std::string zone_id;           // the venue zone the text names, "" for none (ZoneMentions)
  std::string life_safety_kind;  // life safety only: "self_harm", "crowd_crush", ...
  std::string auto_reply;        // the out-of-hours reply, "" when the desk was open
  ReplyDelivery reply_delivery = ReplyDelivery::kNone;
  ReplyDelivery auto_reply_delivery = ReplyDelivery::kNone;
  // Life safety: the command centre's acknowledgement of the page (mirrored from crowd-service).
  std::string page_acknowledged_by;
  std::optional<TimePoint> page_acknowledged_at;
  int64_t revision = 0;
};

class InboxStore {
 public:
  virtual ~InboxStore() = default;
  // AlreadyExists if the id is taken (a redelivered message is accepted once). Sets revision 1.
  virtual absl::Status Create(InboxMessage message) = 0;
  virtual absl::StatusOr<InboxMessage> Get(const std::string& id) const = 0;
  // Compare-and-set on revision; Aborted on a concurrent change.
  virtual absl::Status Update(const InboxMessage& message) = 0;
  // Messages with from <= received_at < to.
  virtual std::vector<InboxMessage> ListReceived(TimePoint from, TimePoint to) const = 0;
  // Messages not yet answered or closed.
  virtual std::vector<InboxMessage> ListOpen() const = 0;
};

class InMemoryInboxStore final : public InboxStore {
 public:
  absl::Status Create(InboxMessage message) override;
  absl::StatusOr<InboxMessage> Get(const std::string& id) const override;
  absl::Status Update(const InboxMessage& message) override;
  std::vector<InboxMessage> ListReceived(TimePoint from, TimePoint to) const override;
  std::vector<InboxMessage> ListOpen() const override;

 private:
  mutable std::mutex mu_;
  std::map<std::string, InboxMessage> messages_ ABSL_GUARDED_BY(mu_);
};

}  // namespace cs::appeals
