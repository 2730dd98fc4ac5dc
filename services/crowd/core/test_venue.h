// A small venue for the crowd-core tests and benchmark: outside -> plaza -> penguin -> whale.
// Built in code so the tests do not depend on config/. Thread-safety: returns fresh values.
#pragma once

#include "common/clock.h"
#include "common/venue.h"
#include "services/crowd/core/ingest.h"

namespace cs::crowd::testing {

// 2026-02-17 10:00 Beijing time (02:00 UTC), Spring Festival day one.
inline TimePoint FestivalMorning() { return FromMillis(1'771'293'600'000); }
// 2026-02-17 00:00 Beijing time.
inline TimePoint FestivalMidnight() { return FromMillis(1'771'257'600'000); }

inline Venue SmallVenue() {
  Venue v;
  v.id = "ocean";
  v.name_zh = "海洋公园";
  v.name_en = "Ocean Park";
  v.max_capacity = 1000;
  v.best_capacity = 600;
  v.closing_time = "22:00";
  v.zones = {
      {"plaza", "主入口广场", "Main Gate Plaza", 1000, 500, 0, 0},
      {"penguin", "企鹅馆", "Penguin Pavilion", 200, 100, 100, 0},
      {"whale", "鲸鲨馆", "Whale Shark Aquarium", 300, 150, 200, 0},
  };
  v.gates = {
      {"main-in", kOutside, "plaza", 6.0, 4, false, false},
      {"exit", "plaza", kOutside, 4.0, 0, false, true},
      {"pl-pe", "plaza", "penguin", 3.0, 0, false, false},
      {"pe-wh", "penguin", "whale", 2.0, 0, true, false},
  };
  v.cameras = {
      {"cam1", "", {{"cam1/queue", "penguin", 50, "观景大厅", "viewing hall"}, {"cam1/floor", "penguin", 25}}},
      {"cam2", "", {{"cam2/hall", "whale", 0}}},
  };
  return v;
}

inline GateEvent In(const std::string& gate, int64_t count, int64_t seq, TimePoint t) {
  return {gate, Direction::kIn, count, seq, t};
}
inline GateEvent Out(const std::string& gate, int64_t count, int64_t seq, TimePoint t) {
  return {gate, Direction::kOut, count, seq, t};
}

}  // namespace cs::crowd::testing
