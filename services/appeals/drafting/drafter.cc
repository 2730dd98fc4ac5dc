#include "services/appeals/drafting/drafter.h"

#include <algorithm>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "common/privacy/case_guard.h"
#include "common/privacy/chinese_names.h"
#include "common/privacy/pii_guard.h"
#include "common/privacy/sanitizer.h"
#include "common/privacy/text_normalizer.h"
#include "common/text/utf8.h"
#include "services/appeals/drafting/clothing_phrase.h"
#include "services/appeals/drafting/description_builder.h"
#include "services/appeals/drafting/weibo_length.h"

namespace cs::appeals {
using privacy::IsPlausibleSurname;
using privacy::kDefaultFieldLimit;
using privacy::Normalize;
using privacy::PiiFinding;
using privacy::PiiGuard;
using privacy::PiiGuardConfig;
using privacy::PiiKindName;
using privacy::SanitizedDescription;
using privacy::SanitizeDescription;
using privacy::SanitizeField;
using privacy::SplitHanName;
using text::ChineseConverter;
using text::kSimplifiedToHongKong;
using text::kSimplifiedToTraditional;
using text::kTraditionalToSimplified;

namespace {

using Dropped = std::set<std::string, std::less<>>;

constexpr size_t kHotlineMaxChars = 20;

absl::StatusOr<AppealTemplate> ParseOne(std::string_view lang, std::string_view name,
                                        const std::string& text, int64_t limit) {
  return AppealTemplate::Parse(
      absl::StrCat("templates.", std::string(lang), ".", std::string(name)), text, limit);
}

absl::CivilMinute LocalMinute(TimePoint t, int utc_offset_minutes) {
  return absl::ToCivilMinute(absl::FromChrono(t), absl::FixedTimeZone(utc_offset_minutes * 60));
}

std::string TimeZh(TimePoint t, int offset) {
  const absl::CivilMinute m = LocalMinute(t, offset);
  return absl::StrFormat("%d月%d日%02d:%02d", m.month(), m.day(), m.hour(), m.minute());
}

std::string TimeEn(TimePoint t, int offset) {
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const absl::CivilMinute m = LocalMinute(t, offset);
  return absl::StrFormat("%02d:%02d on %d %s", m.hour(), m.minute(), m.day(),
                         kMonths[m.month() - 1]);
}

absl::Status Validate(const CaseSnapshot& s) {
  if (s.age_years < 0 || s.age_years > 17) {
    return absl::InvalidArgumentError("case.age_years: must be 0..17");
  }
  if (s.height_cm != 0 && (s.height_cm < 40 || s.height_cm > 200)) {
    return absl::InvalidArgumentError("case.height_cm: must be 40..200 (or 0, not given)");
  }
  if (s.utc_offset_minutes < -14 * 60 || s.utc_offset_minutes > 14 * 60) {
    return absl::InvalidArgumentError("case.utc_offset_minutes: must be -840..840");
  }
  if (s.official_hotline.empty() || s.official_hotline.size() > kHotlineMaxChars) {
    return absl::InvalidArgumentError("case.official_hotline: must be 1..20 characters");
  }
  for (char c : s.official_hotline) {
    if (!((c >= '0' && c <= '9') || c == ' ' || c == '-' || c == '+' || c == '(' || c == ')')) {
      return absl::InvalidArgumentError(
          "case.official_hotline: may hold only digits, spaces and + - ( )");
    }
  }
  if (s.zone_name_zh.empty()) return absl::InvalidArgumentError("case.zone_name_zh: is empty");
  return absl::OkStatus();
}

// True when dropping `name` can shorten `t`: it sits in an optional part, or it is one of the
// placeholders a derived phrase in an optional part is made of ({clothing} of {top}...).
bool CanDrop(const AppealTemplate& t, std::string_view name) {
  if (t.optional_placeholders().contains(name)) return true;
  for (const DerivedPlaceholder& d : kDerivedPlaceholders) {
    if (t.optional_placeholders().contains(d.name) &&
        std::find(d.sources.begin(), d.sources.end(), name) != d.sources.end()) {
      return true;
    }
  }
  return false;
}

// Writes the derived placeholders (appeal_template.h) from the parts not dropped.
using Derive = void (*)(AppealKind kind, const Dropped& dropped, TemplateValues& values);

std::string Kept(const TemplateValues& v, const Dropped& dropped, std::string_view key) {
  if (dropped.contains(key)) return "";
  const auto it = v.find(key);
  return it == v.end() ? "" : it->second;
}

GarmentPhrases KeptGarments(const TemplateValues& v, const Dropped& dropped) {
  return {Kept(v, dropped, "top"), Kept(v, dropped, "bottom"), Kept(v, dropped, "hat"),
          Kept(v, dropped, "shoes")};
}

void DeriveZh(AppealKind, const Dropped& dropped, TemplateValues& v) {
  const std::string clothing = WearingZh(KeptGarments(v, dropped));
  const std::string height = Kept(v, dropped, "height");
  std::vector<std::string> parts;
  if (!height.empty()) parts.push_back(absl::StrCat("身高约", height, "厘米"));
  if (!clothing.empty()) parts.push_back(clothing);
  v["clothing"] = clothing;
  v["appearance"] = absl::StrJoin(parts, "，");
}

// "He is about 105 cm tall and is wearing ...", "She was last seen wearing ...".
void DeriveEn(AppealKind kind, const Dropped& dropped, TemplateValues& v) {
  const std::string clothing = WearingEn(KeptGarments(v, dropped));
  const std::string height = Kept(v, dropped, "height");
  const std::string subject = Kept(v, {}, "subject");
  const char* worn = kind == AppealKind::kMissingChild ? "was last seen " : "is ";
  std::string appearance;
  if (!height.empty()) appearance = absl::StrCat(subject, " is about ", height, " cm tall");
  if (!clothing.empty()) {
    appearance = appearance.empty() ? absl::StrCat(subject, " ", worn, clothing)
                                    : absl::StrCat(appearance, " and ", worn, clothing);
  }
  v["clothing"] = clothing;
  v["appearance"] = appearance;
}

// Renders a template, dropping optional parts in kDropOrder until it fits `limit`.
// `convert` (may be null) is applied before measuring, for the Traditional version.
absl::StatusOr<std::string> Fit(const AppealTemplate& t, AppealKind kind,
                                const TemplateValues& base, Derive derive, int64_t limit,
                                const ChineseConverter* convert,
                                std::vector<std::string>* dropped_out) {
  Dropped dropped;
  for (size_t step = 0;; ++step) {
    TemplateValues values = base;
    derive(kind, dropped, values);
    std::string text = t.Render(values, dropped);
    // OpenCC keeps the length (nearly) unchanged, so convert only once the source fits: the
    // Traditional headline then costs one conversion, not one per dropped part.
    bool fits = WeiboLength(text) <= limit;
    if (fits && convert != nullptr) {
      auto converted = convert->Convert(text);
      if (!converted.ok()) return converted.status();
      text = *std::move(converted);
      fits = WeiboLength(text) <= limit;
    }
    if (fits) {
      if (dropped_out != nullptr) dropped_out->assign(dropped.begin(), dropped.end());
      return text;
    }
    // Skip placeholders this template cannot drop.
    while (step < std::size(kDropOrder) && !CanDrop(t, kDropOrder[step])) ++step;
    if (step >= std::size(kDropOrder)) {
      return absl::FailedPreconditionError(
          absl::StrCat("draft: does not fit ", limit, " even with every optional part dropped"));
    }
    dropped.insert(std::string(kDropOrder[step]));
  }
}

struct Values {
  TemplateValues zh, en;
  std::vector<DraftFinding> findings;
  std::vector<std::string> untranslated;     // Chinese phrases left out of the English
  std::vector<std::string> untranslated_zh;  // Latin phrases left out of the Chinese

