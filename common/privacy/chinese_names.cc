#include "common/privacy/chinese_names.h"

#include <algorithm>
#include <array>

namespace cs::privacy {
namespace {

// Compound surnames in Simplified and Traditional script (the common ones of the 百家姓).
constexpr std::array<std::u32string_view, 52> kCompound = {
    U"欧阳", U"歐陽", U"司马", U"司馬", U"上官", U"诸葛", U"諸葛", U"东方", U"東方",
    U"皇甫", U"尉迟", U"尉遲", U"公孙", U"公孫", U"慕容", U"长孙", U"長孫", U"宇文",
    U"司徒", U"令狐", U"夏侯", U"轩辕", U"軒轅", U"端木", U"独孤", U"獨孤", U"南宫",
    U"南宮", U"西门", U"西門", U"百里", U"呼延", U"申屠", U"澹台", U"澹臺", U"太史",
    U"钟离", U"鍾離", U"闻人", U"聞人", U"赫连", U"赫連", U"万俟", U"萬俟", U"濮阳",
    U"濮陽", U"淳于", U"单于", U"單于", U"拓跋", U"公羊", U"宗政"};

// The commonest surnames (about 85% of the population), both scripts where they differ.
constexpr std::u32string_view kCommon =
    U"王李张張刘劉陈陳杨楊黄黃赵趙吴吳周徐孙孫马馬朱胡郭何林高罗羅郑鄭梁谢謝宋唐许許韩韓"
    U"冯馮邓鄧曹彭曾肖萧蕭田董袁潘于蒋蔣蔡余杜叶葉程苏蘇魏吕呂丁任沈姚卢盧姜崔钟鍾谭譚陆陸"
    U"汪范金石廖贾賈夏韦韋付方白邹鄒孟熊秦邱江尹薛闫閆段雷侯龙龍史陶黎贺賀顾顧毛郝龚龔邵"
    U"万萬钱錢严嚴覃武戴莫孔向汤湯欧歐温溫";

}  // namespace

bool IsHan(char32_t c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
         (c >= 0x20000 && c <= 0x2FFFF) || (c >= 0xF900 && c <= 0xFAFF);
}

SplitName SplitHanName(std::u32string_view full) {
  if (full.empty() || !IsHan(full[0])) return {};
  if (full.size() >= 3) {
    const std::u32string_view two = full.substr(0, 2);
    if (std::find(kCompound.begin(), kCompound.end(), two) != kCompound.end()) {
      return {std::u32string(two), std::u32string(full.substr(2))};
    }
  }
  return {std::u32string(full.substr(0, 1)), std::u32string(full.substr(1))};
}

bool IsPlausibleSurname(std::u32string_view surname) {
  if (surname.size() == 1) return IsHan(surname[0]);
  return std::find(kCompound.begin(), kCompound.end(), surname) != kCompound.end();
}

bool IsCommonSurname(char32_t c) { return kCommon.find(c) != std::u32string_view::npos; }

}  // namespace cs::privacy
