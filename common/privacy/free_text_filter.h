// Keeps what describes the child in a free-text field and leaves out the rest whole: a clause
// (the text between commas, full stops, semicolons, line breaks) that the PII guard flags, or
// that is about something other than the child (a call to ring somebody, a contact, a guardian,
// a name, a home, a reward, an "official" header, a link), is dropped entirely, so an appeal
// never carries "家长电话 ，请联系" with the number cut out of it. Markup and hidden characters
// alone do not drop a clause: SanitizeField cuts them out ("粉色凉鞋 <b>" keeps 粉色凉鞋).
//
// Thread-safety: pure function over a const PiiGuard; safe from several threads.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "common/privacy/pii_guard.h"

namespace cs::privacy {

struct FilteredText {
  std::string text;  // the kept clauses, joined by their own delimiters
  // One entry per dropped clause: the guard's kind name ("phone", "name", ...) or
  // "not_descriptive" for a clause left out by its cue words. Never the clause itself.
  std::vector<std::string> dropped;
};

// `max_code_points`: clauses are kept in order while they fit; a clause that does not fit is
// left out rather than cut (only a first clause longer than the limit is cut).
FilteredText KeepDescriptiveClauses(std::string_view text, const PiiGuard& guard,
                                    size_t max_code_points);

// True when `clause` carries a cue that it is not a description of the child.
bool IsNonDescriptive(std::string_view clause);

}  // namespace cs::privacy
