#include "common/xml_escape.h"

#include "common/text/utf8.h"

namespace cs {

std::string XmlEscapeText(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    size_t n = 0;
    const char32_t cp = DecodeUtf8At(s, i, &n);
    if (cp == kReplacementChar && n == 1) {
      ++i;  // invalid byte: dropped, the output stays well-formed
      continue;
    }
    const bool allowed = cp == 0x9 || cp == 0xA || cp == 0xD ||
                         (cp >= 0x20 && cp != 0xFFFE && cp != 0xFFFF);
    if (allowed) {
      switch (cp) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&apos;"; break;
        default: out.append(s.substr(i, n));
      }
    }
    i += n;
  }
  return out;
}

}  // namespace cs
