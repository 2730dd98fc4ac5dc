// Fuzz target for gate-event batch validation and sequencing (services/crowd/core/ingest.h),
// the exactly-once heart of crowd-service. The bytes are a run of events (gate, direction,
// count, seq, event time around now) planned twice: against a fresh tracker and, when that
// succeeds, against the state it produced, as a replay would. Whatever PlanBatch accepts must
// balance (accepted + duplicates = events, minutes sum to the accepted counts), a replay must
// accept nothing, and a refusal must name the field.
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "fuzz/fuzz_input.h"
#include "services/crowd/core/ingest.h"
#include "services/crowd/core/test_venue.h"

namespace {

using cs::crowd::GateEvent;
using cs::crowd::PlanBatch;

const cs::Venue& TheVenue() {
  static const cs::Venue* venue = new cs::Venue(cs::crowd::testing::SmallVenue());
  return *venue;
}

int64_t CountedIn(const std::map<cs::crowd::MinuteKey, cs::crowd::InOut>& minutes,
                  const cs::Venue& venue) {
  int64_t total = 0;
  for (const auto& [key, io] : minutes) {
    if (venue.FindGate(key.first) != nullptr) total += io.in + io.out;
  }
  return total;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const cs::Venue& venue = TheVenue();
  const cs::TimePoint now = cs::crowd::testing::FestivalMorning();
  cs::fuzz::ByteReader in(data, size);
  std::vector<GateEvent> events;
  // 16 bytes an event; a batch of at most 256 here (the limit itself is tested in ingest_test).
  while (in.Rest().size() >= 16 && events.size() < 256) {
    GateEvent e;
    const auto gate = in.Take<uint8_t>();
    e.gate_id = gate < venue.gates.size() ? venue.gates[gate].id
                                          : std::string(in.Rest().substr(0, gate % 5));
    e.direction = (in.Take<uint8_t>() & 1) ? cs::crowd::Direction::kOut : cs::crowd::Direction::kIn;
    e.count = in.Take<int16_t>();
    e.seq = in.Take<int32_t>();
    // Minutes around now: within and beyond the accepted skew and age, on both sides.
    e.event_time = now + std::chrono::seconds(in.Take<int32_t>() % (3 * 24 * 3600));
    in.Take<int32_t>();  // reserved, keeps events 16 bytes apart
    events.push_back(std::move(e));
  }
  auto plan = PlanBatch(venue, {}, events, now);
  if (!plan.ok()) {
    if (plan.status().code() != absl::StatusCode::kInvalidArgument) __builtin_trap();
    if (plan.status().message().substr(0, 6) != "events") __builtin_trap();
    return 0;
  }
  if (plan->accepted.size() + static_cast<size_t>(plan->duplicates) != events.size()) {
    __builtin_trap();
  }
  int64_t accepted_people = 0;
  for (size_t i : plan->accepted) {
    if (i >= events.size()) __builtin_trap();
    accepted_people += events[i].count;
  }
  if (CountedIn(plan->gate_minutes, venue) != accepted_people) __builtin_trap();
  // Exactly once: the same batch against the state it produced adds nothing.
  auto replay = PlanBatch(venue, plan->new_state, events, now);
  if (!replay.ok() || !replay->accepted.empty() ||
      replay->duplicates != static_cast<int64_t>(events.size())) {
    __builtin_trap();
  }
  return 0;
}
