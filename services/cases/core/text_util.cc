#include "services/cases/core/text_util.h"

#include "common/xml_escape.h"

#include <algorithm>

namespace cs::cases {
namespace {

constexpr char32_t kReplacement = 0xFFFD;

// Decodes one code point at s[i]; returns its length, or 0 when the bytes are not
// well-formed UTF-8 (then *cp is unspecified).
size_t DecodeOne(std::string_view s, size_t i, char32_t* cp) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) {
    *cp = b0;
    return 1;
  }
  size_t len;
  char32_t min;
  if ((b0 & 0xE0) == 0xC0) {
    len = 2, min = 0x80, *cp = b0 & 0x1F;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3, min = 0x800, *cp = b0 & 0x0F;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4, min = 0x10000, *cp = b0 & 0x07;
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  for (size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) return 0;
    *cp = (*cp << 6) | (b & 0x3F);
  }
  if (*cp < min || *cp > 0x10FFFF || (*cp >= 0xD800 && *cp <= 0xDFFF)) return 0;
  return len;
}

bool IsSeparator(char32_t c) {
  if (c < 0x80)
    return !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
  // CJK punctuation (、。，：；！？（）【】 etc.) and full-width spaces carry no meaning here.
  return (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF00 && c <= 0xFF0F) ||
         (c >= 0xFF1A && c <= 0xFF20);
}

}  // namespace

bool IsValidUtf8(std::string_view s) {
  char32_t cp;
  for (size_t i = 0; i < s.size();) {
    const size_t n = DecodeOne(s, i, &cp);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

std::vector<char32_t> DecodeUtf8(std::string_view s) {
  std::vector<char32_t> out;
  out.reserve(s.size());
  char32_t cp;
  for (size_t i = 0; i < s.size();) {
    const size_t n = DecodeOne(s, i, &cp);
    if (n == 0) {
      out.push_back(kReplacement);
      ++i;
    } else {
      out.push_back(cp);
      i += n;
    }
  }
  return out;
}

void AppendUtf8(char32_t c, std::string& out) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

size_t CodePointCount(std::string_view s) { return DecodeUtf8(s).size(); }

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
