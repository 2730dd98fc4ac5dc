#include "services/appeals/drafting/face_blur.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

namespace cs::appeals {
namespace {

// A high-contrast checkerboard: blurring it must flatten the variance.
cv::Mat Checkerboard(int w, int h) {
  cv::Mat img(h, w, CV_8UC3);
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      const uint8_t v = ((x / 4 + y / 4) % 2) ? 255 : 0;
      img.at<cv::Vec3b>(y, x) = cv::Vec3b(v, v, v);
    }
  }
  return img;
}

double StdDev(const cv::Mat& m) {
  cv::Scalar mean, sd;
  cv::meanStdDev(m, mean, sd);
  return sd[0];
}

TEST(FaceBlurTest, GaussianBlurFlattensTheRegionOnly) {
  cv::Mat img = Checkerboard(200, 200);
  const cv::Mat before = img.clone();
  const cv::Rect face(50, 50, 80, 80);
  BlurRegion(img, face, {});
  EXPECT_LT(StdDev(img(face)), StdDev(before(face)) / 4);
  // Outside the box nothing moved.
  EXPECT_EQ(cv::norm(img(cv::Rect(0, 0, 200, 40)), before(cv::Rect(0, 0, 200, 40)), cv::NORM_INF),
            0);
}

// A face box of a large photo is blurred on a shrunk copy (a full-size kernel cost 150 ms for a
// 540 px box): the region still loses its detail, the border stays where it was.
TEST(FaceBlurTest, LargeRegionIsFlattenedThroughAShrunkCopy) {
  cv::Mat img = Checkerboard(800, 700);
  const cv::Mat before = img.clone();
  const cv::Rect face(100, 80, 540, 540);
  BlurRegion(img, face, {});
  EXPECT_LT(StdDev(img(face)), StdDev(before(face)) / 4);
  EXPECT_EQ(cv::norm(img(cv::Rect(0, 0, 800, 80)), before(cv::Rect(0, 0, 800, 80)), cv::NORM_INF),
            0.0);
  EXPECT_EQ(cv::norm(img(cv::Rect(640, 0, 160, 700)), before(cv::Rect(640, 0, 160, 700)),
                     cv::NORM_INF),
            0.0);
}

TEST(FaceBlurTest, PixelateMakesBlocks) {
  cv::Mat img(96, 96, CV_8UC3);
  cv::randu(img, 0, 255);
  FaceBlurOptions o;
  o.method = BlurMethod::kPixelate;
  o.pixel_block = 12;
  BlurRegion(img, cv::Rect(0, 0, 96, 96), o);
  // Every pixel in a 12x12 block equals the block's first pixel.
  EXPECT_EQ(img.at<cv::Vec3b>(5, 7), img.at<cv::Vec3b>(0, 0));
  EXPECT_EQ(img.at<cv::Vec3b>(17, 23), img.at<cv::Vec3b>(12, 12));
}

TEST(FaceBlurTest, RegionOutsideTheImageIsClipped) {
  cv::Mat img = Checkerboard(50, 50);
  const cv::Mat before = img.clone();
  BlurRegion(img, cv::Rect(100, 100, 10, 10), {});  // no overlap: a no-op
  EXPECT_EQ(cv::norm(img, before, cv::NORM_INF), 0.0);
  BlurRegion(img, cv::Rect(40, 40, 100, 100), {});  // only the 10x10 corner inside is touched
  EXPECT_EQ(cv::norm(img(cv::Rect(0, 0, 40, 50)), before(cv::Rect(0, 0, 40, 50)), cv::NORM_INF), 0.0);
  EXPECT_EQ(cv::norm(img(cv::Rect(0, 0, 50, 40)), before(cv::Rect(0, 0, 50, 40)), cv::NORM_INF), 0.0);
  EXPECT_GT(cv::norm(img(cv::Rect(40, 40, 10, 10)), before(cv::Rect(40, 40, 10, 10)), cv::NORM_INF),
            0.0);
}

TEST(FaceBlurTest, DetectorOnBlankAndBadImages) {
  // opencv-data is installed by deploy/install-deps.sh: a missing cascade is a broken setup.
  ASSERT_TRUE(std::filesystem::exists(kDefaultFaceCascade))
      << kDefaultFaceCascade << " is missing (Debian opencv-data)";
  auto blurrer = FaceBlurrer::Create();
  ASSERT_TRUE(blurrer.ok()) << blurrer.status();
  cv::Mat blank(240, 320, CV_8UC3, cv::Scalar(200, 200, 200));
  auto result = (*blurrer)->Blur(blank);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->face_count, 0);
  EXPECT_EQ(cv::norm(result->image, blank, cv::NORM_INF), 0);
  EXPECT_FALSE((*blurrer)->Blur(cv::Mat()).ok());
  EXPECT_FALSE((*blurrer)->Blur(cv::Mat(10, 10, CV_32FC1, cv::Scalar(0))).ok());
  cv::Mat gray(120, 160, CV_8UC1, cv::Scalar(10));
  const cv::Mat gray_before = gray.clone();
  ASSERT_TRUE((*blurrer)->Blur(gray).ok());
  EXPECT_EQ(cv::norm(gray, gray_before, cv::NORM_INF), 0) << "input must stay untouched";
}

TEST(FaceBlurTest, MissingCascadeIsNotFound) {
  auto blurrer = FaceBlurrer::Create({{"/nonexistent/cascade.xml"}});
  ASSERT_FALSE(blurrer.ok());
  EXPECT_EQ(blurrer.status().code(), absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace cs::appeals
