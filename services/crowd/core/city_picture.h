// The command centre's picture of a city of venues (common/city.h; issue 17): every venue's
// occupancy picture and open alerts, and the city's total, read venue by venue (each venue's
// data is its own hash tag, so on a Redis Cluster each read goes to that venue's primary and a
// lost primary takes out one venue's row, not the picture).
//
// Who sees what: the command centre sees every venue; a venue desk sees its own venue only; any
// other role, or a desk of a venue outside the city, is refused (PERMISSION_DENIED).
//
// Thread-safety: pure functions, except ReadCityPicture, which calls the store and the alert
// source (as thread-safe as they are).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/city.h"
#include "services/crowd/core/alert_log.h"
#include "services/crowd/core/crowd_store.h"
#include "services/crowd/core/occupancy.h"

namespace cs::crowd {

enum class CityRole { kCommandCentre, kVenueDesk, kOther };

struct CityViewer {
  CityRole role = CityRole::kOther;
  std::string venue_id;  // the desk's venue; ignored for the command centre
};

// The venues `viewer` may see, in city order.
absl::StatusOr<std::vector<const Venue*>> VisibleVenues(const City& city, const CityViewer& viewer);

struct VenueRow {
  std::string venue_id;
  // Occupancy and open alerts; `error` set (and the rest empty) when this venue could not be
  // read: the other venues' rows are still shown.
  OccupancyPicture picture;
  std::vector<Alert> open_alerts;
  std::string error;
};

struct CityPicture {
  std::string city_id;
  TimePoint time;
  std::vector<VenueRow> venues;
  int64_t total_occupancy = 0;  // over the rows read
  int64_t open_alerts = 0;
  int venues_unreadable = 0;
};

// The open (not cleared) alerts of one venue.
using OpenAlertsOf = std::function<absl::StatusOr<std::vector<Alert>>(const std::string& venue_id)>;

absl::StatusOr<CityPicture> ReadCityPicture(const City& city, const CityViewer& viewer,
                                            CrowdStore& store, const OpenAlertsOf& alerts,
                                            TimePoint now);

}  // namespace cs::crowd
