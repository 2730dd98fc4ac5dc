// Fuzz target for the PII guard on raw text (what a desk operator or a tip may type): Scan must
// terminate on any bytes, and its findings must be sorted by begin and lie inside the text.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "common/privacy/pii_guard.h"

namespace {

const cs::privacy::PiiGuard& TheGuard() {
  static const cs::privacy::PiiGuard* guard = [] {
    cs::privacy::PiiGuardConfig config;
    config.official_hotline = "021-6123 4567";
    config.protected_names = {{"张小明", "张"}, {"李秀英", ""}, {"Zhang Xiaoming", "Zhang"}};
    config.child_surname = "张";
    config.allowed_terms = {"企鹅馆", "Penguin Pavilion", "海洋公园"};
    return new cs::privacy::PiiGuard(*cs::privacy::PiiGuard::Create(config));
  }();
  return *guard;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 16 * 1024) return 0;  // appeal texts are a few hundred characters
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  size_t last_begin = 0;
  for (const auto& f : TheGuard().Scan(text)) {
    if (f.begin > f.end || f.end > text.size() || f.begin < last_begin) __builtin_trap();
    last_begin = f.begin;
  }
  // What the guard learns from cues must be text it was given: never longer than the input.
  for (const auto& name : cs::privacy::NamesIntroducedByCues(text)) {
    if (name.size() > text.size()) __builtin_trap();
  }
  return 0;
}
