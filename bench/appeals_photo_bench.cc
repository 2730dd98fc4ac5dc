// The photo step of a found-child appeal (issue 14): face detector time and head-point recall
// per configuration on the shared crowd images, the smallest drawn face found in a 1600 px
// photo, and draft time per appeal with and without the photo step (target < 200 ms with one
// 1600 px photo).
//
//   build/release/bin/appeals_photo_bench [repo-root] [--photo-step-only]
//
// Recall here is a proxy (docs/benchmarks.md says what it can and cannot measure): the crowd
// images carry head points, not face boxes, so it is the share of annotated heads that fall in
// a blurred box. Heads seen from behind or a few pixels wide count as misses, so it is a lower
// bound on face recall and says nothing of false boxes.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <opencv2/core/utility.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "services/appeals/drafting/face_blur.h"
#include "services/appeals/drafting/published_photo.h"
#include "services/appeals/drafting/testdata/drawn_face.h"
#include "services/appeals/drafting_bridge.h"

namespace {

using cs::appeals::FaceBlurOptions;
using cs::appeals::FaceBlurrer;
using cs::appeals::FaceCascade;

double NowMs() {
  return std::chrono::duration<double, std::milli>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}
double CpuMs() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}
double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}
double P95(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[std::min(v.size() - 1, v.size() * 95 / 100)];
}
std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}
std::string Jpeg(const cv::Mat& img) {
  std::vector<uchar> buf;
  cv::imencode(".jpg", img, buf, {cv::IMWRITE_JPEG_QUALITY, 90});
  return std::string(buf.begin(), buf.end());
}

struct Config {
  const char* name;
  std::vector<FaceCascade> cascades;
  int detect_max_side;
};

void DetectorTable(const std::string& data) {
  const std::string h = "/usr/share/opencv4/haarcascades/", l = "/usr/share/opencv4/lbpcascades/";
  const std::vector<Config> configs = {
      {"alt2 @640", {{h + "haarcascade_frontalface_alt2.xml"}}, 640},
      {"default @640", {{h + "haarcascade_frontalface_default.xml"}}, 640},
      {"lbp_improved @640", {{l + "lbpcascade_frontalface_improved.xml"}}, 640},
      {"alt2+profile(both) @640 [shipped]", cs::appeals::DefaultFaceCascades(), 640},
      {"alt2+profile(both) @1024", cs::appeals::DefaultFaceCascades(), 1024},
  };
  google::protobuf::Struct points;
  if (!google::protobuf::util::JsonStringToMessage(ReadFile(data + "/points.json"), &points).ok()) {
    std::printf("points.json does not parse\n");
    return;
  }
  std::vector<std::string> files;
  for (const auto& e : std::filesystem::directory_iterator(data)) {
    const std::string n = e.path().filename().string();
    if (n.rfind("custom_in_", 0) == 0 || n.rfind("shtechA_", 0) == 0) files.push_back(n);
  }
  std::sort(files.begin(), files.end());
  std::printf("\n## detector on %zu crowd images (custom set 1024x768 + ShanghaiTech A)\n",
              files.size());
  std::printf("%-36s %10s %10s %12s %10s %10s\n", "config", "ms/photo", "cpu ms", "head recall",
              "boxes/img", "heads");
  for (const Config& c : configs) {
    FaceBlurOptions o;
    o.detect_max_side = c.detect_max_side;
    auto blurrer = FaceBlurrer::Create(c.cascades, o);
    if (!blurrer.ok()) {
      std::printf("%-36s %s\n", c.name, std::string(blurrer.status().message()).c_str());
      continue;
    }
    std::vector<double> wall, cpu;
    long heads = 0, covered = 0, boxes = 0;
    for (const std::string& f : files) {
      const cv::Mat img = cv::imread(data + "/" + f, cv::IMREAD_COLOR);
      const double w0 = NowMs(), c0 = CpuMs();
      auto result = (*blurrer)->Blur(img);
      wall.push_back(NowMs() - w0);
      cpu.push_back(CpuMs() - c0);
      if (!result.ok()) continue;
      boxes += result->face_count;
      for (const auto& p : points.fields().at(f).list_value().values()) {
        ++heads;
        const auto& xy = p.list_value().values();
        const cv::Point pt(static_cast<int>(xy[0].number_value()),
                           static_cast<int>(xy[1].number_value()));
        covered += std::any_of(result->faces.begin(), result->faces.end(),
                               [&](const cv::Rect& r) { return r.contains(pt); });
      }
    }
    std::printf("%-36s %10.1f %10.1f %11.1f%% %10.2f %10ld\n", c.name, Median(wall), Median(cpu),
                100.0 * covered / std::max(1L, heads), double(boxes) / files.size(), heads);
  }
}

// The smallest drawn face the shipped detector finds in a 1600 × 1200 photo.
void FaceSizeTable() {
  auto blurrer = FaceBlurrer::Create();
  std::printf("\n## drawn face (a drawing, not a person) in a 1600x1200 photo, shipped config\n");
  std::printf("%-12s %s\n", "face px", "found");
  for (int size : {40, 60, 80, 100, 140, 200, 300, 450}) {
    const cv::Mat img =
        cs::appeals::testing::SceneWithFace(1600, 1200, cv::Point(800, 600), size);
    auto faces = (*blurrer)->Detect(img);
    const bool hit = faces.ok() && std::any_of(faces->begin(), faces->end(), [&](const cv::Rect& r) {
      return r.contains(cv::Point(800, 600));
    });
    std::printf("%-12d %s\n", size, hit ? "yes" : "no");
  }
}

