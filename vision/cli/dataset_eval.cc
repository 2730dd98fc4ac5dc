// `eval --dataset DIR`: the published protocols on the shared crowd-images folder (UCF_CC_50
// 5-fold, ShanghaiTech A per image, the small custom set), single-image mode. Trains on patches
// labelled from the head points, scores whole-image counts.
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "vision/cli/commands.h"
#include "vision/cli/json_line.h"
#include "vision/estimator/features.h"
#include "vision/estimator/io.h"
#include "vision/estimator/model.h"
#include "vision/estimator/ridge.h"

namespace cs::vision::cli {
namespace {

constexpr int kGrid = 8;  // patches per side for patch-level training

struct ImageData {
  std::string file;
  double count = 0;
  std::vector<double> sums;                  // whole image
  std::vector<std::vector<double>> patches;  // kGrid*kGrid rows
  std::vector<double> patch_counts;
  double seconds = 0;
};

absl::StatusOr<ImageData> Prepare(const std::string& dir, const std::string& file, double count,
                                  const std::vector<cv::Point2f>& points) {
  ImageData d;
  d.file = file;
  d.count = count;
  auto img = LoadImage(dir + "/" + file);
  if (!img.ok()) return img.status();
  FeatureExtractor fx(Mode::kSingleImage, 0);
  std::vector<cv::Mat> maps;
  const auto t0 = std::chrono::steady_clock::now();
  if (auto st = fx.Compute(*img, &maps); !st.ok()) return st;
  d.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const cv::Size ps = maps[0].size();
  const double sx = double(ps.width) / img->cols, sy = double(ps.height) / img->rows;
  d.sums.assign(maps.size(), 0);
  for (int gy = 0; gy < kGrid; ++gy) {
    for (int gx = 0; gx < kGrid; ++gx) {
      const int x0 = gx * ps.width / kGrid, x1 = (gx + 1) * ps.width / kGrid;
      const int y0 = gy * ps.height / kGrid, y1 = (gy + 1) * ps.height / kGrid;
      const cv::Rect cell(x0, y0, x1 - x0, y1 - y0);
      std::vector<double> row;
      for (size_t k = 0; k < maps.size(); ++k) row.push_back(cv::sum(maps[k](cell))[0]);
      for (size_t k = 0; k < maps.size(); ++k) d.sums[k] += row[k];
      d.patches.push_back(std::move(row));
      double c = 0;
      for (const auto& p : points) {
        const double px = std::clamp(p.x * sx, 0.0, ps.width - 1.0);
        const double py = std::clamp(p.y * sy, 0.0, ps.height - 1.0);
        if (px >= x0 && px < x1 && py >= y0 && py < y1) c += 1;
      }
      d.patch_counts.push_back(c);
    }
  }
  // Points may miss a few annotated heads (out of bounds): scale patch counts to the total.
  double sum = 0;
  for (double c : d.patch_counts) sum += c;
  if (sum > 0) {
    for (double& c : d.patch_counts) c *= count / sum;
  } else {
    for (double& c : d.patch_counts) c = count / (kGrid * kGrid);
  }
  return d;
}

struct Result {
  std::vector<double> pred, truth;
  std::vector<double> baseline;  // the trivial answer (training median) for each test image
};

// Trains on `train` (patch rows grouped by image) and predicts each of `test`.
absl::StatusOr<std::vector<double>> TrainPredict(const std::vector<const ImageData*>& train,
                                                 const std::vector<const ImageData*>& test,
                                                 bool patch_level, double* median) {
  std::vector<std::vector<double>> rows;
  std::vector<double> y;
  std::vector<int> groups;
  for (size_t i = 0; i < train.size(); ++i) {
    if (patch_level) {
      for (size_t p = 0; p < train[i]->patches.size(); ++p) {
        rows.push_back(train[i]->patches[p]);
        y.push_back(train[i]->patch_counts[p]);
        groups.push_back(int(i));
      }
    } else {
      rows.push_back(train[i]->sums);
      y.push_back(train[i]->count);
      groups.push_back(int(i));
    }
  }
  auto model = FitModel(Mode::kSingleImage, 0, rows, y, groups, 5);
  if (!model.ok()) return model.status();
  *median = model->train_median;
  std::vector<double> out;
  for (const auto* t : test) out.push_back(std::max(0.0, Dot(model->weights, t->sums)));
  return out;
}

void PrintScores(const std::string& set, const std::string& variant, const Result& r) {
  double mae = 0, mse = 0, rel = 0, base = 0;
  for (size_t i = 0; i < r.pred.size(); ++i) {
    const double e = r.pred[i] - r.truth[i];
    mae += std::abs(e), mse += e * e, rel += std::abs(e) / std::max(1.0, r.truth[i]);
    base += std::abs(r.baseline[i] - r.truth[i]);
  }
  const double n = std::max<size_t>(1, r.pred.size());
  std::cout << "{\"set\":" << JsonString(set) << ",\"variant\":" << JsonString(variant)
            << ",\"n\":" << r.pred.size() << ",\"mae\":" << JsonNumber(mae / n)
            << ",\"rmse\":" << JsonNumber(std::sqrt(mse / n))
            << ",\"rel_mae\":" << JsonNumber(rel / n)
            << ",\"median_baseline_mae\":" << JsonNumber(base / n) << "}\n";
}

}  // namespace

int RunDatasetEval(const Options& o) {
  const std::string dir = o.dataset;
  if (!std::filesystem::exists(dir + "/counts.csv")) {
    std::cerr
        << "crowdsafe-vision: SKIPPED: dataset folder " << dir
        << " (counts.csv) is absent; the shared evaluation data exists only on CI/dev hosts\n";
    return 0;
  }
  auto points = ReadPointsJson(dir + "/points.json");
  if (!points.ok()) {
    std::cerr << "crowdsafe-vision: " << points.status().message() << "\n";
    return 1;
  }
  std::ifstream in(dir + "/counts.csv");
  std::string line;
  std::getline(in, line);
  std::vector<ImageData> all;
  double feature_seconds = 0;
  while (std::getline(in, line)) {
    std::vector<std::string> f = absl::StrSplit(line, ',');
    double count;
    if (f.size() < 2 || !absl::SimpleAtod(f[1], &count)) continue;
    auto d = Prepare(dir, f[0], count, (*points)[f[0]]);
    if (!d.ok()) {
      std::cerr << "crowdsafe-vision: " << f[0] << ": " << d.status().message() << "\n";
      return 1;
    }
    feature_seconds += d->seconds;
    all.push_back(*std::move(d));
    std::cerr << "\rfeatures: " << all.size() << " images" << std::flush;
  }
  std::cerr << "\n";
  std::map<std::string, std::vector<const ImageData*>> sets;
  for (const auto& d : all) {
    if (absl::StartsWith(d.file, "ucfcc50_")) sets["ucf"].push_back(&d);
    if (absl::StartsWith(d.file, "shtechA_")) sets["sha"].push_back(&d);
    if (absl::StartsWith(d.file, "custom_in_train")) sets["custom_train"].push_back(&d);
    if (absl::StartsWith(d.file, "custom_in_test")) sets["custom_test"].push_back(&d);
  }
  std::sort(sets["ucf"].begin(), sets["ucf"].end(),
            [](auto* a, auto* b) { return a->file < b->file; });
  for (bool patch_level : {true, false}) {
    const std::string variant = patch_level ? "patch-trained" : "image-trained";
    // UCF_CC_50: folds are images 1-10, 11-20, ...
    const auto& ucf = sets["ucf"];
    if (ucf.size() == 50) {
      Result r;
      for (int fold = 0; fold < 5; ++fold) {
        std::vector<const ImageData*> train, test;
        for (int i = 0; i < 50; ++i) (i / 10 == fold ? test : train).push_back(ucf[i]);
        double median = 0;
        auto pred = TrainPredict(train, test, patch_level, &median);
        if (!pred.ok()) return std::cerr << pred.status().message() << "\n", 1;
        for (size_t i = 0; i < test.size(); ++i) {
          r.pred.push_back((*pred)[i]);
          r.truth.push_back(test[i]->count);
          r.baseline.push_back(median);  // each fold's own training median
        }
      }
      PrintScores("UCF_CC_50 5-fold (published MAE: Idrees 2013 468.0, MCNN 377.6)", variant, r);
    }
    // ShanghaiTech A: leave one out, training on all UCF_CC_50 and the other SHA images.
    const auto& sha = sets["sha"];
    if (!sha.empty()) {
      Result r;
      for (size_t k = 0; k < sha.size(); ++k) {
        std::vector<const ImageData*> train(ucf.begin(), ucf.end());
        for (size_t j = 0; j < sha.size(); ++j)
          if (j != k) train.push_back(sha[j]);
        double median = 0;
        auto pred = TrainPredict(train, {sha[k]}, patch_level, &median);
        if (!pred.ok()) return std::cerr << pred.status().message() << "\n", 1;
        std::cout << "{\"set\":\"ShanghaiTech A\",\"variant\":\"" << variant
                  << "\",\"image\":" << JsonString(sha[k]->file)
                  << ",\"count\":" << JsonNumber(sha[k]->count)
                  << ",\"predicted\":" << JsonNumber((*pred)[0]) << "}\n";
        r.pred.push_back((*pred)[0]);
        r.truth.push_back(sha[k]->count);
        r.baseline.push_back(median);
      }
      PrintScores("ShanghaiTech A (5 images, leave-one-out)", variant, r);
    }
    if (!sets["custom_train"].empty() && !sets["custom_test"].empty()) {
      Result r;
      double median = 0;
      auto pred = TrainPredict(sets["custom_train"], sets["custom_test"], patch_level, &median);
      if (!pred.ok()) return std::cerr << pred.status().message() << "\n", 1;
      r.pred = *pred;
      for (const auto* t : sets["custom_test"]) {
        r.truth.push_back(t->count);
        r.baseline.push_back(median);
      }
      PrintScores("custom (train 30 / test 8)", variant, r);
    }
  }
  std::cout << "{\"feature_seconds_per_image\":" << JsonNumber(feature_seconds / all.size())
            << ",\"images\":" << all.size() << "}\n";
  return 0;
}

}  // namespace cs::vision::cli
