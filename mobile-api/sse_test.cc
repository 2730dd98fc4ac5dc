#include "mobile-api/sse.h"

#include <gtest/gtest.h>

#include "crowdsafe/v1/cases.pb.h"

namespace cs::api {
namespace {

TEST(SseTest, FormatsOneEventPerBlock) {
  EXPECT_EQ(SseEvent("1700-0", "alert", "{\"a\":1}"),
            "id: 1700-0\nevent: alert\ndata: {\"a\":1}\n\n");
  // A newline can never split one event into two.
  EXPECT_EQ(SseEvent("", "x", "a\nid: 9\n\nb"), "event: x\ndata: a id: 9  b\n\n");
  EXPECT_EQ(SseComment("keep-alive"), ": keep-alive\n\n");
}

TEST(SseTest, ResumeCursorPrefersHeaderAndValidates) {
  EXPECT_EQ(*ResumeCursor("1700-1", "1600-0"), "1700-1");
  EXPECT_EQ(*ResumeCursor("", "1600-0"), "1600-0");
  EXPECT_EQ(*ResumeCursor("", ""), "");
  EXPECT_EQ(std::string(ResumeCursor("a b", "").status().message()),
            "Last-Event-ID: not an event id");
  EXPECT_EQ(std::string(ResumeCursor("", "x\ny").status().message()),
            "last_event_id: not an event id");
  EXPECT_FALSE(ResumeCursor(std::string(65, '1'), "").ok());
}

TEST(SseTest, CaseEventsFilteredByZoneAndRole) {
  crowdsafe::v1::CaseEvent e;
  e.set_type(crowdsafe::v1::CASE_EVENT_BROADCAST_ZONE);
  e.add_zone_ids("penguin");
  e.add_zone_ids("plaza");
  EXPECT_TRUE(CaseEventVisible(e, Role::kPatrol, {"penguin"}));
  EXPECT_FALSE(CaseEventVisible(e, Role::kPatrol, {"whale"}));
  EXPECT_TRUE(CaseEventVisible(e, Role::kPatrol, {}));  // venue-wide officer
  EXPECT_TRUE(CaseEventVisible(e, Role::kDesk, {"whale"}));
  EXPECT_FALSE(CaseEventVisible(e, Role::kPress, {}));
  e.clear_zone_ids();  // venue-wide broadcast (T+10 min)
  EXPECT_TRUE(CaseEventVisible(e, Role::kPatrol, {"whale"}));
  e.set_type(crowdsafe::v1::CASE_EVENT_APPEAL_REQUESTED);
  EXPECT_FALSE(CaseEventVisible(e, Role::kPatrol, {}));
}

}  // namespace
}  // namespace cs::api
