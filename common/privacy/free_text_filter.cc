#include "common/privacy/free_text_filter.h"

#include <algorithm>
#include <array>

#include "common/privacy/text_normalizer.h"
#include "common/text/utf8.h"

namespace cs::privacy {

namespace {

using View = std::u32string_view;

// Cues that a clause is about somebody or something other than the child, in Simplified and
// Traditional Chinese (Cantonese usage too). Matched as substrings of the folded text.
constexpr std::array<View, 121> kZhCues = {
    // contact and calls to act
    U"电话", U"電話", U"手机", U"手機", U"号码", U"號碼", U"热线", U"熱線", U"专线", U"專線",
    U"座机", U"座機", U"来电", U"來電", U"致电", U"致電", U"拨打", U"撥打", U"请打", U"請打",
    U"打给", U"打給", U"联系", U"聯繫", U"聯絡", U"联络", U"私信", U"留言", U"微信", U"薇信",
    U"威信", U"扣扣", U"抖音", U"小红书", U"小紅書", U"微博", U"邮箱", U"郵箱", U"快手",
    // spreading, rewards, money, documents
    U"转发", U"轉發", U"扩散", U"擴散", U"转载", U"轉載", U"悬赏", U"懸賞", U"报酬", U"酬谢",
    U"酬謝", U"转账", U"轉賬", U"卡号", U"卡號", U"银行卡", U"銀行卡", U"身份证", U"身份證",
    U"回乡证", U"回鄉證", U"护照", U"護照", U"登记", U"登記",
    // claims to be official, links
    U"通报", U"通報", U"公告", U"通告", U"官方", U"协查", U"協查", U"知情", U"追责", U"追責",
    U"虚假", U"虛假", U"本帖", U"点击", U"點擊", U"点这里", U"點這裡", U"详情", U"詳情", U"截图",
    U"截圖", U"监控", U"監控", U"网友", U"網友",
    // guardians, names, homes
    U"妈妈", U"媽媽", U"爸爸", U"阿爸", U"阿媽", U"阿妈", U"家长", U"家長", U"监护人", U"監護人",
    U"父亲", U"父親", U"母亲", U"母親", U"先生", U"女士", U"太太", U"名字", U"姓名", U"小名",
    U"乳名", U"昵称", U"暱稱", U"个名", U"個名", U"住址", U"地址", U"家住", U"住在", U"屋企",
    U"酒店", U"班主任"};
// Single characters that are cues on their own: 叫 (is called), 姓 (surname is).
constexpr View kZhCueChars = U"叫姓";

// English cues, matched as whole words.
constexpr std::array<View, 52> kEnCues = {
    U"call",    U"calls",    U"phone",   U"tel",        U"mobile", U"cell",    U"number",
    U"contact", U"whatsapp", U"wechat",  U"dm",         U"email",  U"message", U"mum",
    U"mom",     U"mother",   U"dad",     U"father",     U"parent", U"parents", U"guardian",
    U"grandma", U"grandpa",  U"granny",  U"auntie",     U"aunt",   U"uncle",   U"mr",
    U"mrs",     U"ms",       U"name",    U"named",      U"called", U"surname", U"answers",
    U"hotel",   U"room",     U"address", U"school",     U"share",  U"rt",      U"repost",
    U"reward",  U"official", U"notice",  U"supersedes", U"click",  U"link",    U"photos",
    U"staying", U"lives",    U"home"};

bool IsLatin(char32_t c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// A clause delimiter at `i` of the decoded text: ，,;；!！?？\n 。 and ". " (not the dot in
// "bit.ly" or "No.17").
bool IsDelimiter(const std::u32string& s, size_t i) {
  const char32_t c = FoldChar(s[i]);
  // The ';' of an HTML entity ("&lt;") is part of it: the guard must see the entity whole.
  if (c == ';') {
    size_t b = i;
    while (b > 0 && i - b < 10 &&
           (IsLatin(s[b - 1]) || (s[b - 1] >= '0' && s[b - 1] <= '9') || s[b - 1] == '#')) {
      --b;
    }
    if (b > 0 && b < i && FoldChar(s[b - 1]) == '&') return false;
  }
  if (View(U",;!?\n。").find(c) != View::npos || s[i] == '\n') return true;
  return c == '.' && (i + 1 >= s.size() || FoldChar(s[i + 1]) == ' ');
}

// Brackets that only headers use in a field (【紧急扩散】, 《…公告》, [OFFICIAL NOTICE]): what
// they hold is never a description.
size_t HeaderEnd(const std::u32string& s, size_t i) {
  static constexpr std::array<std::pair<char32_t, char32_t>, 4> kPairs = {
      {{U'【', U'】'}, {U'《', U'》'}, {U'〖', U'〗'}, {U'[', U']'}}};
  for (const auto& [open, close] : kPairs) {
    if (s[i] != open) continue;
    const size_t e = s.find(close, i + 1);
    return e == std::u32string::npos ? s.size() : e + 1;
  }
  return std::u32string::npos;
}

struct Clause {
  std::u32string text;
  std::u32string delimiter;  // what followed it in the field
  bool header = false;
};

std::vector<Clause> SplitClauses(const std::u32string& s) {
  std::vector<Clause> out(1);
  for (size_t i = 0; i < s.size(); ++i) {
    if (const size_t e = HeaderEnd(s, i); e != std::u32string::npos) {
      if (!out.back().text.empty()) out.emplace_back();
      out.back().text = s.substr(i, e - i);
      out.back().header = true;
      out.emplace_back();
      i = e - 1;
    } else if (IsDelimiter(s, i)) {
      out.back().delimiter.push_back(s[i]);
      out.emplace_back();
    } else {
      if (!out.back().delimiter.empty()) out.emplace_back();
      out.back().text.push_back(s[i]);
    }
  }
  return out;
}

std::u32string Trim(std::u32string s) {
  auto space = [](char32_t c) { return FoldChar(c) == ' '; };
  while (!s.empty() && space(s.back())) s.pop_back();
  size_t b = 0;
  while (b < s.size() && space(s[b])) ++b;
  return s.substr(b);
}

}  // namespace

bool IsNonDescriptive(std::string_view clause) {
  std::u32string s = Normalize(clause).text;
  std::transform(s.begin(), s.end(), s.begin(), AsciiLower);
  for (View cue : kZhCues) {
    if (s.find(cue) != std::u32string::npos) return true;
  }
  if (s.find_first_of(kZhCueChars) != std::u32string::npos) return true;
  for (size_t i = 0; i < s.size();) {
    if (!IsLatin(s[i])) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < s.size() && IsLatin(s[j])) ++j;
    const View word(s.data() + i, j - i);
    if (std::find(kEnCues.begin(), kEnCues.end(), word) != kEnCues.end()) return true;
    i = j;
  }
  return false;
}

FilteredText KeepDescriptiveClauses(std::string_view text, const PiiGuard& guard,
                                    size_t max_code_points) {
  FilteredText out;
  std::u32string kept;
  std::u32string pending_delimiter;
  for (const Clause& c : SplitClauses(DecodeUtf8(text))) {
    const std::u32string body = Trim(c.text);
    if (body.empty()) continue;
    const std::string utf8 = EncodeUtf8(body);
    if (c.header || IsNonDescriptive(utf8)) {
      out.dropped.push_back("not_descriptive");
      continue;
    }
    // Markup and hidden characters are junk around a description, not facts about somebody:
    // the sanitiser cuts them out of the clause. Anything else the guard finds drops it whole.
    const std::vector<PiiFinding> f = guard.Scan(utf8);
    const auto personal = std::find_if(f.begin(), f.end(), [](const PiiFinding& x) {
      return x.kind != PiiKind::kMarkup && x.kind != PiiKind::kHiddenChar;
    });
    if (personal != f.end()) {
      out.dropped.push_back(std::string(PiiKindName(personal->kind)));
      continue;
    }
    const size_t added = (kept.empty() ? 0 : pending_delimiter.size()) + body.size();
    if (kept.size() + added > max_code_points) {
      if (kept.empty()) kept = body.substr(0, max_code_points);  // one long clause: cut it
      break;
    }
    if (!kept.empty()) kept += pending_delimiter;
    kept += body;
    pending_delimiter = c.delimiter.empty() ? U"，" : std::u32string(1, c.delimiter[0]);
    if (FoldChar(pending_delimiter[0]) == '.') pending_delimiter = U". ";
    if (FoldChar(pending_delimiter[0]) == ',' && pending_delimiter[0] == ',')
      pending_delimiter = U", ";
  }
  out.text = EncodeUtf8(kept);
  return out;
}

}  // namespace cs::privacy
