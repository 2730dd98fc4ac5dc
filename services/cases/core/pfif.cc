#include "services/cases/core/pfif.h"

#include <cstdint>
#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/privacy/case_guard.h"
#include "common/privacy/sanitizer.h"
#include "services/cases/core/text_util.h"

namespace cs::cases {

const std::vector<std::string>& PfifPersonFields() {
  static const std::vector<std::string> kFields = {
      "person_record_id",  "entry_date",   "expiry_date",
      "author_name",       "author_email", "author_phone",
      "source_name",       "source_date",  "source_url",
      "full_name",         "given_name",   "family_name",
      "alternate_names",   "description",  "sex",
      "date_of_birth",     "age",          "home_street",
      "home_neighborhood", "home_city",    "home_state",
      "home_postal_code",  "home_country", "photo_url",
      "profile_urls"};
  return kFields;
}

const std::vector<std::string>& PfifNoteFields() {
  static const std::vector<std::string> kFields = {"note_record_id",
                                                   "person_record_id",
                                                   "linked_person_record_id",
                                                   "entry_date",
                                                   "author_name",
                                                   "author_email",
                                                   "author_phone",
                                                   "source_date",
                                                   "author_made_contact",
                                                   "status",
                                                   "email_of_found_person",
                                                   "phone_of_found_person",
                                                   "last_known_location",
                                                   "text",
                                                   "photo_url"};
  return kFields;
}

std::string PfifDate(TimePoint t) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", absl::FromChrono(t), absl::UTCTimeZone());
}

namespace {

using Fields = std::vector<std::pair<std::string, std::string>>;

// closed + retention, saturating at TimePoint's ends: a stored closing time near the end of the
// range (a corrupt or hand-edited record; clients' times are range-checked on the way in) must
// not overflow, which is undefined behaviour (found by the pfif fuzz target, issue 18).
TimePoint ExpiryOf(TimePoint closed, Duration retention) {
  if (retention > Duration::zero() && closed > TimePoint::max() - retention) return TimePoint::max();
  if (retention < Duration::zero() && closed < TimePoint::min() - retention) return TimePoint::min();
  return closed + retention;
}

// Writes the fields that are set, in the given specification order.
void WriteRecord(std::string* out, const char* element, const std::vector<std::string>& order,
                 const Fields& fields, const std::string& indent, const std::string& inner = "") {
  absl::StrAppend(out, indent, "<pfif:", element, ">\n");
  for (const auto& name : order) {
    for (const auto& [k, v] : fields) {
      if (k != name || v.empty()) continue;
      absl::StrAppend(out, indent, "  <pfif:", k, ">", XmlEscape(v), "</pfif:", k, ">\n");
    }
  }
  out->append(inner);
  absl::StrAppend(out, indent, "</pfif:", element, ">\n");
}

std::string ZoneName(const Venue& venue, const std::string& id) {
  const Zone* z = venue.FindZone(id);
  if (z == nullptr) return "";  // an unknown id is not a place anybody could read
  return absl::StrCat(z->name_zh, " ", z->name_en);
}

// How one export writes a case's free text. The public form passes each field through the
// case's guard and drops whatever the guard still objects to; the restricted form keeps the
// text as typed, hidden and control characters stripped.
class FreeText {
 public:
  FreeText(const Case& c, const Venue& venue, const PfifOptions& opt, bool restricted)
      : restricted_(restricted) {
    if (restricted) return;
    privacy::CaseGuardInput in;  // no hotline: a PFIF record carries no phone number at all
    in.child_full_name = c.restricted.child_name;
    in.guardian_name = c.restricted.guardian_name;
    in.guardian_phone = c.restricted.guardian_phone;
    in.allowed_terms = {venue.name_zh, venue.name_en, venue.lost_child_centre.name_zh,
                        venue.lost_child_centre.name_en};
    for (const Zone& z : venue.zones) {
      in.allowed_terms.push_back(z.name_zh);
      in.allowed_terms.push_back(z.name_en);
    }
    const ChildDescription& d = c.child;
    for (const Garment* g :
         {&d.clothing.top, &d.clothing.bottom, &d.clothing.hat, &d.clothing.shoes}) {
      in.free_texts.push_back(g->colour_words);
      in.free_texts.push_back(g->text);
    }
    for (const std::string* t : {&d.features, &d.language, &c.held_at, &c.last_seen_note})
      in.free_texts.push_back(*t);
    auto guard = privacy::PiiGuard::Create(privacy::CaseGuardConfig(in), opt.script_variants);
    // A guard that cannot be built (a restricted value that is not text) publishes no free text.
    if (guard.ok()) guard_.emplace(*std::move(guard));
  }

