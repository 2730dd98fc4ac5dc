#include "services/appeals/desk/answer_proposals.h"

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace cs::appeals {
namespace {

constexpr size_t kMaxReasonBytes = 2000;

absl::Status RequirePress(const Actor& actor, const char* what) {
  if (actor.id.empty()) return absl::InvalidArgumentError("actor.id: must not be empty");
  if (actor.role != Role::kPressOfficer) {
    return absl::PermissionDeniedError(absl::StrCat("actor.role: only a press officer ", what));
  }
  return absl::OkStatus();
}

}  // namespace

const char* ProposalStateName(ProposalState state) {
  switch (state) {
    case ProposalState::kPending:
      return "pending";
    case ProposalState::kApproved:
      return "approved";
    case ProposalState::kRejected:
      return "rejected";
  }
  return "pending";
}

// ---- InMemoryAnswerProposalStore ----

absl::Status InMemoryAnswerProposalStore::Create(const AnswerProposal& proposal) {
  std::lock_guard<std::mutex> lock(mu_);
  if (proposals_.count(proposal.id)) return absl::AlreadyExistsError("proposal_id: taken");
  AnswerProposal p = proposal;
  p.revision = 1;
  proposals_[p.id] = std::move(p);
  return absl::OkStatus();
}

absl::StatusOr<AnswerProposal> InMemoryAnswerProposalStore::Get(const std::string& id) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = proposals_.find(id);
  if (it == proposals_.end()) return absl::NotFoundError("proposal_id: no such proposal");
  return it->second;
}

absl::Status InMemoryAnswerProposalStore::Update(const AnswerProposal& proposal) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = proposals_.find(proposal.id);
  if (it == proposals_.end()) return absl::NotFoundError("proposal_id: no such proposal");
  if (it->second.revision != proposal.revision) {
    return absl::AbortedError("proposal: changed concurrently; reload and retry");
  }
  it->second = proposal;
  ++it->second.revision;
  return absl::OkStatus();
}

absl::StatusOr<std::vector<AnswerProposal>> InMemoryAnswerProposalStore::List() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<AnswerProposal> out;
  for (const auto& [id, p] : proposals_) out.push_back(p);
  return out;
}

// ---- AnswerProposals ----

AnswerProposals::AnswerProposals(AnswerProposalStore* store, const InboxStore* inbox,
                                 AnswerLibrary* library, const Clock* clock)
    : store_(store), inbox_(inbox), library_(library), clock_(clock) {}

absl::StatusOr<AnswerProposal> AnswerProposals::Propose(const ProposalRequest& request,
                                                        const Actor& proposer) {
  if (auto s = RequirePress(proposer, "proposes library answers"); !s.ok()) return s;
  if (request.proposal_id.empty() || request.proposal_id.size() > 100) {
    return absl::InvalidArgumentError("proposal_id: must be 1..100 bytes");
  }
  auto m = inbox_->Get(request.message_id);
  if (!m.ok()) return m.status();
  if (m->state != MessageState::kAnswered && m->state != MessageState::kClosed) {
    return absl::FailedPreconditionError(
        absl::StrCat("message_id: the message is ", MessageStateName(m->state),
                     "; only an answered message's reply can be proposed"));
  }
  if (!m->suggested_answer_id.empty()) {
    auto drafted_from = library_->Get(m->suggested_answer_id);
    if (drafted_from.ok() && drafted_from->answer == m->reply) {
      return absl::FailedPreconditionError(
          "message_id: the reply is the library's own entry word for word; nothing to learn");
    }
  }
  auto existing_proposals = store_->List();
  if (!existing_proposals.ok()) return existing_proposals.status();
  for (const auto& other : *existing_proposals) {
    if (other.message_id == m->id && other.state != ProposalState::kRejected) {
      return absl::AlreadyExistsError(absl::StrCat("message_id: its answer is already proposed (",
                                                   other.id, ", ",
                                                   ProposalStateName(other.state), ")"));
    }
  }
  AnswerProposal p;
  p.id = request.proposal_id;
  p.message_id = m->id;
  p.question = request.question.empty() ? m->text : request.question;
  p.answer = m->reply;
  // Triage's matched keywords say what kind of message it is ("几点", "？"), not what it is
  // about, so none are taken by default: the question and answer are indexed anyway.
  p.keywords = request.keywords;
  if (request.answer_id.empty()) {
    p.answer_id = "ans-" + p.id;  // fixed now, so a retried approval cannot make a second entry
  } else {
    auto existing = library_->Get(request.answer_id);
    if (!existing.ok()) return existing.status();
    p.answer_id = request.answer_id;
  }
  p.proposed_by = proposer.id;
  p.proposed_at = clock_->Now();
  // The library's own rules (lengths, keyword counts) are checked now, not at approval.
  if (auto s = ValidateAnswerDraft({p.answer_id, p.question, p.answer, p.keywords}); !s.ok()) {
    return s;
  }
  if (auto s = store_->Create(p); !s.ok()) return s;
  p.revision = 1;
  return p;
}

