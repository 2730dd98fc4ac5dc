// Calendar dates (YYYY-MM-DD, proleptic Gregorian) ⇄ day numbers, for the multi-day summary.
// Kept in the core so the date rules (month lengths, leap years) are unit-tested without gRPC.
//
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "common/clock.h"

namespace cs::crowd {

// Days since 1970-01-01 of a "YYYY-MM-DD" date in 2000..2200; nullopt for any other text,
// including dates that do not exist (2024-02-30, 2023-02-29, 2024-04-31).
std::optional<int64_t> DaysFromDate(const std::string& text);

// "YYYY-MM-DD" of a day number (the inverse of DaysFromDate).
std::string DateOfDays(int64_t days);

// The local date of a venue's local midnight, given as a UTC time point and the venue's UTC
// offset in minutes.
std::string DateText(TimePoint local_midnight_utc, int offset_minutes);

}  // namespace cs::crowd
