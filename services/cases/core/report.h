// Missing and found report model and its validation. The public description (what patrols may
// see and match on) and the RESTRICTED part (names, contact, document) are separate structs so
// they can be stored, shown and purged apart.
// Thread-safety: plain values; the validation functions are pure and thread-safe.
#pragma once

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "common/clock.h"
#include "common/venue.h"
#include "services/cases/core/colour.h"

namespace cs::cases {

enum class Sex { kUnknown, kMale, kFemale };
const char* SexName(Sex s);  // "unknown" | "male" | "female"

// One piece of clothing. Either or both fields may be empty (unknown).
struct Garment {
  std::string colour_words;  // "深蓝 藏青", "navy"; resolved through the colour lexicon
  std::string text;  // free text, "带帽卫衣，胸前有鲸鱼图案"; colour words count too
  std::vector<Lab> photo_colours;  // from DominantClothingColours(), optional
  bool Empty() const { return colour_words.empty() && text.empty() && photo_colours.empty(); }
};

struct Clothing {
  Garment top, bottom, hat, shoes;
};

// What a child looks like. For a missing child the guardian gives an age range (often exact,
// min == max); for a found child the officer gives an apparent age as a range (e.g. 4..6).
struct ChildDescription {
  Sex sex = Sex::kUnknown;
  int age_min = -1, age_max = -1;  // years, 0..17; -1 = unknown
  int height_cm = 0;               // 0 = unknown, else 40..200
  int height_tolerance_cm = 0;     // ± around height_cm; an estimate has a wider one
  Clothing clothing;
  std::string features;                 // distinguishing features: "左脸有痣，戴眼镜"
  std::string language;                 // language or dialect: "普通话", "粤语", "English"
  std::vector<std::string> photo_refs;  // ids of sanitised photos in the photo store
};

// RESTRICTED: visible to the desk role only; never in broadcasts, appeals or default exports.
struct RestrictedInfo {
  std::string child_name;
  std::string guardian_name;
  std::string guardian_phone;
  std::string guardian_document;  // document type and a MASKED number only, see MaskIdNumber
  // The guardian agrees that the child's surname + 小朋友 may appear in a public appeal.
  bool surname_consent = false;
  bool Empty() const {
    return child_name.empty() && guardian_name.empty() && guardian_phone.empty() &&
           guardian_document.empty();
  }
};

// Filed at the desk (or by an officer) for a guardian.
struct MissingReport {
  ChildDescription child;
  std::string last_seen_zone;  // a zone id of the venue
  TimePoint last_seen_at;
  std::string last_seen_note;  // how the child was lost; free text, <= 200 characters
  std::string filed_by;  // staff id of the desk operator or officer
  RestrictedInfo restricted;
};

// Filed by an officer on patrol who has the child.
struct FoundReport {
  ChildDescription child;  // apparent age, etc.
  std::string found_zone;
  TimePoint found_at;
  std::string officer_id;
  std::string held_at;        // where the child is now, e.g. "lost-child centre"
  RestrictedInfo restricted;  // e.g. a name the child gave
};

struct ValidationLimits {
  size_t max_text_chars = 500;  // code points per free-text field
  size_t max_photos = 10;
  Duration future_skew = std::chrono::minutes(2);  // device clocks drift a little
};

// InvalidArgument naming the first bad field ("missing.child.height_cm: 300 is outside
// 40..200"); never echoes a name, phone or document. OK when the report can be stored.
absl::Status ValidateMissing(const MissingReport& r, const Venue& venue, TimePoint now,
                             const ValidationLimits& limits = {});
absl::Status ValidateFound(const FoundReport& r, const Venue& venue, TimePoint now,
                           const ValidationLimits& limits = {});

}  // namespace cs::cases
