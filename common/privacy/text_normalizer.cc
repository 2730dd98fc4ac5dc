#include "common/privacy/text_normalizer.h"

#include "common/text/utf8.h"

namespace cs::privacy {

bool IsZeroWidth(char32_t c) {
  return (c >= 0x200B && c <= 0x200F) || (c >= 0x2060 && c <= 0x2064) || c == 0xFEFF ||
         c == 0x00AD || c == 0x034F || c == 0x180E || (c >= 0xFE00 && c <= 0xFE0F) ||
         (c >= 0xE0000 && c <= 0xE007F);
}

bool IsBidiControl(char32_t c) {
  return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0x061C;
}

bool IsControl(char32_t c) { return c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F); }

char32_t FoldChar(char32_t c) {
  if (c < 0x80) return IsControl(c) ? U' ' : c;
  if (c >= 0xFF01 && c <= 0xFF5E) return c - 0xFEE0;  // full-width ASCII block
  if (c == 0x3000 || c == 0x00A0 || (c >= 0x2000 && c <= 0x200A) || c == 0x202F || c == 0x205F ||
      IsControl(c)) {
    return U' ';
  }
  if (c >= 0x2460 && c <= 0x2468) return U'1' + (c - 0x2460);          // ①..⑨
  if (c >= 0x2474 && c <= 0x247C) return U'1' + (c - 0x2474);          // ⑴..⑼
  if (c >= 0x2488 && c <= 0x2490) return U'1' + (c - 0x2488);          // ⒈..⒐
  if (c >= 0x2776 && c <= 0x277E) return U'1' + (c - 0x2776);          // ❶..❾
  if (c == 0x24EA || c == 0x24FF) return U'0';                         // ⓪ ⓿
  if (c >= 0x1D7CE && c <= 0x1D7FF) return U'0' + (c - 0x1D7CE) % 10;  // math digits
  if (c >= 0x0660 && c <= 0x0669) return U'0' + (c - 0x0660);
  if (c >= 0x06F0 && c <= 0x06F9) return U'0' + (c - 0x06F0);
  if (c >= 0x0966 && c <= 0x096F) return U'0' + (c - 0x0966);
  if (c >= 0x2080 && c <= 0x2089) return U'0' + (c - 0x2080);  // subscripts
  if (c == 0x2070) return U'0';
  if (c == 0x00B9) return U'1';
  if (c == 0x00B2) return U'2';
  if (c == 0x00B3) return U'3';
  if (c >= 0x2074 && c <= 0x2079) return U'4' + (c - 0x2074);  // superscripts
  if (c == 0xFE6B) return U'@';                                // small commercial at
  if (c == 0xFE5F) return U'#';                                // small number sign
  if (c == 0xFE64) return U'<';
  if (c == 0xFE65) return U'>';
  if (c == 0x2039 || c == 0x3008 || c == 0x2329) return U'<';
  if (c == 0x203A || c == 0x3009 || c == 0x232A) return U'>';
  return c;
}

NormalizedText Normalize(std::string_view utf8) {
  NormalizedText out;
  out.text.reserve(utf8.size());
  out.begin.reserve(utf8.size());
  out.end.reserve(utf8.size());
  size_t len = 0;
  for (size_t i = 0; i < utf8.size(); i += len) {
    const char32_t c = DecodeUtf8At(utf8, i, &len);
    if (IsZeroWidth(c) || IsBidiControl(c)) continue;
    out.text.push_back(FoldChar(c));
    out.begin.push_back(static_cast<uint32_t>(i));
    out.end.push_back(static_cast<uint32_t>(i + len));
  }
  return out;
}

}  // namespace cs::privacy
