#include "services/appeals/desk/life_safety.h"

#include <map>

namespace cs::appeals {

const char* LifeSafetyKindName(LifeSafetyKind kind) {
  switch (kind) {
    case LifeSafetyKind::kSelfHarm:
      return "self_harm";
    case LifeSafetyKind::kViolence:
      return "violence";
    case LifeSafetyKind::kChildDanger:
      return "child_danger";
    case LifeSafetyKind::kMedical:
      return "medical";
    case LifeSafetyKind::kCrowdCrush:
      return "crowd_crush";
    case LifeSafetyKind::kOther:
      return "other";
  }
  return "other";
}

LifeSafetyKind LifeSafetyKindFromName(std::string_view name) {
  for (LifeSafetyKind k :
       {LifeSafetyKind::kSelfHarm, LifeSafetyKind::kViolence, LifeSafetyKind::kChildDanger,
        LifeSafetyKind::kMedical, LifeSafetyKind::kCrowdCrush}) {
    if (name == LifeSafetyKindName(k)) return k;
  }
  return LifeSafetyKind::kOther;
}

LifeSafetyKind LifeSafetyKindOf(const TriageScores& scores) {
  std::map<std::string, double> by_kind;
  for (const auto& e : scores.evidence) {
    if (e.category == "life_safety" && !e.kind.empty() && e.weight > 0) by_kind[e.kind] += e.weight;
  }
  LifeSafetyKind best = LifeSafetyKind::kOther;
  double best_score = 0;
  for (LifeSafetyKind k :
       {LifeSafetyKind::kCrowdCrush, LifeSafetyKind::kChildDanger, LifeSafetyKind::kViolence,
        LifeSafetyKind::kSelfHarm, LifeSafetyKind::kMedical, LifeSafetyKind::kOther}) {
    auto it = by_kind.find(LifeSafetyKindName(k));
    if (it != by_kind.end() && it->second > best_score) {
      best = k;
      best_score = it->second;
    }
  }
  return best;
}

LifeSafetyDispatcher::LifeSafetyDispatcher(CommandCentrePager* pager, const Clock* clock)
    : pager_(pager), clock_(clock) {}

absl::Status LifeSafetyDispatcher::Dispatch(const LifeSafetyPage& page) {
  absl::Status s = Check(page).status();
  if (!s.ok()) {
    std::lock_guard<std::mutex> lock(mu_);
    pending_.push_back(page);
  }
  return s;
}

int LifeSafetyDispatcher::RetryPending() {
  if (pager_ == nullptr) return 0;
  std::deque<LifeSafetyPage> batch;
  {
    std::lock_guard<std::mutex> lock(mu_);
    batch.swap(pending_);
  }
  int sent = 0;
  std::deque<LifeSafetyPage> failed;
  for (auto& page : batch) {
    if (pager_->Page(page).ok()) {
      ++sent;
    } else {
      failed.push_back(std::move(page));
    }
  }
  std::lock_guard<std::mutex> lock(mu_);
  // Pages that failed again go back before any that arrived meanwhile: oldest first.
  pending_.insert(pending_.begin(), failed.begin(), failed.end());
  return sent;
}

absl::StatusOr<PageStatus> LifeSafetyDispatcher::Check(const LifeSafetyPage& page) {
  if (pager_ == nullptr) return absl::FailedPreconditionError("no command-centre pager configured");
  return pager_->Page(page);
}

size_t LifeSafetyDispatcher::pending() const {
  std::lock_guard<std::mutex> lock(mu_);
  return pending_.size();
}

}  // namespace cs::appeals
