#include "services/cases/core/photo.h"

#include <algorithm>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"

namespace cs::cases {
namespace {

std::optional<PhotoFormat> Sniff(std::string_view b) {
  if (b.size() >= 3 && static_cast<unsigned char>(b[0]) == 0xFF &&
      static_cast<unsigned char>(b[1]) == 0xD8 && static_cast<unsigned char>(b[2]) == 0xFF)
    return PhotoFormat::kJpeg;
  static constexpr unsigned char kPng[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
  if (b.size() >= 8 && std::equal(kPng, kPng + 8, reinterpret_cast<const unsigned char*>(b.data())))
    return PhotoFormat::kPng;
  return std::nullopt;
}

uint32_t Be(std::string_view b, size_t at, int n) {
  uint32_t v = 0;
  for (int k = 0; k < n; ++k) v = (v << 8) | static_cast<unsigned char>(b[at + k]);
  return v;
}

// Width × height from the header, without decoding; nullopt when the header is unreadable.
std::optional<std::pair<uint32_t, uint32_t>> HeaderSize(std::string_view b, PhotoFormat f) {
  if (f == PhotoFormat::kPng) {
    if (b.size() < 24 || b.substr(12, 4) != "IHDR") return std::nullopt;
    return std::make_pair(Be(b, 16, 4), Be(b, 20, 4));
  }
  // JPEG: walk the marker segments to the first SOFn (C0..CF except C4, C8, CC).
  size_t i = 2;
  while (i + 4 <= b.size()) {
    if (static_cast<unsigned char>(b[i]) != 0xFF) return std::nullopt;
    const unsigned marker = static_cast<unsigned char>(b[i + 1]);
    if (marker == 0xFF) {
      ++i;  // fill byte
      continue;
    }
    const uint32_t len = Be(b, i + 2, 2);
    if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
      if (i + 9 > b.size()) return std::nullopt;
      return std::make_pair(Be(b, i + 7, 2), Be(b, i + 5, 2));
    }
    if (len < 2) return std::nullopt;
    i += 2 + len;
  }
  return std::nullopt;
}

absl::StatusOr<cv::Mat> CheckAndDecode(std::string_view bytes, const PhotoLimits& limits,
                                       PhotoFormat* format) {
  if (bytes.empty()) return absl::InvalidArgumentError("photo: is empty");
  if (bytes.size() > limits.max_bytes)
    return absl::InvalidArgumentError(
        absl::StrCat("photo: ", bytes.size(), " bytes is over the limit of ", limits.max_bytes));
  const auto f = Sniff(bytes);
  if (!f) return absl::InvalidArgumentError("photo: is neither JPEG nor PNG");
  *format = *f;
  const auto size = HeaderSize(bytes, *f);
  if (!size || size->first == 0 || size->second == 0)
    return absl::InvalidArgumentError("photo: header is unreadable");
  if (static_cast<int64_t>(size->first) * size->second > limits.max_pixels)
    return absl::InvalidArgumentError(
        absl::StrCat("photo: ", size->first, "x", size->second, " pixels is over the limit"));
  cv::Mat img;
  try {
    const cv::Mat raw(1, static_cast<int>(bytes.size()), CV_8UC1, const_cast<char*>(bytes.data()));
    // IMREAD_COLOR applies the EXIF orientation, so the re-encoded image stays upright.
    img = cv::imdecode(raw, cv::IMREAD_COLOR);
  } catch (const cv::Exception&) {
    img.release();
  }
  if (img.empty()) return absl::InvalidArgumentError("photo: cannot be decoded");
  return img;
}

// Dominant colours of one region, by pixel share.
std::vector<Lab> Dominant(const cv::Mat& bgr_region) {
  cv::Mat small;
  // 48×48 samples are plenty for 3 clusters and keep k-means well under a millisecond.
  cv::resize(bgr_region, small, cv::Size(48, 48), 0, 0, cv::INTER_AREA);
  cv::Mat f32, lab;
  small.convertTo(f32, CV_32FC3, 1.0 / 255.0);
  cv::cvtColor(f32, lab, cv::COLOR_BGR2Lab);  // float input: L in 0..100, a/b unscaled
  cv::Mat samples = lab.reshape(1, lab.rows * lab.cols);
  constexpr int kK = 3;
  cv::Mat labels, centres;
  cv::setRNGSeed(12345);  // deterministic results for the same photo
  cv::kmeans(samples, kK, labels,
             cv::TermCriteria(cv::TermCriteria::EPS + cv::TermCriteria::COUNT, 20, 0.5), 3,
             cv::KMEANS_PP_CENTERS, centres);
  std::vector<std::pair<int, int>> counts(kK);
  for (int k = 0; k < kK; ++k) counts[k] = {0, k};
  for (int i = 0; i < labels.rows; ++i) ++counts[labels.at<int>(i)].first;
  std::sort(counts.begin(), counts.end(), std::greater<>());
  std::vector<Lab> out;
  for (const auto& [n, k] : counts) {
    if (n * 5 < labels.rows) break;
    out.push_back({centres.at<float>(k, 0), centres.at<float>(k, 1), centres.at<float>(k, 2)});
  }
  return out;
}

}  // namespace

absl::StatusOr<SanitizedPhoto> SanitizePhoto(std::string_view bytes, const PhotoLimits& limits) {
  PhotoFormat format;
  auto img = CheckAndDecode(bytes, limits, &format);
  if (!img.ok()) return img.status();
  std::vector<uchar> out;
  bool ok = false;
  try {
    ok = format == PhotoFormat::kJpeg
             ? cv::imencode(".jpg", *img, out, {cv::IMWRITE_JPEG_QUALITY, 90})
             : cv::imencode(".png", *img, out);
  } catch (const cv::Exception&) {
    ok = false;
  }
  if (!ok) return absl::InternalError("photo: re-encoding failed");
  SanitizedPhoto p;
  p.format = format;
  p.bytes.assign(out.begin(), out.end());
  p.width = img->cols;
  p.height = img->rows;
  return p;
}

absl::StatusOr<ClothingColours> DominantClothingColours(std::string_view bytes,
                                                        const PhotoLimits& limits) {
  PhotoFormat format;
  auto img = CheckAndDecode(bytes, limits, &format);
  if (!img.ok()) return img.status();
  const int w = img->cols, h = img->rows;
  if (w < 10 || h < 10) return absl::InvalidArgumentError("photo: is too small for colours");
  const int x0 = w / 5, x1 = w - w / 5;
  const cv::Rect top(x0, h * 15 / 100, x1 - x0, h * 35 / 100);
  const cv::Rect bottom(x0, h / 2, x1 - x0, h * 35 / 100);
  ClothingColours c;
  c.top = Dominant((*img)(top));
  c.bottom = Dominant((*img)(bottom));
  return c;
}

}  // namespace cs::cases
