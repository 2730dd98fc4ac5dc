#include "services/appeals/desk/triage_text.h"

#include <vector>

#include "common/text/utf8.h"

namespace cs::appeals {
namespace {

enum class Break { kNone, kClause, kSentence };

Break BreakOf(char32_t c) {
  switch (c) {
    case U'。':
    case U'！':
    case U'？':
    case U'!':
    case U'?':
    case U'\n':
    case U'\r':
      return Break::kSentence;
    case U'，':
    case U',':
    case U'、':
    case U'；':
    case U';':
    case U'：':
    case U':':
    case U'…':
    case U'—':
    case U'~':
    case U'～':
    case U'(':
    case U')':
    case U'（':
    case U'）':
    case U'【':
    case U'】':
    case U'[':
    case U']':
    case U'/':
    case U'|':
      return Break::kClause;
    default:
      return Break::kNone;
  }
}

bool IsSpace(char32_t c) { return c == U' ' || c == U'\t' || c == 0x3000 || c == 0xA0; }
bool IsOpenQuote(char32_t c) { return c == U'“' || c == U'「' || c == U'『' || c == U'《'; }
bool IsCloseQuote(char32_t c) { return c == U'”' || c == U'」' || c == U'』' || c == U'》'; }
bool IsApostrophe(char32_t c) { return c == U'\'' || c == U'’' || c == U'‘' || c == U'`'; }

// Full-width ASCII to ASCII, then lower case.
char32_t FoldChar(char32_t c) {
  if (c >= 0xFF01 && c <= 0xFF5E) c -= 0xFEE0;
  if (c >= U'A' && c <= U'Z') c += U'a' - U'A';
  return c;
}

bool IsHan(char32_t c) { return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF); }

// Spaced-out writing: "我 八十 岁 了 一 个 人 住 煤 气 开 了", as a learner of Chinese, an
// elderly writer or a voice keyboard types it. There a space separates words or characters, not
// clauses, so reading each space as a comma (the Weibo habit the loop below follows) leaves
// clauses of one character that no phrase and no n-gram spans. A stretch between punctuation is
// spaced out when it has at least five all-Han tokens, they are 60 % of its tokens, and they are
// 1.6 characters long on average (space-as-comma writing puts phrases, not words, between the
// spaces: "笑死 北极熊 一直 在 水里" averages 1.8). Marks the spaces there that sit between two
// Han characters, which the loop then drops.
std::vector<bool> SpacedOutJoins(const std::u32string& in) {
  std::vector<bool> join(in.size(), false);
  auto judge = [&](size_t begin, size_t end) {
    size_t tokens = 0;
    size_t han_tokens = 0;
    size_t han_chars = 0;
    for (size_t i = begin; i < end;) {
      if (IsSpace(in[i])) {
        ++i;
        continue;
      }
      size_t j = i;
      bool all_han = true;
      for (; j < end && !IsSpace(in[j]); ++j) all_han = all_han && IsHan(in[j]);
      ++tokens;
      if (all_han) {
        ++han_tokens;
        han_chars += j - i;
      }
      i = j;
    }
    if (han_tokens < 5 || han_tokens * 10 < tokens * 6 || han_chars * 10 > han_tokens * 16) return;
    for (size_t i = begin; i < end;) {
      if (!IsSpace(in[i])) {
        ++i;
        continue;
      }
      size_t j = i;
      while (j < end && IsSpace(in[j])) ++j;
      if (i > begin && j < end && IsHan(in[i - 1]) && IsHan(in[j])) {
        for (size_t k = i; k < j; ++k) join[k] = true;
      }
      i = j;
    }
  };
  size_t begin = 0;
  for (size_t i = 0; i <= in.size(); ++i) {
    if (i == in.size() || BreakOf(FoldChar(in[i])) != Break::kNone || in[i] == U'.') {
      judge(begin, i);
      begin = i + 1;
    }
  }
  return join;
}

std::u32string Decode(std::string_view utf8, const ScriptFolder& fold) {
  return fold ? DecodeUtf8(fold(utf8)) : DecodeUtf8(utf8);
}

}  // namespace

TriageText PrepareTriageText(std::string_view utf8, const ScriptFolder& fold) {
  const std::u32string in = Decode(utf8, fold);
  const std::vector<bool> joined = SpacedOutJoins(in);
  TriageText out;
  TriageClause current;
  int sentence = 0;
  int quote_depth = 0;
  bool ascii_quote_open = false;
  auto end_clause = [&](bool end_sentence) {
    if (!current.text.empty()) {
      current.sentence = sentence;
      out.clauses.push_back(std::move(current));
      current = TriageClause{};
    }
    if (end_sentence) ++sentence;
  };
  for (size_t i = 0; i < in.size(); ++i) {
    char32_t c = FoldChar(in[i]);
    if (IsApostrophe(c)) continue;
    if (IsOpenQuote(c)) {
      ++quote_depth;
      continue;
    }
    if (IsCloseQuote(c)) {
      if (quote_depth > 0) --quote_depth;
      continue;
    }
    if (c == U'"') {
      ascii_quote_open = !ascii_quote_open;
      continue;
    }
    const bool next_is_space_or_end =
        i + 1 >= in.size() || IsSpace(FoldChar(in[i + 1])) || in[i + 1] == U'\n';
    // "2.5" stays one token; "now. please" ends a sentence.
    if (c == U'.' && next_is_space_or_end) {
      end_clause(true);
      continue;
    }
    if (Break b = BreakOf(c); b != Break::kNone) {
      end_clause(b == Break::kSentence);
      continue;
    }
    if (IsSpace(c) && joined[i]) continue;
    if (IsSpace(c)) {
      const char32_t prev = current.text.empty() ? U' ' : current.text.back();
      char32_t next = U' ';
      for (size_t k = i + 1; k < in.size(); ++k) {
        if (!IsSpace(FoldChar(in[k]))) {
          next = FoldChar(in[k]);
          break;
        }
      }
      if (prev > 0x7F || next > 0x7F) {
        end_clause(false);
      } else if (prev != U' ') {
        current.text.push_back(U' ');
        current.quoted.push_back(quote_depth > 0 || ascii_quote_open);
      }
      continue;
    }
    current.text.push_back(c);
    current.quoted.push_back(quote_depth > 0 || ascii_quote_open);
  }
  end_clause(true);
  for (auto& clause : out.clauses) {  // a trailing space would stop a phrase ending the clause
    while (!clause.text.empty() && clause.text.back() == U' ') {
      clause.text.pop_back();
      clause.quoted.pop_back();
    }
  }
  return out;
}

std::u32string NormalizePhrase(std::string_view utf8, const ScriptFolder& fold) {
  std::u32string out;
  for (char32_t c : Decode(utf8, fold)) {
    c = FoldChar(c);
    if (IsApostrophe(c)) continue;
    if (IsSpace(c)) {
      if (!out.empty() && out.back() != U' ') out.push_back(U' ');
      continue;
    }
    out.push_back(c);
  }
  while (!out.empty() && out.back() == U' ') out.pop_back();
  return out;
}

}  // namespace cs::appeals
