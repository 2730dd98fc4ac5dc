// Description sets for the lost-child matching bench: the JSON shape of
// ../shared/data/descriptions/pairs.json (children with a guardian's missing report and an
// officer's found report, plus distractor missing reports), read into case-service requests,
// and the noise each true pair carries (for "misses by cause"). Bench-only code.
// Thread-safety: plain values and pure functions.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/clock.h"
#include "common/venue.h"
#include "crowdsafe/v1/cases.pb.h"

namespace cs::bench {

struct DescribedReport {
  crowdsafe::v1::ChildDescription child;
  std::string zone_id;
  double minutes_after_open = 0;  // when the report was made
  double last_seen_minutes = -1;  // missing only: the guardian's estimate of last seen
  bool english = false;           // written in English (most of its letters are ASCII)
};

struct DescribedChild {
  std::string id;
  DescribedReport missing, found;
};

struct DescriptionSet {
  std::vector<DescribedChild> children;
  std::vector<DescribedReport> distractors;  // missing reports of other children
  double max_minutes = 0;                    // the latest time any report mentions
};

// Reads a set in pairs.json's shape. Fields it does not know are ignored; a report without
// zone_id or minutes_after_open is an error naming it.
absl::StatusOr<DescriptionSet> LoadDescriptionSet(const std::string& path);

// Pads `set`'s distractors up to `distractors` with missing reports from `pad` (its distractors
// first, then its children's missing reports, which are other children too), in the order the
// file gives them. Their times are scaled onto `set`'s time span, so the padding lies in the
// same hours as the hand-written reports and cannot be told apart by time alone. Returns how
// many were added; fewer than asked when `pad` runs out.
size_t PadDistractors(DescriptionSet* set, const DescriptionSet& pad, size_t distractors);

// The noise a true pair carries, as the misses-by-cause table names it. Computed from the
// data alone (never from the matcher's output).
std::vector<std::string> NoiseOf(const DescribedChild& c, const Venue& venue);

}  // namespace cs::bench
