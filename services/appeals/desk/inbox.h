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
#include "services/appeals/desk/inbox_store.h"
#include "services/appeals/desk/inbox_triage.h"

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

class Inbox {
 public:
  // `answers` may be null (no drafted replies then).
  Inbox(InboxStore* store, const TriageRules* rules, const AnswerLibrary* answers,
        const Clock* clock);

  // Triage on arrival: suggested category, department and deadline (received_at + the
  // department's response time). A redelivered id is AlreadyExists and changes nothing.
  absl::StatusOr<InboxMessage> Receive(const IncomingMessage& incoming);

  // received -> assigned. The desk may confirm or correct the category and department; the
  // deadline follows the department.
  absl::StatusOr<InboxMessage> Assign(const std::string& id, const Actor& actor,
                                      const std::string& assignee_id,
                                      std::optional<Category> category = std::nullopt,
                                      std::optional<std::string> department = std::nullopt);
  // Fills `reply` with the best-matching approved answer (not sent; a person answers).
  // NotFound if nothing in the library matches.
  absl::StatusOr<InboxMessage> DraftReply(const std::string& id);
  // received|assigned -> answered.
  absl::StatusOr<InboxMessage> Answer(const std::string& id, const Actor& actor,
                                      const std::string& reply);
  // answered -> closed.
  absl::StatusOr<InboxMessage> Close(const std::string& id, const Actor& actor);
  // Tips only: links the message to a lost-child case.
  absl::StatusOr<InboxMessage> LinkCase(const std::string& id, const Actor& actor,
                                        const std::string& case_id);

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
};

}  // namespace cs::appeals
