#include "common/privacy/pii_guard.h"

#include <algorithm>
#include <array>
#include <optional>
#include <string_view>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/privacy/chinese_names.h"
#include "common/privacy/pii_detectors.h"
#include "common/privacy/text_normalizer.h"
#include "common/text/utf8.h"

namespace cs::privacy {

namespace {

// Stands in for an allowed term in the working copy, so that no rule sees through it.
constexpr char32_t kMask = 0xE000;
constexpr size_t kNpos = std::u32string::npos;

// Digits as people write phone numbers: ASCII (full-width already folded), Chinese numerals
// in both scripts, financial numerals, and the spoken forms used on radios (幺 1, 两 2, 拐 7,
// 勾 9, 洞 0).
int DigitValue(char32_t c) {
  if (c >= '0' && c <= '9') return static_cast<int>(c - '0');
  switch (c) {
    case U'〇':
    case U'零':
    case U'洞':
      return 0;
    case U'一':
    case U'壹':
    case U'幺':
      return 1;
    case U'二':
    case U'贰':
    case U'貳':
    case U'两':
    case U'兩':
      return 2;
    case U'三':
    case U'叁':
    case U'參':
      return 3;
    case U'四':
    case U'肆':
      return 4;
    case U'五':
    case U'伍':
      return 5;
    case U'六':
    case U'陆':
    case U'陸':
      return 6;
    case U'七':
    case U'柒':
    case U'拐':
      return 7;
    case U'八':
    case U'捌':
      return 8;
    case U'九':
    case U'玖':
    case U'勾':
      return 9;
    default:
      return -1;
  }
}

bool IsPhoneSeparator(char32_t c) {
  switch (c) {
    case ' ':
    case '-':
    case '.':
    case '(':
    case ')':
    case '_':
    case '/':
    case ',':
    case '~':
    case '+':
    case '|':
    case '\'':
    case U'、':
    case U'—':
    case U'–':
    case U'−':
    case U'·':
    case U'・':
    case U'‐':
    case U'‑':
    case U'‒':
    case U'﹣':
    case U'。':
    case U'，':
      return true;
    default:
      return false;
  }
}

bool IsNameGap(char32_t c) {
  switch (c) {
    case ' ':
    case '.':
    case '-':
    case '_':
    case '*':
    case '/':
    case '|':
    case ',':
    case '\'':
    case '"':
    case '~':
    case '+':
    case '=':
    case '(':
    case ')':
    case U'·':
    case U'・':
    case U'、':
    case U'•':
    case U'。':
    case U'，':
      return true;
    default:
      return false;
  }
}

bool IsCjk(char32_t c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
         (c >= 0x20000 && c <= 0x2FFFF) || (c >= 0xF900 && c <= 0xFAFF);
}

bool IsAsciiAlpha(char32_t c) { return c >= 'a' && c <= 'z'; }
bool IsAsciiDigit(char32_t c) { return c >= '0' && c <= '9'; }
bool IsAsciiAlnum(char32_t c) { return IsAsciiAlpha(c) || IsAsciiDigit(c); }

bool IsUrlChar(char32_t c) {
  if (IsAsciiAlnum(c)) return true;
  return std::u32string_view(U"-._~:/?#[]@!$&'()*+,;=%").find(c) != std::u32string_view::npos;
}

class Scanner {
 public:
  Scanner(const NormalizedText& norm, std::vector<PiiFinding>* out) : norm_(norm), out_(out) {
    lower_.resize(norm.text.size());
    std::transform(norm.text.begin(), norm.text.end(), lower_.begin(), AsciiLower);
    work_ = lower_;
  }

  void Add(PiiKind kind, size_t i, size_t j) {
    if (j <= i || j > norm_.text.size()) return;
    out_->push_back({kind, norm_.begin[i], norm_.end[j - 1]});
  }

  const std::u32string& lower() const { return lower_; }
  std::u32string& work() { return work_; }