  // A word or short phrase: a colour chip, a language.
  std::string Field(std::string_view s, size_t limit) const {
    if (restricted_) return privacy::StripHidden(s);
    return guard_ ? privacy::SanitizeField(s, *guard_, limit) : "";
  }
  // A description as typed: the clauses that do not describe the child are left out whole.
  std::string Description(std::string_view s, size_t limit) const {
    if (restricted_) return privacy::StripHidden(s);
    return guard_ ? privacy::SanitizeDescription(s, *guard_, limit).text : "";
  }
  // The last word on a composed value: "" when the guard finds anything in it.
  std::string Checked(std::string s) const {
    if (restricted_) return s;
    return guard_ && guard_->Scan(s).empty() ? s : "";
  }

 private:
  bool restricted_;
  std::optional<privacy::PiiGuard> guard_;
};

// Limits in code points: the drafter's per-field limit for garments, more for features.
constexpr size_t kGarmentLimit = privacy::kDefaultFieldLimit;
constexpr size_t kFeaturesLimit = 80;

std::string Describe(const Case& c, const FreeText& text) {
  std::vector<std::string> parts;
  const ChildDescription& d = c.child;
  if (d.height_cm > 0) parts.push_back(absl::StrCat("身高 height ", d.height_cm, " cm"));
  const std::pair<const char*, const Garment*> garments[] = {{"上衣 top", &d.clothing.top},
                                                             {"下装 bottom", &d.clothing.bottom},
                                                             {"帽子 hat", &d.clothing.hat},
                                                             {"鞋 shoes", &d.clothing.shoes}};
  for (const auto& [label, g] : garments) {
    std::vector<std::string> words;
    for (std::string w :
         {text.Field(g->colour_words, 10), text.Description(g->text, kGarmentLimit)})
      if (!w.empty()) words.push_back(std::move(w));
    if (!words.empty()) parts.push_back(absl::StrCat(label, ": ", absl::StrJoin(words, " ")));
  }
  if (std::string f = text.Description(d.features, kFeaturesLimit); !f.empty())
    parts.push_back(absl::StrCat("特征 features: ", f));
  if (std::string l = text.Field(d.language, 20); !l.empty())
    parts.push_back(absl::StrCat("语言 language: ", l));
  // One line: a PFIF consumer may show the description as a single paragraph.
  return text.Checked(absl::StrJoin(parts, "; "));
}

std::string Age(const ChildDescription& d) {
  if (d.age_min < 0) return "";
  if (d.age_min == d.age_max) return absl::StrCat(d.age_min);
  return absl::StrCat(d.age_min, "-", d.age_max);
}

std::string FirstNoteText(const Case& c, const FreeText& text) {
  if (c.kind == CaseKind::kFound) {
    const std::string where = text.Description(c.held_at, kGarmentLimit);
    const std::string full =
        where.empty() ? "Found by staff" : absl::StrCat("Found by staff; now at ", where);
    if (std::string checked = text.Checked(full); !checked.empty()) return checked;
    return "Found by staff";
  }
  const std::string how = text.Description(c.last_seen_note, kFeaturesLimit);
  const std::string base = "Reported missing at the security desk";
  if (how.empty()) return base;
  if (std::string checked = text.Checked(absl::StrCat(base, "; ", how)); !checked.empty())
    return checked;
  return base;
}

std::string Export(const std::vector<Case>& cases, const Venue& venue, const PfifOptions& opt,
                   bool restricted) {
  std::string out = absl::StrCat("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
  if (restricted) {
    absl::StrAppend(&out, "<!-- ", kRestrictedMarker,
                    ": the desk's full record with the child's and guardian's personal data. "
                    "Not a public PFIF feed; do not forward, publish or import. -->\n");
  }
  absl::StrAppend(&out, "<pfif:pfif xmlns:pfif=\"", kPfifNamespace, "\">\n");
  const std::string source =
      restricted ? absl::StrCat(opt.source_name, " ", kRestrictedMarker) : opt.source_name;
  for (const Case& c : cases) {
    const std::string rid = absl::StrCat(opt.domain, "/", c.id);
    Fields person = {{"person_record_id", rid},
                     {"entry_date", PfifDate(c.filed_at)},
                     {"source_name", source},
                     {"source_date", PfifDate(c.filed_at)}};
    if (c.closed_at) person.push_back({"expiry_date", PfifDate(ExpiryOf(*c.closed_at, opt.retention))});
    if (c.expired) {
      // PFIF placeholder for expired records: identity of the record only.
      WriteRecord(&out, "person", PfifPersonFields(), person, "  ");
      continue;
    }
    const FreeText text(c, venue, opt, restricted);
    const std::string placeholder =
        c.kind == CaseKind::kMissing ? "走失儿童 Lost child" : "待认领儿童 Found child";
    const std::string name = restricted ? text.Field(c.restricted.child_name, SIZE_MAX) : "";
    person.push_back({"full_name", name.empty() ? placeholder : name});
    // The guardian who reported a missing child is the record's author, in the desk's copy only.
    const bool guardian = restricted && c.kind == CaseKind::kMissing;
    const std::string guardian_name =
        guardian ? text.Field(c.restricted.guardian_name, SIZE_MAX) : "";
    person.push_back({"author_name", guardian_name.empty() ? venue.name_zh : guardian_name});
    if (guardian)
      person.push_back({"author_phone", text.Field(c.restricted.guardian_phone, SIZE_MAX)});
    const std::string description = Describe(c, text);
    person.push_back({"description", restricted ? absl::StrCat(kRestrictedMarker, ". ", description)
                                                : description});
    if (c.child.sex != Sex::kUnknown) person.push_back({"sex", SexName(c.child.sex)});
    person.push_back({"age", Age(c.child)});

    std::string notes;
    Fields note = {{"note_record_id", rid + ".note-1"},
                   {"person_record_id", rid},
                   {"entry_date", PfifDate(c.filed_at)},
                   {"author_name", venue.name_zh},
                   {"source_date", PfifDate(c.seen_at)},
                   {"author_made_contact", c.kind == CaseKind::kFound ? "true" : "false"},
                   {"status", c.kind == CaseKind::kFound ? "believed_alive" : "information_sought"},
                   {"last_known_location", ZoneName(venue, c.zone_id)},
                   {"text", FirstNoteText(c, text)}};
    WriteRecord(&notes, "note", PfifNoteFields(), note, "    ");
    int n = 2;
    auto link = [&](const std::string& other, const char* why) {
      Fields f = {{"note_record_id", absl::StrCat(rid, ".note-", n++)},
                  {"person_record_id", rid},
                  {"linked_person_record_id", absl::StrCat(opt.domain, "/", other)},
                  {"entry_date", PfifDate(c.filed_at)},
                  {"author_name", venue.name_zh},
                  {"source_date", PfifDate(c.filed_at)},
                  {"text", why}};
      WriteRecord(&notes, "note", PfifNoteFields(), f, "    ");
    };
    for (const auto& linked : c.linked_ids) link(linked, "Duplicate report of the same child");
    // PFIF 1.4: linked_person_record_id names another record of the same person. The
    // counterpart's record carries the link back (both cases hold matched_id).
    if (!c.matched_id.empty()) {
      link(c.matched_id, c.kind == CaseKind::kMissing
                             ? "Confirmed match: the found-child record of this child"
                             : "Confirmed match: the missing-child record of this child");
    }
    if (c.reunited_at) {
      Fields done = {{"note_record_id", absl::StrCat(rid, ".note-", n++)},
                     {"person_record_id", rid},
                     {"entry_date", PfifDate(*c.reunited_at)},
                     {"author_name", venue.name_zh},
                     {"source_date", PfifDate(*c.reunited_at)},
                     {"author_made_contact", "true"},
                     {"status", "believed_alive"},
                     {"text", "Reunited with family after guardian verification"}};
      WriteRecord(&notes, "note", PfifNoteFields(), done, "    ");
    }
    WriteRecord(&out, "person", PfifPersonFields(), person, "  ", notes);
  }
  out += "</pfif:pfif>\n";
  return out;
}

}  // namespace

std::string ExportPfif(const std::vector<Case>& cases, const Venue& venue, const PfifOptions& opt) {
  return Export(cases, venue, opt, /*restricted=*/false);
}

std::string ExportRestrictedPfif(const std::vector<Case>& cases, const Venue& venue,
                                 const PfifOptions& opt) {
  return Export(cases, venue, opt, /*restricted=*/true);
}

AuditEntry RestrictedExportAudit(const Case& c, const Venue& venue, const Actor& actor,
                                 TimePoint now, std::string_view reason, const PfifOptions& opt) {
  AuditEntry e;
  e.time = now;
  e.actor = actor.id;
  e.role = actor.role;
  e.action = "export_pfif_restricted";
  std::vector<std::string> fields;
  for (const auto& [name, value] :
       {std::pair{"restricted.child_name", &c.restricted.child_name},
        std::pair{"restricted.guardian_name", &c.restricted.guardian_name},
        std::pair{"restricted.guardian_phone", &c.restricted.guardian_phone}}) {
    if (!value->empty()) fields.push_back(name);
  }
  e.field_read = absl::StrCat(absl::StrJoin(fields, ","), " (venue ", venue.id, ")");
  e.reason = FreeText(c, venue, opt, /*restricted=*/false).Field(reason, 500);
  return e;
}

std::string PfifFileName(const std::vector<std::string>& case_ids, bool restricted) {
  // Case ids are "case-<n>" (checked by the store); anything else becomes "cases".
  std::string base = case_ids.size() == 1 ? case_ids.front() : "cases";
  if (base.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") != std::string::npos)
    base = "cases";
  return absl::StrCat(base, restricted ? ".RESTRICTED-not-for-publication" : "", ".pfif.xml");
}

}  // namespace cs::cases
