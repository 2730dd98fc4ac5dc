#include "fuzz/fuzz_input.h"

#include <string>
#include <vector>

#include "common/text/utf8.h"

namespace cs::fuzz {

bool XmlLooksWellFormed(std::string_view xml) {
  if (!IsValidUtf8(xml)) return false;
  for (char32_t cp : DecodeUtf8(xml)) {
    const bool allowed = cp == 0x9 || cp == 0xA || cp == 0xD ||
                         (cp >= 0x20 && cp != 0xFFFE && cp != 0xFFFF);
    if (!allowed) return false;
  }
  std::vector<std::string_view> open;
  size_t i = 0;
  while (i < xml.size()) {
    if (xml[i] == '&') {
      const size_t semi = xml.find(';', i);
      if (semi == std::string_view::npos || semi - i > 10) return false;
      i = semi + 1;
    } else if (xml[i] == '<') {
      const size_t close = xml.find('>', i);
      if (close == std::string_view::npos) return false;
      std::string_view tag = xml.substr(i + 1, close - i - 1);
      i = close + 1;
      if (tag.empty()) return false;
      if (tag.front() == '?' || tag.front() == '!') continue;  // declaration or comment
      if (tag.find('<') != std::string_view::npos) return false;
      const bool closing = tag.front() == '/';
      const bool empty = tag.back() == '/';
      if (closing) tag.remove_prefix(1);
      const std::string_view name = tag.substr(0, tag.find_first_of(" \t\n/"));
      if (name.empty()) return false;
      if (closing) {
        if (open.empty() || open.back() != name) return false;
        open.pop_back();
      } else if (!empty) {
        open.push_back(name);
      }
    } else if (xml[i] == '>') {
      return false;  // the writers escape '>' in text as well
    } else {
      ++i;
    }
  }
  return open.empty();
}

}  // namespace cs::fuzz
