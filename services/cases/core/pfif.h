// PFIF 1.4 export (namespace http://zesty.ca/pfif/1.4): one <pfif:person> per case with its
// <pfif:note> records, fields in the order of the PFIF 1.4 specification, all text escaped.
// Restricted fields leave only when the options and the role allow it.
// Thread-safety: pure functions; safe from any thread.
#pragma once

#include <string>
#include <vector>

#include "common/venue.h"
#include "services/cases/core/case.h"

namespace cs::cases {

inline constexpr const char* kPfifNamespace = "http://zesty.ca/pfif/1.4";

struct PfifOptions {
  std::string domain = "crowdsafe.ocean";  // record ids: "<domain>/<case id>"
  std::string source_name = "crowdsafe";
  Role role = Role::kPress;                          // who asked for the export
  bool include_child_name = false;                   // desk role only
  bool include_guardian_contact = false;             // desk role only
  Duration retention = std::chrono::hours(24 * 30);  // sets expiry_date after close
};

// The PFIF 1.4 element names in specification order, for writers and tests.
const std::vector<std::string>& PfifPersonFields();
const std::vector<std::string>& PfifNoteFields();

// "2026-02-12T06:03:00Z" (PFIF dates are UTC).
std::string PfifDate(TimePoint t);

// A complete document with every case as a person record. full_name is required by PFIF:
// when the name may not leave, a neutral placeholder ("走失儿童 Lost child" / "待认领儿童
// Found child") stands in. An expired case exports as a placeholder (id, dates, source only).
std::string ExportPfif(const std::vector<Case>& cases, const Venue& venue,
                       const PfifOptions& options = {});

}  // namespace cs::cases
