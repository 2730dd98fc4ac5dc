#include "services/crowd/core/city_picture.h"

namespace cs::crowd {

absl::StatusOr<std::vector<const Venue*>> VisibleVenues(const City& city,
                                                        const CityViewer& viewer) {
  std::vector<const Venue*> out;
  switch (viewer.role) {
    case CityRole::kCommandCentre:
      for (const auto& v : city.venues) out.push_back(&v);
      return out;
    case CityRole::kVenueDesk:
      if (const Venue* v = city.FindVenue(viewer.venue_id)) {
        out.push_back(v);
        return out;
      }
      return absl::PermissionDeniedError("venue_id: not a venue of this city");
    case CityRole::kOther:
      break;
  }
  return absl::PermissionDeniedError("role: only the command centre and venue desks see occupancy");
}

absl::StatusOr<CityPicture> ReadCityPicture(const City& city, const CityViewer& viewer,
                                            CrowdStore& store, const OpenAlertsOf& alerts,
                                            TimePoint now) {
  auto visible = VisibleVenues(city, viewer);
  if (!visible.ok()) return visible.status();
  CityPicture out;
  out.city_id = city.id;
  out.time = now;
  for (const Venue* venue : *visible) {
    VenueRow row;
    row.venue_id = venue->id;
    auto picture = ReadPicture(*venue, store, now);
    auto open = alerts ? alerts(venue->id) : absl::StatusOr<std::vector<Alert>>(std::vector<Alert>{});
    if (!picture.ok() || !open.ok()) {
      // One venue's shard away must not blank the city: its row says so, the others stand.
      row.error = std::string((!picture.ok() ? picture.status() : open.status()).message());
      ++out.venues_unreadable;
    } else {
      row.picture = *std::move(picture);
      row.open_alerts = *std::move(open);
      out.total_occupancy += row.picture.venue.occupancy;
      out.open_alerts += static_cast<int64_t>(row.open_alerts.size());
    }
    out.venues.push_back(std::move(row));
  }
  return out;
}

}  // namespace cs::crowd
