#include "common/privacy/pii_detectors.h"

#include <algorithm>
#include <array>
#include <bitset>
#include <string_view>
#include <vector>

#include "common/privacy/chinese_names.h"
#include "common/privacy/text_normalizer.h"
#include "common/text/utf8.h"

namespace cs::privacy::internal {

namespace {

using View = std::u32string_view;
constexpr size_t kNpos = std::u32string::npos;

bool IsLower(char32_t c) { return c >= 'a' && c <= 'z'; }
bool IsUpper(char32_t c) { return c >= 'A' && c <= 'Z'; }
bool IsDigit(char32_t c) { return c >= '0' && c <= '9'; }
bool IsAlnum(char32_t c) { return IsLower(c) || IsDigit(c); }  // on the lower-cased text
bool IsLatin(char32_t c) { return IsLower(c) || IsUpper(c); }
constexpr View kHanNumerals = U"〇零一二三四五六七八九十百两兩";
bool IsHanNumeral(char32_t c);
bool In(View set, char32_t c) { return set.find(c) != kNpos; }

bool StartsAt(const std::u32string& s, size_t i, View word) {
  return i + word.size() <= s.size() && View(s).substr(i, word.size()) == word;
}

// A Latin cue word must stand alone: "wx" is not inside "wax".
bool LatinWordAt(const std::u32string& s, size_t i, View word) {
  if (!StartsAt(s, i, word)) return false;
  if (i > 0 && IsLatin(s[i - 1])) return false;
  const size_t e = i + word.size();
  return e >= s.size() || !IsLatin(s[e]);
}

bool CueAt(const std::u32string& s, size_t i, View cue) {
  return IsLower(cue[0]) ? LatinWordAt(s, i, cue) : StartsAt(s, i, cue);
}

// The characters a list of cue words can start with. Every detector walks the text once and
// tries its cue list at each position; Scan runs on every field and every outbound text, so the
// list is tried only where one of its words can begin (one table look-up per position instead
// of a comparison per cue word).
class FirstChars {
 public:
  template <size_t N>
  explicit FirstChars(const std::array<View, N>& words) {
    for (View w : words) Add(w[0]);
  }
  explicit FirstChars(View chars) {
    for (char32_t c : chars) Add(c);
  }
  bool Has(char32_t c) const {
    return c < kBmp ? bmp_[c] : std::find(other_.begin(), other_.end(), c) != other_.end();
  }

