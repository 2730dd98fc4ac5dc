#include "services/cases/core/matcher.h"

#include <gtest/gtest.h>

#include "services/cases/core/test_venue.h"

namespace cs::cases {
namespace {

const FeatureScore* Feature(const Candidate& c, const std::string& name) {
  for (const auto& f : c.features)
    if (f.feature == name) return &f;
  return nullptr;
}

bool HasWarning(const Candidate& c, const std::string& needle) {
  for (const auto& w : c.warnings)
    if (w.find(needle) != std::string::npos) return true;
  return false;
}

class MatcherTest : public ::testing::Test {
 protected:
  Venue venue_ = testing::OceanTestVenue();
  TimePoint t0_ = FromMillis(1'770'000'000'000);

  Case Missing(const std::string& id, Sex sex, int age, int height, const char* top,
               const char* bottom, const char* shoes, const char* zone = "penguin") {
    Case c;
    c.id = id;
    c.kind = CaseKind::kMissing;
    c.child.sex = sex;
    c.child.age_min = c.child.age_max = age;
    c.child.height_cm = height;
    c.child.clothing.top.text = top;
    c.child.clothing.bottom.text = bottom;
    c.child.clothing.shoes.text = shoes;
    c.child.features = "戴眼镜，左脸有痣";
    c.child.language = "普通话";
    c.zone_id = zone;
    c.seen_at = t0_;
    c.filed_at = t0_ + std::chrono::minutes(5);
    return c;
  }
  Case Found(const std::string& id, Sex sex, int age_lo, int age_hi, int height, const char* top,
             const char* bottom, const char* shoes, const char* zone = "whale",
             Duration after = std::chrono::minutes(20)) {
    Case c;
    c.id = id;
    c.kind = CaseKind::kFound;
    c.child.sex = sex;
    c.child.age_min = age_lo;
    c.child.age_max = age_hi;
    c.child.height_cm = height;
    c.child.height_tolerance_cm = 5;
    c.child.clothing.top.colour_words = top;
    c.child.clothing.bottom.colour_words = bottom;
    c.child.clothing.shoes.colour_words = shoes;
    c.child.features = "脸上有颗痣 戴眼镜";
    c.child.language = "mandarin";
    c.zone_id = zone;
    c.seen_at = t0_ + after;
    c.filed_at = c.seen_at;
    return c;
  }
};

TEST_F(MatcherTest, RanksTheTrueChildFirstAndExplains) {
  MatchIndex index(venue_);
  index.Upsert(Missing("m-1", Sex::kMale, 5, 110, "藏青色外套", "黑色裤子", "白色运动鞋"));
  index.Upsert(Missing("m-2", Sex::kFemale, 9, 135, "粉红连衣裙", "粉色裙子", "红色凉鞋"));
  index.Upsert(Missing("m-3", Sex::kMale, 5, 112, "黄色T恤", "绿色短裤", "黑色鞋"));
  const Case query = Found("f-1", Sex::kMale, 4, 6, 115, "navy", "black", "white");
  auto out = index.Match(query, 3);
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0].case_id, "m-1");
  EXPECT_GT(out[0].total, out[1].total);
  EXPECT_GT(out[0].total, 0.8);
  const FeatureScore* shoes = Feature(out[0], "shoes");
  ASSERT_NE(shoes, nullptr);
  EXPECT_DOUBLE_EQ(shoes->score, 1.0);
  EXPECT_GT(shoes->weight, Feature(out[0], "top")->weight);  // shoes weigh more
  EXPECT_NE(Feature(out[0], "height")->explanation.find("115"), std::string::npos);
  EXPECT_DOUBLE_EQ(Feature(out[0], "language")->score, 1.0);  // 普通话 == mandarin
  EXPECT_GT(Feature(out[0], "features")->score, 0.5);
  EXPECT_TRUE(out[0].warnings.empty());
}

TEST_F(MatcherTest, SexMismatchWarnsButDoesNotExclude) {
  MatchIndex index(venue_);
  index.Upsert(Missing("m-1", Sex::kFemale, 5, 110, "藏青色外套", "黑色裤子", "白色运动鞋"));
  auto out = index.Match(Found("f-1", Sex::kMale, 4, 6, 110, "navy", "black", "white"), 5);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].case_id, "m-1");
  EXPECT_TRUE(HasWarning(out[0], "sex differs"));
  EXPECT_DOUBLE_EQ(Feature(out[0], "sex")->score, MatchConfig{}.mismatch_floor);
  EXPECT_LT(Feature(out[0], "sex")->score, 0.5);  // below "unknown"
  EXPECT_GT(out[0].total, 0.5);
}

TEST_F(MatcherTest, RemovedJacketDoesNotSinkATrueMatch) {
  MatchIndex index(venue_);
  index.Upsert(Missing("m-1", Sex::kMale, 5, 110, "红色外套", "黑色裤子", "白色运动鞋"));
  index.Upsert(Missing("m-2", Sex::kMale, 7, 125, "白色T恤", "蓝色牛仔裤", "黑色鞋"));
  // The jacket is off: a white shirt shows; everything else fits m-1.
  auto out = index.Match(Found("f-1", Sex::kMale, 4, 6, 112, "white", "black", "white"), 2);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].case_id, "m-1");
  const FeatureScore* top = Feature(out[0], "top");
  EXPECT_LT(top->score, 0.5);
  EXPECT_LT(top->weight, MatchWeights{}.top);  // weight reduced, not zero
  EXPECT_NE(top->explanation.find("jacket"), std::string::npos);
}