void DraftTable(const std::string& root) {
  auto drafter = cs::appeals::bridge::CreateAppealDrafter(root + "/config/phrases.yaml");
  auto redactor = cs::appeals::bridge::CreatePhotoRedactor();
  if (!drafter.ok() || !redactor.ok()) {
    std::printf("drafter or redactor unavailable\n");
    return;
  }
  cs::appeals::bridge::DraftInput in;
  in.kind = cs::appeals::bridge::DraftKind::kFound;
  in.at = cs::FromMillis(1'771'300'800'000);
  in.zone_name_zh = "企鹅馆";
  in.zone_name_en = "Penguin Pavilion";
  in.sex = "male";
  in.age_years = 5;
  in.height_cm = 105;
  in.top = "外套";
  in.top_colours = {"红色"};
  in.shoes = "运动鞋";
  in.shoes_colours = {"蓝色"};
  in.held_at = "走失儿童中心";
  in.official_hotline = "0756-8899 0110";
  const std::string photo_1600 =
      Jpeg(cs::appeals::testing::SceneWithFace(1600, 1200, cv::Point(700, 500), 300));
  const std::string photo_4000 =
      Jpeg(cs::appeals::testing::SceneWithFace(4000, 3000, cv::Point(1700, 1200), 700));
  struct Row {
    const char* name;
    const std::string* photo;
  };
  std::printf("\n## draft time per found-child appeal (30 runs; OpenCV threads: %d)\n",
              cv::getNumThreads());
  std::printf("%-40s %10s %10s %10s %8s\n", "", "median ms", "p95 ms", "cpu ms", "faces");
  for (const Row& r : {Row{"text only (baseline)", nullptr},
                       Row{"text + one 1600x1200 photo", &photo_1600},
                       Row{"text + one 4000x3000 photo (12 Mpx)", &photo_4000}}) {
    std::vector<double> wall, cpu;
    int faces = 0;
    for (int i = 0; i < 30; ++i) {
      const double w0 = NowMs(), c0 = CpuMs();
      auto d = (*drafter)->Draft(in);
      if (r.photo != nullptr) {
        auto p = (*redactor)->Blurred(*r.photo);
        if (p.ok()) faces = p->faces_blurred;
      }
      wall.push_back(NowMs() - w0);
      cpu.push_back(CpuMs() - c0);
      if (!d.ok()) std::printf("draft failed: %s\n", std::string(d.status().message()).c_str());
    }
    std::printf("%-40s %10.1f %10.1f %10.1f %8d\n", r.name, Median(wall), P95(wall), Median(cpu),
                faces);
  }
}

// The photo step alone on one 1600 × 1200 photo, for cheaper detector settings than shipped:
// what each would save (their recall on children's photos is not measured: see benchmarks.md).
void PhotoStepOptions() {
  const std::string photo =
      Jpeg(cs::appeals::testing::SceneWithFace(1600, 1200, cv::Point(700, 500), 300));
  struct Row {
    const char* name;
    std::vector<FaceCascade> cascades;
    double scale_step;
    int min_face;
  };
  const std::string alt2 = cs::appeals::kDefaultFaceCascade;
  std::printf("\n## photo step alone, one 1600x1200 photo, by detector setting (20 runs)\n");
  std::printf("%-44s %10s %10s %6s\n", "", "median ms", "cpu ms", "faces");
  for (const Row& r : {Row{"shipped: alt2+profile both, 1.15, min 20", cs::appeals::DefaultFaceCascades(), 1.15, 20},
                       Row{"alt2+profile both, 1.2, min 32", cs::appeals::DefaultFaceCascades(), 1.2, 32},
                       Row{"alt2 only, 1.15, min 20", {{alt2}}, 1.15, 20},
                       Row{"alt2 only, 1.2, min 32", {{alt2}}, 1.2, 32}}) {
    FaceBlurOptions o;
    o.scale_step = r.scale_step;
    o.min_face_px = r.min_face;
    auto blurrer = FaceBlurrer::Create(r.cascades, o);
    if (!blurrer.ok()) continue;
    cs::appeals::PublishedPhotoMaker maker(*std::move(blurrer));
    std::vector<double> wall, cpu;
    int faces = 0;
    for (int i = 0; i < 20; ++i) {
      const double w0 = NowMs(), c0 = CpuMs();
      auto p = maker.Blurred(photo);
      wall.push_back(NowMs() - w0);
      cpu.push_back(CpuMs() - c0);
      if (p.ok()) faces = p->faces_blurred;
    }
    std::printf("%-44s %10.1f %10.1f %6d\n", r.name, Median(wall), Median(cpu), faces);
  }
}

}  // namespace

int main(int argc, char** argv) {
  const std::string root = argc > 1 ? argv[1] : ".";
  if (argc > 2 && std::string(argv[2]) == "--photo-step-only") {
    PhotoStepOptions();
    return 0;
  }
  PhotoStepOptions();
  const std::string data = root + "/../shared/data/crowd-images";
  DraftTable(root);
  FaceSizeTable();
  if (std::filesystem::exists(data + "/points.json")) {
    DetectorTable(data);
  } else {
    std::printf("\n%s is absent: no detector recall\n", data.c_str());
  }
  return 0;
}
