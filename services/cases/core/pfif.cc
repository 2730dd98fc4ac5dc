#include "services/cases/core/pfif.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
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
  if (z == nullptr) return id;
  return absl::StrCat(z->name_zh, " ", z->name_en);
}

std::string Describe(const Case& c) {
  std::vector<std::string> parts;
  const ChildDescription& d = c.child;
  if (d.height_cm > 0) parts.push_back(absl::StrCat("身高 height ", d.height_cm, " cm"));
  const std::pair<const char*, const Garment*> garments[] = {{"上衣 top", &d.clothing.top},
                                                             {"下装 bottom", &d.clothing.bottom},
                                                             {"帽子 hat", &d.clothing.hat},
                                                             {"鞋 shoes", &d.clothing.shoes}};
  for (const auto& [label, g] : garments) {
    const std::string text = absl::StrJoin({g->colour_words, g->text}, " ");
    if (!g->colour_words.empty() || !g->text.empty())
      parts.push_back(absl::StrCat(label, ": ", text));
  }
  if (!d.features.empty()) parts.push_back(absl::StrCat("特征 features: ", d.features));
  if (!d.language.empty()) parts.push_back(absl::StrCat("语言 language: ", d.language));
  return absl::StrJoin(parts, "\n");
}

std::string Age(const ChildDescription& d) {
  if (d.age_min < 0) return "";
  if (d.age_min == d.age_max) return absl::StrCat(d.age_min);
  return absl::StrCat(d.age_min, "-", d.age_max);
}

}  // namespace

std::string ExportPfif(const std::vector<Case>& cases, const Venue& venue, const PfifOptions& opt) {
  const bool desk = opt.role == Role::kDesk;
  std::string out =
      absl::StrCat("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<pfif:pfif xmlns:pfif=\"",
                   kPfifNamespace, "\">\n");
  for (const Case& c : cases) {
    const std::string rid = absl::StrCat(opt.domain, "/", c.id);
    Fields person = {{"person_record_id", rid},
                     {"entry_date", PfifDate(c.filed_at)},
                     {"source_name", opt.source_name},
                     {"source_date", PfifDate(c.filed_at)}};
    if (c.closed_at) person.push_back({"expiry_date", PfifDate(*c.closed_at + opt.retention)});
    if (c.expired) {
      // PFIF placeholder for expired records: identity of the record only.
      WriteRecord(&out, "person", PfifPersonFields(), person, "  ");
      continue;
    }
    const bool name_ok = desk && opt.include_child_name && !c.restricted.child_name.empty();
    person.push_back({"full_name", name_ok ? c.restricted.child_name
                                   : c.kind == CaseKind::kMissing
                                       ? std::string("走失儿童 Lost child")
                                       : std::string("待认领儿童 Found child")});
    const bool contact_ok = desk && opt.include_guardian_contact;
    if (c.kind == CaseKind::kMissing && contact_ok) {
      person.push_back({"author_name", c.restricted.guardian_name});
      person.push_back({"author_phone", c.restricted.guardian_phone});
    } else {
      person.push_back({"author_name", venue.name_zh});  // the venue desk, never a person
    }
    person.push_back({"description", Describe(c)});
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
                   {"text", c.kind == CaseKind::kFound
                                ? absl::StrCat("Found by staff; now at ", c.held_at)
                                : std::string("Reported missing at the security desk")}};
    WriteRecord(&notes, "note", PfifNoteFields(), note, "    ");
    int n = 2;
    for (const auto& linked : c.linked_ids) {
      Fields link = {{"note_record_id", absl::StrCat(rid, ".note-", n++)},
                     {"person_record_id", rid},
                     {"linked_person_record_id", absl::StrCat(opt.domain, "/", linked)},
                     {"entry_date", PfifDate(c.filed_at)},
                     {"author_name", venue.name_zh},
                     {"source_date", PfifDate(c.filed_at)},
                     {"text", "Duplicate report of the same child"}};
      WriteRecord(&notes, "note", PfifNoteFields(), link, "    ");
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

}  // namespace cs::cases
