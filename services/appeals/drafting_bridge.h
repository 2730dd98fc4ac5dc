// The drafting library (drafting/) behind plain, neutral types. drafting/drafter.h and
// desk/appeal.h both declare cs::appeals::AppealKind (with different enumerator orders), so no
// translation unit may include both; only drafting_bridge.cc includes the drafter.
// Thread-safety: AppealDrafter is immutable after Create(); Draft() is safe from several threads.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "common/clock.h"

namespace cs::appeals::bridge {

enum class DraftKind { kFound, kMissing, kFollowUp };

// The public description of a case, as crowdsafe.v1.CaseSnapshot carries it.
struct DraftInput {
  DraftKind kind = DraftKind::kFound;
  TimePoint at{};  // found at / last seen at
  std::string venue_name_zh, venue_name_en, zone_name_zh, zone_name_en;
  std::string sex;  // "male", "female" or ""
  int age_years = 0;
  int height_cm = 0;
  std::string top, bottom, hat, shoes, features, held_at, last_seen_note;  // untrusted free text
  std::vector<std::string> top_colours, bottom_colours, hat_colours, shoes_colours;
  std::string surname;
  bool surname_consent = false;
  std::string official_hotline;
  // Restricted values, for the PII guard only (crowdsafe.v1.GuardValues): never in the result.
  std::string child_name, guardian_name, guardian_phone;
  std::vector<std::string> other_name_forms;
};

struct DraftText {
  std::string language;  // "zh-Hans", "zh-Hant", "en" (the contract's tags)
  std::string headline;
  std::string long_text;
};

// What the guard left out of the input: kind and field, never the text.
struct DraftFinding {
  std::string kind, field, action;
};

struct DraftResult {
  std::vector<DraftText> texts;  // zh-Hans, zh-Hant, en
  std::vector<DraftFinding> findings;
  std::vector<std::string> needs_translation;  // Chinese phrases left out of the English
};

// A CAP 1.2 message about one published appeal version.
enum class CapMsgKind { kAlert, kUpdate, kCancel };
struct CapRef {
  std::string sender;
  std::string identifier;
  TimePoint sent{};
};
struct CapInput {
  std::string identifier;
  std::string sender;
  std::string sender_name;
  TimePoint sent{};
  CapMsgKind kind = CapMsgKind::kAlert;
  std::vector<CapRef> references;  // required for Update and Cancel
  std::string contact;             // the official hotline
  std::string area_desc;
  double lat = 0, lon = 0, radius_km = 0;
  std::vector<DraftText> texts;  // contract language tags
};

// An interface, so the adapter does not link the drafting library itself (main.cc and the
// draft tests do, through CreateAppealDrafter).
class AppealDrafter {
 public:
  virtual ~AppealDrafter() = default;
  // Three texts in the order zh-Hans, zh-Hant, en, and the guard's findings. Errors keep the
  // drafter's field names
  // ("case.height_cm: ..."); a refusal by the PII guard is FailedPrecondition.
  virtual absl::StatusOr<DraftResult> Draft(const DraftInput& input) const = 0;
  // Weibo's length count (see drafting/weibo_length.h).
  virtual int64_t WeiboLength(std::string_view utf8) const = 0;
  // The CAP 1.2 XML document; InvalidArgument naming the "cap.<field>" otherwise.
  virtual absl::StatusOr<std::string> ExportCap(const CapInput& input) const = 0;
};

// The drafting library's Drafter behind AppealDrafter. NotFound when OpenCC's data files are
// missing; InvalidArgument for a bad template.
// `phrases_file` is the bilingual phrase table (config/phrases.yaml); `extension_file` (may be
// empty) the press office's additions, whose entries replace those with the same id.
absl::StatusOr<std::unique_ptr<AppealDrafter>> CreateAppealDrafter(
    const std::string& phrases_file = "", const std::string& extension_file = "");

// The image an appeal publishes from a case photo (drafting/published_photo.h): at most 1600 px,
// re-encoded as JPEG, with every face the detectors find blurred (or not, for an approved lift).
struct PublishedPhoto {
  std::string jpeg;
  int faces_blurred = 0;
  bool no_face_found = false;  // blurred whole: no face (large enough) was found
};
class PhotoRedactor {
 public:
  virtual ~PhotoRedactor() = default;
  // InvalidArgument("photo: ...") for bytes the shared photo check refuses.
  virtual absl::StatusOr<PublishedPhoto> Blurred(std::string_view original) const = 0;
  virtual absl::StatusOr<PublishedPhoto> Unblurred(std::string_view original) const = 0;
};
// NotFound when opencv-data's cascades are missing. Safe from several threads.
absl::StatusOr<std::unique_ptr<PhotoRedactor>> CreatePhotoRedactor();

// Traditional -> Simplified through the drafting library's OpenCC converter (t2s), for inbox
// triage, which writes its phrases once in Simplified. The function returns its input unchanged
// if OpenCC fails on it. NotFound when OpenCC's data files are missing.
absl::StatusOr<std::function<std::string(std::string_view)>> CreateTraditionalFolder();

}  // namespace cs::appeals::bridge
