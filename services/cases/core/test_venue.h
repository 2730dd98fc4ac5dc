// A small ocean-park venue for the case-core tests and benchmark (not the config/ one, so the
// tests do not depend on config files). Thread-safety: returns a fresh value.
#pragma once

#include "common/venue.h"

namespace cs::cases::testing {

// plaza -- parade -- penguin -- whale ; parade -- polar -- theatre. Zones ~150-300 m apart.
inline Venue OceanTestVenue() {
  Venue v;
  v.id = "ocean";
  v.name_zh = "海洋公园";
  v.name_en = "Ocean Park";
  v.zones = {
      {"plaza", "主入口广场", "Main Gate Plaza", 20000, 8000, 0, 0},
      {"parade", "巡游大街", "Parade Street", 15000, 6000, 250, 0},
      {"penguin", "企鹅馆", "Penguin Pavilion", 3000, 2500, 450, 100},
      {"whale", "鲸鲨馆", "Whale Shark Aquarium", 4000, 3000, 650, 150},
      {"polar", "极地熊区", "Polar Bear Zone", 3000, 2500, 400, -150},
      {"theatre", "海洋剧场", "Ocean Theatre", 5000, 3000, 600, -300},
      {"island", "孤岛", "Closed Island", 10, 10, 5000, 5000},  // no gates: unreachable
  };
  v.gates = {
      {"main-t01", kOutside, "plaza", 1.0, 1, false, true},
      {"main-exit", "plaza", kOutside, 6.0, 0, false, true},
      {"p-pa", "plaza", "parade", 10, 0, false, false},
      {"pa-pe", "parade", "penguin", 6, 0, false, false},
      {"pe-wh", "penguin", "whale", 4, 0, false, false},
      {"pa-po", "parade", "polar", 6, 0, false, false},
      {"po-th", "polar", "theatre", 5, 0, false, false},
      {"th-exit", "theatre", kOutside, 4, 0, false, true},
  };
  return v;
}

}  // namespace cs::cases::testing
