// The appeal approval workflow: DRAFT -> IN_REVIEW -> APPROVED -> PUBLISHED -> UPDATED | RETRACTED,
// with REJECTED and EXPIRED for drafts. Every transition is audited with the version's SHA-256.
// Thread-safety: safe from several threads; each call is a read-modify-write with compare-and-set
// through AppealStore, so a concurrent change to the same appeal returns Aborted (reload, retry).
//
// Errors: an illegal transition is FailedPrecondition, a wrong role or self-approval is
// PermissionDenied, bad input is InvalidArgument naming the field.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/clock.h"
#include "services/appeals/desk/appeal.h"
#include "services/appeals/desk/appeal_store.h"
#include "services/appeals/desk/match_check.h"
#include "services/appeals/desk/publisher.h"
#include "services/appeals/desk/text_diff.h"

namespace cs::appeals {

struct WorkflowConfig {
  // A draft or an appeal in review that nobody touched for this long expires.
  Duration draft_ttl = std::chrono::hours(6);
  // Texts longer than this (bytes, per field) are refused early as oversized input.
  size_t max_text_bytes = 16 * 1024;
};

struct NewAppeal {
  std::string id;
  std::string case_id;
  AppealKind kind = AppealKind::kMissingChild;
  AppealTexts texts;
  std::vector<Photo> photos;  // every photo starts blurred, whatever the caller sets
  std::vector<GuardFinding> pii_findings;
  std::vector<std::string> needs_translation;
};

// Field-by-field diff of two versions, for the dashboard.
struct FieldDiff {
  std::string field;  // e.g. "zh-Hans.headline"
  std::vector<DiffOp> chars;
  std::vector<DiffOp> lines;
};
struct VersionDiff {
  int from_version = 0;
  int to_version = 0;
  std::vector<FieldDiff> fields;  // only the fields that changed
};

class AppealWorkflow {
 public:
  AppealWorkflow(AppealStore* store, const Clock* clock, WorkflowConfig config = {});

  absl::StatusOr<Appeal> CreateDraft(const NewAppeal& draft, const Actor& actor);
  // A follow-up (已找到，感谢转发...) is its own appeal linked both ways to `original_id`, which
  // must have been published. The original becomes UPDATED once the follow-up is published.
  absl::StatusOr<Appeal> CreateFollowUp(const std::string& original_id, const NewAppeal& draft,
                                        const Actor& actor);
  absl::StatusOr<Appeal> Get(const std::string& id) const;

  // New version. Allowed in DRAFT and IN_REVIEW; in APPROVED it sends the appeal back to
  // IN_REVIEW. `expected_version` (if set) guards against overwriting someone else's edit.
  absl::StatusOr<Appeal> Edit(const std::string& id, const AppealTexts& texts, const Actor& actor,
                              std::optional<int> expected_version = std::nullopt);
  absl::StatusOr<Appeal> Submit(const std::string& id, const Actor& actor);
  // Press officer only, and never the appeal's author nor the current version's author, nor
  // whoever asked to lift a face blur that is pending. Approval makes pending lifts effective.
  // A missing-child appeal whose `match` check is not clear needs `anyway` (match_check.h).
  absl::StatusOr<Appeal> Approve(const std::string& id, const Actor& actor,
                                 const MatchCheck& match = {}, const PublishAnyway& anyway = {});
  absl::StatusOr<Appeal> Reject(const std::string& id, const Actor& actor,
                                const std::string& reason);
  // Expires DRAFT/IN_REVIEW appeals idle for longer than draft_ttl. Returns how many expired.
  absl::StatusOr<int> ExpireStale();

  // Hands the approved version (zh-Hans headline unless `status_text` is given) to `publisher`.
  // kPosted -> PUBLISHED; kQueued -> stays APPROVED with publication.queued_at set.
  absl::StatusOr<Appeal> Publish(const std::string& id, const Actor& actor, Publisher& publisher,
                                 const PublishImage* image = nullptr,
                                 std::optional<std::string> status_text = std::nullopt);
  // For the outbox: a press officer posted it by hand at `post_url`.
  absl::StatusOr<Appeal> MarkPosted(const std::string& id, const Actor& actor,
                                    const std::string& post_url);
  absl::StatusOr<Appeal> Retract(const std::string& id, const Actor& actor,
                                 const std::string& reason);
  // Lifting (blurred=false) or restoring the face blur of one photo is an explicit, audited
  // press action with a reason, allowed before publication. A lift is only asked for here
  // (audited "request_unblur:<photo>"): the photo stays blurred until another press officer
  // approves the appeal. Restoring takes effect at once (and cancels a pending lift). Either,
  // on an APPROVED appeal whose published photo changes, sends it back to review.
  absl::StatusOr<Appeal> SetFaceBlur(const std::string& id, const std::string& photo_id,
                                     bool blurred, const Actor& actor, const std::string& reason);
  // Retention (desk/photo_retention.h): the appeal forgets its photos, whose stored images the
  // caller has deleted, audited "purge_photos" by the system in any state. Aborted when the
  // stored revision is not `revision` (the photos may have changed since they were deleted).
  absl::StatusOr<Appeal> ForgetPhotos(const std::string& id, int64_t revision);

  absl::StatusOr<VersionDiff> Compare(const std::string& id, int from_version,
                                      int to_version) const;

  // Appeals queued in the outbox, waiting for a press officer to post them.
  std::vector<Appeal> Outbox() const;

 private:
  absl::Status ValidateTexts(const AppealTexts& texts) const;
  AuditEntry Audit(const Appeal& a, const Actor& actor, std::string action, AppealState from,
                   std::string reason = "") const;
  // Marks `appeal` PUBLISHED and, for a follow-up, moves the original to UPDATED.
  absl::StatusOr<Appeal> FinishPublish(Appeal appeal, const Actor& actor, std::string post_url,
                                       std::string post_id);

  AppealStore* store_;
  const Clock* clock_;
  WorkflowConfig config_;
};

}  // namespace cs::appeals
