// The PII guard: finds what must never be published in an appeal (phone numbers other than the
// official hotline, ID numbers, addresses, protected names, #topics#, @mentions, URLs, markup,
// hidden characters) in any language version. Text is normalised first (text_normalizer.h), so
// full-width digits, zero-width characters and bidi overrides do not hide anything.
//
// Thread-safety: a PiiGuard is immutable after Create(); Scan() is safe from several threads.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "common/text/chinese_converter.h"

namespace cs::privacy {

enum class PiiKind {
  kPhone,     // a phone number (or any run of >= 7 digits) that is not the official hotline
  kIdNumber,  // a Chinese resident ID number: 18 digits with a valid checksum, or 15 digits
  kAddress,  // 省/市/区/路 chains, house numbers (12号, 502室, 3栋, 8216房, 21樓E室), "No. 12 X
             // Road", "Room 5", schools and classes (第十二小学, 三年级(2)班, "Pui Ching Primary")
  kName,        // a protected name, surname + 小朋友 without consent, or a name a cue introduces
                // (叫/名叫/妈妈叫/监护人, 陈先生, "named", "Mr. WONG", "Ka-fai")
  kTopic,       // #topic#
  kMention,     // @someone
  kUrl,         // http(s)://, www., bare domains such as t.cn/x
  kMarkup,      // HTML/script tags and entities
  kHiddenChar,  // zero-width, bidi, control characters or invalid UTF-8 in the raw text
  kPlate,   // a vehicle plate: 粤C·12345, 粤Z·A235港, MX-38-21, "Yue C 6M8Q3", 车牌 TX 3812
  kHandle,  // an account: WeChat/QQ/Douyin/Line ids after their cue, emails, "wxid_abc123"
  kBirthDate,  // a date with a year (2019年3月14日, 02/11/2018): a date of birth in a description
};

// Stable lower-case name for logs and error messages ("phone", "id_number", ...).
std::string_view PiiKindName(PiiKind kind);

// Names that cue words introduce in free text ("小名叫然然" -> "然然", "answers to 'Kelly'" ->
// "Kelly"). The drafter adds them to the protected names, so a nickname learnt in one sentence
// is struck in every other.
std::vector<std::string> NamesIntroducedByCues(std::string_view utf8);

// A finding never carries the matched text, so it can be logged; `begin`/`end` are byte offsets
// into the scanned UTF-8 string.
struct PiiFinding {
  PiiKind kind;
  size_t begin = 0;
  size_t end = 0;
};

struct PersonName {
  std::string full;     // "张小明", "Zhang Xiaoming"
  std::string surname;  // optional; lets the guard also protect the given name ("小明")
};

struct PiiGuardConfig {
  // The one phone number that may appear, in any form ("110", "021-6123 4567"); empty when the
  // channel may carry none.
  std::string official_hotline;
  // Guardian's and child's names. Matched in Simplified and Traditional script, with spaces,
  // dots or zero-width characters between the characters, case-insensitively for Latin letters.
  std::vector<PersonName> protected_names;
  // The child's surname; without consent "<surname>小朋友" (and 宝宝, 同学...) is a finding.
  std::string child_surname;
  bool surname_consent = false;
  // Public place names (venue, zones) that may contain 区/路/街 or digits; never findings.
  std::vector<std::string> allowed_terms;
};

class PiiGuard {
 public:
  // `variant_converters` (may be empty; entries may be null) turn each name character into its
  // other-script forms, e.g. s2t, t2s and s2hk. InvalidArgument naming the field when a
  // non-empty hotline has no digits or a name is empty.
  static absl::StatusOr<PiiGuard> Create(
      const PiiGuardConfig& config,
      const std::vector<const text::ChineseConverter*>& variant_converters = {});

  // All findings, sorted by begin. Linear in the text size for a fixed configuration.
  std::vector<PiiFinding> Scan(std::string_view utf8) const;

  // A pattern is matched one code point at a time; each position lists its accepted forms.
  struct Pattern {
    std::vector<std::u32string> alternatives;
    bool allow_gaps = false;  // separators such as spaces or dots may sit between positions
    PiiKind kind = PiiKind::kName;
  };

 private:
  PiiGuard() = default;

  std::u32string hotline_digits_;
  std::vector<Pattern> names_;
  std::vector<Pattern> allowed_;
  // The characters that can start a pattern of names_ / allowed_ (sorted), so Scan tries the
  // patterns only where one can begin.
  std::u32string name_firsts_, allowed_firsts_;
};

}  // namespace cs::privacy
