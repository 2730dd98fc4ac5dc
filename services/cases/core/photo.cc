#include "services/cases/core/photo.h"

#include <algorithm>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <utility>

#include "absl/strings/str_cat.h"

namespace cs::cases {
namespace {

absl::StatusOr<cv::Mat> CheckAndDecode(std::string_view bytes, const PhotoLimits& limits,
                                       PhotoFormat* format) {
  auto image = cs::photo::DecodePhoto(bytes, limits, "photo", cs::photo::DecodeMode::kFullColour);
  if (!image.ok()) return image.status();
  // DecodePhoto read the header, so the format is known and the magic bytes are there.
  *format = static_cast<unsigned char>(bytes[0]) == 0xFF ? PhotoFormat::kJpeg : PhotoFormat::kPng;
  return *std::move(image);
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
