#include "services/appeals/desk/zone_mentions.h"

namespace cs::appeals {

ZoneMentions::ZoneMentions(std::vector<ZoneNames> zones, ScriptFolder fold)
    : fold_(std::move(fold)) {
  for (auto& z : zones) {
    for (const auto& n : z.names) {
      std::u32string text = NormalizePhrase(n, fold_);
      if (!text.empty()) names_.push_back({std::move(text), z.zone_id});
    }
  }
}

std::string ZoneMentions::Resolve(std::string_view raw) const {
  const TriageText text = PrepareTriageText(raw, fold_);
  for (const auto& clause : text.clauses) {
    size_t best_pos = std::u32string::npos;
    const Name* best = nullptr;
    for (const auto& name : names_) {
      for (size_t p = clause.text.find(name.text); p != std::u32string::npos;
           p = clause.text.find(name.text, p + 1)) {
        if (!name.text.empty() && IsAsciiWordChar(name.text.front()) && p > 0 &&
            IsAsciiWordChar(clause.text[p - 1])) {
          continue;
        }
        if (p < best_pos || (p == best_pos && name.text.size() > best->text.size())) {
          best_pos = p;
          best = &name;
        }
        break;
      }
    }
    if (best != nullptr) return best->zone_id;
  }
  return "";
}

}  // namespace cs::appeals
