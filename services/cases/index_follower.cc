#include "services/cases/index_follower.h"

#include <algorithm>
#include <unordered_set>

#include "common/logging.h"

namespace cs::cases {
namespace v1 = crowdsafe::v1;

namespace {
// The events that follow a stored write which can change a case's profile or its state.
bool FollowsAWrite(const v1::CaseEvent& e) {
  return e.type() == v1::CASE_EVENT_FILED || e.type() == v1::CASE_EVENT_STATE_CHANGED;
}
}  // namespace

IndexFollower::IndexFollower(CaseEventLog& events, RedisCaseStore& store, IndexFeed& feed,
                             IndexFollowerOptions options)
    : events_(events),
      store_(store),
      feed_(feed),
      options_(options),
      loop_("case-index-follower", [this] { Run(); }, options.poll) {}

IndexFollower::~IndexFollower() { Stop(); }

void IndexFollower::Start() { loop_.Start(); }
void IndexFollower::Stop() { loop_.Stop(); }

absl::StatusOr<size_t> IndexFollower::Prime() {
  auto last = events_.LastCursor();
  if (!last.ok()) return last.status();
  auto n = Resync();
  if (!n.ok()) return n.status();
  cursor_ = *last;  // only once the resync is in: a failed Prime is retried from scratch
  resync_owed_ = false;
  polls_since_resync_ = 0;
  return n;
}

void IndexFollower::Run() {
  if (auto n = PollOnce(); !n.ok())
    CS_LOG_WARN("match index not followed, resync next poll error={}", n.status().ToString());
}

absl::StatusOr<size_t> IndexFollower::PollOnce() {
  const int64_t polls_per_resync =
      std::max<int64_t>(1, options_.resync.count() / std::max<int64_t>(1, options_.poll.count()));
  if (++polls_since_resync_ >= polls_per_resync) resync_owed_ = true;
  if (resync_owed_) {
    // The cursor is taken first, as in Prime: what is written during the resync is read next.
    auto last = events_.LastCursor();
    if (!last.ok()) return last.status();
    if (auto n = Resync(); !n.ok()) return n.status();
    cursor_ = *last;
    resync_owed_ = false;
    polls_since_resync_ = 0;
  }
  size_t changed = 0;
  while (true) {
    auto batch = events_.After(cursor_, options_.batch);
    if (!batch.ok()) {
      resync_owed_ = true;
      return batch.status();
    }
    if (batch->empty()) break;
    std::vector<std::string> ids;
    std::unordered_set<std::string> seen;
    for (const v1::CaseEvent& e : *batch) {
      if (FollowsAWrite(e) && seen.insert(e.case_id()).second) ids.push_back(e.case_id());
    }
    const auto cases = store_.GetWithoutAudit(ids);
    for (size_t i = 0; i < ids.size(); ++i) {
      if (absl::IsNotFound(cases[i].status())) continue;  // announced, then deleted by hand
      if (!cases[i].ok()) {
        // Not skipped: the cursor stays before this batch and a resync is owed.
        resync_owed_ = true;
        return cases[i].status();
      }
      changed += feed_.Apply(*cases[i]) ? 1 : 0;
    }
    cursor_ = batch->back().cursor().value();
    if (static_cast<int64_t>(batch->size()) < options_.batch) break;
  }
  return changed;
}

absl::StatusOr<size_t> IndexFollower::Resync() {
  auto active = store_.ListActive();
  if (!active.ok()) return active.status();
  // Indexed ids too: a case indexed here that was closed elsewhere has left the active set.
  std::vector<std::string> ids = *active;
  std::unordered_set<std::string> listed(ids.begin(), ids.end());
  for (std::string& id : feed_.IndexedIds()) {
    if (!listed.count(id)) ids.push_back(std::move(id));
  }
  size_t read_active = 0;
  for (size_t from = 0; from < ids.size(); from += static_cast<size_t>(options_.batch)) {
    const size_t to = std::min(ids.size(), from + static_cast<size_t>(options_.batch));
    const std::vector<std::string> part(ids.begin() + from, ids.begin() + to);
    const auto cases = store_.GetWithoutAudit(part);
    for (size_t i = 0; i < part.size(); ++i) {
      if (absl::IsNotFound(cases[i].status())) {
        feed_.Drop(part[i]);  // in the active set before its first write landed, or deleted
        continue;
      }
      if (!cases[i].ok()) return cases[i].status();
      feed_.Apply(*cases[i]);
      read_active += IsActive(cases[i]->state) ? 1 : 0;
    }
  }
  return read_active;
}

}  // namespace cs::cases
