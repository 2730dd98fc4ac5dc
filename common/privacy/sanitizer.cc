#include "common/privacy/sanitizer.h"

#include <cstdint>
#include <vector>

#include "common/privacy/free_text_filter.h"
#include "common/privacy/text_normalizer.h"
#include "common/text/utf8.h"

namespace cs::privacy {

namespace {

constexpr int kMaxPasses = 12;

bool IsHidden(char32_t c) { return IsZeroWidth(c) || IsBidiControl(c) || c == kReplacementChar; }

// Characters that mean something to Weibo, HTML or our templates. They are removed only after
// the guard has seen the text, so that "<script>...</script>" goes as a whole.
bool IsStray(char32_t c) {
  return std::u32string_view(U"<>#@{}`\\【】〖〗").find(FoldChar(c)) != std::u32string_view::npos;
}

// Drops hidden characters (and stray ones when asked), turns controls and odd spaces into one
// ASCII space, trims.
std::string Clean(std::string_view in, size_t max_code_points, bool drop_stray = false) {
  std::string out;
  out.reserve(in.size());
  size_t len = 0, count = 0;
  bool pending_space = false;
  for (size_t i = 0; i < in.size() && count < max_code_points; i += len) {
    const char32_t c = DecodeUtf8At(in, i, &len);
    if (IsHidden(c) || (drop_stray && IsStray(c))) continue;
    if (c != U'\u3000' && FoldChar(c) == U' ') {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) {
      out.push_back(' ');
      ++count;
      pending_space = false;
      if (count >= max_code_points) break;
    }
    AppendUtf8(c, out);
    ++count;
  }
  return out;
}

// Removes the flagged byte spans; false when nothing was flagged.
bool RemoveFindings(const PiiGuard& guard, std::string* text) {
  const std::vector<PiiFinding> findings = guard.Scan(*text);
  if (findings.empty()) return false;
  std::vector<bool> drop(text->size(), false);
  for (const PiiFinding& f : findings) {
    for (size_t b = f.begin; b < f.end && b < drop.size(); ++b) drop[b] = true;
  }
  std::string kept;
  kept.reserve(text->size());
  for (size_t b = 0; b < text->size(); ++b) {
    if (!drop[b]) kept.push_back((*text)[b]);
  }
  // Spans are whole code points, so `kept` is still valid UTF-8; Clean() re-collapses spaces.
  *text = Clean(kept, SIZE_MAX);
  return true;
}

}  // namespace

std::string StripHidden(std::string_view input) { return Clean(input, SIZE_MAX); }

std::string SanitizeField(std::string_view input, const PiiGuard& guard, size_t max_code_points) {
  // Work on a window a little larger than the limit: a 100,000-character paste costs no more
  // than a short one, and removals inside the window still leave enough text to fill the limit.
  std::string text = Clean(input, max_code_points * 3 + 64);
  for (int pass = 0; pass < kMaxPasses && RemoveFindings(guard, &text); ++pass) {
  }
  text = Clean(text, SIZE_MAX, /*drop_stray=*/true);
  // Cutting or dropping can create a finding ("3号门" -> "3号", "138#00138000" -> a phone),
  // so the guard has the last word again.
  text = std::string(TruncateCodePoints(text, max_code_points));
  for (int pass = 0; pass < kMaxPasses; ++pass) {
    if (!RemoveFindings(guard, &text)) return text;
  }
  return "";
}

SanitizedDescription SanitizeDescription(std::string_view input, const PiiGuard& guard,
                                         size_t max_code_points) {
  // Hidden characters go first so they cannot split a cue word ("微\u200b信"); the clause filter
  // then sees the text as the guard does.
  const std::string clean = Clean(input, max_code_points * 3 + 64);
  FilteredText kept = KeepDescriptiveClauses(clean, guard, max_code_points);
  SanitizedDescription out{SanitizeField(kept.text, guard, max_code_points),
                           std::move(kept.dropped)};
  if (out.text != kept.text && !kept.text.empty()) out.removed.push_back("stray");
  return out;
}

}  // namespace cs::privacy
