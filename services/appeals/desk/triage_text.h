// The text form triage matches against: one script, one case, clauses and sentences marked, and
// which characters sit inside quotation marks. Built once per message, read by PhraseScorer.
// Thread-safety: pure functions and plain values, safe from any thread.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace cs::appeals {

// Folds Traditional characters to Simplified (OpenCC t2s in production); identity when unset.
using ScriptFolder = std::function<std::string(std::string_view)>;

struct TriageClause {
  std::u32string text;
  std::vector<bool> quoted;  // per code point: inside “…”, 「…」, "…"
  int sentence = 0;          // clauses of one sentence share this index
};

struct TriageText {
  std::vector<TriageClause> clauses;
};

// Folds the script, then: full-width ASCII to ASCII, ASCII lower case, apostrophes dropped
// (so "can't" and "cant" read alike), runs of spaces between Latin words kept as one space.
// Clauses end at Chinese and Latin punctuation and at a space next to a Chinese character
// (Weibo writers use a space as a comma), except in spaced-out writing ("我 八十 岁 了 一 个 人
// 住", mostly one- and two-character words between spaces), where spaces between Han characters
// are dropped so its words join again; sentences end at 。！？!? . and line breaks.
TriageText PrepareTriageText(std::string_view utf8, const ScriptFolder& fold);

// The same folding for a phrase from the rules (no clause split): what the phrase must equal.
std::u32string NormalizePhrase(std::string_view utf8, const ScriptFolder& fold);

// True for ASCII letters and digits: a Latin phrase must start at a word boundary.
inline bool IsAsciiWordChar(char32_t c) {
  return (c >= U'a' && c <= U'z') || (c >= U'0' && c <= U'9') || (c >= U'A' && c <= U'Z');
}

}  // namespace cs::appeals
