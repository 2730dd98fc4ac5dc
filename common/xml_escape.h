// XML text escaping shared by the interchange writers (CAP 1.2 for appeals, PFIF 1.4 for cases).
// Escapes & < > " ' and drops what XML 1.0 cannot carry: invalid UTF-8 bytes, control
// characters other than tab/newline/carriage return, U+FFFE and U+FFFF.
//
// Thread-safety: pure function.
#pragma once

#include <string>
#include <string_view>

namespace cs {

std::string XmlEscapeText(std::string_view utf8);

}  // namespace cs
