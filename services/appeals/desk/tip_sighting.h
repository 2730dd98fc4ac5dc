// Reads a sighting out of a public message, so that a tip ("在企鹅馆看到一个穿红色外套的小男孩，
// 大概4岁") can be offered as evidence for the open lost-child cases it fits: the venue zone it
// names, and the child's sex, age, height and clothing (top, bottom, hat, shoes with their
// colour words). Simplified and Traditional Chinese and English; phrases, not a parser of
// everything: what it cannot read it leaves unknown, and the matcher scores unknown as neutral.
// Thread-safety: pure functions.
//
// Example:
//   TipSighting s = ReadTipSighting("在企鹅馆看到一个穿红色外套的小男孩，大概4岁", zones);
//   // s.zone_id == "penguin", s.sex == TipSex::kBoy, s.age_min == 3, s.age_max == 5,
//   // s.top == "红色外套"
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "services/appeals/desk/zone_mentions.h"

namespace cs::appeals {

// The zones come as ZoneNames (zone_mentions.h, shared with the life-safety desk); their names
// ("企鹅馆", "Penguin Pavilion") are matched case-insensitively.

enum class TipSex { kUnknown, kBoy, kGirl };

struct TipSighting {
  bool mentions_child = false;  // a child word, a sex word or an age was found
  std::string zone_id;          // the first zone named; empty when none
  TipSex sex = TipSex::kUnknown;
  int age_min = -1, age_max = -1;  // years; -1 unknown
  int height_cm = 0;               // 0 unknown
  std::string top, bottom, hat, shoes;  // the phrase naming each garment, colour words included

  bool HasDescription() const {
    return sex != TipSex::kUnknown || age_min >= 0 || height_cm > 0 || !top.empty() ||
           !bottom.empty() || !hat.empty() || !shoes.empty();
  }
  // For the desk: "男孩 · 3–5岁 · 上衣 红色外套".
  std::string Summary() const;
};

TipSighting ReadTipSighting(std::string_view text, const std::vector<ZoneNames>& zones);

}  // namespace cs::appeals
