#include "common/photo/photo_check.h"

#include <gtest/gtest.h>
#include <sys/resource.h>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "common/photo/photo_limits_config.h"

namespace cs::photo {
namespace {

std::string Encode(const cv::Mat& img, const std::string& ext, std::vector<int> params = {}) {
  std::vector<uchar> buf;
  EXPECT_TRUE(cv::imencode(ext, img, buf, params));
  return std::string(buf.begin(), buf.end());
}

// Noise compresses badly, so the scan data is most of the file and a cut lands inside it.
cv::Mat Noise(int w, int h) {
  cv::Mat img(h, w, CV_8UC3);
  cv::randu(img, 0, 255);
  return img;
}

// The width and height fields of the first SOFn of a JPEG, rewritten.
std::string WithJpegSize(std::string jpeg, uint16_t w, uint16_t h) {
  for (size_t i = 2; i + 9 < jpeg.size();) {
    const uint8_t m = static_cast<uint8_t>(jpeg[i + 1]);
    const size_t len = (uint8_t(jpeg[i + 2]) << 8) | uint8_t(jpeg[i + 3]);
    if (m == 0xC0 || m == 0xC2) {
      jpeg[i + 5] = char(h >> 8), jpeg[i + 6] = char(h & 0xFF);
      jpeg[i + 7] = char(w >> 8), jpeg[i + 8] = char(w & 0xFF);
      return jpeg;
    }
    i += 2 + len;
  }
  ADD_FAILURE() << "no SOF";
  return jpeg;
}

std::string WithPngSize(std::string png, uint32_t w, uint32_t h) {
  for (int k = 0; k < 4; ++k) {
    png[16 + k] = char(w >> (24 - 8 * k));
    png[20 + k] = char(h >> (24 - 8 * k));
  }
  return png;
}

long PeakRssKiB() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;
}

std::string Message(const absl::Status& s) { return std::string(s.message()); }

TEST(PhotoCheck, ReadsTheHeaderOfEveryAcceptedFormat) {
  const cv::Mat img = Noise(48, 32);
  const PhotoLimits limits;
  for (const auto& [bytes, format, progressive] :
       {std::tuple{Encode(img, ".jpg"), ImageFormat::kJpeg, false},
        std::tuple{Encode(img, ".jpg", {cv::IMWRITE_JPEG_PROGRESSIVE, 1}), ImageFormat::kJpeg,
                   true},
        std::tuple{Encode(img, ".png"), ImageFormat::kPng, false}}) {
    auto h = CheckPhoto(bytes, limits, "photos[0]");
    ASSERT_TRUE(h.ok()) << h.status();
    EXPECT_EQ(h->format, format);
    EXPECT_EQ(h->width, 48u);
    EXPECT_EQ(h->height, 32u);
    EXPECT_EQ(h->progressive, progressive);
    EXPECT_EQ(h->coefficient_buffer_bytes > 0, progressive);
    auto decoded = DecodePhoto(bytes, limits, "photos[0]", DecodeMode::kFullColour);
    ASSERT_TRUE(decoded.ok()) << decoded.status();
    EXPECT_EQ(decoded->cols, 48);
    EXPECT_TRUE(DecodePhoto(bytes, limits, "photos[0]", DecodeMode::kValidate).ok());
  }
  EXPECT_STREQ(ContentType(ImageFormat::kPng), "image/png");
}

// Issue 18 item 1: a tiny progressive JPEG declaring 16384 × 16384 made the gateway allocate
// 515 MiB (libjpeg's coefficient buffers, whatever the 1/8 output size).
TEST(PhotoCheck, ProgressiveJpegDeclaring16384SquaredIsRefusedWithoutAllocating) {
  const std::string small = Encode(cv::Mat(8, 8, CV_8UC1, cv::Scalar(90)), ".jpg",
                                   {cv::IMWRITE_JPEG_PROGRESSIVE, 1, cv::IMWRITE_JPEG_QUALITY, 5});
  const std::string bomb = WithJpegSize(small, 16384, 16384);
  ASSERT_LT(bomb.size(), 1024u);
  const long before = PeakRssKiB();
  auto s = DecodePhoto(bomb, PhotoLimits{}, "photos[0]", DecodeMode::kValidate);
  EXPECT_EQ(s.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Message(s.status()), "photos[0]: image has more than 16000000 pixels");
  // The decoder-buffer cap holds on its own, with the pixel cap lifted.
  PhotoLimits no_pixel_cap;
  no_pixel_cap.max_pixels = 1'000'000'000;
  auto t = DecodePhoto(bomb, no_pixel_cap, "photos[0]", DecodeMode::kValidate);
  EXPECT_NE(Message(t.status()).find("progressive image would need more than"),
            std::string::npos)
      << t.status();
  EXPECT_LT(PeakRssKiB() - before, 16 * 1024) << "the refusal allocated";
}

TEST(PhotoCheck, PngOf40MegapixelsIsRefusedByHeader) {
  const std::string png = WithPngSize(Encode(Noise(16, 16), ".png"), 8000, 5000);
  auto s = CheckPhoto(png, PhotoLimits{}, "photo");
  EXPECT_EQ(Message(s.status()), "photo: image has more than 16000000 pixels");
  // A real image over a configured cap: refused before its (valid) data is decoded.
  PhotoLimits tight;
  tight.max_pixels = 1000;
  EXPECT_EQ(Message(CheckPhoto(Encode(Noise(48, 32), ".png"), tight, "p").status()),
            "p: image has more than 1000 pixels");
}

// Issue 18 item 5: a JPEG cut mid-scan was accepted and stored (libjpeg pads it with grey).
TEST(PhotoCheck, JpegCutMidScanIsRefused) {
  for (const auto& params : {std::vector<int>{}, std::vector<int>{cv::IMWRITE_JPEG_PROGRESSIVE, 1}}) {
    const std::string jpeg = Encode(Noise(320, 240), ".jpg", params);
    const std::string cut = jpeg.substr(0, jpeg.size() * 6 / 10);
    for (DecodeMode mode : {DecodeMode::kValidate, DecodeMode::kFullColour}) {
      auto s = DecodePhoto(cut, PhotoLimits{}, "photos[1]", mode);
      EXPECT_EQ(Message(s.status()), "photos[1]: JPEG is truncated (no end-of-image marker)");
    }
    // Cut inside a header segment too.
    EXPECT_FALSE(CheckPhoto(jpeg.substr(0, 30), PhotoLimits{}, "p").ok());
  }
}

TEST(PhotoCheck, PngWithoutIendIsRefused) {
  const std::string png = Encode(Noise(64, 64), ".png");
  ASSERT_EQ(png.substr(png.size() - 8, 4), "IEND");
  EXPECT_EQ(Message(CheckPhoto(png.substr(0, png.size() - 12), PhotoLimits{}, "p").status()),
            "p: PNG is truncated (no IEND chunk)");
  EXPECT_EQ(Message(CheckPhoto(png.substr(0, png.size() / 2), PhotoLimits{}, "p").status()),
            "p: PNG is truncated (no IEND chunk)");
}

TEST(PhotoCheck, RefusesEmptyOversizedForeignAndLyingFiles) {
  EXPECT_EQ(Message(CheckPhoto("", PhotoLimits{}, "p").status()), "p: is empty");
  EXPECT_EQ(Message(CheckPhoto("GIF89a......", PhotoLimits{}, "p").status()),
            "p: is neither a JPEG nor a PNG image");
  PhotoLimits small;
  small.max_bytes = 100;
  EXPECT_EQ(Message(CheckPhoto(std::string(101, 'x'), small, "p").status()),
            "p: is larger than 100 bytes");
  // Magic bytes and then junk.
  EXPECT_FALSE(CheckPhoto(std::string("\xFF\xD8\xFF\xE0", 4) + std::string(100, 'x'),
                          PhotoLimits{}, "p")
                   .ok());
  // A header that lies about the size (within the caps): its data does not decode.
  const std::string lying = WithPngSize(Encode(Noise(64, 48), ".png"), 640, 480);
  EXPECT_TRUE(CheckPhoto(lying, PhotoLimits{}, "p").ok());
  EXPECT_EQ(Message(DecodePhoto(lying, PhotoLimits{}, "p", DecodeMode::kFullColour).status()),
            "p: image does not decode");
}

// Issue 14: a photo bound for 1600 px decodes at the largest DCT scale that keeps 1600 px, so a
// 12 Mpx upload costs a third of a full decode; smaller photos and PNGs decode whole.
TEST(PhotoCheck, DecodeForSideUsesTheLargestScaleThatKeepsTheSide) {
  // Smooth images: noise at 12 Mpx would pass the 5 MB cap.
  auto smooth = [](int w, int h) {
    cv::Mat img;
    cv::resize(Noise(40, 30), img, cv::Size(w, h), 0, 0, cv::INTER_LINEAR);
    return img;
  };
  const std::string big = Encode(smooth(4000, 3000), ".jpg", {cv::IMWRITE_JPEG_QUALITY, 80});
  auto reduced = DecodePhotoForSide(big, PhotoLimits{}, "p", 1600);
  ASSERT_TRUE(reduced.ok()) << reduced.status();
  EXPECT_EQ(reduced->cols, 2000);  // 1/2; 1/4 would be 1000, under 1600
  EXPECT_EQ(reduced->rows, 1500);
  EXPECT_EQ(reduced->channels(), 3);
  auto eighth = DecodePhotoForSide(big, PhotoLimits{}, "p", 500);
  ASSERT_TRUE(eighth.ok());
  EXPECT_EQ(eighth->cols, 500);
  const std::string odd = Encode(smooth(3201, 1801), ".jpg");
  auto rounded = DecodePhotoForSide(odd, PhotoLimits{}, "p", 1600);
  ASSERT_TRUE(rounded.ok()) << rounded.status();
  EXPECT_EQ(rounded->cols, 1601);  // libjpeg rounds a scaled size up
  EXPECT_EQ(rounded->rows, 901);
  const std::string small = Encode(smooth(1800, 1200), ".jpg");
  auto whole = DecodePhotoForSide(small, PhotoLimits{}, "p", 1600);
  ASSERT_TRUE(whole.ok());
  EXPECT_EQ(whole->cols, 1800);
  const std::string png = Encode(smooth(3400, 200), ".png");
  auto png_whole = DecodePhotoForSide(png, PhotoLimits{}, "p", 1600);
  ASSERT_TRUE(png_whole.ok());
  EXPECT_EQ(png_whole->cols, 3400);
  // The same checks as DecodePhoto come first.
  PhotoLimits few;
  few.max_pixels = 1000;
  EXPECT_EQ(DecodePhotoForSide(big, few, "p", 1600).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Message(DecodePhotoForSide(big.substr(0, big.size() / 2), PhotoLimits{}, "p", 1600)
                        .status())
                .rfind("p: ", 0),
            0u);
}

// Flipped bytes and cuts come back as a status, never a crash.
TEST(PhotoCheck, MutatedInputNeverCrashes) {
  const std::string jpeg = Encode(Noise(40, 40), ".jpg", {cv::IMWRITE_JPEG_PROGRESSIVE, 1});
  const std::string png = Encode(Noise(40, 40), ".png");
  uint32_t seed = 7;
  auto next = [&seed] { return seed = seed * 1664525u + 1013904223u; };
  int rejected = 0;
  for (int round = 0; round < 300; ++round) {
    std::string b = (round % 2 == 0) ? jpeg : png;
    for (int k = 0, n = 1 + next() % 8; k < n; ++k) b[next() % b.size()] = char(next());
    if (round % 5 == 0) b.resize(next() % b.size());
    auto s = DecodePhoto(b, PhotoLimits{}, "p", DecodeMode::kValidate);
    if (!s.ok()) {
      ++rejected;
      EXPECT_EQ(s.status().code(), absl::StatusCode::kInvalidArgument);
    }
  }
  EXPECT_GT(rejected, 0);
}

TEST(PhotoLimitsConfig, ReadsAndRangeChecks) {
  auto doc = YamlReader::LoadString(
      "photos: {max_bytes: 2048, max_pixels: 5000000, max_decoder_buffer_bytes: 0}");
  ASSERT_TRUE(doc.ok());
  PhotoLimits limits;
  auto node = doc->Child("photos");
  ParsePhotoLimits(node, limits);
  EXPECT_EQ(limits.max_bytes, 2048u);
  EXPECT_EQ(limits.max_pixels, 5'000'000u);
  EXPECT_EQ(limits.max_decoder_buffer_bytes, 48u << 20);  // the bad value is not taken
  auto done = doc->Finish();
  EXPECT_NE(std::string(done.message()).find("max_decoder_buffer_bytes"), std::string::npos);
}

}  // namespace
}  // namespace cs::photo
