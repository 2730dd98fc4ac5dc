// PFIF 1.4 export (namespace http://zesty.ca/pfif/1.4): one <pfif:person> per case with its
// <pfif:note> records, fields in the order of the PFIF 1.4 specification, all text escaped.
// Two documents, one per audience (docs/privacy.md, "One rule for every outbound channel"):
//  - ExportPfif, the public feed for other repositories and the press: it carries only what a
//    published appeal may. Every free-text field goes through the case's PII guard (the same
//    one as the appeal drafter, common/privacy/case_guard.h), no restricted field is written,
//    control and hidden characters are stripped.
//  - ExportRestrictedPfif, the desk's full record with the restricted fields, marked RESTRICTED
//    in the document itself so it cannot pass for a public feed. The caller checks the role and
//    audits the export.
// Thread-safety: pure functions; safe from any thread.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/text/chinese_converter.h"
#include "common/venue.h"
#include "services/cases/core/case.h"

namespace cs::cases {

inline constexpr const char* kPfifNamespace = "http://zesty.ca/pfif/1.4";

// Stated in the restricted document (comment, source_name, each description) and by the gateway
// (file name, X-Crowdsafe-Restricted header).
inline constexpr const char* kRestrictedMarker = "RESTRICTED — not for publication";

struct PfifOptions {
  std::string domain = "crowdsafe.ocean";  // record ids: "<domain>/<case id>"
  std::string source_name = "crowdsafe";
  Duration retention = std::chrono::hours(24 * 30);  // sets expiry_date after close
  // OpenCC converters (privacy::ScriptVariants) so the guard sees a restricted name in either
  // script; empty: it sees the script as written only.
  std::vector<const text::ChineseConverter*> script_variants;
};

// The PFIF 1.4 element names in specification order, for writers and tests.
const std::vector<std::string>& PfifPersonFields();
const std::vector<std::string>& PfifNoteFields();

// "2026-02-12T06:03:00Z" (PFIF dates are UTC).
std::string PfifDate(TimePoint t);

// The public document, every case as a person record. full_name is required by PFIF: a
// neutral placeholder ("走失儿童 Lost child" / "待认领儿童 Found child") stands in for the name.
// A duplicate or a confirmed match is a note with linked_person_record_id (each record of a
// confirmed pair links to the other). An expired case exports as a placeholder (id, dates,
// source only).
std::string ExportPfif(const std::vector<Case>& cases, const Venue& venue,
                       const PfifOptions& options = {});

// The desk's document: the child's name, the guardian's name and phone, the free text as typed
// (control and hidden characters stripped), the last-seen note; kRestrictedMarker in a comment
// at the top, in source_name and at the head of each description.
std::string ExportRestrictedPfif(const std::vector<Case>& cases, const Venue& venue,
                                 const PfifOptions& options = {});

// The audit line of a restricted export of `c` (action "export_pfif_restricted", the restricted
// fields it carried, who and when). `reason` passes through the case's guard first, so the log
// never holds the personal data the export carries, even if the desk typed it into the reason.
AuditEntry RestrictedExportAudit(const Case& c, const Venue& venue, const Actor& actor,
                                 TimePoint now, std::string_view reason,
                                 const PfifOptions& options = {});

// "case-7.pfif.xml" / "case-7.RESTRICTED-not-for-publication.pfif.xml" ("cases" for several).
std::string PfifFileName(const std::vector<std::string>& case_ids, bool restricted);

}  // namespace cs::cases
