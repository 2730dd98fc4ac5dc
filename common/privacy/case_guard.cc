#include "common/privacy/case_guard.h"

#include <utility>

#include "common/privacy/chinese_names.h"
#include "common/text/utf8.h"

namespace cs::privacy {

PiiGuardConfig CaseGuardConfig(const CaseGuardInput& in) {
  PiiGuardConfig config;
  config.official_hotline = in.official_hotline;
  for (const std::string* name : {&in.child_full_name, &in.guardian_name}) {
    if (!name->empty()) config.protected_names.push_back({*name, ""});
  }
  for (const std::string& form : in.other_name_forms) {
    if (!form.empty()) config.protected_names.push_back({form, ""});
  }
  for (std::string_view text : in.free_texts) {
    for (std::string& name : NamesIntroducedByCues(text)) {
      config.protected_names.push_back({std::move(name), ""});
    }
  }
  config.child_surname = in.surname;
  if (!in.child_full_name.empty()) {
    const std::u32string surname = SplitHanName(DecodeUtf8(in.child_full_name)).surname;
    if (!surname.empty()) config.child_surname = EncodeUtf8(surname);
  }
  config.surname_consent = in.surname_consent;
  for (const std::string& term : in.allowed_terms) {
    if (!term.empty()) config.allowed_terms.push_back(term);
  }
  return config;
}

absl::StatusOr<std::unique_ptr<ScriptVariants>> ScriptVariants::Open() {
  std::unique_ptr<ScriptVariants> v(new ScriptVariants());
  auto s2t = text::ChineseConverter::Create(text::kSimplifiedToTraditional);
  if (!s2t.ok()) return s2t.status();
  auto t2s = text::ChineseConverter::Create(text::kTraditionalToSimplified);
  if (!t2s.ok()) return t2s.status();
  auto hk = text::ChineseConverter::Create(text::kSimplifiedToHongKong);
  if (!hk.ok()) return hk.status();
  v->to_traditional_ = *std::move(s2t);
  v->to_simplified_ = *std::move(t2s);
  v->to_hk_ = *std::move(hk);
  return v;
}

std::vector<const text::ChineseConverter*> ScriptVariants::converters() const {
  return {to_traditional_.get(), to_simplified_.get(), to_hk_.get()};
}

}  // namespace cs::privacy
