// Where the gateway's time goes on a found report: decoding its JSON (with a base64 photo) and
// checking the photo, without any network. Complements bench/api_bench.sh.
#include <benchmark/benchmark.h>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "crowdsafe/v1/cases.pb.h"
#include "mobile-api/json_codec.h"
#include "common/photo/photo_check.h"

namespace {

// A 320×240 photo with texture, PNG or JPEG.
std::string Photo(const char* ext) {
  cv::Mat img(240, 320, CV_8UC3);
  cv::randu(img, cv::Scalar::all(0), cv::Scalar::all(255));
  cv::GaussianBlur(img, img, {0, 0}, 2.0);
  std::vector<uchar> buf;
  cv::imencode(ext, img, buf);
  return std::string(buf.begin(), buf.end());
}

std::string FoundReportJson(const std::string& photo) {
  crowdsafe::v1::FileFoundReportRequest r;
  r.mutable_report()->set_found_zone_id("penguin");
  r.mutable_report()->mutable_found_at()->set_seconds(1771310400);
  r.mutable_report()->mutable_child()->set_age_min(4);
  r.mutable_report()->mutable_child()->set_age_max(6);
  r.mutable_report()->mutable_child()->mutable_clothing()->mutable_top()->set_description("红色外套");
  if (!photo.empty()) r.add_photos()->set_data(photo);
  return cs::api::ToJson(r);
}

void BM_DecodeFoundReport(benchmark::State& state, const char* ext) {
  std::string json = FoundReportJson(*ext ? Photo(ext) : "");
  crowdsafe::v1::FileFoundReportRequest r;
  for (auto _ : state) {
    auto s = cs::api::ParseJson(json, &r);
    if (!s.ok()) state.SkipWithError("decode failed");
    benchmark::DoNotOptimize(r);
  }
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(json.size()));
  state.counters["json_bytes"] = static_cast<double>(json.size());
}
BENCHMARK_CAPTURE(BM_DecodeFoundReport, no_photo, "");
BENCHMARK_CAPTURE(BM_DecodeFoundReport, png, ".png");
BENCHMARK_CAPTURE(BM_DecodeFoundReport, jpeg, ".jpg");

void BM_CheckPhoto(benchmark::State& state, const char* ext) {
  std::string photo = Photo(ext);
  for (auto _ : state) benchmark::DoNotOptimize(cs::photo::ValidatePhoto(photo, {}, "photos[0]"));
  state.counters["photo_bytes"] = static_cast<double>(photo.size());
}
BENCHMARK_CAPTURE(BM_CheckPhoto, png, ".png");
BENCHMARK_CAPTURE(BM_CheckPhoto, jpeg, ".jpg");

}  // namespace

BENCHMARK_MAIN();
