#include "services/appeals/drafting/weibo_length.h"

#include <cctype>

#include "common/text/utf8.h"

namespace cs::appeals {

namespace {

bool IsUrlChar(unsigned char c) {
  if (std::isalnum(c)) return true;
  switch (c) {
    case '-':
    case '.':
    case '_':
    case '~':
    case ':':
    case '/':
    case '?':
    case '#':
    case '[':
    case ']':
    case '@':
    case '!':
    case '$':
    case '&':
    case '\'':
    case '(':
    case ')':
    case '*':
    case '+':
    case ',':
    case ';':
    case '=':
    case '%':
      return true;
    default:
      return false;
  }
}

bool StartsWithNoCase(std::string_view s, size_t pos, std::string_view prefix) {
  if (s.size() - pos < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(s[pos + i])) != prefix[i]) return false;
  }
  return true;
}

// Length of the URL starting at `pos`, or 0. A bare scheme ("http://" and nothing after) is
// counted as ASCII text, since Weibo would not link it.
size_t UrlLengthAt(std::string_view s, size_t pos) {
  size_t scheme = 0;
  if (StartsWithNoCase(s, pos, "https://")) {
    scheme = 8;
  } else if (StartsWithNoCase(s, pos, "http://")) {
    scheme = 7;
  } else {
    return 0;
  }
  size_t end = pos + scheme;
  while (end < s.size() && IsUrlChar(static_cast<unsigned char>(s[end]))) ++end;
  return end == pos + scheme ? 0 : end - pos;
}

}  // namespace

int64_t WeiboLength(std::string_view utf8) {
  int64_t wide = 0, ascii = 0, urls = 0;
  size_t len = 0;
  for (size_t i = 0; i < utf8.size(); i += len) {
    const auto b = static_cast<unsigned char>(utf8[i]);
    if (b < 0x80) {
      len = 1;
      if (b == 'h' || b == 'H') {
        if (const size_t url = UrlLengthAt(utf8, i); url > 0) {
          ++urls;
          len = url;
          continue;
        }
      }
      ++ascii;
      continue;
    }
    DecodeUtf8At(utf8, i, &len);
    ++wide;
  }
  return wide + urls * kWeiboUrlLength + (ascii + 1) / 2;
}

}  // namespace cs::appeals
