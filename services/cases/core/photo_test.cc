#include "services/cases/core/photo.h"

#include <gtest/gtest.h>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

namespace cs::cases {
namespace {

// A 200×400 "child": red top half, blue bottom half on a grey background at the sides.
cv::Mat TwoToneChild() {
  cv::Mat img(400, 200, CV_8UC3, cv::Scalar(128, 128, 128));
  img(cv::Rect(30, 40, 140, 170)).setTo(cv::Scalar(40, 30, 200));   // BGR red
  img(cv::Rect(30, 200, 140, 160)).setTo(cv::Scalar(160, 60, 20));  // BGR blue
  return img;
}

std::string Encode(const cv::Mat& img, const char* ext) {
  std::vector<uchar> buf;
  cv::imencode(ext, img, buf);
  return std::string(buf.begin(), buf.end());
}

// Inserts an APP1 "Exif" segment with a fake GPS tag right after the JPEG SOI marker.
std::string WithExif(const std::string& jpeg) {
  const std::string payload = std::string("Exif\0\0", 6) + "GPSLatitude=31.2304N";
  const size_t len = payload.size() + 2;
  std::string seg = "\xFF\xE1";
  seg += static_cast<char>(len >> 8);
  seg += static_cast<char>(len & 0xFF);
  seg += payload;
  return jpeg.substr(0, 2) + seg + jpeg.substr(2);
}

TEST(Photo, ReencodingStripsExif) {
  const std::string in = WithExif(Encode(TwoToneChild(), ".jpg"));
  ASSERT_NE(in.find("GPSLatitude"), std::string::npos);
  auto out = SanitizePhoto(in);
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(out->format, PhotoFormat::kJpeg);
  EXPECT_EQ(out->width, 200);
  EXPECT_EQ(out->height, 400);
  EXPECT_EQ(out->bytes.find("GPSLatitude"), std::string::npos);
  EXPECT_EQ(out->bytes.find("Exif"), std::string::npos);
}

TEST(Photo, PngStaysPng) {
  auto out = SanitizePhoto(Encode(TwoToneChild(), ".png"));
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(out->format, PhotoFormat::kPng);
}

TEST(Photo, RejectsWrongTypeOversizeAndGarbage) {
  EXPECT_EQ(SanitizePhoto("").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(SanitizePhoto("GIF89a......").status().message(),
            "photo: is neither a JPEG nor a PNG image");
  std::string big = Encode(TwoToneChild(), ".png");
  big.resize(5 * 1024 * 1024 + 1, '\0');
  EXPECT_EQ(SanitizePhoto(big).status().message(), "photo: is larger than 5242880 bytes");
  // JPEG magic followed by junk: undecodable.
  std::string junk = "\xFF\xD8\xFF\xE0";
  junk += std::string(100, '\x07');
  EXPECT_EQ(SanitizePhoto(junk).status().code(), absl::StatusCode::kInvalidArgument);
  // A truncated PNG.
  std::string png = Encode(TwoToneChild(), ".png");
  EXPECT_FALSE(SanitizePhoto(png.substr(0, 60)).ok());
}

TEST(Photo, RejectsDecompressionBombByHeader) {
  std::string png = Encode(TwoToneChild(), ".png");
  PhotoLimits tight;
  tight.max_pixels = 1000;  // 200×400 is 80k pixels
  EXPECT_NE(SanitizePhoto(png, tight).status().message().find("pixels"), std::string::npos);
}

TEST(Photo, DominantColoursOfTopAndBottom) {
  auto c = DominantClothingColours(Encode(TwoToneChild(), ".png"));
  ASSERT_TRUE(c.ok()) << c.status();
  ASSERT_FALSE(c->top.empty());
  ASSERT_FALSE(c->bottom.empty());
  const Lab red = SrgbToLab(200, 30, 40);
  const Lab blue = SrgbToLab(20, 60, 160);
  EXPECT_LT(DeltaE2000(c->top[0], red), 3);
  EXPECT_LT(DeltaE2000(c->bottom[0], blue), 3);
  EXPECT_GT(DeltaE2000(c->top[0], blue), 30);
}

}  // namespace
}  // namespace cs::cases

namespace cs::cases {
namespace {

// Bad input never crashes: flipped bytes, truncations and wrong headers all come back as
// a status (or, rarely, a still-decodable image).
TEST(Photo, MutatedInputNeverCrashes) {
  const std::string jpeg = Encode(TwoToneChild(), ".jpg");
  const std::string png = Encode(TwoToneChild(), ".png");
  uint32_t seed = 12345;
  auto next = [&seed] { return seed = seed * 1664525u + 1013904223u; };
  int rejected = 0;
  for (int round = 0; round < 200; ++round) {
    std::string b = (round % 2 == 0) ? jpeg : png;
    const int flips = 1 + next() % 8;
    for (int k = 0; k < flips; ++k) b[next() % b.size()] = static_cast<char>(next());
    if (round % 5 == 0) b.resize(next() % b.size());
    auto s = SanitizePhoto(b);
    auto c = DominantClothingColours(b);
    if (!s.ok()) {
      ++rejected;
      EXPECT_EQ(s.status().code(), absl::StatusCode::kInvalidArgument) << s.status();
    }
  }
  EXPECT_GT(rejected, 0);
}

}  // namespace
}  // namespace cs::cases
