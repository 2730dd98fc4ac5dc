#include "services/crowd/core/city_picture.h"

#include <gtest/gtest.h>

namespace cs::crowd {
namespace {

Venue OneZoneVenue(const std::string& id, int64_t capacity) {
  Venue v;
  v.id = id;
  v.max_capacity = capacity;
  v.best_capacity = capacity * 8 / 10;
  v.zones = {{"z", "区", "Zone", capacity, 1000, 0, 0}};
  v.gates = {{"g", kOutside, "z", 4, 4, false, true}};
  return v;
}

class CityPictureTest : public ::testing::Test {
 protected:
  void SetUp() override {
    city_.id = "zhuhai";
    city_.venues = {OneZoneVenue("ocean", 1000), OneZoneVenue("resort", 500),
                    OneZoneVenue("port", 300)};
    Put("ocean", 900);
    Put("resort", 100);
    Put("port", 300);
  }
  void Put(const std::string& venue, int64_t n) {
    ASSERT_TRUE(store_.SetOccupancy(venue, "z", n, AuditRecord{now_, "test", "z", 0, n, "seed",
                                                                CorrectionKind::kManual})
                    .ok());
  }
  absl::StatusOr<std::vector<Alert>> Alerts(const std::string& venue) {
    if (venue == broken_) return absl::UnavailableError("redis cluster: slot not served");
    std::vector<Alert> out;
    if (venue == "ocean") {
      Alert a;
      a.id = "a1";
      a.venue = "ocean";
      a.rule = "capacity.orange";
      out.push_back(a);
    }
    return out;
  }
  absl::StatusOr<CityPicture> Read(CityViewer viewer) {
    return ReadCityPicture(city_, viewer, store_,
                           [this](const std::string& v) { return Alerts(v); }, now_);
  }

  City city_;
  InMemoryCrowdStore store_;
  TimePoint now_ = FromMillis(1'771'300'800'000);
  std::string broken_;
};

TEST_F(CityPictureTest, TheCommandCentreSeesEveryVenueAndTheCityTotal) {
  auto p = Read({CityRole::kCommandCentre, ""});
  ASSERT_TRUE(p.ok()) << p.status();
  ASSERT_EQ(p->venues.size(), 3u);
  EXPECT_EQ(p->total_occupancy, 1300);
  EXPECT_EQ(p->open_alerts, 1);
  EXPECT_EQ(p->venues[0].picture.venue.tier, CapacityTier::kOrange);
  EXPECT_EQ(p->venues[2].picture.venue.tier, CapacityTier::kRed);
}

TEST_F(CityPictureTest, AVenueDeskSeesItsOwnVenueOnly) {
  auto p = Read({CityRole::kVenueDesk, "resort"});
  ASSERT_TRUE(p.ok()) << p.status();
  ASSERT_EQ(p->venues.size(), 1u);
  EXPECT_EQ(p->venues[0].venue_id, "resort");
  EXPECT_EQ(p->total_occupancy, 100);
  EXPECT_EQ(p->open_alerts, 0);
}

TEST_F(CityPictureTest, OtherRolesAndForeignDesksAreRefused) {
  EXPECT_EQ(Read({CityRole::kOther, "ocean"}).status().code(), absl::StatusCode::kPermissionDenied);
  auto foreign = Read({CityRole::kVenueDesk, "macau-tower"});
  EXPECT_EQ(foreign.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(foreign.status().message().find("macau-tower"), std::string::npos) << "not echoed";
}

// A venue whose shard is away (its primary lost, not yet failed over) shows as unreadable; the
// rest of the city stays on the screen.
TEST_F(CityPictureTest, OneUnreadableVenueDoesNotBlankTheCity) {
  broken_ = "resort";
  auto p = Read({CityRole::kCommandCentre, ""});
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->venues_unreadable, 1);
  EXPECT_FALSE(p->venues[1].error.empty());
  EXPECT_EQ(p->total_occupancy, 1200);
}

}  // namespace
}  // namespace cs::crowd
