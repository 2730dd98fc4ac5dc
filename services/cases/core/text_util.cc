#include "services/cases/core/text_util.h"

#include <algorithm>

#include "common/text/utf8.h"
#include "common/xml_escape.h"

namespace cs::cases {
namespace {

bool IsSeparator(char32_t c) {
  if (c < 0x80)
    return !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
  // CJK punctuation (、。，：；！？（）【】 etc.) and full-width spaces carry no meaning here.
  return (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF00 && c <= 0xFF0F) ||
         (c >= 0xFF1A && c <= 0xFF20);
}

}  // namespace

std::vector<uint64_t> TextGrams(std::string_view s) {
  std::vector<char32_t> chars;
  for (char32_t c : DecodeUtf8(s)) {
    if (IsSeparator(c)) {
      chars.push_back(0);  // a break: no bigram spans it
      continue;
    }
    if (c >= 'A' && c <= 'Z') c = c - 'A' + 'a';
    chars.push_back(c);
  }
  std::vector<uint64_t> out;
  for (size_t i = 0; i + 1 < chars.size(); ++i) {
    if (chars[i] == 0 || chars[i + 1] == 0) continue;
    out.push_back((static_cast<uint64_t>(chars[i]) << 32) | chars[i + 1]);
  }
  const bool no_bigrams = out.empty();
  for (char32_t c : chars)
    if (c != 0 && (c >= 0x80 || no_bigrams)) out.push_back(static_cast<uint64_t>(c) << 32);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

double Jaccard(const std::vector<uint64_t>& a, const std::vector<uint64_t>& b) {
  if (a.empty() && b.empty()) return 0;
  size_t i = 0, j = 0, common = 0;
  while (i < a.size() && j < b.size()) {
    if (a[i] == b[j]) {
      ++common, ++i, ++j;
    } else if (a[i] < b[j]) {
      ++i;
    } else {
      ++j;
    }
  }
  return static_cast<double>(common) / static_cast<double>(a.size() + b.size() - common);
}

std::string XmlEscape(std::string_view s) { return cs::XmlEscapeText(s); }

}  // namespace cs::cases
