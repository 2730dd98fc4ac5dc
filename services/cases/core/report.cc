#include "services/cases/core/report.h"

#include <cctype>

#include "absl/strings/str_cat.h"
#include "common/text/utf8.h"
#include "services/cases/core/text_util.h"

namespace cs::cases {

const char* SexName(Sex s) {
  switch (s) {
    case Sex::kMale:
      return "male";
    case Sex::kFemale:
      return "female";
    default:
      return "unknown";
  }
}

namespace {

// Checks one text field; `personal` fields never have their content in the message (and no
// field does, in fact: only lengths and the field name).
absl::Status CheckText(const std::string& field, const std::string& value, bool required,
                       const ValidationLimits& limits) {
  if (required && value.empty()) return absl::InvalidArgumentError(field + ": is required");
  if (!IsValidUtf8(value)) return absl::InvalidArgumentError(field + ": is not valid UTF-8");
  const size_t n = CodePointCount(value);
  if (n > limits.max_text_chars)
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": ", n, " characters is over the limit of ", limits.max_text_chars));
  return absl::OkStatus();
}

absl::Status CheckGarment(const std::string& field, const Garment& g,
                          const ValidationLimits& limits) {
  if (auto s = CheckText(field + ".colour_words", g.colour_words, false, limits); !s.ok()) return s;
  if (auto s = CheckText(field + ".text", g.text, false, limits); !s.ok()) return s;
  if (g.photo_colours.size() > 8)
    return absl::InvalidArgumentError(field + ".photo_colours: more than 8 colours");
  for (const Lab& c : g.photo_colours) {
    if (!(c.l >= 0 && c.l <= 100 && c.a >= -128 && c.a <= 128 && c.b >= -128 && c.b <= 128))
      return absl::InvalidArgumentError(field + ".photo_colours: value outside the Lab range");
  }
  return absl::OkStatus();
}

absl::Status CheckChild(const std::string& p, const ChildDescription& c,
                        const ValidationLimits& limits) {
  if (c.age_min != -1 || c.age_max != -1) {
    // The values are not echoed (docs/error_policy.md): the field and the range say enough.
    if (c.age_min < 0 || c.age_min > 17)
      return absl::InvalidArgumentError(absl::StrCat(p, ".age_min: must be 0..17"));
    if (c.age_max < 0 || c.age_max > 17)
      return absl::InvalidArgumentError(absl::StrCat(p, ".age_max: must be 0..17"));
    if (c.age_min > c.age_max)
      return absl::InvalidArgumentError(absl::StrCat(p, ".age_min: is above age_max"));
  }
  if (c.height_cm != 0 && (c.height_cm < 40 || c.height_cm > 200))
    return absl::InvalidArgumentError(absl::StrCat(p, ".height_cm: must be 40..200"));
  if (c.height_tolerance_cm < 0 || c.height_tolerance_cm > 50)
    return absl::InvalidArgumentError(absl::StrCat(p, ".height_tolerance_cm: must be 0..50"));
  const std::pair<const char*, const Garment*> garments[] = {{"top", &c.clothing.top},
                                                             {"bottom", &c.clothing.bottom},
                                                             {"hat", &c.clothing.hat},
                                                             {"shoes", &c.clothing.shoes}};
  for (const auto& [name, g] : garments) {
    if (auto s = CheckGarment(absl::StrCat(p, ".clothing.", name), *g, limits); !s.ok()) return s;
  }
  if (auto s = CheckText(p + ".features", c.features, false, limits); !s.ok()) return s;
  if (auto s = CheckText(p + ".language", c.language, false, limits); !s.ok()) return s;
  if (c.photo_refs.size() > limits.max_photos)
    return absl::InvalidArgumentError(absl::StrCat(p, ".photo_refs: ", c.photo_refs.size(),
                                                   " photos is over the limit of ",
                                                   limits.max_photos));
  for (const auto& ref : c.photo_refs) {
    if (auto s = CheckText(p + ".photo_refs[]", ref, true, limits); !s.ok()) return s;
  }
  return absl::OkStatus();
}

