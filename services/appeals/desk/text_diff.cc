#include "services/appeals/desk/text_diff.h"

#include <algorithm>
#include <cstdint>

#include "common/text/utf8.h"

namespace cs::appeals {
namespace {

// Appends an op, merging with the previous one of the same kind so output stays compact.
void Push(std::vector<DiffOp>& ops, DiffKind kind, const std::string& text) {
  if (text.empty()) return;
  if (!ops.empty() && ops.back().kind == kind) {
    ops.back().text += text;
  } else {
    ops.push_back({kind, text});
  }
}

// Generic LCS diff over tokens; `render` turns a token back into text.
template <typename T, typename Render>
std::vector<DiffOp> DiffTokens(const std::vector<T>& a, const std::vector<T>& b, Render render) {
  std::vector<DiffOp> ops;
  size_t prefix = 0;
  while (prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix]) ++prefix;
  size_t suffix = 0;
  while (suffix < a.size() - prefix && suffix < b.size() - prefix &&
         a[a.size() - 1 - suffix] == b[b.size() - 1 - suffix]) {
    ++suffix;
  }
  auto span = [&](const std::vector<T>& v, size_t from, size_t to) {
    std::string s;
    for (size_t i = from; i < to; ++i) s += render(v[i]);
    return s;
  };
  Push(ops, DiffKind::kEqual, span(a, 0, prefix));
  const size_t n = a.size() - prefix - suffix;
  const size_t m = b.size() - prefix - suffix;
  if (n == 0 || m == 0 || n * m > kMaxDiffCells) {
    Push(ops, DiffKind::kDelete, span(a, prefix, prefix + n));
    Push(ops, DiffKind::kInsert, span(b, prefix, prefix + m));
  } else {
    // lcs[i][j] = LCS length of a[i..n) and b[j..m) (offset by prefix); walk forward after.
    std::vector<uint32_t> lcs((n + 1) * (m + 1), 0);
    auto at = [&](size_t i, size_t j) -> uint32_t& { return lcs[i * (m + 1) + j]; };
    for (size_t i = n; i-- > 0;) {
      for (size_t j = m; j-- > 0;) {
        at(i, j) = a[prefix + i] == b[prefix + j] ? at(i + 1, j + 1) + 1
                                                  : std::max(at(i + 1, j), at(i, j + 1));
      }
    }
    size_t i = 0, j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && a[prefix + i] == b[prefix + j]) {
        Push(ops, DiffKind::kEqual, render(a[prefix + i]));
        ++i;
        ++j;
      } else if (i < n && (j == m || at(i + 1, j) >= at(i, j + 1))) {
        // Deletions first, as readers expect "-old +new".
        Push(ops, DiffKind::kDelete, render(a[prefix + i]));
        ++i;
      } else {
        Push(ops, DiffKind::kInsert, render(b[prefix + j]));
        ++j;
      }
    }
  }
  Push(ops, DiffKind::kEqual, span(a, a.size() - suffix, a.size()));
  return ops;
}

std::vector<std::string_view> SplitLines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    size_t end = nl == std::string_view::npos ? text.size() : nl + 1;
    lines.push_back(text.substr(start, end - start));
    start = end;
  }
  return lines;
}

}  // namespace

std::vector<DiffOp> CharDiff(std::string_view before, std::string_view after) {
  auto render = [](char32_t cp) {
    std::string s;
    AppendUtf8(cp, s);
    return s;
  };
  const std::u32string a = DecodeUtf8(before), b = DecodeUtf8(after);
  return DiffTokens(std::vector<char32_t>(a.begin(), a.end()),
                    std::vector<char32_t>(b.begin(), b.end()), render);
}

std::vector<DiffOp> LineDiff(std::string_view before, std::string_view after) {
  auto render = [](std::string_view line) { return std::string(line); };
  return DiffTokens(SplitLines(before), SplitLines(after), render);
}

std::string ApplySide(const std::vector<DiffOp>& ops, bool after_side) {
  std::string out;
  for (const auto& op : ops) {
    if (op.kind == DiffKind::kEqual || (op.kind == DiffKind::kInsert) == after_side) out += op.text;
  }
  return out;
}

}  // namespace cs::appeals
