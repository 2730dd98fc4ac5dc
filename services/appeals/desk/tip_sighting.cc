#include "services/appeals/desk/tip_sighting.h"

#include <algorithm>
#include <optional>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/text/utf8.h"

namespace cs::appeals {
namespace {

using Cps = std::u32string;

Cps Lower(std::string_view text) {
  Cps cps = DecodeUtf8(text);
  for (char32_t& c : cps) {
    if (c >= U'A' && c <= U'Z') c = c - U'A' + U'a';
  }
  return cps;
}

bool IsAsciiAlpha(char32_t c) { return (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z'); }
bool IsDigit(char32_t c) { return c >= U'0' && c <= U'9'; }

// Every position where `word` occurs; an ASCII word only on word boundaries.
std::vector<size_t> FindAll(const Cps& text, const Cps& word) {
  std::vector<size_t> at;
  if (word.empty() || word.size() > text.size()) return at;
  const bool ascii = IsAsciiAlpha(word.front());
  for (size_t i = 0; i + word.size() <= text.size(); ++i) {
    if (!std::equal(word.begin(), word.end(), text.begin() + static_cast<std::ptrdiff_t>(i))) {
      continue;
    }
    const size_t end = i + word.size();
    if (ascii && ((i > 0 && IsAsciiAlpha(text[i - 1])) ||
                  (end < text.size() && IsAsciiAlpha(text[end]) && text[end] != U's'))) {
      continue;  // "shirts" still counts as shirt; "scarlet" holds no "car"
    }
    at.push_back(i);
  }
  return at;
}

bool ContainsAny(const Cps& text, std::initializer_list<const char*> words) {
  for (const char* w : words) {
    if (!FindAll(text, Lower(w)).empty()) return true;
  }
  return false;
}

std::optional<int> CjkNumeral(char32_t c) {
  static constexpr std::pair<char32_t, int> kDigits[] = {
      {U'一', 1}, {U'二', 2}, {U'两', 2}, {U'兩', 2}, {U'三', 3}, {U'四', 4}, {U'五', 5},
      {U'六', 6}, {U'七', 7}, {U'八', 8}, {U'九', 9}, {U'十', 10}};
  for (const auto& [cp, v] : kDigits) {
    if (cp == c) return v;
  }
  return std::nullopt;
}

// The numbers written just before `end` (exclusive): "4", "12", "三", "十一", "三四", "3-4",
// "3到4". Returns {lo, hi}; nothing when no number ends there.
std::optional<std::pair<int, int>> NumbersBefore(const Cps& t, size_t end) {
  size_t i = end;
  while (i > 0 && t[i - 1] == U' ') --i;
  auto read_one = [&](size_t& pos) -> std::optional<int> {
    if (pos > 0 && IsDigit(t[pos - 1])) {
      int v = 0, mul = 1;
      while (pos > 0 && IsDigit(t[pos - 1]) && mul <= 100) {
        v += static_cast<int>(t[pos - 1] - U'0') * mul;
        mul *= 10;
        --pos;
      }
      return v;
    }
    if (pos > 0 && CjkNumeral(t[pos - 1])) {
      int last = *CjkNumeral(t[pos - 1]);
      --pos;
      if (last == 10) return 10;
      if (pos > 0 && t[pos - 1] == U'十') {  // 十一 .. 十九
        --pos;
        return 10 + last;
      }
      return last;
    }
    return std::nullopt;
  };
  auto hi = read_one(i);
  if (!hi) return std::nullopt;
  // A range: "三四", "3-4", "3到4", "3至4", "3~4".
  size_t j = i;
  if (j > 0 && (t[j - 1] == U'-' || t[j - 1] == U'到' || t[j - 1] == U'至' || t[j - 1] == U'~' ||
                t[j - 1] == U'～' || t[j - 1] == U'–')) {
    --j;
  }
  if (auto lo = read_one(j); lo && *lo < *hi && *hi - *lo <= 3) return std::make_pair(*lo, *hi);
  return std::make_pair(*hi, *hi);
}

void ReadAge(const Cps& t, TipSighting& s) {
  std::optional<std::pair<int, int>> age;
  for (const char* unit : {"岁", "歲"}) {
    for (size_t at : FindAll(t, Lower(unit))) {
      if (!age) age = NumbersBefore(t, at);
    }
  }
  for (const char* unit : {"years old", "year old", "year-old", "years", "yrs", "yo"}) {
    for (size_t at : FindAll(t, Lower(unit))) {
      if (!age) age = NumbersBefore(t, at);
    }
  }
  if (!age || age->second > 17) return;
  // A passer-by guesses: one exact age becomes a year either side, as an officer would write it.
  s.age_min = age->first == age->second ? std::max(0, age->first - 1) : age->first;
  s.age_max = age->first == age->second ? age->second + 1 : age->second;
}

void ReadHeight(const Cps& t, TipSighting& s) {
  for (const char* unit : {"cm", "厘米", "公分"}) {
    for (size_t at : FindAll(t, Lower(unit))) {
      auto n = NumbersBefore(t, at);
      if (n && n->second >= 50 && n->second <= 200) {
        s.height_cm = n->second;
        return;
      }
    }
  }
  // "1米2", "一米二", "1.2米", "1.2m".
  for (size_t at : FindAll(t, Lower("米"))) {
    if (at == 0 || !(t[at - 1] == U'1' || t[at - 1] == U'一')) continue;
    if (at + 1 < t.size()) {
      char32_t d = t[at + 1];
      int tenth = IsDigit(d) ? static_cast<int>(d - U'0') : CjkNumeral(d).value_or(-1);
      if (tenth >= 0 && tenth <= 9) {
        s.height_cm = 100 + tenth * 10;
        return;
      }
    }
  }
  for (size_t i = 0; i + 3 < t.size(); ++i) {
    if (t[i] == U'1' && t[i + 1] == U'.' && IsDigit(t[i + 2]) && (t[i + 3] == U'米' || t[i + 3] == U'm')) {
      s.height_cm = 100 + static_cast<int>(t[i + 2] - U'0') * 10;
      return;
    }
  }
}

bool IsPhraseStop(char32_t c) {
  static constexpr char32_t kStops[] = {U'，', U'。', U'、', U'；', U'！', U'？', U',', U'.', U';',
                                        U'!', U'?', U' ', U'穿', U'戴', U'着', U'著', U'和', U'与',
                                        U'與', U'是', U'有', U'：', U':', U'\n'};
  return std::find(std::begin(kStops), std::end(kStops), c) != std::end(kStops);
}

// The garment noun with the words before it that describe it: up to 6 characters back to a
// stop ("穿红色的外套" -> "红色的外套"), or up to 3 English words ("a red jacket" -> "red jacket").
std::string PhraseEndingAt(const Cps& t, size_t start, size_t end) {
  size_t from = start;
  if (IsAsciiAlpha(t[start])) {
    int words = 0;
    size_t i = start;
    while (i > 0 && words < 3) {
      size_t j = i;
      while (j > 0 && t[j - 1] == U' ') --j;
      size_t k = j;
      while (k > 0 && (IsAsciiAlpha(t[k - 1]) || t[k - 1] == U'-')) --k;
      if (k == j) break;
      Cps w(t.begin() + static_cast<std::ptrdiff_t>(k), t.begin() + static_cast<std::ptrdiff_t>(j));
      const std::string word = EncodeUtf8(w);
      if (word == "a" || word == "an" || word == "the" || word == "and" || word == "wearing" ||
          word == "in" || word == "with") {
        break;
      }
      from = k;
      i = k;
      ++words;
    }
  } else {
    while (from > 0 && start - from < 6 && !IsPhraseStop(t[from - 1])) --from;
  }
  return EncodeUtf8(std::u32string_view(t).substr(from, end - from));
}

void ReadGarment(const Cps& t, std::initializer_list<const char*> nouns, std::string& out) {
  size_t best_at = t.size(), best_len = 0;
  for (const char* n : nouns) {
    const Cps word = Lower(n);
    for (size_t at : FindAll(t, word)) {
      // The earliest mention; at one position the longest noun ("运动鞋" over "鞋").
      if (at < best_at || (at == best_at && word.size() > best_len)) {
        best_at = at;
        best_len = word.size();
      }
    }
  }
  if (best_len > 0) out = PhraseEndingAt(t, best_at, best_at + best_len);
}

}  // namespace

TipSighting ReadTipSighting(std::string_view text, const std::vector<ZoneNames>& zones) {
  const Cps t = Lower(text);
  TipSighting s;
  size_t zone_at = t.size();
  for (const ZoneNames& z : zones) {
    for (const std::string& name : z.names) {
      auto at = FindAll(t, Lower(name));
      if (!at.empty() && at.front() < zone_at) {
        zone_at = at.front();
        s.zone_id = z.zone_id;
      }
    }
  }
  const bool boy = ContainsAny(t, {"男孩", "男童", "男生", "小男", "儿子", "兒子", "boy", "son"});
  const bool girl = ContainsAny(t, {"女孩", "女童", "女生", "小女", "女儿", "女兒", "girl", "daughter"});
  if (boy != girl) s.sex = boy ? TipSex::kBoy : TipSex::kGirl;
  ReadAge(t, s);
  ReadHeight(t, s);
  ReadGarment(t, {"外套", "上衣", "t恤", "衬衫", "襯衫", "卫衣", "衛衣", "毛衣", "羽绒服", "羽絨服",
                  "夹克", "夾克", "衣服", "背心", "jacket", "shirt", "t-shirt", "hoodie", "coat",
                  "sweater"},
              s.top);
  ReadGarment(t, {"裤子", "褲子", "短裤", "短褲", "长裤", "長褲", "牛仔裤", "牛仔褲", "裙子", "裙",
                  "背带裤", "pants", "trousers", "shorts", "skirt", "jeans"},
              s.bottom);
  ReadGarment(t, {"帽子", "帽", "cap", "hat"}, s.hat);
  ReadGarment(t, {"鞋子", "运动鞋", "運動鞋", "凉鞋", "涼鞋", "拖鞋", "靴子", "鞋", "shoes",
                  "sneakers", "sandals", "boots"},
              s.shoes);
  s.mentions_child = boy || girl || s.age_min >= 0 ||
                     ContainsAny(t, {"孩子", "小孩", "儿童", "兒童", "小朋友", "宝宝", "寶寶",
                                     "child", "kid", "toddler"});
  return s;
}

std::string TipSighting::Summary() const {
  std::vector<std::string> parts;
  if (sex != TipSex::kUnknown) parts.push_back(sex == TipSex::kBoy ? "男孩" : "女孩");
  if (age_min >= 0) parts.push_back(absl::StrCat(age_min, "–", age_max, "岁"));
  if (height_cm > 0) parts.push_back(absl::StrCat(height_cm, "厘米"));
  if (!top.empty()) parts.push_back("上衣 " + top);
  if (!bottom.empty()) parts.push_back("下装 " + bottom);
  if (!hat.empty()) parts.push_back("帽子 " + hat);
  if (!shoes.empty()) parts.push_back("鞋 " + shoes);
  return absl::StrJoin(parts, " · ");
}

}  // namespace cs::appeals
