// The press-desk inbox: receive public messages, triage and route them, hold departments to a
// response deadline, draft replies from the answer library, and report per department.
// Thread-safety: safe from several threads; each change is a compare-and-set through InboxStore,
// so a concurrent change to the same message returns Aborted (reload, retry).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/clock.h"
#include "services/appeals/desk/answer_library.h"
#include "services/appeals/desk/appeal.h"
#include "services/appeals/desk/desk_rota.h"
#include "services/appeals/desk/inbox_store.h"
#include "services/appeals/desk/inbox_triage.h"
#include "services/appeals/desk/life_safety.h"
#include "services/appeals/desk/zone_mentions.h"

namespace cs::appeals {

struct IncomingMessage {
  std::string id;
  std::string channel;
  std::string text;
  TimePoint received_at;
  std::string sender_handle;  // restricted
};

struct DepartmentReport {
  std::string department;
  int received = 0;
  int answered = 0;
  int answered_on_time = 0;
  int overdue = 0;  // still open and past the deadline, as of the report's `now`
};

// The desk's life-safety path and rota; each part may be null (then it is skipped).
struct InboxDesk {
  LifeSafetyDispatcher* life_safety = nullptr;  // pages the command centre
  const ZoneMentions* zones = nullptr;          // pins a message to a zone
  const DeskRota* rota = nullptr;               // out-of-hours replies
};

// The desk's order: open life-safety messages first (oldest first: the one waiting longest is
// the most urgent), then everything else by arrival, ties by id.
void SortForDesk(std::vector<InboxMessage>& messages);

class Inbox {
 public:
  // `answers` may be null (no drafted replies then).
  Inbox(InboxStore* store, const TriageRules* rules, const AnswerLibrary* answers,
        const Clock* clock, InboxDesk desk = {});

  // Triage on arrival: suggested category, department and deadline (received_at + the
  // department's response time), and the zone the text names. A life-safety message is
  // stored, then paged to the command centre at any hour (a page that fails is kept and
  // retried by the dispatcher; the message is stored either way). Any other message that
  // arrives outside the desk's hours gets the automatic reply. A redelivered id is
  // AlreadyExists and changes nothing.
  absl::StatusOr<InboxMessage> Receive(const IncomingMessage& incoming);

  // received -> assigned. The desk may confirm or correct the category and department; the
  // deadline follows the department.
  absl::StatusOr<InboxMessage> Assign(const std::string& id, const Actor& actor,
                                      const std::string& assignee_id,
                                      std::optional<Category> category = std::nullopt,
                                      std::optional<std::string> department = std::nullopt);
  // Fills `reply` with the best-matching approved answer (not sent; a person answers).
  // NotFound if nothing in the library matches; FailedPrecondition for a life-safety message,
  // which is never answered from the library.
  absl::StatusOr<InboxMessage> DraftReply(const std::string& id);
  // received|assigned -> answered.
  absl::StatusOr<InboxMessage> Answer(const std::string& id, const Actor& actor,
                                      const std::string& reply);
  // answered -> closed.
  absl::StatusOr<InboxMessage> Close(const std::string& id, const Actor& actor);
  // Tips only: links the message to a lost-child case.
  absl::StatusOr<InboxMessage> LinkCase(const std::string& id, const Actor& actor,
                                        const std::string& case_id);

  // Pages the command centre again for every open life-safety message (at start-up: a page
  // queued before a restart is not lost; crowd-service's raise is idempotent on the message
  // id). Returns how many were handed to the dispatcher.
  int RepageOpenLifeSafety();

  // For every open life-safety message whose page nobody has acknowledged yet: asks the command
  // centre how the incident stands and, once it is acknowledged, copies who and when onto the
  // message (the escalation itself stops in crowd-service, which owns it). A message that cannot
  // be checked now (crowd-service down, a concurrent change) is checked at the next pass.
  // Returns how many acknowledgements were mirrored. For a periodic loop.
  int MirrorPageAcknowledgements();

  // The connector's report on a reply (`kind`): queued, sent or failed. NotFound for an unknown
  // id; FailedPrecondition for an automatic reply the message never had.
  absl::StatusOr<InboxMessage> RecordDelivery(const std::string& id, ReplyKind kind,
                                              ReplyDelivery delivery);

  // `include_restricted` false blanks the sender handle (for roles other than the press desk).
  absl::StatusOr<InboxMessage> Get(const std::string& id, bool include_restricted) const;

  // Open messages past their deadline now, earliest deadline first; sender handles blanked.
  std::vector<InboxMessage> Overdue() const;

  // Per department, for messages received in [from, to): received, answered, answered on time,
  // and overdue (still open and past deadline now). Sorted by department.
  std::vector<DepartmentReport> Report(TimePoint from, TimePoint to) const;

 private:
  absl::StatusOr<InboxMessage> Load(const std::string& id, const Actor& actor) const;
  absl::StatusOr<InboxMessage> Save(InboxMessage m);

  InboxStore* store_;
  const TriageRules* rules_;
  const AnswerLibrary* answers_;
  const Clock* clock_;
  InboxDesk desk_;
};

}  // namespace cs::appeals
