// Plain data of an appeal: per-language texts, versions, photos, publication and audit trail.
// Thread-safety: plain values; callers synchronise (the workflow goes through AppealStore).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"

namespace cs::appeals {

enum class AppealState {
  kDraft,
  kInReview,
  kApproved,
  kPublished,
  kUpdated,  // a linked follow-up (已找到...) has been published over it
  kRetracted,
  kRejected,
  kExpired,
};
const char* AppealStateName(AppealState state);

enum class AppealKind { kMissingChild, kFoundChild, kFollowUp };

enum class Role { kDrafter, kPressOfficer, kSystem };
const char* RoleName(Role role);

// Who acts. `id` is an operator id (or "system:<job>"), never a name of a member of the public.
struct Actor {
  std::string id;
  Role role = Role::kDrafter;
};

// One language's text. The drafting library produces these; the desk only stores them.
struct LanguageText {
  std::string headline;   // fits Weibo's 140
  std::string long_text;  // up to 2,000
  bool operator==(const LanguageText&) const = default;
};

struct AppealTexts {
  LanguageText zh_hans;
  LanguageText zh_hant;
  LanguageText en;
  bool operator==(const AppealTexts&) const = default;
};

// The bytes hashed for the audit trail: language tag, headline and long text for each language,
// separated by ASCII unit/record separators so that no two different texts share a form.
std::string CanonicalText(const AppealTexts& texts);

struct AppealVersion {
  int number = 0;  // 1-based
  AppealTexts texts;
  std::string author_id;
  TimePoint created_at;
  std::string sha256_hex;  // of CanonicalText(texts)
};

// A published photo: appeal-service's own image (faces blurred) made from one of the case's
// photos. Lifting the blur takes two press officers: one asks (with a reason), another approves
// the appeal; only then does the unblurred image become what is published.
struct Photo {
  std::string photo_id;      // "<appeal_id>/photo-<n>", the stored published image
  bool face_blurred = true;  // what is published now: blurred until a lift is approved
  std::string source_id;     // the case photo it was made from ("case-7/photo-0")
  int faces_blurred = 0;     // regions the detector found and blurred
  // The safety net fired: no face (large enough) was found, so the image is blurred whole
  // (drafting/published_photo.h) until a person checks it and a lift is approved.
  bool no_face_found = false;
  // A lift asked for and not yet approved: who asked (may not approve it) and why.
  std::string lift_requested_by;
  std::string lift_reason;
  bool lift_pending() const { return !lift_requested_by.empty(); }
};

// What the PII guard left out of the drafter's input (kind and field, never the text), so the
// review screen can show what the guard did.
struct GuardFinding {
  std::string kind;    // "phone", "name", "not_descriptive", ...
  std::string field;   // "features", "surname", ...
  std::string action;  // "removed"
  bool operator==(const GuardFinding&) const = default;
};

struct AuditEntry {
  std::string actor_id;
  Role role = Role::kSystem;
  TimePoint at;
  std::string action;  // "create", "edit", "submit", "approve", "reject", "expire", ...
  AppealState from = AppealState::kDraft;
  AppealState to = AppealState::kDraft;
  int version = 0;
  std::string version_sha256;
  std::string reason;  // required for reject, retract, unblur; free text from staff
};

struct Publication {
  std::optional<TimePoint> queued_at;  // sent to the outbox, waiting for a press officer
  std::string post_url;                // https URL on weibo.com / weibo.cn
  std::string post_id;                 // set by the API publisher
  int published_version = 0;
  std::optional<TimePoint> published_at;
};

struct Appeal {
  std::string id;
  std::string case_id;
  AppealKind kind = AppealKind::kMissingChild;
  std::string author_id;  // who created it; may never approve it
  AppealState state = AppealState::kDraft;
  std::vector<AppealVersion> versions;  // never empty once created
  std::vector<Photo> photos;
  std::vector<GuardFinding> pii_findings;  // from the first draft
  // Phrases the drafter could not translate (see AppealWorkflow::Edit); cleared once written.
  std::vector<std::string> needs_translation;
  std::vector<AuditEntry> audit;
  std::string follows_up;               // for a follow-up: the original appeal id
  std::vector<std::string> follow_ups;  // for an original: its follow-up ids
  std::string approved_by;
  int approved_version = 0;
  Publication publication;
  std::string terminal_reason;  // rejection or retraction reason
  TimePoint created_at;
  TimePoint updated_at;
  // Optimistic-concurrency counter, bumped by every store write.
  int64_t revision = 0;

  const AppealVersion& current() const { return versions.back(); }
};

}  // namespace cs::appeals