 private:
  static constexpr char32_t kBmp = 0x10000;
  void Add(char32_t c) {
    if (c < kBmp) {
      bmp_.set(c);
    } else {
      other_.push_back(c);
    }
  }
  std::bitset<kBmp> bmp_;        // 8 KiB: a look-up for every character of the Basic Plane
  std::vector<char32_t> other_;  // beyond it (none of today's cues)
};

bool IsHanNumeral(char32_t c) {
  static const FirstChars kSet(kHanNumerals);
  return kSet.Has(c);
}

// A cue of `firsts` can start at `i`: its first character is there, and a Latin cue (every cue
// that starts with a lower-case letter is matched as a whole word by CueAt) starts a word.
bool CanStartCue(const FirstChars& firsts, const std::u32string& s, size_t i) {
  if (!firsts.Has(s[i])) return false;
  return !IsLower(s[i]) || i == 0 || !IsLatin(s[i - 1]);
}

size_t Skip(const std::u32string& s, size_t i, View chars, size_t max) {
  for (size_t n = 0; n < max && i < s.size() && In(chars, s[i]); ++n) ++i;
  return i;
}

// ---- vehicle plates ----------------------------------------------------------------------

// Province abbreviations on mainland plates (粤C·12345), both scripts, plus 使/领 plates.
constexpr View kProvinces =
    U"京津沪滬渝冀豫云雲辽遼黑湘皖鲁魯新苏蘇浙赣贛鄂桂甘晋晉蒙陕陝吉闽閩贵貴粤粵青藏川宁寧琼瓊使领"
    U"領";
// The same read aloud, as officers type them from a child's words ("Yue C 6M8Q3").
constexpr std::array<View, 27> kProvincePinyin = {
    U"jing", U"jin", U"hu",  U"yu",   U"ji",   U"yun",   U"liao", U"hei",   U"xiang",
    U"wan",  U"lu",  U"xin", U"su",   U"zhe",  U"gan",   U"e",    U"gui",   U"meng",
    U"shan", U"min", U"yue", U"qing", U"zang", U"chuan", U"ning", U"qiong", U"shaan"};
constexpr View kPlateSeps = U" ·•・.-_";

// End of a plate's serial ("8k2m5", "d37219", "a235港") at `i`, or kNpos: one token of 4..7
// letters and digits with at least one digit, a 港/澳/学/挂/警 suffix kept.
size_t PlateSerialEnd(const std::u32string& w, size_t i) {
  size_t j = i, digits = 0;
  while (j < w.size() && j - i < 8 && IsAlnum(w[j])) digits += IsDigit(w[j++]) ? 1 : 0;
  const size_t count = j - i;
  if (count < 4 || count > 7 || digits == 0 || (j < w.size() && IsAlnum(w[j]))) return kNpos;
  if (j < w.size() && In(U"港澳学學挂掛警领領使", w[j])) ++j;
  return j;
}

// "粤C·8K2M5", "粵Z A235港", "yue c 6m8q3" (lower-cased).
size_t ProvincePlateAt(const std::u32string& w, size_t i) {
  static const FirstChars kProvinceChars(kProvinces);
  static const FirstChars kPinyinFirsts(kProvincePinyin);
  size_t j = kNpos;
  if (kProvinceChars.Has(w[i])) {
    j = i + 1;
  } else {
    if (!kPinyinFirsts.Has(w[i]) || (i > 0 && IsLatin(w[i - 1]))) return kNpos;
    for (View py : kProvincePinyin) {
      if (LatinWordAt(w, i, py)) {
        j = i + py.size();
        break;
      }
    }
    if (j == kNpos || j >= w.size() || w[j] != ' ') return kNpos;  // "yue c", never "yuec"
  }
  j = Skip(w, j, kPlateSeps, 2);
  if (j >= w.size() || !IsLower(w[j])) return kNpos;
  const size_t serial = Skip(w, j + 1, kPlateSeps, 2);
  // The letter may also be the serial's first character ("粤CD37219").
  size_t end = PlateSerialEnd(w, serial);
  if (end == kNpos && serial == j + 1) end = PlateSerialEnd(w, j);
  return end;
}

}  // namespace

void FindPlates(const DetectorText& t, std::vector<Span>* out) {
  const std::u32string& w = t.lower;
  static constexpr std::array<View, 9> kCues = {
      U"车牌号", U"車牌號", U"车牌", U"車牌", U"牌照", U"plate", U"plates", U"licence", U"license"};
  static const FirstChars kCueFirsts(kCues);
  for (size_t i = 0; i < w.size(); ++i) {
    if (const size_t end = ProvincePlateAt(w, i); end != kNpos) {
      out->push_back({PiiKind::kPlate, i, end});
      i = end - 1;
      continue;
    }
    // Macau "MX-38-21".
    if (i + 8 <= w.size() && (i == 0 || !IsAlnum(w[i - 1])) && IsLower(w[i]) && IsLower(w[i + 1]) &&
        In(U"- ", w[i + 2]) && IsDigit(w[i + 3]) && IsDigit(w[i + 4]) && In(U"- ", w[i + 5]) &&
        IsDigit(w[i + 6]) && IsDigit(w[i + 7])) {
      out->push_back({PiiKind::kPlate, i, i + 8});
      continue;
    }
    // A cue names what follows, whatever its shape ("車牌 TX 3812", "plate no. AB1234").
    if (!CanStartCue(kCueFirsts, w, i)) continue;
    for (View cue : kCues) {
      if (!CueAt(w, i, cue)) continue;
      size_t j = Skip(w, i + cue.size(), U" :：号號是为為#no.", 6);
      size_t end = j, count = 0;
      while (end < w.size() && count < 10 && (IsAlnum(w[end]) || In(kPlateSeps, w[end]))) {
        count += IsAlnum(w[end]) ? 1 : 0;
        ++end;
      }
      while (end > j && In(kPlateSeps, w[end - 1])) --end;
      if (count >= 3) out->push_back({PiiKind::kPlate, i, end});
      break;
    }
  }
}

// ---- contact handles ---------------------------------------------------------------------

namespace {

constexpr std::array<View, 44> kHandleCues = {
    U"微信号",   U"微信號", U"微信",     U"薇信",     U"威信",   U"徽信",     U"v信",
    U"vx",       U"wx",     U"weixin",   U"wechat",   U"qq号",   U"qq",       U"扣扣",
    U"企鹅号",   U"抖音号", U"抖音",     U"douyin",   U"tiktok", U"小红书号", U"小紅書號",
    U"小红书",   U"小紅書", U"xhs",      U"微博",     U"weibo",  U"快手",     U"视频号",
    U"視頻號",   U"line",   U"whatsapp", U"telegram", U"tg",     U"ig",       U"instagram",
    U"facebook", U"fb",     U"邮箱",     U"郵箱",     U"email",  U"e-mail",   U"skype",
    U"twitter",  U"kakao"};

bool IsHandleChar(char32_t c) { return IsAlnum(c) || c == '_' || c == '.' || c == '-'; }

}  // namespace

void FindHandles(const DetectorText& t, std::vector<Span>* out) {
  static const FirstChars kCueFirsts(kHandleCues);
  const std::u32string& w = t.lower;
  const size_t n = w.size();
  for (size_t i = 0; i < n; ++i) {
    // Email: the local part is often a name ("wang.xiuying@...").
    if (w[i] == '@' && i > 0 && IsHandleChar(w[i - 1])) {
      size_t b = i;
      while (b > 0 && (IsHandleChar(w[b - 1]) || w[b - 1] == '+')) --b;
      size_t e = i + 1;
      while (e < n && IsHandleChar(w[e])) ++e;
      if (View(w).substr(i, e - i).find('.') != kNpos) {
        out->push_back({PiiKind::kHandle, b, e});
        i = e - 1;
        continue;
      }
    }
    // A token with an underscore is an account id, not a description ("wxid_abc123").
    if (IsAlnum(w[i]) && (i == 0 || !IsHandleChar(w[i - 1]))) {
      size_t e = i;
      bool underscore = false;
      for (; e < n && (IsAlnum(w[e]) || w[e] == '_'); ++e) underscore |= w[e] == '_';
      if (underscore && e - i >= 5) {
        out->push_back({PiiKind::kHandle, i, e});
        i = e - 1;
        continue;
      }
    }
    if (!CanStartCue(kCueFirsts, w, i)) continue;
    for (View cue : kHandleCues) {
      if (!CueAt(w, i, cue)) continue;
      const size_t after = i + cue.size();
      const size_t j = Skip(w, after, U" :：号號是为為账帳户戶名id()（）-", 6);
      const bool colon = View(w).substr(after, j - after).find_first_of(U":：") != kNpos;
      size_t e = j;
      bool marked = false;
      for (; e < n && IsHandleChar(w[e]); ++e)
        marked |= IsDigit(w[e]) || w[e] == '_' || w[e] == '.';
      if (e - j >= 3 && (marked || colon)) {
        out->push_back({PiiKind::kHandle, i, e});
      } else if (StartsAt(w, j, U"同号") || StartsAt(w, j, U"同號")) {
        out->push_back({PiiKind::kHandle, i, j + 2});  // "微信同号": the phone is the handle
      }
      break;
    }
  }
}

// ---- identity documents with letters ------------------------------------------------------

void FindLetteredIds(const DetectorText& t, std::vector<Span>* out) {
  const std::u32string& w = t.lower;
  for (size_t i = 0; i < w.size(); ++i) {
    if (!IsLower(w[i]) || (i > 0 && IsAlnum(w[i - 1]))) continue;
    // HK "Y483201(7)", Taiwan "F228134605", passports "E 8374 1926", permits "H6021 8374".
    size_t j = i + 1;
    if (j < w.size() && IsLower(w[j])) ++j;
    // One letter may stand apart ("E 8374 1926"); two letters and a space are a word ("on 0756
    // 8899 0110" is the hotline after "on").
    if (j == i + 1) j = Skip(w, j, U" ", 1);
    size_t digits = 0, e = j;
    while (e < w.size() &&
           (IsDigit(w[e]) || (w[e] == ' ' && e + 1 < w.size() && IsDigit(w[e + 1])))) {
      digits += IsDigit(w[e]) ? 1 : 0;
      ++e;
    }
    if (digits < 6) continue;
    if (e + 2 < w.size() && w[e] == '(' && (IsDigit(w[e + 1]) || w[e + 1] == 'a') &&
        w[e + 2] == ')') {
      e += 3;
    }
    out->push_back({PiiKind::kIdNumber, i, e});
    i = e - 1;
  }
}

// ---- dates of birth -------------------------------------------------------------------------

namespace {

size_t DigitsAt(const std::u32string& w, size_t i, size_t min, size_t max) {
  size_t j = i;
  while (j < w.size() && j - i < max && IsDigit(w[j])) ++j;
  return (j - i >= min && (j >= w.size() || !IsDigit(w[j]))) ? j : kNpos;
}

bool IsYear(const std::u32string& w, size_t i, size_t end) {
  return end == i + 4 && ((w[i] == '1' && w[i + 1] == '9') || (w[i] == '2' && w[i + 1] == '0'));
}

}  // namespace

void FindBirthDates(const DetectorText& t, std::vector<Span>* out) {
  const std::u32string& w = t.lower;
  for (size_t i = 0; i < w.size(); ++i) {
    if (!IsDigit(w[i]) || (i > 0 && IsDigit(w[i - 1]))) continue;
    const size_t a = DigitsAt(w, i, 1, 4);
    if (a == kNpos || a >= w.size()) continue;
    // A date with a year is a date of birth in a child's description: "2019年3月14日",
    // "2020.06.18", "02/11/2018". A year alone ("SINCE 1998") is not.
    if (IsYear(w, i, a) && w[a] == U'年') {
      const size_t m = DigitsAt(w, a + 1, 1, 2);
      if (m == kNpos || m >= w.size() || w[m] != U'月') continue;
      size_t e = m + 1;
      if (const size_t d = DigitsAt(w, e, 1, 2); d != kNpos) {
        e = d;
        if (e < w.size() && In(U"日号號", w[e])) ++e;
      }
      out->push_back({PiiKind::kBirthDate, i, e});
      i = e - 1;
    } else if (In(U"./-", w[a])) {
      const size_t b = DigitsAt(w, a + 1, 1, 2);
      if (b == kNpos || b >= w.size() || w[b] != w[a]) continue;
      const size_t c = DigitsAt(w, b + 1, 1, 4);
      if (c == kNpos) continue;
      if (IsYear(w, i, a) || IsYear(w, b + 1, c)) {
        out->push_back({PiiKind::kBirthDate, i, c});
        i = c - 1;
      }
    }
  }
}

// ---- schools and classes ------------------------------------------------------------------

void FindSchools(const DetectorText& t, std::vector<Span>* out) {
  const std::u32string& w = t.lower;
  const std::u32string& c = t.cased;
  static constexpr std::array<View, 8> kSchools = {U"小学",   U"小學",   U"中学", U"中學",
                                                   U"幼儿园", U"幼兒園", U"学校", U"學校"};
  for (size_t i = 0; i < w.size(); ++i) {
    // "第十二小学", "三年级（2）班" (full-width parentheses are folded already).
    if (w[i] == U'第') {
      size_t j = i + 1;
      while (j < w.size() && (IsDigit(w[j]) || IsHanNumeral(w[j]))) ++j;
      for (View s : kSchools) {
        if (j > i + 1 && StartsAt(w, j, s)) out->push_back({PiiKind::kAddress, i, j + s.size()});
      }
    }
    // Only at the start of a numeral run, so a run of 100,000 numerals is read once, not n times.
    const auto numeral = [&](size_t k) { return IsDigit(w[k]) || IsHanNumeral(w[k]); };
    if (numeral(i) && (i == 0 || !numeral(i - 1))) {
      size_t j = i;
      while (j < w.size() && (IsDigit(w[j]) || IsHanNumeral(w[j]))) ++j;
      if (StartsAt(w, j, U"年级") || StartsAt(w, j, U"年級")) {
        size_t e = j + 2;
        const size_t k = Skip(w, e, U"()0123456789一二三四五六七八九十 ", 6);
        if (k < w.size() && w[k] == U'班') e = k + 1;
        out->push_back({PiiKind::kAddress, i, e});
      }
    }
    // "Pui Ching Primary", "St. Mary's School": capitalised words before a school word.
    static constexpr std::array<View, 7> kEnSchools = {
        U"primary", U"secondary", U"school", U"kindergarten", U"college", U"academy", U"nursery"};
    static const FirstChars kEnSchoolFirsts(kEnSchools);
    for (View s : kEnSchools) {
      if (!CanStartCue(kEnSchoolFirsts, w, i)) break;
      if (!LatinWordAt(w, i, s) || i < 2 || w[i - 1] != ' ') continue;
      size_t b = i - 1;  // the space before the school word
      size_t words = 0;
      while (b > 0 && words < 4) {
        size_t wb = b;
        while (wb > 0 && (IsLatin(c[wb - 1]) || c[wb - 1] == '\'' || c[wb - 1] == '.')) --wb;
        if (wb == b || !IsUpper(c[wb])) break;
        ++words;
        b = wb;
        if (b == 0 || c[b - 1] != ' ') break;
        --b;
      }
      if (words > 0) {
        while (b < i && c[b] == ' ') ++b;
        out->push_back({PiiKind::kAddress, b, i + s.size()});
      }
    }
    // "class P.3C", "class 2B".
    if (LatinWordAt(w, i, U"class")) {
      const size_t j = Skip(w, i + 5, U" :", 2);
      size_t e = j;
      bool digit = false;
      for (; e < w.size() && (IsAlnum(w[e]) || w[e] == '.'); ++e) digit |= IsDigit(w[e]);
      if (digit) out->push_back({PiiKind::kAddress, i, e});
    }
  }
}

// ---- names introduced by cues ----------------------------------------------------------------

namespace {

constexpr std::array<View, 22> kKin = {U"爸爸", U"妈妈", U"媽媽", U"爷爷", U"爺爺", U"奶奶",
                                       U"外婆", U"外公", U"姐姐", U"哥哥", U"弟弟", U"妹妹",
                                       U"叔叔", U"阿姨", U"阿爸", U"阿媽", U"阿妈", U"老师",
                                       U"老師", U"婆婆", U"公公", U"舅舅"};

bool KinAt(const std::u32string& s, size_t i) {
  return std::any_of(kKin.begin(), kKin.end(), [&](View k) { return StartsAt(s, i, k); });
}

// Chinese cues after which a name follows: the child's own or a guardian's.
constexpr std::array<View, 24> kZhNameCues = {
    U"名字叫", U"名字是", U"小名叫", U"名叫",   U"叫做",   U"名字",   U"姓名",   U"小名",
    U"乳名",   U"昵称",   U"暱稱",   U"个名",   U"個名",   U"监护人", U"監護人", U"自己叫",
    U"叫",     U"我是",   U"自己係", U"阿爸係", U"阿媽係", U"爸爸是", U"妈妈是", U"媽媽是"};
// Guardians named right after the kin word ("妈妈刘晓燕", "阿爸 陳志偉").
constexpr std::array<View, 10> kGuardianWords = {U"妈妈", U"媽媽", U"爸爸", U"阿爸", U"阿媽",
                                                 U"阿妈", U"外婆", U"外公", U"奶奶", U"爷爷"};
constexpr std::array<View, 12> kEnNameCues = {U"name is", U"named",   U"called", U"answers to",
                                              U"name:",   U"surname", U"name",   U"mingzi",
                                              U"jiao",    U"mr",      U"mrs",    U"ms"};
constexpr View kQuotes = U" :：\"'“”‘’「」『』";

// A Han name at `i`: 2..4 Han characters up to punctuation or a non-Han character.
size_t HanNameEnd(const std::u32string& s, size_t i, size_t max = 4) {
  size_t j = i;
  while (j < s.size() && j - i < max && IsHan(s[j]) &&
         !In(U"是的在今说說话話会會也和跟与與", s[j])) {
    ++j;
  }
  return j - i >= 2 ? j : kNpos;
}

// Up to three capitalised (or all-capital) Latin words at `i`, hyphens allowed: "LAM Tsz-ching".
size_t LatinNameEnd(const std::u32string& c, size_t i) {
  size_t j = i, words = 0, last = kNpos;
  while (j < c.size() && words < 3) {
    const size_t k = Skip(c, j, U"'\"‘’“” ", 2);
    if (k >= c.size() || !IsUpper(c[k])) break;
    size_t e = k;
    while (e < c.size() && (IsLatin(c[e]) || c[e] == '-' || In(U"āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü", c[e])))
      ++e;
    if (e - k < 2) break;
    ++words;
    last = e;
    j = e;
  }
  return last;
}

void CueNames(const DetectorText& t, std::vector<Span>* out, bool values_only) {
  static const FirstChars kZhFirsts(kZhNameCues);
  static const FirstChars kGuardianFirsts(kGuardianWords);
  static const FirstChars kEnFirsts(kEnNameCues);
  const std::u32string& w = t.lower;
  const std::u32string& c = t.cased;
  for (size_t i = 0; i < w.size(); ++i) {
    const bool zh = kZhFirsts.Has(w[i]), kin = kGuardianFirsts.Has(w[i]);
    const bool en = kEnFirsts.Has(w[i]) && (i == 0 || !IsLatin(w[i - 1]));
    if (!zh && !kin && !en) continue;
    for (View cue : kZhNameCues) {
      if (!zh) break;
      if (!StartsAt(w, i, cue)) continue;
      size_t j = Skip(w, i + cue.size(), kQuotes, 3);
      if (KinAt(w, j)) j = Skip(w, j + 2, kQuotes, 2);  // "监护人：外婆 黄秀英"
      if (KinAt(w, j)) break;                           // "会叫爸爸妈妈"
      if (const size_t e = HanNameEnd(w, j); e != kNpos) {
        out->push_back({PiiKind::kName, values_only ? j : i, e});
      } else if (const size_t l = LatinNameEnd(c, j); l != kNpos) {
        out->push_back({PiiKind::kName, values_only ? j : i, l});
      }
      break;
    }
    for (View kin_word : kGuardianWords) {
      if (!kin) break;
      if (!StartsAt(w, i, kin_word)) continue;
      const size_t j = Skip(w, i + kin_word.size(), U" ", 1);
      if (j < w.size() && IsCommonSurname(w[j])) {
        if (const size_t e = HanNameEnd(w, j, 3); e != kNpos)
          out->push_back({PiiKind::kName, j, e});
      }
      break;
    }
    for (View cue : kEnNameCues) {
      if (!en) break;
      if (!LatinWordAt(w, i, cue.substr(0, cue.find_first_of(U" :"))) || !StartsAt(w, i, cue))
        continue;
      size_t j = Skip(w, i + cue.size(), U". :", 3);
      if (const size_t l = LatinNameEnd(c, j); l != kNpos) {
        out->push_back({PiiKind::kName, values_only ? Skip(c, j, U"'\"‘’“” ", 2) : i, l});
      }
      break;
    }
  }
}

}  // namespace

void FindCuedNames(const DetectorText& t, std::vector<Span>* out) {
  CueNames(t, out, /*values_only=*/false);
  static const FirstChars kMarkFirsts(View(U"先女小太写寫绣繡印"));
  const std::u32string& w = t.lower;
  const std::u32string& c = t.cased;
  for (size_t i = 0; i < w.size(); ++i) {
    if (!kMarkFirsts.Has(w[i]) && !IsUpper(c[i])) continue;
    // "陳志偉先生", "黄女士": a surname and one or two characters before an honorific.
    for (View h : {View(U"先生"), View(U"女士"), View(U"小姐"), View(U"太太")}) {
      if (!StartsAt(w, i, h)) continue;
      for (size_t len : {3u, 2u}) {
        if (i >= len && IsCommonSurname(w[i - len]) &&
            std::all_of(w.begin() + static_cast<long>(i - len), w.begin() + static_cast<long>(i),
                        IsHan)) {
          out->push_back({PiiKind::kName, i - len, i + h.size()});
          break;
        }
      }
    }
    // A name written on a garment: "写着“王一诺”", "绣着 林梓萱".
    for (View mark : {View(U"写着"), View(U"寫著"), View(U"写有"), View(U"寫有"), View(U"绣着"),
                      View(U"繡著"), View(U"印着"), View(U"印著")}) {
      if (!StartsAt(w, i, mark)) continue;
      const size_t j = Skip(w, i + 2, kQuotes, 3);
      if (j < w.size() && IsCommonSurname(w[j])) {
        if (const size_t e = HanNameEnd(w, j, 4); e != kNpos)
          out->push_back({PiiKind::kName, j, e});
      }
    }
    // A romanised given name: "Ka-fai", "Tsz-ching", "Zhi-ming" (Cantonese and pinyin styles).
    if (IsUpper(c[i]) && (i == 0 || !IsLatin(c[i - 1]))) {
      size_t j = i + 1;
      while (j < c.size() && IsLower(c[j])) ++j;
      if (j - i >= 2 && j - i <= 6 && j + 2 < c.size() && c[j] == '-' && IsLower(c[j + 1])) {
        size_t e = j + 1;
        while (e < c.size() && IsLower(c[e])) ++e;
        if (e - j - 1 >= 2 && e - j - 1 <= 6 && (e >= c.size() || !IsLatin(c[e]))) {
          size_t b = i;  // and the surname before it ("WONG Ka-fai")
          if (b >= 2 && c[b - 1] == ' ' && IsUpper(c[b - 2])) {
            b -= 2;
            while (b > 0 && IsLatin(c[b - 1])) --b;
          }
          out->push_back({PiiKind::kName, b, e});
          i = e - 1;
        }
      }
    }
  }
}

std::vector<std::string> CueIntroducedNames(std::string_view text) {
  const NormalizedText norm = Normalize(text);
  std::u32string lower(norm.text.size(), 0);
  std::transform(norm.text.begin(), norm.text.end(), lower.begin(), AsciiLower);
  std::vector<Span> spans;
  CueNames({lower, norm.text}, &spans, /*values_only=*/true);
  std::vector<std::string> names;
  for (const Span& s : spans) {
    std::string name = EncodeUtf8(View(norm.text).substr(s.begin, s.end - s.begin));
    while (!name.empty() && (name.back() == ' ' || name.back() == '\'')) name.pop_back();
    if (!name.empty()) names.push_back(std::move(name));
  }
  return names;
}

}  // namespace cs::privacy::internal
