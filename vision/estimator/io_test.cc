#include "vision/estimator/io.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

namespace cs::vision {
namespace {

using ::testing::HasSubstr;

std::vector<unsigned char> Encode(const std::string& ext) {
  cv::Mat img(40, 60, CV_8UC3, cv::Scalar(10, 200, 30));
  cv::circle(img, {30, 20}, 10, cv::Scalar(255, 255, 255), -1);
  std::vector<unsigned char> buf;
  EXPECT_TRUE(cv::imencode(ext, img, buf));
  return buf;
}

TEST(VisionIoTest, DecodesGoodImagesAndRefusesTruncatedOrCorrupt) {
  for (const std::string ext : {".jpg", ".png"}) {
    auto bytes = Encode(ext);
    auto ok = DecodeImage(bytes, "good" + ext);
    ASSERT_TRUE(ok.ok()) << ok.status();
    EXPECT_EQ(ok->cols, 60);
    auto cut = std::vector<unsigned char>(bytes.begin(), bytes.begin() + bytes.size() / 2);
    auto t = DecodeImage(cut, "cut" + ext);
    ASSERT_FALSE(t.ok());
    EXPECT_THAT(t.status().message(), HasSubstr("truncated"));
  }
  std::vector<unsigned char> junk(500, 0x42);
  auto j = DecodeImage(junk, "junk.jpg");
  ASSERT_FALSE(j.ok());
  EXPECT_THAT(j.status().message(), HasSubstr("cannot decode"));
  // A JPEG header with garbage in the middle but a valid end marker.
  auto bytes = Encode(".jpg");
  for (size_t i = 20; i + 2 < bytes.size(); ++i) bytes[i] = 0x00;
  // Whatever the decoder makes of it, the answer is an error or a non-empty image, no crash.
  auto s = DecodeImage(bytes, "scrambled.jpg");
  EXPECT_TRUE(!s.ok() || !s->empty());
  EXPECT_FALSE(LoadImage("/nonexistent/image.jpg").ok());
}

TEST(VisionIoTest, LabelsCsv) {
  const std::string dir = ::testing::TempDir();
  std::ofstream(dir + "/frames.csv") << "frame,count\n0,12\n40,15.5\n";
  bool by_frame = false;
  auto l = ReadLabelsCsv(dir + "/frames.csv", &by_frame);
  ASSERT_TRUE(l.ok()) << l.status();
  EXPECT_TRUE(by_frame);
  ASSERT_EQ(l->size(), 2u);
  EXPECT_EQ((*l)[1].frame, 40);
  EXPECT_DOUBLE_EQ((*l)[1].count, 15.5);

  std::ofstream(dir + "/images.csv") << "image,count\na.jpg,3\n";
  auto im = ReadLabelsCsv(dir + "/images.csv", &by_frame);
  ASSERT_TRUE(im.ok());
  EXPECT_FALSE(by_frame);
  EXPECT_THAT((*im)[0].key, HasSubstr("a.jpg"));
  EXPECT_NE((*im)[0].key, "a.jpg");  // resolved against the CSV's folder

  std::ofstream(dir + "/bad.csv") << "frame,count\n0,12\nx,3\n";
  auto bad = ReadLabelsCsv(dir + "/bad.csv", &by_frame);
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(bad.status().message(), HasSubstr("line 3.frame"));
  std::ofstream(dir + "/neg.csv") << "frame,count\n0,-2\n";
  EXPECT_FALSE(ReadLabelsCsv(dir + "/neg.csv", &by_frame).ok());
  std::ofstream(dir + "/hdr.csv") << "when,people\n";
  EXPECT_FALSE(ReadLabelsCsv(dir + "/hdr.csv", &by_frame).ok());
}

TEST(VisionIoTest, PointsJsonAndFrameList) {
  const std::string dir = ::testing::TempDir();
  std::ofstream(dir + "/p.json") << R"({"a.jpg": [[1.5, 2], [3, 4e1]], "b.jpg": []})";
  auto p = ReadPointsJson(dir + "/p.json");
  ASSERT_TRUE(p.ok()) << p.status();
  ASSERT_EQ((*p)["a.jpg"].size(), 2u);
  EXPECT_FLOAT_EQ((*p)["a.jpg"][1].y, 40.0f);
  EXPECT_TRUE((*p)["b.jpg"].empty());
  std::ofstream(dir + "/q.json") << R"({"a.jpg": [[1.5, 2], [3)";
  EXPECT_FALSE(ReadPointsJson(dir + "/q.json").ok());
  bool ok = false;
  EXPECT_EQ(ParseFrameList("0,40,80", &ok), (std::vector<int>{0, 40, 80}));
  EXPECT_TRUE(ok);
  ParseFrameList("0,x", &ok);
  EXPECT_FALSE(ok);
}

}  // namespace
}  // namespace cs::vision
