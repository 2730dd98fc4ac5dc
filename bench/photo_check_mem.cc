// Peak memory and time of one photo check, in a fresh process per measurement, for the photo
// attacks of issue 18 (driven by bench/photo_attack.sh, which also measures the real gateway).
//
//   photo_check_mem make DIR              writes the attack files into DIR
//   photo_check_mem measure MODE FILE     prints "<peak RSS growth KiB> <ms> <ok|refused: why>"
//
// MODE: `before` is what the gateway did before common/photo (cv::imdecode at 1/8 scale in grey
// after a PNG-only pixel check, which is what made the 515 MiB allocation); `validate` is the
// gateway now (photo::ValidatePhoto); `full` is case-service now (photo::DecodePhoto in colour).
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "common/photo/photo_check.h"

namespace {

long PeakKiB() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;
}

std::string Encode(const cv::Mat& img, const char* ext, std::vector<int> params = {}) {
  std::vector<uchar> buf;
  cv::imencode(ext, img, buf, params);
  return std::string(buf.begin(), buf.end());
}

void Write(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

// Rewrites the frame size of a JPEG's first SOF0/SOF2.
std::string Resize(std::string j, uint16_t w, uint16_t h) {
  for (size_t i = 2; i + 9 < j.size();) {
    const uint8_t m = uint8_t(j[i + 1]);
    const size_t len = (uint8_t(j[i + 2]) << 8) | uint8_t(j[i + 3]);
    if (m == 0xC0 || m == 0xC2) {
      j[i + 5] = char(h >> 8), j[i + 6] = char(h), j[i + 7] = char(w >> 8), j[i + 8] = char(w);
      break;
    }
    i += 2 + len;
  }
  return j;
}

int Make(const std::string& dir) {
  // 1. The progressive JPEG declaring 16384 × 16384 (issue 18 item 1).
  Write(dir + "/bomb_progressive_16384.jpg",
        Resize(Encode(cv::Mat(8, 8, CV_8UC1, cv::Scalar(90)), ".jpg",
                      {cv::IMWRITE_JPEG_PROGRESSIVE, 1, cv::IMWRITE_JPEG_QUALITY, 5}),
               16384, 16384));
  // 2. A real 40 Mpx PNG (8000 × 5000, flat: tens of KB) (item 5).
  Write(dir + "/png_40mpx.png", Encode(cv::Mat(5000, 8000, CV_8UC1, cv::Scalar(128)), ".png"));
  // 3. A 12 Mpx JPEG cut mid-scan, no EOI (item 5).
  cv::Mat noise(3000, 4000, CV_8UC3);
  cv::randu(noise, 0, 255);
  cv::GaussianBlur(noise, noise, cv::Size(0, 0), 2);
  const std::string photo = Encode(noise, ".jpg", {cv::IMWRITE_JPEG_QUALITY, 80});
  Write(dir + "/jpeg_cut_midscan.jpg", photo.substr(0, photo.size() * 6 / 10));
  // 4. The largest honest photos accepted: 12 Mpx baseline, and progressive at the 16 Mpx cap.
  Write(dir + "/jpeg_12mpx_baseline.jpg", photo);
  cv::Mat big(3456, 4608, CV_8UC3);
  cv::randu(big, 0, 255);
  cv::GaussianBlur(big, big, cv::Size(0, 0), 3);
  Write(dir + "/jpeg_16mpx_progressive.jpg",
        Encode(big, ".jpg", {cv::IMWRITE_JPEG_PROGRESSIVE, 1, cv::IMWRITE_JPEG_QUALITY, 70}));
  return 0;
}

int Measure(const std::string& mode, const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string bytes = ss.str();
  const long before = PeakKiB();
  const auto t0 = std::chrono::steady_clock::now();
  std::string outcome;
  if (mode == "before") {
    // The old gateway check: PNG pixel count from IHDR (> 40 M refused), then a 1/8 grey decode.
    bool refused = false;
    if (bytes.size() >= 24 && bytes[1] == 'P') {
      auto be = [&](size_t at) {
        return (int64_t(uint8_t(bytes[at])) << 24) | (int64_t(uint8_t(bytes[at + 1])) << 16) |
               (int64_t(uint8_t(bytes[at + 2])) << 8) | int64_t(uint8_t(bytes[at + 3]));
      };
      refused = be(16) * be(20) > 40'000'000;
    }
    cv::Mat img;
    if (!refused) {
      img = cv::imdecode(cv::Mat(1, int(bytes.size()), CV_8UC1, const_cast<char*>(bytes.data())),
                         cv::IMREAD_REDUCED_GRAYSCALE_8);
    }
    outcome = refused ? "refused: pixels" : img.empty() ? "refused: does not decode" : "accepted";
  } else {
    const cs::photo::PhotoLimits limits;
    absl::Status s;
    if (mode == "validate") {
      s = cs::photo::ValidatePhoto(bytes, limits, "photos[0]").status();
    } else {
      s = cs::photo::DecodePhoto(bytes, limits, "photo", cs::photo::DecodeMode::kFullColour)
              .status();
    }
    outcome = s.ok() ? "accepted" : "refused: " + std::string(s.message());
  }
  const double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  std::printf("%ld %.1f %s\n", PeakKiB() - before, ms, outcome.c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  cv::setNumThreads(1);
  if (argc == 3 && std::strcmp(argv[1], "make") == 0) return Make(argv[2]);
  if (argc == 4 && std::strcmp(argv[1], "measure") == 0) return Measure(argv[2], argv[3]);
  std::fprintf(stderr, "usage: photo_check_mem make DIR | measure before|validate|full FILE\n");
  return 2;
}
