#include "services/appeals/desk/photo_retention.h"

#include <map>

namespace cs::appeals {

PhotoRetention::PhotoRetention(const AppealStore* appeals, AppealWorkflow* workflow,
                               PublishedPhotoStore* photos, CaseRetentionStatus* cases)
    : appeals_(appeals), workflow_(workflow), photos_(photos), cases_(cases) {}

absl::StatusOr<PhotoPurgeCount> PhotoRetention::PurgeOnce() {
  PhotoPurgeCount count;
  std::map<std::string, bool> purged;  // case id → purged, asked once per pass
  const std::vector<AppealState> every_state = {AppealState::kDraft,    AppealState::kInReview,
                                                AppealState::kApproved, AppealState::kPublished,
                                                AppealState::kUpdated,  AppealState::kRetracted,
                                                AppealState::kRejected, AppealState::kExpired};
  for (const std::string& id : appeals_->ListIdsInStates(every_state)) {
    auto appeal = appeals_->Get(id);
    if (!appeal.ok() || appeal->photos.empty()) continue;
    auto known = purged.find(appeal->case_id);
    if (known == purged.end()) {
      auto answer = cases_->Purged(appeal->case_id);
      if (!answer.ok()) {
        ++count.skipped;  // not asked again in this pass; the next pass retries
        purged[appeal->case_id] = false;
        continue;
      }
      known = purged.emplace(appeal->case_id, *answer).first;
    }
    if (!known->second) continue;
    for (const Photo& p : appeal->photos) {
      if (auto s = photos_->Delete(p.photo_id); !s.ok()) return s;  // Redis down: stop the pass
    }
    auto forgotten = workflow_->ForgetPhotos(id, appeal->revision);
    if (forgotten.ok()) {
      ++count.appeals;
    } else if (absl::IsAborted(forgotten.status()) || absl::IsNotFound(forgotten.status())) {
      ++count.skipped;  // a concurrent change: the next pass sees the new record
    } else {
      return forgotten.status();
    }
  }
  return count;
}

}  // namespace cs::appeals
