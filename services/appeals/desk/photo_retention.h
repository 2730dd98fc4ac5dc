// Retention of appeal photos, tied to case-service's (PIPL Art. 19; 30 days after a case closes
// by default, services/cases/core/retention.h): once case-service has purged a case, the images
// appeal-service made from its photos (blurred and, after a lift, unblurred) are deleted too, and
// the appeal forgets them (audited "purge_photos"). appeal-service keeps no clock of its own
// for this, so the two services cannot disagree on when a case's photos go.
//
// Thread-safety: PurgeOnce from one thread at a time (the periodic worker's); several replicas
// may run it at once: deleting twice is harmless and the record change is a compare-and-set.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "services/appeals/desk/appeal_store.h"
#include "services/appeals/desk/appeal_workflow.h"
#include "services/appeals/desk/published_photo_store.h"

namespace cs::appeals {

// Whether case-service has purged a case's personal data (its photos with it).
class CaseRetentionStatus {
 public:
  virtual ~CaseRetentionStatus() = default;
  // true once purged (or unknown to case-service: then nothing owns the photos either);
  // Unavailable while case-service cannot say.
  virtual absl::StatusOr<bool> Purged(const std::string& case_id) = 0;
};

struct PhotoPurgeCount {
  int appeals = 0;  // appeals whose photos were purged in this pass
  int skipped = 0;  // appeals left for the next pass (case-service unavailable, a concurrent edit)
};

class PhotoRetention {
 public:
  PhotoRetention(const AppealStore* appeals, AppealWorkflow* workflow, PublishedPhotoStore* photos,
                 CaseRetentionStatus* cases);

  // One pass over every appeal that still holds photos: for each whose case is purged, both
  // images of every photo are deleted, then the appeal forgets its photos. The images go first,
  // so a failure in between leaves the record to retry, never an image nobody points at.
  absl::StatusOr<PhotoPurgeCount> PurgeOnce();

 private:
  const AppealStore* appeals_;
  AppealWorkflow* workflow_;
  PublishedPhotoStore* photos_;
  CaseRetentionStatus* cases_;
};

}  // namespace cs::appeals
