// Two vision workers' camera assignment on a real redis-server (issue 16): the cameras spread
// out to a fair share each, no camera is ever held by both, a dead worker's cameras are taken
// over once their leases run out, and a clean shutdown hands over at once.
#include "vision/worker/camera_assignment.h"

#include <gtest/gtest.h>

#include <thread>

#include "common/redis/hiredis_client.h"
#include "common/testing/redis_server.h"

namespace cs::vision {
namespace {

using namespace std::chrono_literals;

const std::vector<std::string> kCameras = {"cam-1", "cam-2", "cam-3", "cam-4"};

class CameraAssignmentTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(server_.Start().ok());
    redis_a_ = std::make_unique<HiredisClient>(server_.Config());
    redis_b_ = std::make_unique<HiredisClient>(server_.Config());
    a_ = std::make_unique<CameraAssignment>(*redis_a_, "ocean", "worker-a", kCameras, 500ms);
    b_ = std::make_unique<CameraAssignment>(*redis_b_, "ocean", "worker-b", kCameras, 500ms);
  }

  // No camera read by both; returns how many are read by one.
  int CheckExclusive() {
    int covered = 0;
    for (const auto& c : kCameras) {
      EXPECT_FALSE(a_->Holds(c) && b_->Holds(c)) << c << " is read by both workers";
      covered += a_->Holds(c) || b_->Holds(c);
    }
    return covered;
  }

  cs::testing::RedisServer server_;
  std::unique_ptr<HiredisClient> redis_a_, redis_b_;
  std::unique_ptr<CameraAssignment> a_, b_;
};

TEST_F(CameraAssignmentTest, CamerasSpreadToAFairShareAndNeverToBoth) {
  a_->Round();
  EXPECT_EQ(a_->Held().size(), 4u);  // alone, it reads everything
  for (int i = 0; i < 6; ++i) {
    b_->Round();
    EXPECT_EQ(CheckExclusive(), 4);  // b took what a gave back the round before
    a_->Round();
    EXPECT_GE(CheckExclusive(), 3);  // a gives back one camera per round
  }
  b_->Round();
  EXPECT_EQ(a_->share(), 2);
  EXPECT_EQ(a_->Held().size(), 2u);
  EXPECT_EQ(b_->Held().size(), 2u);
  EXPECT_EQ(CheckExclusive(), 4);
}

TEST_F(CameraAssignmentTest, ADeadWorkersCamerasAreTakenOverOnceTheirLeasesRunOut) {
  for (int i = 0; i < 6; ++i) {
    a_->Round();
    b_->Round();
  }
  ASSERT_EQ(b_->Held().size(), 2u);
  // b dies: it never runs another round and releases nothing. a goes on every 100 ms.
  auto died = std::chrono::steady_clock::now();
  while (a_->Held().size() < 4 && std::chrono::steady_clock::now() - died < 10s) {
    a_->Round();
    CheckExclusive();
    std::this_thread::sleep_for(100ms);
  }
  EXPECT_EQ(a_->Held().size(), 4u);
  EXPECT_TRUE(b_->Held().empty());  // b's own view ended at its leases' deadline
  // Not before the leases could run out: the one-reader rule held throughout.
  EXPECT_GE(std::chrono::steady_clock::now() - died, 400ms);
}

TEST_F(CameraAssignmentTest, ReleaseAllHandsOverAtOnce) {
  for (int i = 0; i < 6; ++i) {
    a_->Round();
    b_->Round();
  }
  ASSERT_EQ(b_->Held().size(), 2u);
  b_->ReleaseAll();
  EXPECT_TRUE(b_->Held().empty());
  a_->Round();  // b left the live set too: a's share is all four, and all are free
  EXPECT_EQ(a_->Held().size(), 4u);
}

}  // namespace
}  // namespace cs::vision
