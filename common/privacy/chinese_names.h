// Chinese personal names: where the surname ends (compound surnames such as 欧阳 included), and
// whether a string can be a surname at all. The guard uses it to protect a child's given name
// and to refuse a "surname" field that holds a whole name.
//
// Thread-safety: pure functions over static tables; safe from any thread.
#pragma once

#include <string>
#include <string_view>

namespace cs::privacy {

struct SplitName {
  std::u32string surname;  // "欧阳", "张"; empty when `full` does not start with Han characters
  std::u32string given;    // "俊熙", "小明"
};

// Splits a Han name: a known two-character compound surname (both scripts) when the name starts
// with one and is at least three characters long, else the first character.
SplitName SplitHanName(std::u32string_view full);

// True for one Han character, or for a known compound surname (欧阳, 歐陽, 司马 ...).
bool IsPlausibleSurname(std::u32string_view surname);

// True for the hundred or so commonest single-character surnames, in both scripts; used to tell
// "写着“王一诺”" (a name on a garment) from "写着“喜羊羊”" (a cartoon).
bool IsCommonSurname(char32_t c);

bool IsHan(char32_t c);

}  // namespace cs::privacy
