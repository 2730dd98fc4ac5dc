// Line and character diffs between two appeal versions, for the review dashboard.
// Thread-safety: pure functions, safe from any thread.
//
// Example:
//   auto ops = CharDiff("身高约100厘米", "身高约105厘米");
//   // {equal "身高约10"}, {delete "0"}, {insert "5"}, {equal "厘米"}
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace cs::appeals {

enum class DiffKind { kEqual, kDelete, kInsert };

struct DiffOp {
  DiffKind kind;
  std::string text;  // UTF-8; for line diffs each op holds whole lines with their '\n'.
  bool operator==(const DiffOp&) const = default;
};

// Diff on UTF-8 code points (never splits a character). A plain LCS after trimming the common
// prefix and suffix. If the changed middle is larger than kMaxDiffCells (both sides multiplied),
// it is reported as one delete plus one insert rather than spending quadratic memory.
std::vector<DiffOp> CharDiff(std::string_view before, std::string_view after);

// Diff on lines (split after '\n'); same algorithm and limit.
std::vector<DiffOp> LineDiff(std::string_view before, std::string_view after);

inline constexpr size_t kMaxDiffCells = 4'000'000;

// Rebuilds one side from a diff: `after` if after_side, otherwise `before`. Used by tests and
// by the dashboard to check a diff is complete.
std::string ApplySide(const std::vector<DiffOp>& ops, bool after_side);

}  // namespace cs::appeals
