#include "services/appeals/drafting/published_photo.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <opencv2/imgcodecs.hpp>
#include <sstream>

#include "common/testing/shared_data.h"
#include "services/appeals/drafting/testdata/drawn_face.h"

namespace cs::appeals {
namespace {

std::string Jpeg(const cv::Mat& img) {
  std::vector<uchar> buf;
  EXPECT_TRUE(cv::imencode(".jpg", img, buf, {cv::IMWRITE_JPEG_QUALITY, 95}));
  return std::string(buf.begin(), buf.end());
}

cv::Mat Decode(const std::string& bytes) {
  return cv::imdecode(cv::Mat(1, static_cast<int>(bytes.size()), CV_8UC1,
                              const_cast<char*>(bytes.data())),
                      cv::IMREAD_COLOR);
}

// Detail left in a region: the variance of its Laplacian (a blur drives it towards 0).
double Detail(const cv::Mat& bgr, cv::Rect r) {
  cv::Mat gray, lap;
  cv::cvtColor(bgr(r & cv::Rect(0, 0, bgr.cols, bgr.rows)), gray, cv::COLOR_BGR2GRAY);
  cv::Laplacian(gray, lap, CV_64F);
  cv::Scalar mean, sd;
  cv::meanStdDev(lap, mean, sd);
  return sd[0] * sd[0];
}

std::unique_ptr<PublishedPhotoMaker> Maker() {
  auto blurrer = FaceBlurrer::Create();
  EXPECT_TRUE(blurrer.ok()) << blurrer.status() << " (Debian opencv-data)";
  return std::make_unique<PublishedPhotoMaker>(*std::move(blurrer));
}

// Issue 14: a detected face region is blurred in the stored published image, the rest is not.
TEST(PublishedPhoto, DetectedFaceIsBlurredAndTheRestIsNot) {
  const cv::Point centre(300, 250);
  const cv::Mat scene = testing::SceneWithFace(800, 600, centre, 160);
  const auto maker = Maker();
  auto published = maker->Blurred(Jpeg(scene));
  ASSERT_TRUE(published.ok()) << published.status();
  ASSERT_GE(published->faces_blurred, 1) << "the detector did not find the drawn face";
  const cv::Mat out = Decode(published->jpeg);
  ASSERT_EQ(out.size(), scene.size());  // 800 px: under the 1600 px cap, not scaled
  const cv::Rect face(centre.x - 60, centre.y - 70, 120, 140);  // eyes to mouth
  EXPECT_LT(Detail(out, face), Detail(scene, face) / 10) << "the face kept its detail";
  const cv::Rect far_corner(560, 380, 220, 200);
  EXPECT_GT(Detail(out, far_corner), Detail(scene, far_corner) * 0.6) << "the rest was blurred";
  // The unblurred variant (for an approved lift) keeps the face.
  auto unblurred = maker->Unblurred(Jpeg(scene));
  ASSERT_TRUE(unblurred.ok()) << unblurred.status();
  EXPECT_EQ(unblurred->faces_blurred, 0);
  EXPECT_GT(Detail(Decode(unblurred->jpeg), face), Detail(scene, face) * 0.6);
}

TEST(PublishedPhoto, LargePhotoIsScaledAndMetadataFree) {
  const cv::Mat scene = testing::SceneWithFace(3200, 2400, cv::Point(1600, 1200), 400);
  std::string jpeg = Jpeg(scene);
  // An APP1 block with a GPS position right after SOI: it must not survive.
  const std::string payload = std::string("Exif\0\0", 6) + "GPSLatitude=22.1N";
  std::string app1 = "\xFF\xE1";
  app1 += char((payload.size() + 2) >> 8);
  app1 += char((payload.size() + 2) & 0xFF);
  jpeg = jpeg.substr(0, 2) + app1 + payload + jpeg.substr(2);
  auto published = Maker()->Blurred(jpeg);
  ASSERT_TRUE(published.ok()) << published.status();
  EXPECT_EQ(published->width, 1600);
  EXPECT_EQ(published->height, 1200);
  EXPECT_EQ(published->jpeg.find("GPSLatitude"), std::string::npos);
}

TEST(PublishedPhoto, RefusesWhatThePhotoModuleRefuses) {
  const auto maker = Maker();
  EXPECT_EQ(maker->Blurred("GIF89a").status().code(), absl::StatusCode::kInvalidArgument);
  const std::string jpeg = Jpeg(testing::SceneWithFace(400, 300, cv::Point(200, 150), 80));
  EXPECT_EQ(maker->Blurred(jpeg.substr(0, jpeg.size() / 2)).status().code(),
            absl::StatusCode::kInvalidArgument);
}

// On real photos (the shared crowd images): every face the detector finds is blurred in the
// published image. What it misses is measured in docs/benchmarks.md, not here.
TEST(PublishedPhoto, FacesFoundInRealPhotosAreBlurred) {
  const std::string dir = cs::testing::SharedDataPath("crowd-images");
  if (!std::filesystem::exists(dir)) GTEST_SKIP() << dir << " is absent";
  auto blurrer = FaceBlurrer::Create();
  ASSERT_TRUE(blurrer.ok());
  const auto maker = Maker();
  int faces_checked = 0;
  for (const char* name : {"custom_in_test_3.jpg", "custom_in_train_3.jpg"}) {
    std::ifstream in(dir + "/" + name, std::ios::binary);
    ASSERT_TRUE(in) << name;
    std::stringstream ss;
    ss << in.rdbuf();
    const cv::Mat original = Decode(ss.str());
    auto faces = (*blurrer)->Detect(original);
    ASSERT_TRUE(faces.ok());
    auto published = maker->Blurred(ss.str());
    ASSERT_TRUE(published.ok()) << published.status();
    const cv::Mat out = Decode(published->jpeg);
    for (const cv::Rect& f : *faces) {
      if (f.width < 24) continue;  // too few pixels for a stable detail measure
      EXPECT_LT(Detail(out, f), Detail(original, f) / 4) << name;
      ++faces_checked;
    }
  }
  EXPECT_GT(faces_checked, 0) << "no face found in any of the chosen photos";
}

}  // namespace
}  // namespace cs::appeals
