// Sanitiser for free-text case fields (clothing, features, places) before they enter an appeal:
// what comes out can be published as it is, so no field can inject markup, links, topics,
// mentions, hidden characters or personal data into a draft.
//
// Thread-safety: pure function over a const PiiGuard; safe from several threads.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "common/privacy/pii_guard.h"

namespace cs::privacy {

// Default per-field limit in code points; long enough for "深蓝色连帽卫衣，胸前印有小鲸鱼图案".
inline constexpr size_t kDefaultFieldLimit = 40;

// Returns `input` with control, zero-width, bidi and invalid UTF-8 removed, whitespace collapsed,
// the characters < > # @ { } 【 】 ` \ removed, and every span the guard flags removed (repeated
// until the guard finds nothing, since a removal can join two harmless halves), then cut to
// `max_code_points`. Returns "" if the text does not become clean (it always does in practice).
std::string SanitizeField(std::string_view input, const PiiGuard& guard,
                          size_t max_code_points = kDefaultFieldLimit);

// `input` with control, zero-width, bidi and invalid UTF-8 removed and whitespace collapsed, and
// nothing else changed: for a desk-only channel that carries the restricted values themselves.
std::string StripHidden(std::string_view input);

// A description typed by an officer or a guardian (clothing, features, where the child is now,
// the last-seen note): the clauses that do not describe the child are left out whole
// (free_text_filter.h), then what is left goes through SanitizeField.
struct SanitizedDescription {
  std::string text;
  std::vector<std::string> removed;  // kind names of what was left out ("phone", "not_descriptive")
};
SanitizedDescription SanitizeDescription(std::string_view input, const PiiGuard& guard,
                                         size_t max_code_points = kDefaultFieldLimit);

}  // namespace cs::privacy