TEST_F(MatcherTest, ImpossibleTimePlaceIsPenalisedAndWarned) {
  MatchIndex index(venue_);
  index.Upsert(Missing("m-1", Sex::kMale, 5, 110, "藏青", "黑", "白"));
  // Found an hour *before* the child was last seen, across the park: cannot be the same child.
  auto out = index.Match(Found("f-1", Sex::kMale, 4, 6, 110, "navy", "black", "white", "theatre",
                               -std::chrono::hours(1)),
                         1);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(Feature(out[0], "time_place")->score, -1.0);
  EXPECT_TRUE(HasWarning(out[0], "time and place"));

  // The same report found 20 min later at the same place fits perfectly.
  auto ok =
      index.Match(Found("f-2", Sex::kMale, 4, 6, 110, "navy", "black", "white", "penguin"), 1);
  EXPECT_EQ(Feature(ok[0], "time_place")->score, 1.0);
  EXPECT_GT(ok[0].total, out[0].total);
}

TEST_F(MatcherTest, WalkingSpeedIsConfigurable) {
  MatchConfig slow;
  slow.child_speed_mps = 0.05;  // a toddler who barely moves
  slow.speed_slack = 1.0;
  MatchIndex index(venue_, slow);
  index.Upsert(Missing("m-1", Sex::kMale, 5, 110, "藏青", "黑", "白", "plaza"));
  // plaza -> whale is ~680 m; 20 min at 0.05 m/s reaches ~75 m (+50): impossible.
  auto out = index.Match(Found("f-1", Sex::kMale, 4, 6, 110, "navy", "black", "white", "whale"), 1);
  EXPECT_EQ(Feature(out[0], "time_place")->score, -1.0);
  // Unreachable zone (no gates): unknown, not a penalty.
  auto island =
      index.Match(Found("f-2", Sex::kMale, 4, 6, 110, "navy", "black", "white", "island"), 1);
  EXPECT_EQ(Feature(island[0], "time_place")->score, 0.5);
}

TEST_F(MatcherTest, RemoveAndSameKindDuplicates) {
  MatchIndex index(venue_);
  index.Upsert(Missing("m-1", Sex::kMale, 5, 110, "藏青", "黑", "白"));
  index.Upsert(Missing("m-2", Sex::kMale, 5, 111, "navy", "black", "white"));
  index.Upsert(Found("f-9", Sex::kFemale, 10, 12, 140, "red", "red", "red"));
  EXPECT_EQ(index.size(), 3u);
  auto dup = index.Match(Missing("m-1", Sex::kMale, 5, 110, "藏青", "黑", "白"), 5,
                         MatchTarget::kSameKind);
  ASSERT_EQ(dup.size(), 1u);  // itself excluded, found excluded
  EXPECT_EQ(dup[0].case_id, "m-2");
  index.Remove("m-2");
  index.Remove("nope");
  EXPECT_EQ(index.size(), 2u);
  EXPECT_TRUE(
      index.Match(Missing("m-1", Sex::kMale, 5, 110, "藏青", "黑", "白"), 5, MatchTarget::kSameKind)
          .empty());
  // Upsert replaces rather than duplicates.
  index.Upsert(Missing("m-1", Sex::kMale, 6, 118, "red", "red", "red"));
  EXPECT_EQ(index.size(), 2u);
}

TEST_F(MatcherTest, PhotoColoursTakePartInMatching) {
  MatchIndex index(venue_);
  Case m = Missing("m-1", Sex::kMale, 5, 110, "", "", "");
  m.child.clothing.top.photo_colours = {SrgbToLab(25, 35, 80)};  // navy-ish from a photo
  index.Upsert(m);
  auto out = index.Match(Found("f-1", Sex::kMale, 4, 6, 110, "藏青", "", ""), 1);
  EXPECT_DOUBLE_EQ(Feature(out[0], "top")->score, 1.0);
  EXPECT_NE(Feature(out[0], "top")->explanation.find("photo"), std::string::npos);
}

}  // namespace
}  // namespace cs::cases

namespace cs::cases {
namespace {

// With a shortlist of 1 the prefilter alone picks the candidate: it must agree with the full
// model on a clear case, or the shortlist would drop true matches.
TEST_F(MatcherTest, PrefilterAgreesWithFullModelOnClearCases) {
  MatchConfig one;
  one.shortlist = 1;
  MatchIndex narrow(venue_, one);
  MatchIndex wide(venue_);
  const Case cases[] = {
      Missing("m-1", Sex::kMale, 5, 110, "藏青色外套", "黑色裤子", "白色运动鞋"),
      Missing("m-2", Sex::kFemale, 9, 135, "粉红连衣裙", "粉色裙子", "红色凉鞋"),
      Missing("m-3", Sex::kMale, 11, 150, "黄色T恤", "绿色短裤", "黑色鞋", "theatre"),
  };
  for (const auto& c : cases) {
    narrow.Upsert(c);
    wide.Upsert(c);
  }
  const Case queries[] = {
      Found("f-1", Sex::kMale, 4, 6, 112, "navy", "black", "white"),
      Found("f-2", Sex::kFemale, 8, 10, 132, "pink", "pink", "red"),
      Found("f-3", Sex::kMale, 10, 12, 148, "yellow", "green", "black", "polar")};
  const char* want[] = {"m-1", "m-2", "m-3"};
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(narrow.Match(queries[i], 1).at(0).case_id, want[i]);
    EXPECT_EQ(wide.Match(queries[i], 1).at(0).case_id, want[i]);
  }
}

}  // namespace
}  // namespace cs::cases