 private:
  const NormalizedText& norm_;
  std::vector<PiiFinding>* out_;
  std::u32string lower_;  // folded and lower-cased
  std::u32string work_;   // lower_ with allowed terms masked
};

// End index of `p` matched at `i` in `s`, or kNpos.
size_t MatchPattern(const std::u32string& s, size_t i, const PiiGuard::Pattern& p) {
  size_t pos = i;
  for (size_t k = 0; k < p.alternatives.size(); ++k) {
    if (k > 0 && p.allow_gaps) {
      for (int gaps = 0; gaps < 3 && pos < s.size() && IsNameGap(s[pos]); ++gaps) ++pos;
    }
    if (pos >= s.size() || p.alternatives[k].find(s[pos]) == std::u32string::npos) return kNpos;
    ++pos;
  }
  // A Latin name must be a whole word: "Li Na" is not inside "Carolina".
  if (!p.alternatives.empty()) {
    if (IsAsciiAlpha(s[i]) && i > 0 && IsAsciiAlpha(s[i - 1])) return kNpos;
    if (IsAsciiAlpha(s[pos - 1]) && pos < s.size() && IsAsciiAlpha(s[pos])) return kNpos;
  }
  return pos;
}

// Every accepted form of the first position of each pattern, sorted and distinct.
std::u32string FirstCharacters(const std::vector<PiiGuard::Pattern>& patterns) {
  std::u32string firsts;
  for (const PiiGuard::Pattern& p : patterns) {
    if (!p.alternatives.empty()) firsts += p.alternatives.front();
  }
  std::sort(firsts.begin(), firsts.end());
  firsts.erase(std::unique(firsts.begin(), firsts.end()), firsts.end());
  return firsts;
}

// The positions of `s` holding one of `firsts` (sorted): the only places a pattern can start.
std::vector<size_t> StartPositions(const std::u32string& s, const std::u32string& firsts) {
  std::vector<size_t> starts;
  if (firsts.empty()) return starts;
  for (size_t i = 0; i < s.size(); ++i) {
    if (std::binary_search(firsts.begin(), firsts.end(), s[i])) starts.push_back(i);
  }
  return starts;
}

void FindHidden(std::string_view raw, std::vector<PiiFinding>* out) {
  size_t len = 0;
  for (size_t i = 0; i < raw.size(); i += len) {
    const char32_t c = DecodeUtf8At(raw, i, &len);
    const bool invalid = c == kReplacementChar && len == 1;
    if (invalid || IsZeroWidth(c) || IsBidiControl(c) || (IsControl(c) && c != '\n')) {
      out->push_back({PiiKind::kHiddenChar, i, i + len});
    }
  }
}

bool ValidIdChecksum(std::u32string_view d17, char32_t check) {
  static constexpr std::array<int, 17> kWeights = {7, 9, 10, 5,  8, 4, 2, 1, 6,
                                                   3, 7, 9,  10, 5, 8, 4, 2};
  static constexpr std::u32string_view kCheck = U"10x98765432";
  int sum = 0;
  for (size_t k = 0; k < 17; ++k) sum += static_cast<int>(d17[k] - '0') * kWeights[k];
  return kCheck[sum % 11] == check;
}

bool IsHotline(const std::u32string& digits, const std::u32string& hotline) {
  if (hotline.empty()) return false;
  if (digits == hotline || digits == U"86" + hotline || digits == U"0086" + hotline) return true;
  if (hotline[0] == '0') {
    const std::u32string national = hotline.substr(1);
    return digits == U"86" + national || digits == U"0086" + national;
  }
  return false;
}

bool IsMaskChar(char32_t c) { return c == '*' || c == U'×' || c == U'✱' || c == 'x'; }

// End of a run of mask characters at `j` that sits between digits: one '*' or '×', or two or
// more 'x' (one 'x' is the check digit of an ID number). kNpos otherwise.
size_t MaskRunEnd(const std::u32string& w, size_t j) {
  size_t m = j;
  while (m < w.size() && m - j < 8 && IsMaskChar(w[m])) ++m;
  size_t next = m;  // the digits after the mask, maybe behind a separator ("159-****-1234")
  while (next < w.size() && next - m < 3 && IsPhoneSeparator(w[next])) ++next;
  if (m == j || next >= w.size() || DigitValue(w[next]) < 0) return kNpos;
  const bool only_x =
      std::all_of(w.begin() + static_cast<long>(j), w.begin() + static_cast<long>(m),
                  [](char32_t c) { return c == 'x'; });
  return only_x && m - j < 2 ? kNpos : m;
}

// Digit runs, with separators of up to three characters between digits.
void FindNumbers(Scanner& sc, const std::u32string& hotline) {
  const std::u32string& w = sc.work();
  const size_t n = w.size();
  size_t i = 0;
  while (i < n) {
    if (DigitValue(w[i]) < 0) {
      ++i;
      continue;
    }
    std::u32string digits;
    size_t j = i, last = i;
    size_t masked = 0;
    while (j < n) {
      const int d = DigitValue(w[j]);
      if (d >= 0) {
        digits.push_back(static_cast<char32_t>('0' + d));
        last = j++;
        continue;
      }
      // A masked number ("138****5678", "138xxxx5678") is still somebody's number.
      if (const size_t m = MaskRunEnd(w, j); m != kNpos) {
        masked += m - j;
        digits.append(m - j, U'?');
        last = m - 1;
        j = m;
        continue;
      }
      size_t k = j;
      for (int seps = 0; seps < 3 && k < n && IsPhoneSeparator(w[k]); ++seps) ++k;
      if (k > j && k < n && (DigitValue(w[k]) >= 0 || MaskRunEnd(w, k) != kNpos)) {
        j = k;
        continue;
      }
      break;
    }
    size_t start = i, end = last + 1;
    while (start > 0 && (w[start - 1] == '+' || w[start - 1] == '(')) --start;
    std::optional<PiiKind> kind;
    if (masked > 0) {
      // Trailing masks belong to the number only when digits follow them.
      while (!digits.empty() && digits.back() == U'?') digits.pop_back();
      if (digits.size() >= 7 && digits.size() - masked >= 3) sc.Add(PiiKind::kPhone, start, end);
      i = end;
      continue;
    }
    // A mobile number behind a country prefix is a phone, even when the total length happens to
    // match an ID number ("0086" + 11 digits = 15).
    std::u32string_view national(digits);
    if (national.starts_with(U"0086")) {
      national.remove_prefix(4);
    } else if (national.starts_with(U"86")) {
      national.remove_prefix(2);
    }
    const bool mobile = national.size() == 11 && national[0] == '1' && national[1] >= '3';
    if (mobile && national.size() != digits.size()) {
      kind = PiiKind::kPhone;
    } else if (digits.size() == 17 && end < n && w[end] == 'x') {
      if (ValidIdChecksum(digits, U'x')) {
        kind = PiiKind::kIdNumber;
        ++end;
      } else {
        kind = PiiKind::kPhone;
      }
    } else if (digits.size() == 18 && ValidIdChecksum(digits, digits[17])) {
      kind = PiiKind::kIdNumber;
    } else if (digits.size() == 15) {
      kind = PiiKind::kIdNumber;
    } else if (digits.size() >= 7 && !IsHotline(digits, hotline)) {
      kind = PiiKind::kPhone;
    }
    if (kind) sc.Add(*kind, start, end);
    i = end;
  }
}

bool IsAdminSuffix(char32_t c) {
  return std::u32string_view(U"省市区區县縣镇鎮乡鄉村道").find(c) != std::u32string_view::npos;
}
bool IsRoadSuffix(char32_t c) {
  return std::u32string_view(U"路街巷弄").find(c) != std::u32string_view::npos;
}

// "12号", "502室", "3栋", "2单元", "十二号楼"; end index or kNpos. Dates ("2月12号") and gate or
// exit numbers ("3号门", "2号出口") are not addresses.
size_t HouseNumberAt(const std::u32string& w, size_t i) {
  if (i > 0 && (w[i - 1] == U'月' || DigitValue(w[i - 1]) >= 0)) return kNpos;
  size_t j = i;
  while (j < w.size() && j - i < 6 &&
         (DigitValue(w[j]) >= 0 || w[j] == U'十' || w[j] == U'百' || w[j] == U'拾' ||
          (w[j] == '-' && j > i))) {
    ++j;
  }
  if (j == i) return kNpos;
  if (j < w.size() && w[j] == ' ') ++j;
  if (j >= w.size()) return kNpos;
  const char32_t u = w[j];
  if (u == U'号' || u == U'號') {
    const char32_t next = j + 1 < w.size() ? w[j + 1] : 0;
    if (std::u32string_view(U"门門口出入馆館线線窗位台车車球码碼衣").find(next) !=
        std::u32string_view::npos) {
      return kNpos;
    }
    if (next == U'楼' || next == U'樓' || next == U'院') return j + 2;
    return j + 1;
  }
  if (std::u32string_view(U"弄室栋棟幢座房").find(u) != std::u32string_view::npos) return j + 1;
  if (j + 1 < w.size() && (u == U'单' || u == U'單') && w[j + 1] == U'元') return j + 2;
  // A floor is an address only with a flat after it ("21樓E室", "12樓B"); "二楼" alone is the
  // lost-child centre's floor.
  if (std::u32string_view(U"楼樓层層").find(u) != std::u32string_view::npos && j + 1 < w.size() &&
      ((w[j + 1] >= 'a' && w[j + 1] <= 'z') || w[j + 1] == U'室')) {
    size_t e = j + 2;
    if (e < w.size() && w[j + 1] != U'室' && w[e] == U'室') ++e;
    return e;
  }
  return kNpos;
}

// Extends an address past what follows it directly: more units ("5栋" + "2单元" + "1103"),
// a floor ("23号" + "3楼"), a flat letter ("12樓" + "B").
size_t ExtendAddress(const std::u32string& w, size_t end) {
  for (int more = 0; more < 4 && end < w.size(); ++more) {
    if (DigitValue(w[end]) >= 0) {
      size_t j = end;
      while (j < w.size() && DigitValue(w[j]) >= 0) ++j;
      if (j < w.size() && std::u32string_view(U"号號弄室栋棟幢座房单單楼樓层層").find(w[j]) !=
                              std::u32string_view::npos) {
        end = j + 1;
        if (end < w.size() && (w[j] == U'单' || w[j] == U'單') && w[end] == U'元') ++end;
        continue;
      }
      if (j - end >= 3)
        end = j;  // a flat number: "1103"
      else
        break;
    } else if (w[end] >= 'a' && w[end] <= 'z' &&
               (end + 1 >= w.size() || !IsAsciiAlnum(w[end + 1]))) {
      ++end;
      if (end < w.size() && w[end] == U'室') ++end;
    } else {
      break;
    }
  }
  return end;
}

void FindChineseAddresses(Scanner& sc) {
  const std::u32string& w = sc.work();
  struct Span {
    size_t begin, end;
  };
  std::vector<Span> comps;
  size_t run_start = 0;
  for (size_t i = 0; i < w.size(); ++i) {
    if (!IsCjk(w[i])) {
      run_start = i + 1;
      continue;
    }
    const bool road = IsRoadSuffix(w[i]);
    if (!road && !IsAdminSuffix(w[i])) continue;
    const size_t min_prefix = road ? 1 : 2;
    const size_t begin = std::max(run_start, i >= 6 ? i - 6 : size_t{0});
    if (i - begin < min_prefix) continue;
    comps.push_back({begin, i + 1});
    run_start = i + 1;
  }
  for (size_t k = 0; k < comps.size();) {
    size_t e = k;
    while (e + 1 < comps.size() && comps[e + 1].begin == comps[e].end) ++e;
    size_t end = comps[e].end;
    size_t after = end < w.size() && w[end] == ' ' ? end + 1 : end;
    if (after < w.size() && (DigitValue(w[after]) >= 0 || w[after] == U'十')) {
      const size_t house = HouseNumberAt(w, after);
      size_t stop = after;
      while (stop < w.size() && DigitValue(w[stop]) >= 0) ++stop;
      end = house != kNpos ? ExtendAddress(w, house) : stop;
      sc.Add(PiiKind::kAddress, comps[k].begin, end);
    } else if (e > k) {
      sc.Add(PiiKind::kAddress, comps[k].begin, end);
    }
    k = e + 1;
  }
  for (size_t i = 0; i < w.size(); ++i) {
    if (DigitValue(w[i]) < 0 && w[i] != U'十') continue;
    if (i > 0 && (DigitValue(w[i - 1]) >= 0 || w[i - 1] == U'十' || w[i - 1] == '-')) continue;
    if (const size_t end = HouseNumberAt(w, i); end != kNpos) {
      sc.Add(PiiKind::kAddress, i, ExtendAddress(w, end));
    }
  }
}

struct Token {
  size_t begin, end;
  std::u32string text;
  bool number;
  bool linked;  // only spaces or light punctuation since the previous token
};

bool In(const std::u32string& s, std::initializer_list<std::u32string_view> words) {
  return std::find(words.begin(), words.end(), s) != words.end();
}

bool IsStreetWord(const std::u32string& s) {
  return In(s, {U"road", U"rd", U"street", U"avenue", U"ave", U"lane", U"boulevard", U"blvd",
                U"alley", U"lu", U"jie", U"hutong", U"nong"});
}

void FindEnglishAddresses(Scanner& sc) {
  const std::u32string& w = sc.work();
  std::vector<Token> toks;
  bool linked = false;
  for (size_t i = 0; i < w.size();) {
    if (IsAsciiAlnum(w[i])) {
      size_t j = i;
      while (j < w.size() && IsAsciiAlnum(w[j])) ++j;
      toks.push_back({i, j, w.substr(i, j - i), IsAsciiDigit(w[i]), linked});
      linked = true;
      i = j;
      continue;
    }
    if (std::u32string_view(U" .,-'#/:").find(w[i]) == std::u32string_view::npos) linked = false;
    ++i;
  }
  auto linked_at = [&](size_t k) { return k < toks.size() && toks[k].linked; };
  for (size_t i = 0; i < toks.size(); ++i) {
    const Token& t = toks[i];
    if (In(t.text, {U"no", U"num", U"number"}) && linked_at(i + 1) && toks[i + 1].number) {
      size_t end = toks[i + 1].end;
      for (size_t j = i + 2; j < toks.size() && j <= i + 6 && linked_at(j); ++j) {
        if (IsStreetWord(toks[j].text)) end = toks[j].end;
      }
      sc.Add(PiiKind::kAddress, t.begin, end);
    } else if (t.number && t.text.size() <= 5) {
      for (size_t j = i + 1; j < toks.size() && j <= i + 4 && linked_at(j) && !toks[j].number;
           ++j) {
        if (IsStreetWord(toks[j].text)) {
          sc.Add(PiiKind::kAddress, t.begin, toks[j].end);
          break;
        }
      }
    } else if (In(t.text, {U"room", U"rm", U"flat", U"apt", U"apartment", U"unit", U"building",
                           U"bldg", U"block", U"suite"}) &&
               linked_at(i + 1) && toks[i + 1].number) {
      sc.Add(PiiKind::kAddress, t.begin, toks[i + 1].end);
    } else if (In(t.text, {U"province", U"county", U"district"}) && i > 0 && t.linked &&
               !toks[i - 1].number) {
      sc.Add(PiiKind::kAddress, toks[i - 1].begin, t.end);
    } else if (IsStreetWord(t.text) && i > 0 && t.linked && linked_at(i + 1) &&
               toks[i + 1].number) {
      sc.Add(PiiKind::kAddress, toks[i - 1].begin, toks[i + 1].end);
    }
  }
}

bool IsTld(std::u32string_view s) {
  static constexpr std::array<std::u32string_view, 26> kTlds = {
      U"com",  U"cn",   U"net",  U"org",    U"cc",   U"me",  U"io",   U"top", U"xyz",
      U"info", U"hk",   U"tw",   U"mo",     U"co",   U"app", U"link", U"ly",  U"gl",
      U"vip",  U"club", U"site", U"online", U"shop", U"tv",  U"biz",  U"ink"};
  return std::find(kTlds.begin(), kTlds.end(), s) != kTlds.end();
}

void FindLinksAndMarkup(Scanner& sc) {
  const std::u32string& w = sc.work();
  const size_t n = w.size();
  auto url_end = [&](size_t j) {
    while (j < n && IsUrlChar(w[j])) ++j;
    return j;
  };
  for (size_t i = 0; i < n; ++i) {
    const char32_t c = w[i];
    if (c == '#') {
      size_t j = i + 1;
      while (j < n && j - i <= 64 && w[j] != '#' && w[j] != '\n') ++j;
      const size_t end = (j < n && w[j] == '#') ? j + 1 : i + 1;
      sc.Add(PiiKind::kTopic, i, end);
      i = end - 1;
    } else if (c == '@') {
      size_t j = i + 1;
      while (j < n && j - i <= 40 &&
             (IsAsciiAlnum(w[j]) || IsCjk(w[j]) || w[j] == '_' || w[j] == '-' || w[j] == '.')) {
        ++j;
      }
      sc.Add(PiiKind::kMention, i, j);
      i = j - 1;
    } else if (c == '<' && i + 1 < n &&
               (IsAsciiAlpha(w[i + 1]) || w[i + 1] == '/' || w[i + 1] == '!' || w[i + 1] == '?')) {
      size_t j = i + 1;
      while (j < n && j - i < 512 && w[j] != '>') ++j;
      size_t end = j < n ? j + 1 : j;
      // A script or style element goes whole: its body is code, not a description.
      const std::u32string_view tag(w.data() + i, end - i);
      for (std::u32string_view element : {U"script", U"style"}) {
        if (tag.substr(1, element.size()) == element) {
          const size_t close = w.find(U"</" + std::u32string(element), end);
          if (close == kNpos) {
            end = n;
          } else {
            const size_t gt = w.find('>', close);
            end = gt == kNpos ? n : gt + 1;
          }
        }
      }
      sc.Add(PiiKind::kMarkup, i, end);
      i = end - 1;
    } else if (c == '&' && std::u32string_view(w).substr(i, 4) == U"&lt;") {
      // An escaped tag ("&lt;script&gt;") goes whole, like a real one.
      const size_t gt = w.find(U"&gt;", i + 4);
      const size_t end = (gt == kNpos || gt - i > 512) ? i + 4 : gt + 4;
      sc.Add(PiiKind::kMarkup, i, end);
      i = end - 1;
    } else if (c == '&') {
      size_t j = i + 1;
      while (j < n && j - i <= 10 && (IsAsciiAlnum(w[j]) || w[j] == '#')) ++j;
      if (j < n && w[j] == ';' && j > i + 2) sc.Add(PiiKind::kMarkup, i, j + 1);
    } else if (IsAsciiAlpha(c) && (i == 0 || !IsAsciiAlnum(w[i - 1]))) {
      const std::u32string_view rest(w.data() + i, n - i);
      for (std::u32string_view scheme : {U"https://", U"http://", U"ftp://", U"file://", U"www.",
                                         U"javascript:", U"vbscript:", U"data:"}) {
        if (rest.substr(0, scheme.size()) == scheme) {
          const size_t end = url_end(i + scheme.size());
          const bool script = scheme[0] == 'j' || scheme[0] == 'v';
          sc.Add(script ? PiiKind::kMarkup : PiiKind::kUrl, i, end);
          i = end - 1;
          break;
        }
      }
    } else if (c == '.' && i > 0 && IsAsciiAlnum(w[i - 1])) {
      size_t j = i + 1;
      while (j < n && IsAsciiAlpha(w[j])) ++j;
      if (j > i + 1 && (j >= n || !IsAsciiDigit(w[j])) &&
          IsTld(std::u32string_view(w.data() + i + 1, j - i - 1))) {
        size_t start = i;
        while (start > 0 &&
               (IsAsciiAlnum(w[start - 1]) || w[start - 1] == '-' || w[start - 1] == '.')) {
          --start;
        }
        const size_t end = url_end(j);
        sc.Add(PiiKind::kUrl, start, end);
        i = end - 1;
      }
    }
  }
}

// Each code point of `s` (after folding and lower-casing, without gap characters).
std::u32string PatternChars(std::string_view s) {
  const NormalizedText norm = Normalize(s);
  std::u32string out;
  for (char32_t c : norm.text) {
    if (!IsNameGap(c)) out.push_back(AsciiLower(c));
  }
  return out;
}

PiiGuard::Pattern MakePattern(const std::u32string& chars, bool gaps, PiiKind kind) {
  PiiGuard::Pattern p;
  p.allow_gaps = gaps;
  p.kind = kind;
  for (char32_t c : chars) p.alternatives.push_back(std::u32string(1, c));
  return p;
}

// Widens every position with each converter's form of that character (张 -> 張, 髮 -> 发).
// All distinct characters go through each converter in one call, one per line, so OpenCC cannot
// apply phrase rules across them and a guard costs one conversion per converter, not per name.
void AddScriptVariants(const std::vector<PiiGuard::Pattern*>& patterns,
                       const std::vector<const text::ChineseConverter*>& converters) {
  std::u32string distinct;
  for (const PiiGuard::Pattern* p : patterns) {
    for (const std::u32string& alt : p->alternatives) {
      if (alt[0] >= 0x2E80 && distinct.find(alt[0]) == std::u32string::npos) {
        distinct.push_back(alt[0]);
      }
    }
  }
  if (distinct.empty()) return;
  std::string joined;
  for (char32_t c : distinct) {
    AppendUtf8(c, joined);
    joined.push_back('\n');
  }
  std::vector<std::u32string> variants(distinct.size());
  for (const text::ChineseConverter* conv : converters) {
    if (conv == nullptr) continue;
    auto converted = conv->Convert(joined);
    if (!converted.ok()) continue;
    std::vector<std::string_view> lines;
    for (size_t pos = 0; pos < converted->size();) {
      size_t nl = converted->find('\n', pos);
      if (nl == std::string::npos) nl = converted->size();
      lines.push_back(std::string_view(*converted).substr(pos, nl - pos));
      pos = nl + 1;
    }
    if (lines.size() < distinct.size()) continue;
    for (size_t k = 0; k < distinct.size(); ++k) {
      const std::u32string v = DecodeUtf8(lines[k]);
      if (v.size() == 1 && v[0] != distinct[k]) variants[k].push_back(v[0]);
    }
  }
  for (PiiGuard::Pattern* p : patterns) {
    for (std::u32string& alt : p->alternatives) {
      const size_t k = distinct.find(alt[0]);
      if (k == std::u32string::npos) continue;
      for (char32_t v : variants[k]) {
        if (alt.find(v) == std::u32string::npos) alt.push_back(v);
      }
    }
  }
}

}  // namespace

std::string_view PiiKindName(PiiKind kind) {
  switch (kind) {
    case PiiKind::kPhone:
      return "phone";
    case PiiKind::kIdNumber:
      return "id_number";
    case PiiKind::kAddress:
      return "address";
    case PiiKind::kName:
      return "name";
    case PiiKind::kTopic:
      return "topic";
    case PiiKind::kMention:
      return "mention";
    case PiiKind::kUrl:
      return "url";
    case PiiKind::kMarkup:
      return "markup";
    case PiiKind::kHiddenChar:
      return "hidden_char";
    case PiiKind::kPlate:
      return "vehicle_plate";
    case PiiKind::kHandle:
      return "contact_handle";
    case PiiKind::kBirthDate:
      return "birth_date";
  }
  return "unknown";
}

std::vector<std::string> NamesIntroducedByCues(std::string_view utf8) {
  return internal::CueIntroducedNames(utf8);
}

absl::StatusOr<PiiGuard> PiiGuard::Create(
    const PiiGuardConfig& config, const std::vector<const text::ChineseConverter*>& converters) {
  PiiGuard guard;
  for (char32_t c : Normalize(config.official_hotline).text) {
    if (const int d = DigitValue(c); d >= 0) guard.hotline_digits_.push_back(U'0' + d);
  }
  // Empty: the channel may carry no phone number at all (a PFIF export).
  if (guard.hotline_digits_.empty() && !config.official_hotline.empty()) {
    return absl::InvalidArgumentError("official_hotline: has no digits");
  }
  for (size_t i = 0; i < config.protected_names.size(); ++i) {
    const PersonName& name = config.protected_names[i];
    const std::u32string full = PatternChars(name.full);
    if (full.empty()) {
      return absl::InvalidArgumentError(absl::StrCat("protected_names[", i, "].full: is empty"));
    }
    guard.names_.push_back(MakePattern(full, true, PiiKind::kName));
    const std::u32string surname = PatternChars(name.surname);
    std::u32string given;
    const SplitName split = SplitHanName(full);
    if (!surname.empty() && full.size() > surname.size() && full.starts_with(surname) &&
        surname.size() >= split.surname.size()) {
      given = full.substr(surname.size());
    } else if (full.size() >= 3) {
      // No usable surname: the compound one when it starts the name (欧阳), else one character.
      given = split.given;
    }
    if (given.size() >= 2) {
      guard.names_.push_back(MakePattern(given, true, PiiKind::kName));
    }
  }
  if (!config.surname_consent) {
    const std::u32string surname = PatternChars(config.child_surname);
    if (!surname.empty()) {
      for (std::u32string_view suffix : {U"小朋友", U"宝宝", U"同学", U"小弟弟", U"小妹妹"}) {
        guard.names_.push_back(MakePattern(surname + std::u32string(suffix), true, PiiKind::kName));
      }
    }
  }
  for (const std::string& term : config.allowed_terms) {
    const std::u32string chars = Normalize(term).text;
    if (chars.empty()) continue;
    std::u32string lowered(chars.size(), 0);
    std::transform(chars.begin(), chars.end(), lowered.begin(), AsciiLower);
    guard.allowed_.push_back(MakePattern(lowered, false, PiiKind::kName));
  }
  std::vector<Pattern*> all;
  for (Pattern& p : guard.names_) all.push_back(&p);
  for (Pattern& p : guard.allowed_) all.push_back(&p);
  AddScriptVariants(all, converters);
  // Longer terms first, so "海洋公园企鹅馆" is masked before "海洋公园".
  std::sort(guard.allowed_.begin(), guard.allowed_.end(), [](const auto& a, const auto& b) {
    return a.alternatives.size() > b.alternatives.size();
  });
  guard.name_firsts_ = FirstCharacters(guard.names_);
  guard.allowed_firsts_ = FirstCharacters(guard.allowed_);
  return guard;
}

std::vector<PiiFinding> PiiGuard::Scan(std::string_view utf8) const {
  std::vector<PiiFinding> out;
  FindHidden(utf8, &out);
  const NormalizedText norm = Normalize(utf8);
  Scanner sc(norm, &out);
  const std::vector<size_t> name_starts = StartPositions(sc.lower(), name_firsts_);
  for (const Pattern& p : names_) {
    size_t next = 0;  // a match covers its characters: the next one starts after it
    for (const size_t i : name_starts) {
      if (i < next) continue;
      if (const size_t end = MatchPattern(sc.lower(), i, p); end != kNpos) {
        sc.Add(p.kind, i, end);
        next = end;
      }
    }
  }
  std::u32string& work = sc.work();
  // Masking changes `work`, but only to kMask, which starts no pattern: the positions stay valid.
  const std::vector<size_t> allowed_starts = StartPositions(work, allowed_firsts_);
  for (const Pattern& p : allowed_) {
    size_t next = 0;
    for (const size_t i : allowed_starts) {
      if (i < next) continue;
      if (const size_t end = MatchPattern(work, i, p); end != kNpos) {
        std::fill(work.begin() + i, work.begin() + end, kMask);
        next = end;
      }
    }
  }
  // Plates, handles and lettered ids first: their digits would otherwise read as phones only.
  std::u32string cased = norm.text;
  for (size_t i = 0; i < cased.size(); ++i) {
    if (work[i] == kMask) cased[i] = kMask;
  }
  std::vector<internal::Span> spans;
  const internal::DetectorText text{work, cased};
  internal::FindPlates(text, &spans);
  internal::FindHandles(text, &spans);
  internal::FindLetteredIds(text, &spans);
  internal::FindBirthDates(text, &spans);
  internal::FindSchools(text, &spans);
  internal::FindCuedNames(text, &spans);
  for (const internal::Span& span : spans) sc.Add(span.kind, span.begin, span.end);
  FindNumbers(sc, hotline_digits_);
  FindChineseAddresses(sc);
  FindEnglishAddresses(sc);
  FindLinksAndMarkup(sc);
  std::sort(out.begin(), out.end(), [](const PiiFinding& a, const PiiFinding& b) {
    return a.begin != b.begin ? a.begin < b.begin : a.end < b.end;
  });
  return out;
}

}  // namespace cs::privacy
