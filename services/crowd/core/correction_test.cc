#include "services/crowd/core/correction.h"

#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/crowd/core/ingestor.h"
#include "services/crowd/core/test_venue.h"

namespace cs::crowd {
namespace {

using ::testing::HasSubstr;
using testing::In;

TEST(ClosingTimeTest, LastClosingInBeijingTime) {
  Venue v = testing::SmallVenue();
  // 10:00 local on the 17th: the last closing was 22:00 local on the 16th = 14:00 UTC.
  auto c = LastClosingAtOrBefore(v, testing::FestivalMorning());
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(*c, testing::FestivalMidnight() - std::chrono::hours(2));
  // 22:30 local on the 17th: that evening's closing.
  auto evening = testing::FestivalMidnight() + std::chrono::minutes(22 * 60 + 30);
  EXPECT_EQ(*LastClosingAtOrBefore(v, evening),
            testing::FestivalMidnight() + std::chrono::hours(22));
  v.closing_time = "25:00";
  EXPECT_THAT(LastClosingAtOrBefore(v, evening).status().message(),
              HasSubstr("venue.closing_time"));
  v.closing_time = "22:00";
  v.timezone = "Mars/Olympus";
  EXPECT_THAT(LastClosingAtOrBefore(v, evening).status().message(), HasSubstr("venue.timezone"));
  EXPECT_EQ(*UtcOffsetMinutes("-05:30"), -330);
}

class CorrectionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::vector<GateEvent> batch = {In("main-in", 120, 1, clock_.Now()),
                                    In("pl-pe", 20, 1, clock_.Now())};
    ASSERT_TRUE(ingestor_.Ingest(batch).ok());
  }
  int64_t Occ(const std::string& zone) {
    auto occ = store_.ReadOccupancy("ocean");
    return occ->count(zone) ? occ->at(zone) : 0;
  }

  Venue venue_ = testing::SmallVenue();
  ManualClock clock_{testing::FestivalMorning()};
  InMemoryCrowdStore store_;
  Ingestor ingestor_{venue_, &store_, &clock_};
  Corrector corrector_{venue_, &store_, &clock_};
};

TEST_F(CorrectionTest, ManualCorrectionIsAudited) {
  auto rec = corrector_.Manual("plaza", 90, "desk-07", "turnstile 3 miscounting");
  ASSERT_TRUE(rec.ok()) << rec.status();
  EXPECT_EQ(rec->before, 100);
  EXPECT_EQ(rec->after, 90);
  EXPECT_EQ(Occ("plaza"), 90);
  auto audit = store_.ReadAudit("ocean");
  ASSERT_EQ(audit->size(), 1u);
  EXPECT_EQ((*audit)[0].actor, "desk-07");
  EXPECT_EQ((*audit)[0].before, 100);
  EXPECT_EQ((*audit)[0].kind, CorrectionKind::kManual);
  EXPECT_EQ((*audit)[0].time, clock_.Now());
}

TEST_F(CorrectionTest, ManualCorrectionRejectsBadInputAndChangesNothing) {
  EXPECT_THAT(corrector_.Manual("moon", 1, "a", "r").status().message(), HasSubstr("zone"));
  EXPECT_THAT(corrector_.Manual("plaza", -1, "a", "r").status().message(), HasSubstr("value"));
  EXPECT_THAT(corrector_.Manual("plaza", 1, "", "r").status().message(), HasSubstr("actor"));
  EXPECT_THAT(corrector_.Manual("plaza", 1, "a", "").status().message(), HasSubstr("reason"));
  EXPECT_EQ(Occ("plaza"), 100);
  EXPECT_TRUE(store_.ReadAudit("ocean")->empty());
}

TEST_F(CorrectionTest, ResetAtClosingOncePerClosing) {
  // 10:00: the reset for last night's closing is due (nothing audited yet).
  auto first = corrector_.ResetAtClosing();
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->size(), 3u);
  EXPECT_EQ(Occ("plaza"), 0);
  EXPECT_EQ(Occ("penguin"), 0);
  // People arrive; calling again the same day changes nothing.
  std::vector<GateEvent> batch = {In("main-in", 50, 2, clock_.Now())};
  ASSERT_TRUE(ingestor_.Ingest(batch).ok());
  EXPECT_TRUE(corrector_.ResetAtClosing()->empty());
  EXPECT_EQ(Occ("plaza"), 50);
  // After 22:00 local it resets again.
  clock_.Advance(std::chrono::hours(12) + std::chrono::minutes(1));
  auto night = corrector_.ResetAtClosing();
  ASSERT_EQ(night->size(), 3u);
  EXPECT_EQ((*night)[0].zone, "plaza");
  EXPECT_EQ((*night)[0].before, 50);
  EXPECT_EQ((*night)[0].kind, CorrectionKind::kClosingReset);
  EXPECT_EQ(Occ("plaza"), 0);
}

TEST_F(CorrectionTest, CameraCorrectionUsesTheFusedEstimate) {
  std::vector<DensityReport> reports = {{"cam1/queue", 30, 50, 0.6, 'C', clock_.Now()}};
  ZoneFusion f = FuseZone(venue_, "penguin", Occ("penguin"), reports, clock_.Now());
  ASSERT_TRUE(f.camera_estimate.has_value());
  auto rec = corrector_.FromCamera(f, "desk-02", "camera recount");
  ASSERT_TRUE(rec.ok());
  EXPECT_EQ(rec->before, 20);
  EXPECT_EQ(rec->after, 60);  // 0.6 /m² over 100 m²
  EXPECT_EQ(rec->kind, CorrectionKind::kCamera);
  ZoneFusion none = FuseZone(venue_, "whale", 0, {}, clock_.Now());
  EXPECT_EQ(corrector_.FromCamera(none, "desk-02", "x").status().code(),
            absl::StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace cs::crowd
