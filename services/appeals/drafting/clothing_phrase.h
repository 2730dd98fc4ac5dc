// What the child wears, written as one phrase from whichever garments are described (and not
// dropped to fit a headline), so a connective never goes with the garment it was attached to:
// "wearing a red jacket, blue jeans and white trainers", "wearing a yellow sun hat and
// light-up shoes"; "上穿红色外套，下穿蓝色牛仔裤，头戴黑色鸭舌帽，脚穿白色运动鞋". The drafter
// uses the same phrase in the headline and in the long text of every language.
//
// Thread-safety: pure functions; safe from any thread.
#pragma once

#include <string>
#include <string_view>

namespace cs::appeals {

// The garment phrases of a draft in the order an appeal lists them; "" = not described.
struct GarmentPhrases {
  std::string top, bottom, hat, shoes;
};

// The template placeholders that hold the garments, in GarmentPhrases order.
inline constexpr std::string_view kGarmentPlaceholders[] = {"top", "bottom", "hat", "shoes"};

// "wearing a red jacket", "wearing a red jacket and white shoes", "wearing a red jacket, blue
// jeans and white shoes"; "" when no garment is described.
std::string WearingEn(const GarmentPhrases& garments);

// "上穿红色外套，下穿蓝色牛仔裤，头戴黑色鸭舌帽，脚穿白色运动鞋" (Simplified; the drafter converts
// the whole text to Traditional); "" when no garment is described.
std::string WearingZh(const GarmentPhrases& garments);

}  // namespace cs::appeals
