// Keeps this replica's match index in step with every replica's writes. Every write to a case
// is announced on the venue's case event stream (case_events.h: FILED after a filing,
// STATE_CHANGED after every other stored write), so a follower that tails the stream and reads
// back the cases it names sees what any replica wrote. The event only says which case changed;
// the case itself is read from the store, so the index gets the stored version, and IndexFeed
// drops reads older than what is already applied (this replica's own writes are applied at
// once, before their events come back).
//
// Staleness bound: a write on another replica reaches this index within one poll period plus
// one read (poll_ms, 50 ms by default; docs/benchmarks.md has the measured lag). Two gaps are
// closed by a full resync (every active case read again): after any failed poll (Redis away,
// the stream trimmed meanwhile), and every `resync` as a backstop for a write whose
// announcement failed (case_service.h: an announcement failure does not fail the write).
//
// Thread-safety: Prime() before Start(); then PollOnce/Resync run on the loop's thread only
// (tests call them directly without starting the loop). The feed is thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "common/periodic_loop.h"
#include "services/cases/case_events.h"
#include "services/cases/index_feed.h"
#include "services/cases/redis_case_store.h"

namespace cs::cases {

struct IndexFollowerOptions {
  std::chrono::milliseconds poll{50};         // how often the event stream is read
  std::chrono::milliseconds resync{300'000};  // a full re-read this often, as a backstop
  int64_t batch = 500;                        // events (and cases) read per round trip
};

class IndexFollower {
 public:
  IndexFollower(CaseEventLog& events, RedisCaseStore& store, IndexFeed& feed,
                IndexFollowerOptions options = {});
  ~IndexFollower();  // Stop()

  // Takes the stream's newest cursor, then reads every active case into the index. Events
  // after that cursor are read by the loop, so a write made meanwhile is not missed (it may be
  // read twice; the feed applies it once). Returns how many active cases were indexed. An
  // error when Redis cannot answer: the caller retries (an empty index answers "no match").
  absl::StatusOr<size_t> Prime();
  void Start();
  void Stop();

  // Reads the events after the cursor until none are left and applies the cases they name;
  // runs the full resync first when one is owed. Returns how many cases changed the index.
  absl::StatusOr<size_t> PollOnce();
  // Reads every active case, and every case now indexed here, and applies each. Returns how
  // many active cases were read.
  absl::StatusOr<size_t> Resync();

 private:
  void Run();  // one loop period: PollOnce, errors logged

  CaseEventLog& events_;
  RedisCaseStore& store_;
  IndexFeed& feed_;
  const IndexFollowerOptions options_;
  // Loop thread only (and Prime, before Start).
  std::string cursor_ = "0";
  bool resync_owed_ = true;
  int64_t polls_since_resync_ = 0;
  PeriodicLoop loop_;
};

}  // namespace cs::cases
