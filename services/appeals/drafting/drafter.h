// The appeal drafter: turns a plain case snapshot into found-child, missing-child and follow-up
// appeals in Simplified Chinese, Traditional Chinese (Hong Kong forms) and English, each as a
// headline (<= 140 by Weibo's count) and a long version (<= 2,000). Every free-text field is
// sanitised on the way in and every output is checked by the PII guard on the way out; a draft
// with any finding is refused, never returned.
//
// Thread-safety: a Drafter is immutable after Create(); Draft() is safe from several threads.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/clock.h"
#include "common/text/chinese_converter.h"
#include "common/text/phrase_table.h"
#include "services/appeals/drafting/appeal_template.h"

namespace cs::appeals {

enum class CaseKind { kFound, kMissing };
enum class Sex { kUnknown, kMale, kFemale };
enum class AppealKind { kFoundChild, kMissingChild, kFollowUp };
enum class Language { kSimplifiedChinese, kTraditionalChinese, kEnglish };

// "zh-Hans", "zh-Hant" (Hong Kong forms, OpenCC s2hk), "en": the same tags in the API
// (crowdsafe.v1.AppealText.language) and in CAP's <language>.
std::string_view LanguageTag(Language lang);

// A free-text field as entered; `en` falls back to `zh` when empty.
struct LocalText {
  std::string zh;
  std::string en;
};

// What the drafter may know about a case. Free-text fields are untrusted input.
struct CaseSnapshot {
  CaseKind kind = CaseKind::kFound;
  TimePoint time{};                        // when the child was found (found cases)
  std::string zone_name_zh, zone_name_en;  // where found; from the venue config
  std::string venue_name_zh, venue_name_en;
  Sex sex = Sex::kUnknown;
  int age_years = 0;  // approximate; 0 = unknown, else 1..17
  int height_cm = 0;  // 0 = unknown, else 40..200
  LocalText top, bottom, hat, shoes, features;
  // Colour words chosen for each garment (chips such as "藏青", "navy"); merged with the colours
  // the garment's text names, so a colour is written once.
  std::vector<std::string> top_colours, bottom_colours, hat_colours, shoes_colours;
  LocalText where_now;         // where the child is now (the lost-child centre)
  LocalText last_seen_place;   // missing cases; falls back to the zone names
  LocalText last_seen_note;    // missing cases: how the child was lost ("在企鹅馆出口走散")
  TimePoint last_seen_time{};  // missing cases
  std::string surname;         // the child's surname; published only with consent
  bool surname_consent = false;
  std::string official_hotline;  // the only phone number an appeal may carry
  int utc_offset_minutes = 480;  // venue local time (Asia/Shanghai)
  // Restricted: never published. Given so the guard can refuse them in any form.
  std::string child_full_name;
  std::string guardian_name;
  std::string guardian_phone;
  // Other written forms of either name (pinyin "Zhang Xiaoming", a nickname). The guard cannot
  // derive romanisations itself, so whoever holds the case should pass them.
  std::vector<std::string> other_name_forms;
};

struct DraftVersion {
  Language language;
  std::string headline;
  std::string long_text;
  int64_t headline_length = 0;  // by WeiboLength
  int64_t long_length = 0;
  std::vector<std::string> dropped;  // placeholders dropped from the headline to fit 140
  // Phrases this version leaves out because the phrase table cannot translate them; a person
  // must write them. English: Chinese phrases (never transliterated, never copied in Chinese).
  // zh-Hans and zh-Hant: Latin phrases typed into a Chinese field (never pasted into the
  // Chinese), the same for both.
  std::vector<std::string> untranslated;
};

// What the guard did to the input, for the review screen: never the text itself.
struct DraftFinding {
  std::string kind;    // PiiKindName, or "not_descriptive" for a clause left out by its cues
  std::string field;   // "top", "features", "surname", ...
  std::string action;  // "removed"
  bool operator==(const DraftFinding&) const = default;
};

struct AppealDraft {
  AppealKind kind;
  std::vector<DraftVersion> versions;  // zh-CN, zh-HK, en in that order
  // True when the first attempt tripped the guard and the draft was rebuilt without the
  // free-text fields (the press office should look at the case's fields).
  bool free_text_dropped = false;
  std::vector<DraftFinding> findings;  // one per field and kind
  // Phrases a person must translate before the draft may be submitted: the English version's
  // `untranslated` (Chinese), then the Chinese versions' (Latin). The appeal workflow tells them
  // apart by script: a phrase without a Han character is missing from the Chinese.
  std::vector<std::string> needs_translation;
};

class Drafter {
 public:
  // Parses and validates every template (InvalidArgument naming the template) and opens the
  // OpenCC configs (NotFound when libopencc's data files are missing).
  // `phrases` (may be null: then no Chinese phrase has an English) must outlive the drafter.
  static absl::StatusOr<std::unique_ptr<Drafter>> Create(
      const AppealTemplateSet& templates = DefaultAppealTemplates(),
      const text::PhraseTable* phrases = nullptr);

  // InvalidArgument naming the field for a bad snapshot ("case.height_cm: 300 is outside
  // 40..200"); FailedPrecondition ("draft refused: ...") when an output would carry personal
  // data; the message never contains the data itself.
  absl::StatusOr<AppealDraft> Draft(const CaseSnapshot& snapshot, AppealKind kind) const;

 private:
  struct Pair {
    AppealTemplate headline;
    AppealTemplate long_text;
  };
  struct Kinds {
    std::vector<Pair> by_kind;  // indexed by AppealKind
  };
  Drafter() = default;

  Kinds zh_, en_;
  const text::PhraseTable* phrases_ = nullptr;
  text::PhraseTable empty_phrases_;
  std::unique_ptr<text::ChineseConverter> to_hk_, to_traditional_, to_simplified_;
};

}  // namespace cs::appeals
