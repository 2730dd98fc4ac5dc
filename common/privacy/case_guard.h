// One case's PII guard, built the same way for every outbound channel (an appeal, its CAP
// message, a public PFIF export): the case's restricted values (the child's and guardian's
// names, the contact, other written forms) are struck wherever they turn up in free text, and a
// name that a cue introduces in one field ("小名叫然然") is struck in all of them.
// docs/privacy.md states the rule.
//
// Thread-safety: CaseGuardConfig is a pure function. ScriptVariants is immutable after Open();
// its converters are safe from several threads.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "common/privacy/pii_guard.h"
#include "common/text/chinese_converter.h"

namespace cs::privacy {

// What the holder of a case knows that no outbound channel may carry, plus what it may.
struct CaseGuardInput {
  std::string official_hotline;  // the one phone number that may appear
  // Restricted values: reach the guard only.
  std::string child_full_name;
  std::string guardian_name;
  std::string guardian_phone;
  std::vector<std::string> other_name_forms;  // pinyin, nicknames the desk recorded
  std::string surname;  // the child's surname as the case gives it (published only with consent)
  bool surname_consent = false;
  // Public place names (venue, zones) that may contain 区/路/街 or digits.
  std::vector<std::string> allowed_terms;
  // Every free-text field of the case, so a cue-introduced name in one is struck in all.
  std::vector<std::string_view> free_texts;
};

// The guard configuration for one case. The child's surname is taken from the full name when
// there is one, so a surname field holding a whole name cannot widen what is published.
PiiGuardConfig CaseGuardConfig(const CaseGuardInput& in);

// The OpenCC converters the guard uses to see a name in either script (s2t, t2s, s2hk).
class ScriptVariants {
 public:
  // NotFound when libopencc's data files are missing.
  static absl::StatusOr<std::unique_ptr<ScriptVariants>> Open();
  std::vector<const text::ChineseConverter*> converters() const;

 private:
  ScriptVariants() = default;
  std::unique_ptr<text::ChineseConverter> to_traditional_, to_simplified_, to_hk_;
};

}  // namespace cs::privacy
