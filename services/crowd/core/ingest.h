// Gate-event validation and exactly-once sequencing, as a pure function: given the trackers of
// the gates in a batch and the batch, PlanBatch returns everything a store must write atomically.
//
// Thread-safety: free functions over values; no shared state.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "common/clock.h"
#include "common/venue.h"

namespace cs::crowd {

enum class Direction { kIn, kOut };

struct GateEvent {
  std::string gate_id;
  Direction direction = Direction::kIn;
  int64_t count = 0;     // persons, >= 1
  int64_t seq = 0;       // per gate, starts at 1
  TimePoint event_time;  // when the turnstile counted, wall clock
};

struct IngestLimits {
  Duration max_future_skew = std::chrono::minutes(5);  // event_time may run this far ahead of now
  Duration max_age = std::chrono::hours(24);           // and lag this far behind
  size_t max_batch = 10'000;
  // One event counts the people of one turnstile pass or one controller tick: a turnstile moves
  // about 11 people a minute (Green Guide), so 1,000 in one event is a fault, not a crowd.
  int64_t max_count = 1'000;
  int64_t window = 4096;  // out-of-order window per gate, in seqs
};

// Per gate: every seq <= contiguous is stored; `above` holds stored seqs beyond it (each in
// contiguous+2 .. contiguous+window, so the set is bounded by the window).
struct GateSeqState {
  int64_t contiguous = 0;
  std::set<int64_t> above;
  bool operator==(const GateSeqState&) const = default;
};
using SeqState = std::map<std::string, GateSeqState>;  // by gate id; absent = fresh gate

struct InOut {
  int64_t in = 0;
  int64_t out = 0;
  bool operator==(const InOut&) const = default;
};

// (gate or zone id, minute index = epoch minutes UTC)
using MinuteKey = std::pair<std::string, int64_t>;

// The pseudo-zone id under which venue-wide minutes are kept: in = entries from outside,
// out = exits to outside, peak = people inside any zone.
inline constexpr const char* kVenueKey = "_venue";

inline int64_t MinuteOf(TimePoint t) {
  int64_t ms = ToMillis(t);
  return ms >= 0 ? ms / 60'000 : (ms - 59'999) / 60'000;
}
inline TimePoint MinuteStart(int64_t minute) { return FromMillis(minute * 60'000); }

// What a store applies, all or nothing, for one batch.
struct BatchPlan {
  std::vector<size_t> accepted;                    // indexes into the batch, new events only
  int64_t duplicates = 0;                          // replays and repeats, counted once already
  std::map<MinuteKey, InOut> gate_minutes;         // by the minute of each event's event_time
  std::map<MinuteKey, InOut> zone_minutes;         // zones plus kVenueKey
  std::map<std::string, int64_t> occupancy_delta;  // by zone (kOutside never appears)
  SeqState new_state;                              // trackers of the gates the batch touched
  int64_t apply_minute = 0;                        // minute of `now`: where peaks are recorded
};

// Adds to `deltas` the occupancy moves of `count` people through `gate` in `dir`.
void AddMove(const Gate& gate, Direction dir, int64_t count,
             std::map<std::string, int64_t>& deltas);

// Validates the batch as a whole and sequences it against `state` (which need hold only the
// gates in the batch). Any bad event rejects the batch with InvalidArgument naming the field
// and index, e.g. "events[3].count: must be >= 1". Duplicates are not errors.
absl::StatusOr<BatchPlan> PlanBatch(const Venue& venue, const SeqState& state,
                                    std::span<const GateEvent> events, TimePoint now,
                                    const IngestLimits& limits = {});

// The acknowledgement: per gate the highest contiguous seq stored.
std::map<std::string, int64_t> AckOf(const SeqState& state);

}  // namespace cs::crowd
