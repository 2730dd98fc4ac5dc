#include "services/appeals/desk/triage_text.h"

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

std::u32string Decode(std::string_view utf8, const ScriptFolder& fold) {
  return fold ? DecodeUtf8(fold(utf8)) : DecodeUtf8(utf8);
}

}  // namespace

TriageText PrepareTriageText(std::string_view utf8, const ScriptFolder& fold) {
  const std::u32string in = Decode(utf8, fold);
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
