#include "services/cases/core/garment_kinds.h"

#include <algorithm>

#include "common/text/phrase_table.h"

namespace cs::cases {
namespace {

struct GroupOf {
  GarmentSlot slot;
  std::string_view kind;  // a phrase id, or the base a specific phrase names
  int group;
};

// Kinds that exclude each other within a slot. A dress written under the bottom (guardians
// do: "粉色裙子") is a skirt there. Tops: a one-piece dress against a separate top; the
// separate tops do not exclude each other (a polo is read as a shirt or a T-shirt).
constexpr GroupOf kGroups[] = {
    {GarmentSlot::kTop, "garment.dress", 1},          {GarmentSlot::kTop, "garment.tshirt", 2},
    {GarmentSlot::kTop, "garment.long_sleeve", 2},    {GarmentSlot::kTop, "garment.shirt", 2},
    {GarmentSlot::kTop, "garment.sweater", 2},        {GarmentSlot::kBottom, "garment.trousers", 1},
    {GarmentSlot::kBottom, "garment.shorts", 2},      {GarmentSlot::kBottom, "garment.skirt", 3},
    {GarmentSlot::kBottom, "garment.dress", 3},       {GarmentSlot::kShoes, "garment.sneakers", 1},
    {GarmentSlot::kShoes, "garment.sandals", 2},      {GarmentSlot::kShoes, "garment.boots", 3},
};

int GroupFor(GarmentSlot slot, std::string_view kind) {
  for (const GroupOf& g : kGroups)
    if (g.slot == slot && g.kind == kind) return g.group;
  return 0;
}

}  // namespace

std::vector<GarmentKind> ReadGarmentKinds(GarmentSlot slot, std::string_view text,
                                          const text::PhraseTable* phrases) {
  std::vector<GarmentKind> out;
  if (phrases == nullptr || text.empty()) return out;
  for (const text::PhraseMatch& m : phrases->Scan(text, text::PhraseKind::kGarment)) {
    const text::Phrase& p = *m.phrase;
    int group = GroupFor(slot, p.id);
    if (group == 0 && !p.base.empty()) group = GroupFor(slot, p.base);
    if (group == 0) continue;
    if (std::any_of(out.begin(), out.end(), [&](const GarmentKind& k) { return k.group == group; }))
      continue;
    out.push_back({group, p.en.empty() ? p.id : p.en});
  }
  return out;
}

bool KindsContradict(const std::vector<GarmentKind>& a, const std::vector<GarmentKind>& b) {
  if (a.empty() || b.empty()) return false;
  for (const GarmentKind& x : a)
    for (const GarmentKind& y : b)
      if (x.group == y.group) return false;
  return true;
}

}  // namespace cs::cases
