// IndexFeed: the stored version orders what reaches the match index, so a stale read (a
// follower that read a case just before this replica wrote it) never overwrites a newer one.
#include "services/cases/index_feed.h"

#include <gtest/gtest.h>

#include "services/cases/core/test_venue.h"

namespace cs::cases {
namespace {

Case Report(const std::string& id, CaseKind kind, int64_t version, CaseState state) {
  Case c;
  c.id = id;
  c.kind = kind;
  c.version = version;
  c.state = state;
  c.child.sex = Sex::kMale;
  c.child.age_min = c.child.age_max = 5;
  c.child.height_cm = 110;
  c.zone_id = kind == CaseKind::kMissing ? "penguin" : "whale";
  c.seen_at = c.filed_at = FromMillis(1'770'000'000'000);
  return c;
}

class IndexFeedTest : public ::testing::Test {
 protected:
  bool Indexed(const std::string& id) { return index_.MatchIndexed(id).has_value(); }

  Venue venue_ = testing::OceanTestVenue();
  MatchIndex index_{venue_};
  IndexFeed feed_{index_};
};

TEST_F(IndexFeedTest, NewerVersionsApplyOlderOnesDoNot) {
  EXPECT_TRUE(feed_.Apply(Report("case-1", CaseKind::kMissing, 1, CaseState::kOpen)));
  EXPECT_TRUE(Indexed("case-1"));
  EXPECT_FALSE(feed_.Apply(Report("case-1", CaseKind::kMissing, 1, CaseState::kOpen)))
      << "the same version twice (own write, then its event) is applied once";
  EXPECT_TRUE(feed_.Apply(Report("case-1", CaseKind::kMissing, 3, CaseState::kCancelled)));
  EXPECT_FALSE(Indexed("case-1"));
  // A follower's read of version 2 (still open) arrives after the cancel at version 3.
  EXPECT_FALSE(feed_.Apply(Report("case-1", CaseKind::kMissing, 2, CaseState::kOpen)));
  EXPECT_FALSE(Indexed("case-1")) << "a stale read brought a cancelled case back";
  EXPECT_EQ(index_.size(), 0u);
}

TEST_F(IndexFeedTest, IndexedIdsAreWhatTheIndexHolds) {
  feed_.Apply(Report("case-1", CaseKind::kMissing, 1, CaseState::kOpen));
  feed_.Apply(Report("case-2", CaseKind::kFound, 1, CaseState::kOpen));
  feed_.Apply(Report("case-2", CaseKind::kFound, 2, CaseState::kCancelled));
  EXPECT_EQ(feed_.IndexedIds(), std::vector<std::string>{"case-1"});
  feed_.Drop("case-1");
  EXPECT_FALSE(Indexed("case-1"));
  EXPECT_TRUE(feed_.IndexedIds().empty());
  EXPECT_FALSE(feed_.Apply(Report("case-1", CaseKind::kMissing, 1, CaseState::kOpen)))
      << "dropped, but its version is remembered";
}

}  // namespace
}  // namespace cs::cases
