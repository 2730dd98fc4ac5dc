// fit / count / eval / heatmap on videos and images. Timing uses std::chrono::steady_clock: it
// measures this process's own throughput, not wall-clock business time (which goes via cs::Clock).
#include "vision/cli/commands.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <iostream>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>
#include <set>

#include "absl/strings/str_cat.h"
#include "vision/cli/json_line.h"
#include "vision/estimator/camera.h"
#include "vision/estimator/estimator.h"
#include "vision/estimator/io.h"
#include "vision/estimator/model.h"

namespace cs::vision::cli {
namespace {

using Clock = std::chrono::steady_clock;

int Fail(const absl::Status& st) {
  std::cerr << "crowdsafe-vision: " << st.message() << "\n";
  return 1;
}

double Seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

absl::StatusOr<Estimator> MakeEstimator(const Camera& cam, const Options& o) {
  if (o.method == "hog") return Estimator::CreateHog(cam);
  if (o.model.empty()) return absl::InvalidArgumentError("--model: required unless --method hog");
  auto model = LoadModel(o.model);
  if (!model.ok()) return model.status();
  return Estimator::Create(cam, *std::move(model));
}

std::string EstimateJson(const FrameEstimate& e) {
  std::string s = absl::StrCat("\"count\":", JsonNumber(e.count), ",\"regions\":[");
  for (size_t i = 0; i < e.regions.size(); ++i) {
    const auto& r = e.regions[i];
    absl::StrAppend(&s, i ? "," : "", "{\"region\":", JsonString(r.region_id),
                    ",\"zone\":", JsonString(r.zone_id), ",\"count\":", JsonNumber(r.count));
    if (r.area_m2) absl::StrAppend(&s, ",\"area_m2\":", JsonNumber(*r.area_m2));
    if (r.density) absl::StrAppend(&s, ",\"density\":", JsonNumber(*r.density));
    s += "}";
  }
  return s + "]";
}

absl::StatusOr<cv::VideoCapture> OpenVideo(const std::string& path) {
  cv::VideoCapture cap(path);
  if (!cap.isOpened()) return absl::NotFoundError(absl::StrCat("--video: cannot open ", path));
  return cap;
}

void Progress(const char* what, int done, int total) {
  if (done % 100 == 0 || done == total) {
    std::cerr << "\r" << what << " " << done << "/" << total << std::flush;
    if (done == total) std::cerr << "\n";
  }
}

struct Scores {
  double mae = 0, rmse = 0, rel_mae = 0, baseline_mae = 0;
  int n = 0;
};

Scores Score(const std::vector<double>& pred, const std::vector<double>& truth, double median) {
  Scores s;
  s.n = int(pred.size());
  double rel_n = 0;
  for (size_t i = 0; i < pred.size(); ++i) {
    const double e = pred[i] - truth[i];
    s.mae += std::abs(e);
    s.rmse += e * e;
    s.baseline_mae += std::abs(median - truth[i]);
    if (truth[i] > 0) s.rel_mae += std::abs(e) / truth[i], rel_n += 1;
  }
  if (s.n) s.mae /= s.n, s.rmse = std::sqrt(s.rmse / s.n), s.baseline_mae /= s.n;
  if (rel_n) s.rel_mae /= rel_n;
  return s;
}

double Median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

}  // namespace

int RunFit(const Options& o) {
  auto cam = LoadCameraYaml(o.camera);
  if (!cam.ok()) return Fail(cam.status());
  bool by_frame = false;
  auto labels = ReadLabelsCsv(o.labels, &by_frame);
  if (!labels.ok()) return Fail(labels.status());
  if (by_frame != !o.video.empty()) {
    return Fail(absl::InvalidArgumentError(
        "--labels: frame,count needs --video; image,count must be used without --video"));
  }
  const Mode mode = by_frame ? Mode::kPerCamera : Mode::kSingleImage;
  const int width = o.process_width >= 0 ? o.process_width : (by_frame ? 384 : 0);
  auto est = Estimator::Create(*cam, UnfittedModel(mode, width));
  if (!est.ok()) return Fail(est.status());
  std::vector<std::vector<double>> rows;
  std::vector<double> counts;
  if (by_frame) {
    std::map<int, double> want;
    for (const auto& l : *labels) want[l.frame] = l.count;
    auto cap = OpenVideo(o.video);
    if (!cap.ok()) return Fail(cap.status());
    const int last = want.rbegin()->first;
    cv::Mat frame;
    for (int i = 0; i <= last; ++i) {
      if (!cap->read(frame)) {
        return Fail(absl::InvalidArgumentError(absl::StrCat(
            "--labels: frame ", last, " is past the end of the video (", i, " frames)")));
      }
      auto f = est->FrameFeatures(frame);
      if (!f.ok())
        return Fail(absl::InvalidArgumentError(
            absl::StrCat("--video frame ", i, ": ", f.status().message())));
      if (auto it = want.find(i); it != want.end()) {
        rows.push_back(*f);
        counts.push_back(it->second);
      }
      Progress("fit: frames", i + 1, last + 1);
    }
  } else {
    int done = 0;
    for (const auto& l : *labels) {
      auto img = LoadImage(l.key);
      if (!img.ok()) return Fail(img.status());
      auto f = est->FrameFeatures(*img);
      if (!f.ok())
        return Fail(
            absl::InvalidArgumentError(absl::StrCat("image ", l.key, ": ", f.status().message())));
      rows.push_back(*f);
      counts.push_back(l.count);
      Progress("fit: images", ++done, int(labels->size()));
    }
  }
  auto model = FitModel(mode, width, rows, counts, {}, 5);
  if (!model.ok()) return Fail(model.status());
  if (auto st = SaveModel(*model, o.out); !st.ok()) return Fail(st);
  std::cout << "{\"model\":" << JsonString(o.out) << ",\"mode\":\"" << ModeName(mode)
            << "\",\"samples\":" << model->train_samples
            << ",\"cv_mae\":" << JsonNumber(model->cv_mae)
            << ",\"lambda\":" << JsonNumber(model->lambda)
            << ",\"train_median\":" << JsonNumber(model->train_median) << "}\n";
  return 0;
}

int RunCount(const Options& o) {
  auto cam = LoadCameraYaml(o.camera);
  if (!cam.ok()) return Fail(cam.status());
  auto est = MakeEstimator(*cam, o);
  if (!est.ok()) return Fail(est.status());
  if (o.video.empty() == o.images.empty()) {
    return Fail(absl::InvalidArgumentError("count: give either --video or image files"));
  }
  int errors = 0;
  if (!o.video.empty()) {
    bool ok = true;
    std::vector<int> frames = ParseFrameList(o.frames, &ok);
    if (!ok) return Fail(absl::InvalidArgumentError("--frames: expected e.g. 0,40,80"));
    std::set<int> want(frames.begin(), frames.end());
    auto cap = OpenVideo(o.video);
    if (!cap.ok()) return Fail(cap.status());
    const int total = int(cap->get(cv::CAP_PROP_FRAME_COUNT));
    const int last = want.empty() ? INT32_MAX : *want.rbegin();
    cv::Mat frame;
    int read = 0;
    for (int i = 0; i <= last && cap->read(frame); ++i) {
      read = i + 1;
      // HOG is stateless: skip frames nobody asked for. Regression feeds the background.
      const bool print = want.empty() || want.count(i);
      if (!print && est->method() == Method::kHog) continue;
      auto e = est->Estimate(frame);
      if (!e.ok()) {
        std::cerr << "crowdsafe-vision: frame " << i << ": " << e.status().message() << "\n";
        ++errors;
        continue;
      }
      if (print) std::cout << "{\"frame\":" << i << "," << EstimateJson(*e) << "}\n";
      if (total > 0) Progress("count: frames", i + 1, want.empty() ? total : last + 1);
    }
    if (!want.empty() && read <= last) {
      std::cerr << "crowdsafe-vision: --frames: frame " << last << " is past the end of the video ("
                << read << " frames)\n";
      ++errors;
    }
  } else {
    for (const auto& path : o.images) {
      auto img = LoadImage(path);
      absl::StatusOr<FrameEstimate> e = img.ok() ? est->Estimate(*img) : img.status();
      if (!e.ok()) {
        std::cerr << "crowdsafe-vision: " << e.status().message() << "\n";
        std::cout << "{\"image\":" << JsonString(path)
                  << ",\"error\":" << JsonString(std::string(e.status().message())) << "}\n";
        ++errors;
        continue;
      }
      std::cout << "{\"image\":" << JsonString(path) << "," << EstimateJson(*e) << "}\n";
    }
  }
  return errors ? 1 : 0;
}

int RunEval(const Options& o) {
  if (o.camera.empty() || o.labels.empty()) {
    return Fail(absl::InvalidArgumentError("eval: needs --camera and --labels (or --dataset)"));
  }
  auto cam = LoadCameraYaml(o.camera);
  if (!cam.ok()) return Fail(cam.status());
  bool by_frame = false;
  auto labels = ReadLabelsCsv(o.labels, &by_frame);
  if (!labels.ok()) return Fail(labels.status());
  if (by_frame == o.video.empty()) {
    return Fail(absl::InvalidArgumentError("--labels: frame,count goes with --video"));
  }
  std::vector<std::string> methods = {o.method};
  if (o.compare_hog && o.method != "hog") methods.push_back("hog");
  std::vector<double> truth;
  for (const auto& l : *labels) truth.push_back(l.count);
  for (const auto& method : methods) {
    Options mo = o;
    mo.method = method;
    auto est = MakeEstimator(*cam, mo);
    if (!est.ok()) return Fail(est.status());
    double median = Median(truth);
    const char* median_of = "eval labels";
    if (method == "regression") {
      auto model = LoadModel(o.model);
      if (model.ok()) median = model->train_median, median_of = "training labels";
    }
    std::vector<double> pred;
    Clock::duration busy{};
    int processed = 0;
    if (by_frame) {
      std::map<int, double> want;
      for (const auto& l : *labels) want[l.frame] = l.count;
      truth.clear();
      auto cap = OpenVideo(o.video);
      if (!cap.ok()) return Fail(cap.status());
      cv::Mat frame;
      const int last = want.rbegin()->first;
      for (int i = 0; i <= last && cap->read(frame); ++i) {
        const bool labelled = want.count(i) > 0;
        if (!labelled && method == "hog") continue;
        const auto t0 = Clock::now();
        auto e = est->Estimate(frame);
        busy += Clock::now() - t0;
        ++processed;
        if (!e.ok()) return Fail(e.status());
        if (labelled) pred.push_back(e->count), truth.push_back(want[i]);
        Progress(method == "hog" ? "eval hog: frames" : "eval: frames", i + 1, last + 1);
      }
    } else {
      for (const auto& l : *labels) {
        auto img = LoadImage(l.key);
        if (!img.ok()) return Fail(img.status());
        const auto t0 = Clock::now();
        auto e = est->Estimate(*img);
        busy += Clock::now() - t0;
        ++processed;
        if (!e.ok()) return Fail(e.status());
        pred.push_back(e->count);
      }
    }
    const Scores s = Score(pred, truth, median);
    std::cout << "{\"method\":\"" << method << "\",\"n\":" << s.n
              << ",\"mae\":" << JsonNumber(s.mae) << ",\"rmse\":" << JsonNumber(s.rmse)
              << ",\"rel_mae\":" << JsonNumber(s.rel_mae)
              << ",\"frames_per_s\":" << JsonNumber(processed / std::max(1e-9, Seconds(busy)))
              << ",\"median_baseline\":" << JsonNumber(median) << ",\"median_of\":\"" << median_of
              << "\",\"median_baseline_mae\":" << JsonNumber(s.baseline_mae) << "}\n";
  }
  return 0;
}

int RunHeatmap(const Options& o) {
  auto cam = LoadCameraYaml(o.camera);
  if (!cam.ok()) return Fail(cam.status());
  auto est = MakeEstimator(*cam, o);
  if (!est.ok()) return Fail(est.status());
  cv::Mat frame, density;
  absl::StatusOr<FrameEstimate> e = absl::InvalidArgumentError("heatmap: give --video or --image");
  if (!o.image.empty()) {
    auto img = LoadImage(o.image);
    if (!img.ok()) return Fail(img.status());
    frame = *img;
    e = est->Estimate(frame, &density);
  } else if (!o.video.empty()) {
    auto cap = OpenVideo(o.video);
    if (!cap.ok()) return Fail(cap.status());
    for (int i = 0; i <= o.frame; ++i) {
      if (!cap->read(frame)) {
        return Fail(
            absl::InvalidArgumentError(absl::StrCat("--frame: ", o.frame, " is past the end")));
      }
      // Earlier frames only train the background model.
      if (i < o.frame && est->method() == Method::kRegression) (void)est->Estimate(frame);
    }
    e = est->Estimate(frame, &density);
  }
  if (!e.ok()) return Fail(e.status());
  cv::Mat d;
  cv::resize(density, d, frame.size(), 0, 0, cv::INTER_LINEAR);
  cv::GaussianBlur(d, d, {0, 0}, std::max(2.0, frame.cols / 100.0));
  double max_v = 0;
  cv::minMaxLoc(d, nullptr, &max_v);
  cv::Mat d8, colour, base, out;
  d.convertTo(d8, CV_8U, max_v > 0 ? 255.0 / max_v : 0);
  cv::applyColorMap(d8, colour, cv::COLORMAP_JET);
  if (frame.channels() == 1) {
    cv::cvtColor(frame, base, cv::COLOR_GRAY2BGR);
  } else {
    base = frame;
  }
  cv::addWeighted(base, 0.55, colour, 0.45, 0, out);
  cv::putText(out, absl::StrCat("count ", std::lround(e->count)), {10, 30},
              cv::FONT_HERSHEY_SIMPLEX, 1.0, cv::Scalar(255, 255, 255), 2);
  try {
    if (!cv::imwrite(o.out, out)) return Fail(absl::InternalError("--out: cannot write " + o.out));
  } catch (const cv::Exception& ex) {
    return Fail(absl::InvalidArgumentError(absl::StrCat("--out: ", ex.msg)));
  }
  std::cout << "{\"out\":" << JsonString(o.out) << "," << EstimateJson(*e) << "}\n";
  return 0;
}

}  // namespace cs::vision::cli
