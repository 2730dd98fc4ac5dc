// A city of venues (issue 17): at T+30 min a missing child's case of one venue is broadcast
// into every other venue's case event log, naming the city's transport hubs there, once per
// venue however many loops (replicas) tick. On a real private redis-server, manual clock.
#include <gtest/gtest.h>

#include <set>

#include "common/redis/hiredis_client.h"
#include "common/testing/redis_server.h"
#include "services/cases/escalation_loop.h"
#include "services/cases/core/test_venue.h"

namespace cs::cases {
namespace {
namespace v1 = crowdsafe::v1;
using std::chrono::minutes;

constexpr int64_t kNowMs = 1'771'300'800'000;

City TestCity() {
  City city;
  city.id = "test-city";
  city.venues.push_back(testing::OceanTestVenue());
  Venue resort;
  resort.id = "resort";
  resort.zones = {{"forecourt", "前广场", "Forecourt", 100, 100, 0, 0}};
  Venue port;
  port.id = "port";
  port.zones = {{"concourse", "大厅", "Concourse", 100, 100, 0, 0},
                {"rail", "铁路站", "Rail", 100, 100, 0, 0}};
  city.venues.push_back(resort);
  city.venues.push_back(port);
  city.hubs = {{"port", "rail"}};
  return city;
}

class CityEscalationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(server_.Start().ok());
    client_ = std::make_unique<HiredisClient>(server_.Config());
    store_ = std::make_unique<RedisCaseStore>(*client_, "ocean");
    for (const char* id : {"ocean", "resort", "port"})
      logs_[id] = std::make_unique<CaseEventLog>(*client_, id);
    options_.schedule.city = &city_;
  }

  std::unique_ptr<EscalationLoop> Loop() {
    auto loop = std::make_unique<EscalationLoop>(city_.venues[0], *store_, *logs_["ocean"],
                                                 clock_, options_);
    loop->SetCityLogs({{"resort", logs_["resort"].get()}, {"port", logs_["port"].get()}});
    return loop;
  }

  void FileMissing(const std::string& id) {
    Case c;
    c.id = id;
    c.kind = CaseKind::kMissing;
    c.state = CaseState::kOpen;
    c.zone_id = "penguin";
    c.filed_at = clock_.Now();
    c.seen_at = clock_.Now();
    ASSERT_TRUE(store_->Put(c, 0).ok());
  }

  std::vector<v1::CaseEvent> EventsOf(const std::string& venue) {
    auto events = logs_[venue]->After("0", 1000);
    EXPECT_TRUE(events.ok()) << events.status();
    return events.ok() ? *events : std::vector<v1::CaseEvent>{};
  }

  cs::testing::RedisServer server_;
  City city_ = TestCity();
  ManualClock clock_{FromMillis(kNowMs)};
  EscalationLoopOptions options_;
  std::unique_ptr<HiredisClient> client_;
  std::unique_ptr<RedisCaseStore> store_;
  std::map<std::string, std::unique_ptr<CaseEventLog>> logs_;
};

TEST_F(CityEscalationTest, AtThirtyMinutesTheCaseReachesEveryOtherVenueOnce) {
  auto loop = Loop();
  auto replica = Loop();  // a second replica of the same venue's service
  FileMissing("case-1");
  clock_.Advance(minutes(29));
  ASSERT_TRUE(loop->Tick().ok());
  EXPECT_TRUE(EventsOf("resort").empty()) << "not before T+30";
  EXPECT_TRUE(EventsOf("port").empty());

  clock_.Advance(minutes(1));
  ASSERT_TRUE(loop->Tick().ok());
  ASSERT_TRUE(replica->Tick().ok());
  clock_.Advance(minutes(1));
  ASSERT_TRUE(replica->Tick().ok());
  ASSERT_TRUE(loop->Tick().ok());

  for (const char* venue : {"resort", "port"}) {
    auto events = EventsOf(venue);
    ASSERT_EQ(events.size(), 1u) << venue << ": once, across both loops";
    EXPECT_EQ(events[0].type(), v1::CASE_EVENT_BROADCAST_VENUE);
    EXPECT_EQ(events[0].case_id(), "case-1");
    EXPECT_EQ(events[0].venue_id(), "ocean") << "names the case's own venue";
  }
  // The hub zone is named in the hub's venue only.
  EXPECT_EQ(EventsOf("port")[0].zone_ids().size(), 1);
  EXPECT_EQ(EventsOf("port")[0].zone_ids(0), "rail");
  EXPECT_TRUE(EventsOf("resort")[0].zone_ids().empty());
  auto stored = store_->Get("case-1");
  ASSERT_TRUE(stored.ok());
  EXPECT_NE(std::find(stored->fired_actions.begin(), stored->fired_actions.end(),
                      "case-1/broadcast-city"),
            stored->fired_actions.end());
}

TEST_F(CityEscalationTest, WithoutACityNothingLeavesTheVenue) {
  options_.schedule.city = nullptr;
  auto loop = Loop();
  FileMissing("case-2");
  clock_.Advance(minutes(45));
  ASSERT_TRUE(loop->Tick().ok());
  EXPECT_TRUE(EventsOf("resort").empty());
  EXPECT_TRUE(EventsOf("port").empty());
  EXPECT_FALSE(EventsOf("ocean").empty()) << "its own venue's broadcasts still go out";
}

// Case keys are {case:<id>}: two venues of one city on one Redis must never hand out the same
// id, and switching to the city's counter must not reuse an id a venue gave out before.
TEST_F(CityEscalationTest, CaseIdsAreUniqueAcrossTheCityAndNeverReused) {
  RedisCaseStore ocean(*client_, "ocean"), resort(*client_, "resort");
  std::set<std::string> before;
  for (int i = 0; i < 3; ++i) before.insert(*ocean.NewId());  // case-1..3, single-venue days
  ASSERT_TRUE(ocean.UseCityIds("zhuhai").ok());
  ASSERT_TRUE(resort.UseCityIds("zhuhai").ok());
  std::set<std::string> ids = before;
  for (int i = 0; i < 5; ++i) {
    for (RedisCaseStore* store : {&ocean, &resort}) {
      auto id = store->NewId();
      ASSERT_TRUE(id.ok()) << id.status();
      EXPECT_TRUE(ids.insert(*id).second) << *id << " handed out twice";
    }
  }
  EXPECT_EQ(ids.size(), 13u);
}

}  // namespace
}  // namespace cs::cases
