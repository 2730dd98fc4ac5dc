// The kind of each garment, where kinds exclude each other: a dress is not a T-shirt, shorts
// are not long trousers, sandals are not trainers or boots. Read from a garment's free text
// through the phrase table's garment entries; a specific kind counts as the general one its
// `base` names ("牛仔裤" jeans → trousers, "公主裙" → dress). Layers that come off (a jacket, a
// hoodie, a vest) and garments worn with anything (leggings, overalls, a generic "鞋") are in no
// group: they never contradict.
// Thread-safety: pure functions; the phrase table is read-only.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace cs::text {
class PhraseTable;
}

namespace cs::cases {

// Garment slots, in the matcher's order.
enum class GarmentSlot { kTop = 0, kBottom = 1, kHat = 2, kShoes = 3 };

struct GarmentKind {
  int group = 0;     // kinds of one group are the same kind; of two groups, different kinds
  std::string name;  // the phrase's English name, for explanations ("dress")
};

// The exclusive kinds `text` names for `slot` (duplicates of a group kept once).
std::vector<GarmentKind> ReadGarmentKinds(GarmentSlot slot, std::string_view text,
                                          const text::PhraseTable* phrases);

// True when both sides name a kind and they share no group: the garment contradicts.
bool KindsContradict(const std::vector<GarmentKind>& a, const std::vector<GarmentKind>& b);

}  // namespace cs::cases
