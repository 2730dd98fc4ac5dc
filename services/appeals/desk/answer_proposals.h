// How the answer library (口径库) learns from the desk: a press officer who answered a message by
// hand proposes that answer for the library, and a second press officer approves it (four
// eyes) before it is ever suggested. Rejections keep their reason.
// Thread-safety: safe from several threads; each change is a compare-and-set through
// AnswerProposalStore (a concurrent review returns Aborted: reload, retry).
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
#include "services/appeals/desk/answer_library.h"
#include "services/appeals/desk/appeal.h"
#include "services/appeals/desk/inbox_store.h"

namespace cs::appeals {

enum class ProposalState { kPending, kApproved, kRejected };
const char* ProposalStateName(ProposalState state);

struct AnswerProposal {
  std::string id;
  std::string message_id;  // the inbox message whose hand-written answer this is
  std::string answer_id;   // the entry it creates ("ans-<proposal id>") or edits
  std::string question;
  std::string answer;
  std::vector<std::string> keywords;
  std::string proposed_by;
  TimePoint proposed_at;
  ProposalState state = ProposalState::kPending;
  std::string reviewed_by;
  std::optional<TimePoint> reviewed_at;
  std::string reason;  // a rejection's reason
  int64_t revision = 0;
};

// Narrow store. Redis: redis_answer_proposals.h.
class AnswerProposalStore {
 public:
  virtual ~AnswerProposalStore() = default;
  // AlreadyExists if the id is taken. Sets revision 1.
  virtual absl::Status Create(const AnswerProposal& proposal) = 0;
  virtual absl::StatusOr<AnswerProposal> Get(const std::string& id) const = 0;
  // Compare-and-set on revision; Aborted on a concurrent change.
  virtual absl::Status Update(const AnswerProposal& proposal) = 0;
  virtual absl::StatusOr<std::vector<AnswerProposal>> List() const = 0;
};

class InMemoryAnswerProposalStore final : public AnswerProposalStore {
 public:
  absl::Status Create(const AnswerProposal& proposal) override;
  absl::StatusOr<AnswerProposal> Get(const std::string& id) const override;
  absl::Status Update(const AnswerProposal& proposal) override;
  absl::StatusOr<std::vector<AnswerProposal>> List() const override;

 private:
  mutable std::mutex mu_;
  std::map<std::string, AnswerProposal> proposals_ ABSL_GUARDED_BY(mu_);
};

struct ProposalRequest {
  std::string proposal_id;  // chosen by the caller (the adapter makes one)
  std::string message_id;
  // Empty: the message's own text, which the reviewer should then trim to the general question.
  std::string question;
  // Curated search keywords; empty is fine (the question and answer are indexed).
  std::vector<std::string> keywords;
  // Set: the proposal edits this existing entry instead of creating one.
  std::string answer_id;
};

class AnswerProposals {
 public:
  AnswerProposals(AnswerProposalStore* store, const InboxStore* inbox, AnswerLibrary* library,
                  const Clock* clock);

  // Only a press officer proposes, and only an answered message's reply. FailedPrecondition
  // when the message is not answered, or its reply is word for word the library entry it was
  // drafted from (nothing to learn). NotFound for an unknown message or answer_id.
  // AlreadyExists when the message's answer is already pending or approved.
  absl::StatusOr<AnswerProposal> Propose(const ProposalRequest& request, const Actor& proposer);

  // Approve: a press officer other than the proposer; the entry is written to the library,
  // approved by the reviewer. Reject: needs a reason. FailedPrecondition once reviewed.
  absl::StatusOr<AnswerProposal> Approve(const std::string& id, const Actor& reviewer);
  absl::StatusOr<AnswerProposal> Reject(const std::string& id, const Actor& reviewer,
                                        const std::string& reason);

  // Oldest first; `state` filters when set.
  absl::StatusOr<std::vector<AnswerProposal>> List(std::optional<ProposalState> state) const;

 private:
  absl::StatusOr<AnswerProposal> LoadForReview(const std::string& id, const Actor& reviewer) const;

  AnswerProposalStore* store_;
  const InboxStore* inbox_;
  AnswerLibrary* library_;
  const Clock* clock_;
};

}  // namespace cs::appeals
