// The only file of appeal-service that includes the drafting library (see the header for why).
#include "services/appeals/drafting_bridge.h"

#include "common/text/chinese_converter.h"
#include "services/appeals/drafting/cap_export.h"
#include "services/appeals/drafting/drafter.h"
#include "services/appeals/drafting/published_photo.h"
#include "services/appeals/drafting/weibo_length.h"

namespace cs::appeals::bridge {

namespace {

class LibraryDrafter final : public AppealDrafter {
 public:
  LibraryDrafter(std::unique_ptr<text::PhraseTable> phrases, std::unique_ptr<Drafter> drafter)
      : phrases_(std::move(phrases)), drafter_(std::move(drafter)) {}
  absl::StatusOr<DraftResult> Draft(const DraftInput& in) const override;
  int64_t WeiboLength(std::string_view utf8) const override {
    return cs::appeals::WeiboLength(utf8);
  }
  absl::StatusOr<std::string> ExportCap(const CapInput& input) const override;

 private:
  std::unique_ptr<text::PhraseTable> phrases_;  // outlives drafter_, which points into it
  std::unique_ptr<Drafter> drafter_;
};

absl::StatusOr<DraftResult> LibraryDrafter::Draft(const DraftInput& in) const {
  CaseSnapshot s;
  s.kind = in.kind == DraftKind::kMissing ? CaseKind::kMissing : CaseKind::kFound;
  if (s.kind == CaseKind::kMissing) {
    s.last_seen_time = in.at;
  } else {
    s.time = in.at;
  }
  s.venue_name_zh = in.venue_name_zh;
  s.venue_name_en = in.venue_name_en;
  s.zone_name_zh = in.zone_name_zh;
  s.zone_name_en = in.zone_name_en;
  if (in.sex == "male") {
    s.sex = Sex::kMale;
  } else if (in.sex == "female") {
    s.sex = Sex::kFemale;
  } else if (!in.sex.empty()) {
    return absl::InvalidArgumentError("case.sex: must be male, female or empty");
  }
  s.age_years = in.age_years;
  s.height_cm = in.height_cm;
  s.top_colours = in.top_colours;
  s.bottom_colours = in.bottom_colours;
  s.hat_colours = in.hat_colours;
  s.shoes_colours = in.shoes_colours;
  s.top = {in.top, ""};
  s.bottom = {in.bottom, ""};
  s.hat = {in.hat, ""};
  s.shoes = {in.shoes, ""};
  s.features = {in.features, ""};
  s.where_now = {in.held_at, ""};
  s.last_seen_note = {in.last_seen_note, ""};
  s.child_full_name = in.child_name;
  s.guardian_name = in.guardian_name;
  s.guardian_phone = in.guardian_phone;
  s.other_name_forms = in.other_name_forms;
  s.surname = in.surname;
  s.surname_consent = in.surname_consent;
  s.official_hotline = in.official_hotline;

  AppealKind kind = in.kind == DraftKind::kFollowUp  ? AppealKind::kFollowUp
                    : in.kind == DraftKind::kMissing ? AppealKind::kMissingChild
                                                     : AppealKind::kFoundChild;
  auto draft = drafter_->Draft(s, kind);
  if (!draft.ok()) return draft.status();
  DraftResult out;
  for (const auto& v : draft->versions) {
    const char* tag = v.language == Language::kSimplifiedChinese    ? "zh-Hans"
                      : v.language == Language::kTraditionalChinese ? "zh-Hant"
                                                                    : "en";
    out.texts.push_back({tag, v.headline, v.long_text});
  }
  for (const auto& f : draft->findings) out.findings.push_back({f.kind, f.field, f.action});
  out.needs_translation = draft->needs_translation;
  return out;
}

absl::StatusOr<std::string> LibraryDrafter::ExportCap(const CapInput& in) const {
  CapAppeal cap;
  cap.identifier = in.identifier;
  cap.sender = in.sender;
  cap.sender_name = in.sender_name;
  cap.sent = in.sent;
  cap.msg_type = in.kind == CapMsgKind::kCancel   ? CapMsgType::kCancel
                 : in.kind == CapMsgKind::kUpdate ? CapMsgType::kUpdate
                                                  : CapMsgType::kAlert;
  for (const auto& r : in.references) cap.references.push_back({r.sender, r.identifier, r.sent});
  cap.contact = in.contact;
  cap.area.area_desc = in.area_desc;
  cap.area.lat = in.lat;
  cap.area.lon = in.lon;
  cap.area.radius_km = in.radius_km;
  // Through an AppealDraft so the library's own rules (headline cut to 160) apply.
  AppealDraft draft{AppealKind::kFoundChild, {}, false, {}, {}};
  for (const auto& t : in.texts) {
    Language lang = t.language == "zh-Hans"   ? Language::kSimplifiedChinese
                    : t.language == "zh-Hant" ? Language::kTraditionalChinese
                                              : Language::kEnglish;
    DraftVersion v;
    v.language = lang;
    v.headline = t.headline;
    v.long_text = t.long_text;
    draft.versions.push_back(std::move(v));
  }
  cap.infos = CapInfosFromDraft(draft);
  return cs::appeals::ExportCap(cap);
}

}  // namespace

absl::StatusOr<std::unique_ptr<AppealDrafter>> CreateAppealDrafter(
    const std::string& phrases_file, const std::string& extension_file) {
  auto phrases = std::make_unique<text::PhraseTable>();
  if (!phrases_file.empty()) {
    auto table = text::PhraseTable::LoadFile(phrases_file);
    if (!table.ok()) return table.status();
    *phrases = *std::move(table);
  }
  if (!extension_file.empty()) {
    auto more = text::PhraseTable::LoadFile(extension_file);
    if (!more.ok()) return more.status();
    if (auto s = phrases->Extend(*more); !s.ok()) return s;
  }
  auto drafter = Drafter::Create(DefaultAppealTemplates(), phrases.get());
  if (!drafter.ok()) return drafter.status();
  return std::make_unique<LibraryDrafter>(std::move(phrases), *std::move(drafter));
}

namespace {

class LibraryPhotoRedactor final : public PhotoRedactor {
 public:
  explicit LibraryPhotoRedactor(std::unique_ptr<FaceBlurrer> blurrer) : maker_(std::move(blurrer)) {}
  absl::StatusOr<PublishedPhoto> Blurred(std::string_view original) const override {
    return Convert(maker_.Blurred(original));
  }
  absl::StatusOr<PublishedPhoto> Unblurred(std::string_view original) const override {
    return Convert(maker_.Unblurred(original));
  }

 private:
  static absl::StatusOr<PublishedPhoto> Convert(absl::StatusOr<PublishedImage> image) {
    if (!image.ok()) return image.status();
    return PublishedPhoto{std::move(image->jpeg), image->faces_blurred, image->no_face_found};
  }
  PublishedPhotoMaker maker_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<PhotoRedactor>> CreatePhotoRedactor() {
  auto blurrer = FaceBlurrer::Create();
  if (!blurrer.ok()) return blurrer.status();
  return std::make_unique<LibraryPhotoRedactor>(*std::move(blurrer));
}

absl::StatusOr<std::function<std::string(std::string_view)>> CreateTraditionalFolder() {
  auto converter = text::ChineseConverter::Create(text::kTraditionalToSimplified);
  if (!converter.ok()) return converter.status();
  std::shared_ptr<const text::ChineseConverter> shared = *std::move(converter);
  return [shared](std::string_view text) {
    auto folded = shared->Convert(text);
    return folded.ok() ? *std::move(folded) : std::string(text);
  };
}

}  // namespace cs::appeals::bridge