absl::Status CheckRestricted(const std::string& p, const RestrictedInfo& r,
                             const ValidationLimits& limits) {
  if (auto s = CheckText(p + ".child_name", r.child_name, false, limits); !s.ok()) return s;
  if (auto s = CheckText(p + ".guardian_name", r.guardian_name, false, limits); !s.ok()) return s;
  if (auto s = CheckText(p + ".guardian_document", r.guardian_document, false, limits); !s.ok())
    return s;
  if (!r.guardian_phone.empty()) {
    // Digits with optional + - space ( ); the number itself never appears in the message.
    size_t digits = 0;
    for (char ch : r.guardian_phone) {
      if (std::isdigit(static_cast<unsigned char>(ch))) {
        ++digits;
      } else if (ch != '+' && ch != '-' && ch != ' ' && ch != '(' && ch != ')') {
        return absl::InvalidArgumentError(p +
                                          ".guardian_phone: contains a character that is "
                                          "not a digit, space, +, - or parenthesis");
      }
    }
    if (digits < 5 || digits > 20)
      return absl::InvalidArgumentError(p + ".guardian_phone: must have 5 to 20 digits");
  }
  return absl::OkStatus();
}

absl::Status CheckPlaceTime(const std::string& zone_field, const std::string& zone,
                            const std::string& time_field, TimePoint t, const Venue& venue,
                            TimePoint now, const ValidationLimits& limits) {
  if (zone.empty()) return absl::InvalidArgumentError(zone_field + ": is required");
  if (!IsValidUtf8(zone) || zone.size() > 100)
    return absl::InvalidArgumentError(zone_field + ": is not a zone id");
  if (venue.FindZone(zone) == nullptr)
    return absl::InvalidArgumentError(
        absl::StrCat(zone_field, ": '", zone, "' is not a zone of venue '", venue.id, "'"));
  if (t == TimePoint{}) return absl::InvalidArgumentError(time_field + ": is required");
  if (t > now + limits.future_skew)
    return absl::InvalidArgumentError(time_field + ": is in the future");
  return absl::OkStatus();
}

}  // namespace

absl::Status ValidateMissing(const MissingReport& r, const Venue& venue, TimePoint now,
                             const ValidationLimits& limits) {
  // The age is required: without it nothing can be matched. The sex is not: a guardian filing
  // for a toddler in unisex clothes they did not dress, or an officer relaying a report, may not
  // know it, and the matcher treats an unknown sex as neutral. (A value outside the enum is
  // refused where the request is converted, case_convert.cc.)
  if (r.child.age_min == -1)
    return absl::InvalidArgumentError("missing.child.age_min: is required");
  if (auto s = CheckChild("missing.child", r.child, limits); !s.ok()) return s;
  if (auto s = CheckPlaceTime("missing.last_seen_zone", r.last_seen_zone, "missing.last_seen_at",
                              r.last_seen_at, venue, now, limits);
      !s.ok())
    return s;
  if (auto s = CheckText("missing.filed_by", r.filed_by, true, limits); !s.ok()) return s;
  if (auto s = CheckText("missing.last_seen_note", r.last_seen_note, false, limits); !s.ok())
    return s;
  return CheckRestricted("missing.restricted", r.restricted, limits);
}

absl::Status ValidateFound(const FoundReport& r, const Venue& venue, TimePoint now,
                           const ValidationLimits& limits) {
  if (r.child.age_min == -1)
    return absl::InvalidArgumentError("found.child.age_min: is required (apparent age)");
  if (auto s = CheckChild("found.child", r.child, limits); !s.ok()) return s;
  if (auto s = CheckPlaceTime("found.found_zone", r.found_zone, "found.found_at", r.found_at, venue,
                              now, limits);
      !s.ok())
    return s;
  if (auto s = CheckText("found.officer_id", r.officer_id, true, limits); !s.ok()) return s;
  if (auto s = CheckText("found.held_at", r.held_at, true, limits); !s.ok()) return s;
  return CheckRestricted("found.restricted", r.restricted, limits);
}

}  // namespace cs::cases