  static void AddAll(std::vector<std::string>& to, const std::vector<std::string>& phrases) {
    for (const std::string& p : phrases) {
      if (std::find(to.begin(), to.end(), p) == to.end()) to.push_back(p);
    }
  }
  void Untranslated(const std::vector<std::string>& phrases) { AddAll(untranslated, phrases); }

  void Note(const std::string& kind, const char* field) {
    DraftFinding f{kind, field, "removed"};
    if (std::find(findings.begin(), findings.end(), f) == findings.end()) findings.push_back(f);
  }
};

// The surname an appeal may carry, or "" (with a finding when the field held more than a
// surname). With the child's full name known, the surname is read from it (欧阳 whole).
std::string PublishableSurname(const CaseSnapshot& s, Values& v) {
  if (!s.surname_consent) return "";
  auto trimmed = [](std::string_view text) {
    std::u32string out;
    for (char32_t c : Normalize(text).text) {
      if (c != ' ') out.push_back(c);
    }
    return out;
  };
  const std::u32string full = trimmed(s.child_full_name);
  const std::u32string given = trimmed(s.surname);
  const std::u32string surname = full.empty() ? given : SplitHanName(full).surname;
  // "李浩" in the surname field, or a surname that is not how the full name begins.
  const bool bad = !given.empty() && (!IsPlausibleSurname(given) || !surname.starts_with(given));
  if (bad || (!surname.empty() && !IsPlausibleSurname(surname))) {
    v.Note("name", "surname");
    return "";
  }
  return EncodeUtf8(surname);
}

Values BuildValues(const CaseSnapshot& s, AppealKind kind, const PiiGuard& guard,
                   const text::PhraseTable& phrases, bool with_free_text) {
  Values v;
  // The venue's own names: one typed in English in a Chinese field takes its Chinese name.
  VenuePlaces places;
  for (const auto& [zh, en] : {std::pair{&s.venue_name_zh, &s.venue_name_en},
                               std::pair{&s.zone_name_zh, &s.zone_name_en}}) {
    if (!zh->empty() && !en->empty()) {
      places.push_back({"venue.name", text::PhraseKind::kPlace, *zh, *zh, *en, {}, ""});
    }
  }
  // The Chinese from the sanitised text, the English from the phrase table unless a person
  // wrote it (`text.en`); either from the table when the field was typed in the other
  // language. `garment`: colour chips and the noun for a garment, else null.
  struct Garment {
    const std::vector<std::string>* colours;
    const char *noun_zh, *noun_en;
  };
  auto put = [&](const char* key, const LocalText& text, size_t limit = kDefaultFieldLimit,
                 const Garment* garment = nullptr) {
    if (!with_free_text) return;
    SanitizedDescription zh = SanitizeDescription(text.zh, guard, limit);
    for (const std::string& kind : zh.removed) v.Note(kind, key);
    DescribedPart part;
    if (garment != nullptr) {
      std::vector<std::string> chips;
      for (const std::string& c : *garment->colours) {
        if (std::string chip = SanitizeField(c, guard, 10); !chip.empty()) chips.push_back(chip);
      }
      part = DescribeGarment(zh.text, chips, phrases, garment->noun_zh, garment->noun_en);
    } else {
      part = DescribeText(zh.text, phrases, places);
      // A sentence typed in English goes into Chinese whole or not at all: "lost near Penguin
      // Pavilion" is not published as 企鹅馆 alone.
      if (std::string_view(key) == "last_seen_note" && !part.untranslated_zh.empty() &&
          !HasHan(zh.text)) {
        part.zh.clear();
        part.untranslated_zh = {zh.text};
      }
    }
    v.zh[key] = std::move(part.zh);
    Values::AddAll(v.untranslated_zh, part.untranslated_zh);
    if (!text.en.empty()) {
      SanitizedDescription en = SanitizeDescription(text.en, guard, limit);
      for (const std::string& kind : en.removed) v.Note(kind, key);
      if (!HasHan(en.text)) {
        v.en[key] = std::move(en.text);
        return;
      }
    }
    v.en[key] = std::move(part.en);
    v.Untranslated(part.untranslated);
  };
  const Garment top{&s.top_colours, "上衣", "top"}, bottom{&s.bottom_colours, "裤子", "trousers"},
      hat{&s.hat_colours, "帽子", "hat"}, shoes{&s.shoes_colours, "鞋子", "shoes"};
  put("top", s.top, kDefaultFieldLimit, &top);
  put("bottom", s.bottom, kDefaultFieldLimit, &bottom);
  put("hat", s.hat, kDefaultFieldLimit, &hat);
  put("shoes", s.shoes, kDefaultFieldLimit, &shoes);
  put("features", s.features, 60);
  put("where_now", s.where_now);
  // Config strings are trusted but still pass the sanitiser, which also strips stray markup.
  v.zh["place"] = SanitizeField(s.zone_name_zh, guard);
  v.en["place"] = SanitizeField(s.zone_name_en.empty() ? s.zone_name_zh : s.zone_name_en, guard);
  v.zh["venue"] = SanitizeField(s.venue_name_zh, guard);
  v.en["venue"] = SanitizeField(s.venue_name_en.empty() ? s.venue_name_zh : s.venue_name_en, guard);
  v.zh["last_seen_place"] = v.zh["place"];
  v.en["last_seen_place"] = v.en["place"];
  put("last_seen_place", s.last_seen_place);
  put("last_seen_note", s.last_seen_note, 60);
  if (v.zh["last_seen_place"].empty()) v.zh["last_seen_place"] = v.zh["place"];
  if (v.en["last_seen_place"].empty()) v.en["last_seen_place"] = v.en["place"];
  v.zh["sex"] = s.sex == Sex::kMale ? "男孩" : s.sex == Sex::kFemale ? "女孩" : "儿童";
  v.en["sex"] = s.sex == Sex::kMale ? "boy" : s.sex == Sex::kFemale ? "girl" : "child";
  // For the sentences the drafter writes about the child (DeriveEn) and "from her family".
  v.en["subject"] = s.sex == Sex::kMale ? "He" : s.sex == Sex::kFemale ? "She" : "The child";
  v.en["possessive"] = s.sex == Sex::kMale ? "his" : s.sex == Sex::kFemale ? "her" : "their";
  v.en["object"] = s.sex == Sex::kMale ? "him" : s.sex == Sex::kFemale ? "her" : "them";
  if (s.age_years > 0) v.zh["age"] = v.en["age"] = absl::StrCat(s.age_years);
  if (s.height_cm > 0) v.zh["height"] = v.en["height"] = absl::StrCat(s.height_cm);
  const TimePoint when = kind == AppealKind::kMissingChild ? s.last_seen_time : s.time;
  if (when != TimePoint{}) {
    v.zh["time"] = TimeZh(when, s.utc_offset_minutes);
    v.en["time"] = TimeEn(when, s.utc_offset_minutes);
  }
  if (s.last_seen_time != TimePoint{}) {
    v.zh["last_seen_time"] = TimeZh(s.last_seen_time, s.utc_offset_minutes);
    v.en["last_seen_time"] = TimeEn(s.last_seen_time, s.utc_offset_minutes);
  }
  // A surname plus 小朋友 at most, and only with the guardian's consent.
  if (const std::string surname = PublishableSurname(s, v); !surname.empty()) {
    v.zh["child"] = absl::StrCat(surname, "小朋友");
    // The English carries no surname: no transliteration, and no Chinese inside the English.
  }
  // A sentence typed in English starts with a capital ("Lost during the parade.").
  if (std::string& note = v.en["last_seen_note"];
      !note.empty() && note[0] >= 'a' && note[0] <= 'z') {
    note[0] = static_cast<char>(note[0] - 'a' + 'A');
  }
  v.zh["hotline"] = v.en["hotline"] = s.official_hotline;
  // No Chinese inside the English: a value still in Chinese (a place with no English name in
  // the config) is left out and listed for a person to translate.
  for (auto& [key, value] : v.en) {
    if (HasHan(value)) {
      v.Untranslated({v.zh[key]});
      value.clear();
    }
  }
  return v;
}

}  // namespace

std::string_view LanguageTag(Language lang) {
  switch (lang) {
    case Language::kSimplifiedChinese:
      return "zh-Hans";
    case Language::kTraditionalChinese:
      return "zh-Hant";
    case Language::kEnglish:
      return "en";
  }
  return "und";
}

absl::StatusOr<std::unique_ptr<Drafter>> Drafter::Create(const AppealTemplateSet& templates,
                                                         const text::PhraseTable* phrases) {
  std::unique_ptr<Drafter> d(new Drafter());
  d->phrases_ = phrases != nullptr ? phrases : &d->empty_phrases_;
  struct Source {
    std::string_view lang;
    const AppealTemplateTexts* texts;
    Kinds* out;
  };
  for (const Source& src :
       {Source{"zh", &templates.zh, &d->zh_}, Source{"en", &templates.en, &d->en_}}) {
    const std::pair<const char*, const std::string*> names[] = {
        {"found_headline", &src.texts->found_headline},
        {"found_long", &src.texts->found_long},
        {"missing_headline", &src.texts->missing_headline},
        {"missing_long", &src.texts->missing_long},
        {"followup_headline", &src.texts->followup_headline},
        {"followup_long", &src.texts->followup_long}};
    for (size_t k = 0; k < 3; ++k) {
      auto headline =
          ParseOne(src.lang, names[2 * k].first, *names[2 * k].second, kWeiboHeadlineLimit);
      if (!headline.ok()) return headline.status();
      auto long_text =
          ParseOne(src.lang, names[2 * k + 1].first, *names[2 * k + 1].second, kWeiboLongLimit);
      if (!long_text.ok()) return long_text.status();
      src.out->by_kind.push_back({*std::move(headline), *std::move(long_text)});
    }
  }
  auto hk = ChineseConverter::Create(kSimplifiedToHongKong);
  if (!hk.ok()) return hk.status();
  auto s2t = ChineseConverter::Create(kSimplifiedToTraditional);
  if (!s2t.ok()) return s2t.status();
  auto t2s = ChineseConverter::Create(kTraditionalToSimplified);
  if (!t2s.ok()) return t2s.status();
  d->to_hk_ = *std::move(hk);
  d->to_traditional_ = *std::move(s2t);
  d->to_simplified_ = *std::move(t2s);
  return d;
}

absl::StatusOr<AppealDraft> Drafter::Draft(const CaseSnapshot& s, AppealKind kind) const {
  if (absl::Status st = Validate(s); !st.ok()) return st;
  // The same guard as every other outbound channel (common/privacy/case_guard.h).
  privacy::CaseGuardInput input;
  input.official_hotline = s.official_hotline;
  input.child_full_name = s.child_full_name;
  input.guardian_name = s.guardian_name;
  input.guardian_phone = s.guardian_phone;
  input.other_name_forms = s.other_name_forms;
  input.surname = s.surname;
  input.surname_consent = s.surname_consent;
  input.allowed_terms = {s.venue_name_zh, s.venue_name_en, s.zone_name_zh, s.zone_name_en};
  for (const LocalText* field : {&s.top, &s.bottom, &s.hat, &s.shoes, &s.features, &s.where_now,
                                 &s.last_seen_place, &s.last_seen_note}) {
    input.free_texts.push_back(field->zh);
    input.free_texts.push_back(field->en);
  }
  const PiiGuardConfig config = privacy::CaseGuardConfig(input);
  auto guard =
      PiiGuard::Create(config, {to_traditional_.get(), to_simplified_.get(), to_hk_.get()});
  if (!guard.ok())
    return absl::InvalidArgumentError(absl::StrCat("case.", guard.status().message()));

  const size_t k = static_cast<size_t>(kind);
  absl::Status last_refusal;
  // First with the sanitised free text; if the guard still objects to the composed text (two
  // harmless fields that read as an address side by side), once more without free text.
  for (const bool with_free_text : {true, false}) {
    Values values = BuildValues(s, kind, *guard, *phrases_, with_free_text);
    // The follow-up ("found, thank you, please delete") describes no clothing: a phrase the
    // English could not translate is not in it, so nothing blocks its submission.
    if (kind == AppealKind::kFollowUp) {
      values.untranslated.clear();
      values.untranslated_zh.clear();
    }
    AppealDraft draft{kind, {}, !with_free_text, values.findings, values.untranslated};
    Values::AddAll(draft.needs_translation, values.untranslated_zh);
    struct Plan {
      Language lang;
      const Pair* pair;
      const TemplateValues* values;
      Derive derive;
      const ChineseConverter* convert;
    };
    const Plan plans[] = {
        {Language::kSimplifiedChinese, &zh_.by_kind[k], &values.zh, DeriveZh, nullptr},
        {Language::kTraditionalChinese, &zh_.by_kind[k], &values.zh, DeriveZh, to_hk_.get()},
        {Language::kEnglish, &en_.by_kind[k], &values.en, DeriveEn, nullptr}};
    absl::Status refusal;
    for (const Plan& plan : plans) {
      DraftVersion v{plan.lang, "", "", 0, 0, {}, {}};
      auto headline = Fit(plan.pair->headline, kind, *plan.values, plan.derive,
                          kWeiboHeadlineLimit, plan.convert, &v.dropped);
      if (!headline.ok()) return headline.status();
      auto long_text = Fit(plan.pair->long_text, kind, *plan.values, plan.derive,
                           kWeiboLongLimit, plan.convert, nullptr);
      if (!long_text.ok()) return long_text.status();
      v.headline = *std::move(headline);
      v.long_text = *std::move(long_text);
      v.untranslated =
          plan.lang == Language::kEnglish ? values.untranslated : values.untranslated_zh;
      v.headline_length = WeiboLength(v.headline);
      v.long_length = WeiboLength(v.long_text);
      for (const auto& [part, text] :
           {std::pair{"headline", &v.headline}, std::pair{"long", &v.long_text}}) {
        const std::vector<PiiFinding> findings = guard->Scan(*text);
        if (!findings.empty() && refusal.ok()) {
          refusal = absl::FailedPreconditionError(
              absl::StrCat("draft refused: the PII guard found ",
                           std::string(PiiKindName(findings.front().kind)), " in the ",
                           std::string(LanguageTag(plan.lang)), " ", part, " version"));
        }
        if (text->find(s.official_hotline) == std::string::npos && refusal.ok()) {
          refusal =
              absl::InternalError(absl::StrCat("draft: the hotline is missing from the ",
                                               std::string(LanguageTag(plan.lang)), " ", part));
        }
      }
      draft.versions.push_back(std::move(v));
    }
    if (refusal.ok()) return draft;
    last_refusal = refusal;
  }
  return last_refusal;
}

}  // namespace cs::appeals
