#include "services/appeals/drafting/clothing_phrase.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_join.h"

namespace cs::appeals {

std::string WearingEn(const GarmentPhrases& g) {
  std::vector<const std::string*> items;
  for (const std::string* s : {&g.top, &g.bottom, &g.hat, &g.shoes}) {
    if (!s->empty()) items.push_back(s);
  }
  if (items.empty()) return "";
  // "a, b and c": commas between all but the last two, no serial comma (house style).
  std::string out = "wearing " + *items.front();
  for (size_t i = 1; i < items.size(); ++i) {
    out += i + 1 == items.size() ? " and " : ", ";
    out += *items[i];
  }
  return out;
}

std::string WearingZh(const GarmentPhrases& g) {
  // Each garment takes its own verb, so any subset reads as a whole clause.
  const std::pair<const char*, const std::string*> parts[] = {
      {"上穿", &g.top}, {"下穿", &g.bottom}, {"头戴", &g.hat}, {"脚穿", &g.shoes}};
  std::vector<std::string> clauses;
  for (const auto& [verb, phrase] : parts) {
    if (!phrase->empty()) clauses.push_back(verb + *phrase);
  }
  return absl::StrJoin(clauses, "，");
}

}  // namespace cs::appeals