absl::StatusOr<AnswerProposal> AnswerProposals::LoadForReview(const std::string& id,
                                                              const Actor& reviewer) const {
  if (auto s = RequirePress(reviewer, "reviews library answers"); !s.ok()) return s;
  auto p = store_->Get(id);
  if (!p.ok()) return p.status();
  if (p->state != ProposalState::kPending) {
    return absl::FailedPreconditionError(
        absl::StrCat("proposal_id: already ", ProposalStateName(p->state)));
  }
  if (p->proposed_by == reviewer.id) {
    return absl::PermissionDeniedError(
        "actor.user_id: the proposer cannot approve their own answer (four eyes)");
  }
  return p;
}

absl::StatusOr<AnswerProposal> AnswerProposals::Approve(const std::string& id,
                                                        const Actor& reviewer) {
  auto p = LoadForReview(id, reviewer);
  if (!p.ok()) return p;
  AnswerDraft draft{p->answer_id, p->question, p->answer, p->keywords};
  auto existing = library_->Get(p->answer_id);
  const bool created_by_earlier_try =
      existing.ok() && existing->approved_by == reviewer.id && existing->answer == p->answer &&
      existing->question == p->question;
  if (!created_by_earlier_try) {
    auto stored = library_->Put(draft, reviewer);
    if (!stored.ok()) return stored.status();
  }
  p->state = ProposalState::kApproved;
  p->reviewed_by = reviewer.id;
  p->reviewed_at = clock_->Now();
  if (auto s = store_->Update(*p); !s.ok()) return s;
  ++p->revision;
  return p;
}

absl::StatusOr<AnswerProposal> AnswerProposals::Reject(const std::string& id,
                                                       const Actor& reviewer,
                                                       const std::string& reason) {
  if (reason.find_first_not_of(" \t\r\n") == std::string::npos) {
    return absl::InvalidArgumentError("reason: required to reject");
  }
  if (reason.size() > kMaxReasonBytes) return absl::InvalidArgumentError("reason: too long");
  auto p = LoadForReview(id, reviewer);
  if (!p.ok()) return p;
  p->state = ProposalState::kRejected;
  p->reviewed_by = reviewer.id;
  p->reviewed_at = clock_->Now();
  p->reason = reason;
  if (auto s = store_->Update(*p); !s.ok()) return s;
  ++p->revision;
  return p;
}

absl::StatusOr<std::vector<AnswerProposal>> AnswerProposals::List(
    std::optional<ProposalState> state) const {
  auto all = store_->List();
  if (!all.ok()) return all.status();
  std::vector<AnswerProposal> out;
  for (auto& p : *all) {
    if (!state || p.state == *state) out.push_back(std::move(p));
  }
  std::sort(out.begin(), out.end(), [](const AnswerProposal& a, const AnswerProposal& b) {
    return a.proposed_at != b.proposed_at ? a.proposed_at < b.proposed_at : a.id < b.id;
  });
  return out;
}

}  // namespace cs::appeals
