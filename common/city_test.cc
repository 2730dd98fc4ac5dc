#include "common/city.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>

#include "common/redis/cluster_slot.h"
#include "common/redis/redis_keys.h"

namespace cs {
namespace {

std::string Venues() {
  const char* src = std::getenv("CS_SOURCE_DIR");
  return std::string(src != nullptr ? src : ".") + "/config/venues";
}

TEST(CityConfig, ZhuhaiHasThreeVenuesEachWithZonesGatesAndCameras) {
  auto city = LoadCity(Venues() + "/zhuhai.yaml");
  ASSERT_TRUE(city.ok()) << city.status();
  EXPECT_EQ(city->id, "zhuhai");
  ASSERT_EQ(city->venues.size(), 3u);
  EXPECT_NE(city->FindVenue("ocean"), nullptr);
  for (const Venue& v : city->venues) {
    EXPECT_FALSE(v.zones.empty()) << v.id;
    EXPECT_FALSE(v.gates.empty()) << v.id;
    EXPECT_FALSE(v.cameras.empty()) << v.id;
    EXPECT_FALSE(v.ExitGates().empty()) << v.id << ": T+10 watches its exits";
    EXPECT_FALSE(v.lost_child_centre.zone_id.empty()) << v.id;
  }
  ASSERT_FALSE(city->hubs.empty());
  for (const auto& hub : city->hubs) {
    const Venue* v = city->FindVenue(hub.venue_id);
    ASSERT_NE(v, nullptr);
    EXPECT_NE(v->FindZone(hub.zone_id), nullptr);
  }
}

// Partitioned by venue: each venue's keys share its own hash tag, so one slot per venue, and
// the three venues are three different slots (a cluster may put them on different primaries).
TEST(CityConfig, EachVenueIsItsOwnClusterSlot) {
  auto city = LoadCity(Venues() + "/zhuhai.yaml");
  ASSERT_TRUE(city.ok()) << city.status();
  std::set<int> slots;
  for (const Venue& v : city->venues) {
    const int slot = KeySlot(VenueKey(v.id, "occ"));
    EXPECT_EQ(KeySlot(VenueKey(v.id, "case-events")), slot) << v.id;
    slots.insert(slot);
  }
  EXPECT_EQ(slots.size(), city->venues.size());
}

class CityErrors : public ::testing::Test {
 protected:
  // A city file beside the real venue files, so their relative names resolve.
  std::string base_ = Venues() + "/city-under-test.yaml";
};

TEST_F(CityErrors, DuplicateVenueIsRefusedNamingTheField) {
  auto city = ParseCity(
      "city: {id: c, name_zh: 城, name_en: C, venues: [ocean.yaml, ocean.yaml]}\n", base_);
  ASSERT_FALSE(city.ok());
  EXPECT_EQ(city.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(city.status().message().find("venues"), std::string::npos) << city.status();
}

TEST_F(CityErrors, HubInAnUnknownZoneIsRefused) {
  auto city = ParseCity(
      "city:\n  id: c\n  name_zh: 城\n  name_en: C\n  venues: [ocean.yaml]\n"
      "  transport_hubs: [{venue: ocean, zone: no-such-zone}]\n",
      base_);
  ASSERT_FALSE(city.ok());
  EXPECT_EQ(city.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(city.status().message().find("zone"), std::string::npos) << city.status();
  EXPECT_EQ(city.status().message().find("no-such-zone"), std::string::npos)
      << "the value is not echoed";
}

TEST_F(CityErrors, HubInAVenueOutsideTheCityIsRefused) {
  auto city = ParseCity(
      "city:\n  id: c\n  name_zh: 城\n  name_en: C\n  venues: [ocean.yaml]\n"
      "  transport_hubs: [{venue: hengqin-port, zone: rail}]\n",
      base_);
  ASSERT_FALSE(city.ok());
  EXPECT_NE(city.status().message().find("venue"), std::string::npos) << city.status();
}

TEST_F(CityErrors, ACityWithoutVenuesIsRefused) {
  auto city = ParseCity("city: {id: c, name_zh: 城, name_en: C, venues: []}\n", base_);
  ASSERT_FALSE(city.ok());
  EXPECT_EQ(city.status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace cs
