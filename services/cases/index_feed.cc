#include "services/cases/index_feed.h"

namespace cs::cases {

bool IndexFeed::Apply(const Case& c) {
  std::lock_guard lock(mu_);
  Applied& a = applied_[c.id];
  if (a.version >= c.version && a.version != 0) return false;
  a.version = c.version;
  a.indexed = IsActive(c.state);
  if (a.indexed) {
    index_.Upsert(c);
  } else {
    index_.Remove(c.id);
  }
  return true;
}

void IndexFeed::Drop(const std::string& case_id) {
  std::lock_guard lock(mu_);
  auto it = applied_.find(case_id);
  if (it == applied_.end()) return;
  it->second.indexed = false;
  index_.Remove(case_id);
}

std::vector<std::string> IndexFeed::IndexedIds() const {
  std::lock_guard lock(mu_);
  std::vector<std::string> ids;
  for (const auto& [id, a] : applied_) {
    if (a.indexed) ids.push_back(id);
  }
  return ids;
}

int64_t IndexFeed::AppliedVersion(const std::string& case_id) const {
  std::lock_guard lock(mu_);
  auto it = applied_.find(case_id);
  return it == applied_.end() ? 0 : it->second.version;
}

}  // namespace cs::cases
