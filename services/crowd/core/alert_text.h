// Alert messages in words, in Chinese and English, from the names in the venue config:
// "企鹅馆观景大厅密度 6.0 人/㎡，超过危急线 5.5" / "Penguin Pavilion viewing hall: 6.0 persons/m²,
// over the critical 5.5". The rule id stays a field of the alert for machines; it never appears in
// the words, and neither does a zone or region id (unless the venue config lacks the zone).
// A cleared alert's words say where the level is now ("down to 3.2 persons/m², under ...").
//
// Thread-safety: pure functions.
#pragma once

#include <string>

#include "common/venue.h"
#include "services/crowd/core/alert_log.h"

namespace cs::crowd {

struct Words {
  std::string zh;
  std::string en;
};

// What the alert is about, by name: the zone (with its region's name when the region has one),
// or the venue for a venue-wide alert.
Words SubjectOf(const Venue& venue, const Alert& alert);

// The alert's message, for its state and latest value.
Words DescribeAlert(const Venue& venue, const Alert& alert);

// "1,234": persons are counted with thousands separators in both languages.
std::string WithThousands(int64_t n);

}  // namespace cs::crowd
