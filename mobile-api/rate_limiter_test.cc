#include "mobile-api/rate_limiter.h"

#include <gtest/gtest.h>

namespace cs::api {
namespace {

TEST(RateLimiterTest, BurstThenRefill) {
  ManualClock clock(FromMillis(1'000'000));
  LocalRateLimiter limiter(clock, /*per_second=*/1.0, /*burst=*/3);
  EXPECT_TRUE(*limiter.Allow("ip-a"));
  EXPECT_TRUE(*limiter.Allow("ip-a"));
  EXPECT_TRUE(*limiter.Allow("ip-a"));
  EXPECT_FALSE(*limiter.Allow("ip-a"));
  EXPECT_TRUE(*limiter.Allow("ip-b"));  // keys are independent
  clock.Advance(std::chrono::milliseconds(999));
  EXPECT_FALSE(*limiter.Allow("ip-a"));
  clock.Advance(std::chrono::milliseconds(1));
  EXPECT_TRUE(*limiter.Allow("ip-a"));
  EXPECT_FALSE(*limiter.Allow("ip-a"));
  clock.Advance(std::chrono::hours(1));  // never more than the burst
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(*limiter.Allow("ip-a"));
  EXPECT_FALSE(*limiter.Allow("ip-a"));
}

TEST(RateLimiterTest, ForgetsFullBucketsWhenLarge) {
  ManualClock clock(FromMillis(1'000'000));
  LocalRateLimiter limiter(clock, 10.0, 1);
  for (int i = 0; i < 10050; ++i) (void)limiter.Allow("k" + std::to_string(i));
  clock.Advance(std::chrono::seconds(10));
  (void)limiter.Allow("fresh");
  EXPECT_LT(limiter.tracked_keys(), 100u);
}

}  // namespace
}  // namespace cs::api
