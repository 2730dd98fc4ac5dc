// "Which one" of a thing a report names: the side of a mark (a mole on the LEFT cheek), where
// on the body it is (on the face, on the hand), the colour of a worn or carried thing (a
// SILVER bracelet, a RED balloon). Two reports that both name a mole but put it on different
// cheeks describe two children, however much else they share: a desk officer reads "same
// thing, other value" as evidence against, weighed by how robust the value is (a mark does not
// move; a bracelet's colour is as bought; a balloon is swapped at the next stall).
// Thread-safety: pure functions; the phrase table is read-only.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "services/cases/core/colour.h"

namespace cs::text {
class PhraseTable;
}

namespace cs::cases {

// How robust a thing's side, place and colour are: a mark on the body keeps them for life, a
// worn thing keeps its colour (and mostly its side) for the day, a carried thing is swapped,
// bought and lost.
enum class SlotObject { kMark, kWorn, kCarried };

inline constexpr uint32_t kSideLeft = 1, kSideRight = 2;

struct SlotClaim {
  uint64_t object = 0;  // the term FeatureTerms holds for the thing (FeaturePhraseTerm)
  SlotObject kind = SlotObject::kMark;
  std::string name_en, name_zh;  // for explanations: "a mole", "痣"
  uint32_t sides = 0;            // kSideLeft | kSideRight as stated next to it; 0 not stated
  uint32_t regions = 0;  // body regions stated next to it (bits of BodyRegion); 0 not stated
  std::vector<NamedColour> colours;  // colours stated next to it
};

// The things of a free features text (feature phrases of the table a class is known for, not
// stated absent), each once, with what the text says next to each in its clause: the words
// between the previous thing (or the clause's start) and it ("左脸颊有颗小痣", "金色手链"), and
// for the clause's last thing also the words after it ("mole on the left cheek", "痣在右边").
// Without a phrase table nothing is read.
std::vector<SlotClaim> ReadFeatureSlots(std::string_view text, const text::PhraseTable* phrases);

enum class SlotKind { kSide, kRegion, kColour };

struct SlotConflict {
  uint64_t object = 0;
  SlotKind kind = SlotKind::kSide;
  // How much of one stated contradiction of features this conflict is (MatchConfig's
  // slot_* values by the thing's robustness).
  double weight = 0;
  std::string explanation_en, explanation_zh;
};

// How much a conflict of each slot counts, per class of thing, as a share of one stated
// contradiction (the features weight against).
struct SlotWeights {
  double mark_side = 1.0, mark_region = 0.8, mark_colour = 0.4;
  double worn_side = 0.5, worn_colour = 0.7;
  double carried_colour = 0.25;
};

// The things both name whose stated values exclude each other: both state a side and the sides
// differ, both a body region and they share none, both a colour and no pair of them is alike.
// At most one conflict per thing, the most robust one.
std::vector<SlotConflict> SlotConflicts(const std::vector<SlotClaim>& a,
                                        const std::vector<SlotClaim>& b, const SlotWeights& w);

}  // namespace cs::cases
