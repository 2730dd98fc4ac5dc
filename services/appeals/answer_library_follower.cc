#include "services/appeals/answer_library_follower.h"

#include "common/logging.h"

namespace cs::appeals {

AnswerLibraryFollower::AnswerLibraryFollower(RedisAnswerStore& store,
                                             std::chrono::milliseconds period)
    : store_(store),
      loop_("answer-library-follower",
            [this] {
              if (auto r = CheckOnce(*library_); !r.ok())
                CS_LOG_WARN("answer library not followed, retrying error={}",
                            r.status().ToString());
            },
            period) {}

AnswerLibraryFollower::~AnswerLibraryFollower() { Stop(); }

absl::Status AnswerLibraryFollower::Append(const AnswerEntry& entry, const AnswerAudit& audit) {
  return store_.Append(entry, audit);
}

absl::StatusOr<std::vector<AnswerEntry>> AnswerLibraryFollower::History(
    const std::string& id) const {
  return store_.History(id);
}

absl::StatusOr<std::vector<AnswerAudit>> AnswerLibraryFollower::AuditLog(
    const std::string& id) const {
  return store_.AuditLog(id);
}

std::vector<AnswerEntry> AnswerLibraryFollower::AllLatest() const {
  std::lock_guard lock(mu_);
  return snapshot_;
}

absl::Status AnswerLibraryFollower::ReadSnapshot() {
  auto changes = store_.ChangeCount();
  if (!changes.ok()) return changes.status();
  auto all = store_.ReadAllLatest();
  if (!all.ok()) return all.status();
  std::lock_guard lock(mu_);
  snapshot_ = *std::move(all);
  seen_changes_ = *changes;
  return absl::OkStatus();
}

absl::Status AnswerLibraryFollower::Prime() { return ReadSnapshot(); }

void AnswerLibraryFollower::Start(AnswerLibrary* library) {
  library_ = library;
  loop_.Start();
}

void AnswerLibraryFollower::Stop() { loop_.Stop(); }

absl::StatusOr<bool> AnswerLibraryFollower::CheckOnce(AnswerLibrary& library) {
  auto changes = store_.ChangeCount();
  if (!changes.ok()) return changes.status();
  {
    std::lock_guard lock(mu_);
    if (*changes == seen_changes_) return false;
  }
  if (auto s = ReadSnapshot(); !s.ok()) return s;
  // Load reads the snapshot just taken (AllLatest above), never Redis.
  if (auto s = library.Load(); !s.ok()) return s;
  return true;
}

}  // namespace cs::appeals
