#include "mobile-api/photo_check.h"

#include <gtest/gtest.h>

#include <opencv2/imgcodecs.hpp>

namespace cs::api {
namespace {

std::string Encode(const std::string& ext) {
  cv::Mat img(32, 48, CV_8UC3, cv::Scalar(10, 120, 200));
  std::vector<uchar> buf;
  EXPECT_TRUE(cv::imencode(ext, img, buf));
  return std::string(buf.begin(), buf.end());
}

TEST(PhotoCheckTest, AcceptsRealJpegAndPng) {
  EXPECT_EQ(*CheckPhoto(Encode(".jpg"), "photos[0]"), "image/jpeg");
  EXPECT_EQ(*CheckPhoto(Encode(".png"), "photos[0]"), "image/png");
}

TEST(PhotoCheckTest, RefusesFakesTruncatedAndHuge) {
  auto msg = [](const absl::StatusOr<std::string>& s) { return std::string(s.status().message()); };
  EXPECT_EQ(msg(CheckPhoto("", "photos[0]")), "photos[0]: empty photo");
  EXPECT_EQ(msg(CheckPhoto("GIF89a....", "photos[1]")), "photos[1]: not a JPEG or PNG image");
  std::string fake_jpeg = std::string("\xFF\xD8\xFF\xE0", 4) + std::string(100, 'x');
  EXPECT_EQ(msg(CheckPhoto(fake_jpeg, "photos[0]")), "photos[0]: image does not decode");
  std::string png = Encode(".png");
  EXPECT_FALSE(CheckPhoto(png.substr(0, png.size() / 2), "p").ok());
  std::string huge = std::string("\xFF\xD8\xFF", 3) + std::string(kMaxPhotoBytes, 'x');
  EXPECT_EQ(msg(CheckPhoto(huge, "photos[0]")), "photos[0]: photo larger than 5 MB");
  // A PNG header claiming 100000 x 100000 pixels is refused before decoding.
  std::string bomb =
      png.substr(0, 16) + std::string("\x00\x01\x86\xA0\x00\x01\x86\xA0", 8) + png.substr(24);
  EXPECT_EQ(msg(CheckPhoto(bomb, "p")), "p: image has too many pixels");
}

}  // namespace
}  // namespace cs::api
