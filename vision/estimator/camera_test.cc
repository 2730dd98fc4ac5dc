#include "vision/estimator/camera.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace cs::vision {
namespace {

using ::testing::HasSubstr;

// A 800x600 image of a 20 m x 15 m plaza seen from the front, with perspective: the far edge
// (top of the image) is squeezed.
constexpr char kFull[] = R"(id: cam-1
image_size: [800, 600]
camera_height_m: 8
points:
  - {image: [200, 100], ground: [0, 15]}
  - {image: [600, 100], ground: [20, 15]}
  - {image: [800, 600], ground: [20, 0]}
  - {image: [0, 600], ground: [0, 0]}
regions:
  - {id: queue, zone: penguin, polygon: [[0, 600], [800, 600], [600, 100], [200, 100]]}
  - {id: given, zone: penguin, polygon: [[0, 0], [10, 0], [10, 10]], area_m2: 12.5}
)";

TEST(VisionCameraTest, IdOnlyIsOneWholeFrameRegionWithoutArea) {
  auto cam = ParseCameraYaml("id: lobby\n", "test");
  ASSERT_TRUE(cam.ok()) << cam.status();
  ASSERT_EQ(cam->regions().size(), 1u);
  EXPECT_TRUE(cam->regions()[0].polygon.empty());
  EXPECT_FALSE(cam->regions()[0].area_m2.has_value());
  EXPECT_FALSE(cam->has_perspective());
  EXPECT_TRUE(cam->CheckFrameSize(320, 240).ok());
}

TEST(VisionCameraTest, AreaFromHomographyAndPerspectiveGrowsTowardsCamera) {
  auto cam = ParseCameraYaml(kFull, "test");
  ASSERT_TRUE(cam.ok()) << cam.status();
  ASSERT_EQ(cam->regions().size(), 2u);
  ASSERT_TRUE(cam->regions()[0].area_m2.has_value());
  EXPECT_NEAR(*cam->regions()[0].area_m2, 300.0, 1.0);  // the whole 20 x 15 plaza
  EXPECT_DOUBLE_EQ(*cam->regions()[1].area_m2, 12.5);   // given, not recomputed
  const cv::Point2d g = cam->ToGround({400, 600});
  EXPECT_NEAR(g.x, 10.0, 1e-6);
  EXPECT_NEAR(g.y, 0.0, 1e-6);
  const double near = cam->PersonHeightPx({400, 580});
  const double far = cam->PersonHeightPx({400, 120});
  EXPECT_GT(near, far);
  EXPECT_GT(far, 1.0);
}

TEST(VisionCameraTest, PerspectiveFromMeasuredPeopleInterpolates) {
  auto cam = ParseCameraYaml(R"(id: c
person_heights:
  - {foot: [100, 100], height_px: 40}
  - {foot: [100, 500], height_px: 120}
)",
                             "test");
  ASSERT_TRUE(cam.ok()) << cam.status();
  EXPECT_NEAR(cam->PersonHeightPx({300, 300}), 80.0, 1e-6);
}

TEST(VisionCameraTest, UnknownKeyNamesKeyAndLine) {
  auto cam = ParseCameraYaml("id: c\nimage_size: [10, 10]\nzoom: 3\n", "cam.yaml");
  ASSERT_FALSE(cam.ok());
  EXPECT_THAT(cam.status().message(), HasSubstr("zoom"));
  EXPECT_THAT(cam.status().message(), HasSubstr("line 3"));
  auto nested = ParseCameraYaml("id: c\nregions:\n  - {id: a, colour: red}\n", "cam.yaml");
  ASSERT_FALSE(nested.ok());
  EXPECT_THAT(nested.status().message(), HasSubstr("regions[0].colour"));
}

TEST(VisionCameraTest, TooFewPointsIsAnError) {
  auto cam = ParseCameraYaml(R"(id: c
points:
  - {image: [0, 0], ground: [0, 0]}
  - {image: [10, 0], ground: [1, 0]}
  - {image: [10, 10], ground: [1, 1]}
)",
                             "test");
  ASSERT_FALSE(cam.ok());
  EXPECT_THAT(cam.status().message(), HasSubstr("at least 4"));
}

TEST(VisionCameraTest, CollinearPointsAreAnError) {
  auto cam = ParseCameraYaml(R"(id: c
points:
  - {image: [0, 0], ground: [0, 0]}
  - {image: [10, 10], ground: [1, 0]}
  - {image: [20, 20], ground: [1, 1]}
  - {image: [30, 30], ground: [0, 1]}
)",
                             "test");
  ASSERT_FALSE(cam.ok());
  EXPECT_THAT(cam.status().message(), HasSubstr("collinear"));
}

TEST(VisionCameraTest, RegionOutsideImageIsAnError) {
  auto cam = ParseCameraYaml(R"(id: c
image_size: [100, 100]
regions:
  - {id: r, polygon: [[0, 0], [150, 0], [150, 50]]}
)",
                             "test");
  ASSERT_FALSE(cam.ok());
  EXPECT_THAT(cam.status().message(), HasSubstr("regions[0].polygon[1]"));
  EXPECT_THAT(cam.status().message(), HasSubstr("outside the image"));

  // Without image_size the check happens when a frame arrives.
  auto late =
      ParseCameraYaml("id: c\nregions:\n  - {id: r, polygon: [[0,0],[150,0],[150,50]]}\n", "test");
  ASSERT_TRUE(late.ok()) << late.status();
  EXPECT_FALSE(late->CheckFrameSize(100, 100).ok());
  EXPECT_TRUE(late->CheckFrameSize(200, 100).ok());
}

TEST(VisionCameraTest, MalformedYamlIsAnErrorNotACrash) {
  EXPECT_FALSE(ParseCameraYaml("id: [unclosed\n", "t").ok());
  EXPECT_FALSE(ParseCameraYaml("- just\n- a list\n", "t").ok());
  EXPECT_FALSE(ParseCameraYaml("id: c\nimage_size: [a, b]\n", "t").ok());
  EXPECT_FALSE(LoadCameraYaml("/nonexistent/cam.yaml").ok());
}

}  // namespace
}  // namespace cs::vision
