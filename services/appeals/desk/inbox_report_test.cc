// The accountability report over hand-made messages: on time, late, overdue and open counts,
// the median response time (odd and even counts), and weeks cut at Monday 00:00 +08:00.
#include "services/appeals/desk/inbox_report.h"

#include "gtest/gtest.h"

namespace cs::appeals {
namespace {

using namespace std::chrono_literals;

// 2026-11-30 is a Monday; 00:00 +08:00 is 2026-11-29 16:00 UTC.
const TimePoint kMonday = FromMillis(1'795'968'000'000);

InboxMessage Msg(const std::string& dept, TimePoint received, Duration deadline_in,
                 std::optional<Duration> answered_after) {
  static int n = 0;
  InboxMessage m;
  m.id = "m" + std::to_string(++n);
  m.department = dept;
  m.received_at = received;
  m.deadline = received + deadline_in;
  if (answered_after) {
    m.answered_at = received + *answered_after;
    m.state = MessageState::kAnswered;
  }
  return m;
}

TEST(InboxReportTest, CountsAndMediansPerDepartment) {
  const TimePoint now = kMonday + 3 * 24h;
  std::vector<InboxMessage> msgs = {
      Msg("security", kMonday + 1h, 30min, 10min),       // on time
      Msg("security", kMonday + 2h, 30min, 50min),       // late
      Msg("security", kMonday + 3h, 30min, 20min),       // on time
      Msg("security", kMonday + 4h, 30min, std::nullopt),  // overdue by now
      Msg("guest_services", kMonday + 1h, 24h, 2h),
      Msg("guest_services", kMonday + 2h, 24h, 4h),
      Msg("guest_services", now - 1h, 24h, std::nullopt),  // open, not yet due
  };
  AccountabilityReport r = BuildAccountabilityReport(msgs, now, 8h);
  ASSERT_EQ(r.departments.size(), 2u);
  const DepartmentAccount& g = r.departments[0];
  const DepartmentAccount& s = r.departments[1];
  EXPECT_EQ(g.department, "guest_services");
  EXPECT_EQ(s.department, "security");
  EXPECT_EQ(s.received, 4);
  EXPECT_EQ(s.answered, 3);
  EXPECT_EQ(s.answered_on_time, 2);
  EXPECT_EQ(s.overdue, 1);
  EXPECT_EQ(s.open, 0);
  EXPECT_EQ(s.median_response, Duration(20min));  // of 10, 20, 50
  EXPECT_EQ(g.median_response, Duration(3h));     // mean of the middle two: 2 h and 4 h
  EXPECT_EQ(g.open, 1);
  EXPECT_EQ(g.overdue, 0);
}

TEST(InboxReportTest, WeeksStartOnMondayMidnightVenueTime) {
  // Sunday 23:30 +08:00 and Monday 00:30 +08:00 fall in different weeks.
  std::vector<InboxMessage> msgs = {
      Msg("security", kMonday - 30min, 30min, 5min),
      Msg("security", kMonday + 30min, 30min, 45min),
      Msg("security", kMonday + 6 * 24h + 23h, 30min, std::nullopt),
  };
  AccountabilityReport r = BuildAccountabilityReport(msgs, kMonday + 30 * 24h, 8h);
  ASSERT_EQ(r.weeks.size(), 2u);
  EXPECT_EQ(r.weeks[0].week_start, kMonday - 7 * 24h);
  EXPECT_EQ(r.weeks[0].answered_on_time, 1);
  EXPECT_EQ(r.weeks[1].week_start, kMonday);
  EXPECT_EQ(r.weeks[1].received, 2);
  EXPECT_EQ(r.weeks[1].answered_late, 1);
  EXPECT_EQ(r.weeks[1].overdue, 1);
  // In UTC both first messages are on Sunday 29 November: the same week.
  AccountabilityReport utc = BuildAccountabilityReport(msgs, kMonday + 30 * 24h, Duration{});
  ASSERT_EQ(utc.weeks.size(), 2u);
  EXPECT_EQ(utc.weeks[0].received, 2);
  EXPECT_TRUE(BuildAccountabilityReport({}, kMonday, 8h).departments.empty());
}

}  // namespace
}  // namespace cs::appeals
