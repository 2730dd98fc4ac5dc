#include "common/record_codec.h"

#include <gtest/gtest.h>

#include <limits>
#include <string>

namespace cs {
namespace {

TEST(RecordCodec, EveryTokenRoundTrips) {
  RecordWriter w("thing/2");
  w.Str("a:b;c\n企鹅");
  w.Int(-42);
  w.Int(std::numeric_limits<int64_t>::max());
  w.Bool(true);
  w.Dbl(-40.125);
  w.TimeMillis(FromMillis(1'770'000'000'123));
  w.TimeNanos(TimePoint(Duration(1'770'000'000'123'456'789)));
  w.OptTimeMillis(std::nullopt);
  w.OptTimeMillis(FromMillis(5));
  w.Strs({"x", "", "12:34"});
  const std::string blob = w.Finish();

  RecordReader r(blob);
  EXPECT_EQ(r.Str(), "thing/2");
  EXPECT_EQ(r.Str(), "a:b;c\n企鹅");
  EXPECT_EQ(r.Int(), -42);
  EXPECT_EQ(r.Int(), std::numeric_limits<int64_t>::max());
  EXPECT_TRUE(r.Bool());
  EXPECT_DOUBLE_EQ(r.Dbl(), -40.125);
  EXPECT_EQ(r.TimeMillis(), FromMillis(1'770'000'000'123));
  EXPECT_EQ(r.TimeNanos(), TimePoint(Duration(1'770'000'000'123'456'789)));
  EXPECT_EQ(r.OptTimeMillis(), std::nullopt);
  EXPECT_EQ(r.OptTimeMillis(), FromMillis(5));
  EXPECT_EQ(r.Strs(), (std::vector<std::string>{"x", "", "12:34"}));
  EXPECT_TRUE(r.ok());
  EXPECT_TRUE(r.done());
}

TEST(RecordCodec, IntegersOfTheOlderStringFormStillRead) {
  // Case records before case4 wrote "<length>:<digits>" for every integer.
  RecordReader r("2:422:-7");
  EXPECT_EQ(r.Int(), 42);
  EXPECT_EQ(r.Int(), -7);
  EXPECT_TRUE(r.ok());
  EXPECT_TRUE(r.done());
  RecordReader bad("2:4x");
  bad.Int();
  EXPECT_FALSE(bad.ok());
}

TEST(RecordCodec, DamagedRecordsFailAndStayFailed) {
  for (const char* blob : {"5:abc", "x;", ";", "99999999999999999999999;", "-1:", "1:a2", ""}) {
    RecordReader r(blob);
    r.Str();
    r.Int();
    EXPECT_FALSE(r.ok()) << blob;
    EXPECT_EQ(r.Str(), "") << "reads after a failure return defaults";
  }
  RecordReader not_bool("2;");
  not_bool.Bool();
  EXPECT_FALSE(not_bool.ok());
}

TEST(RecordCodec, CountsAreBoundedByTheBytesLeftAndTimesByTheirRange) {
  RecordReader huge("1000000000;1:a");
  EXPECT_EQ(huge.Count(), 0u);
  EXPECT_FALSE(huge.ok());
  RecordReader over_max("3;1:a1:b1:c");
  EXPECT_EQ(over_max.Count(2), 0u);
  EXPECT_FALSE(over_max.ok());
  // Milliseconds a TimePoint (int64 nanoseconds) cannot hold are refused, not wrapped.
  RecordReader far("9223372036854775;");
  far.TimeMillis();
  EXPECT_FALSE(far.ok());
}

}  // namespace
}  // namespace cs
