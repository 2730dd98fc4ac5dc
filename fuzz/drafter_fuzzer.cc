// libFuzzer target for the drafter: arbitrary bytes become the free-text fields of a case. The
// drafter may refuse, but whatever it returns must fit Weibo's limits, carry the hotline and
// pass the PII guard. Seeds in fuzz/corpus/drafter/.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/privacy/pii_guard.h"
#include "fuzz/fuzz_input.h"
#include "services/appeals/drafting/drafter.h"
#include "services/appeals/drafting/weibo_length.h"

namespace {

using cs::appeals::AppealKind;
using cs::appeals::CaseSnapshot;
using cs::appeals::Drafter;

const Drafter& TheDrafter() {
  static const Drafter* drafter = Drafter::Create()->release();
  return *drafter;
}

const cs::privacy::PiiGuard& TheGuard() {
  static const cs::privacy::PiiGuard* guard = [] {
    cs::privacy::PiiGuardConfig config;
    config.official_hotline = "021-6123 4567";
    config.protected_names = {{"张小明", "张"}, {"李秀英", ""}};
    config.child_surname = "张";
    config.allowed_terms = {"企鹅馆", "Penguin Pavilion"};
    return new cs::privacy::PiiGuard(*cs::privacy::PiiGuard::Create(config));
  }();
  return *guard;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // Fields are separated by a 0x00 byte; the first byte picks the appeal kind.
  if (size == 0) return 0;
  const auto fields = cs::fuzz::SplitFields(
      std::string_view(reinterpret_cast<const char*>(data) + 1, size - 1), 8);
  CaseSnapshot s;
  s.zone_name_zh = "企鹅馆";
  s.zone_name_en = "Penguin Pavilion";
  s.official_hotline = "021-6123 4567";
  s.surname = "张";
  s.child_full_name = "张小明";
  s.guardian_name = "李秀英";
  s.surname_consent = false;
  s.top.zh = fields[0];
  s.bottom.zh = fields[1];
  s.hat.zh = fields[2];
  s.shoes.zh = fields[3];
  s.features.zh = fields[4];
  s.where_now.zh = fields[5];
  s.last_seen_place.zh = fields[6];
  s.features.en = fields[7];
  const auto kind = static_cast<AppealKind>(data[0] % 3);
  auto draft = TheDrafter().Draft(s, kind);
  if (!draft.ok()) return 0;
  for (const auto& v : draft->versions) {
    if (cs::appeals::WeiboLength(v.headline) > cs::appeals::kWeiboHeadlineLimit) __builtin_trap();
    if (cs::appeals::WeiboLength(v.long_text) > cs::appeals::kWeiboLongLimit) __builtin_trap();
    for (const std::string* text : {&v.headline, &v.long_text}) {
      if (text->find(s.official_hotline) == std::string::npos) __builtin_trap();
      if (!TheGuard().Scan(*text).empty()) __builtin_trap();
    }
  }
  return 0;
}
