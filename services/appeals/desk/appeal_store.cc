#include "services/appeals/desk/appeal_store.h"

#include <algorithm>

namespace cs::appeals {

absl::Status InMemoryAppealStore::Create(Appeal appeal) {
  std::lock_guard<std::mutex> lock(mu_);
  if (appeals_.count(appeal.id) > 0) return absl::AlreadyExistsError("appeal.id already exists");
  appeal.revision = 1;
  std::string id = appeal.id;
  appeals_.emplace(std::move(id), std::move(appeal));
  return absl::OkStatus();
}

absl::StatusOr<Appeal> InMemoryAppealStore::Get(const std::string& id) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = appeals_.find(id);
  if (it == appeals_.end()) return absl::NotFoundError("appeal_id: no such appeal");
  return it->second;
}

absl::Status InMemoryAppealStore::Update(const Appeal& appeal) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = appeals_.find(appeal.id);
  if (it == appeals_.end()) return absl::NotFoundError("appeal_id: no such appeal");
  if (it->second.revision != appeal.revision) {
    return absl::AbortedError("appeal changed concurrently; reload and retry");
  }
  it->second = appeal;
  ++it->second.revision;
  return absl::OkStatus();
}

std::vector<std::string> InMemoryAppealStore::ListIdsInStates(
    const std::vector<AppealState>& states) const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<std::string> ids;
  for (const auto& [id, appeal] : appeals_) {
    if (std::find(states.begin(), states.end(), appeal.state) != states.end()) ids.push_back(id);
  }
  return ids;
}

}  // namespace cs::appeals
