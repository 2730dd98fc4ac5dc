// The photo step of a found-child appeal (issue 14): for each candidate detector configuration,
// face recall and CPU time per photo on the same data; where the photo step's time goes (decode,
// resize, detect, blur, encode); and draft time per appeal with and without the photo step
// (target < 200 ms with one 1600 px photo).
//
//   build/release/bin/appeals_photo_bench [repo-root] [--quick]
//
// The data (docs/benchmarks.md says what each can and cannot measure):
// - crowd: ../shared/data/crowd-images (43 images, head points): the share of annotated heads
//   inside a blurred box. Heads from behind or a few pixels wide count as misses: a lower bound.
// - lfw: 50 of the 100 real faces (25 × 25 px, grey, tightly cropped) of Debian's python3-skimage
//   (skimage/data/lfw_subset.npy, from Labeled Faces in the Wild), each pasted into a 1600 ×
//   1200 photo at 1/6, 1/10, 1/16 and 1/24 of the long side, the sizes a patrol officer's photo
//   of a child shows. A face is found when the blurred boxes cover 80 % of it. With the safety
//   net (published_photo.h) a photo with no face found is blurred whole, so the share of faces
//   *published recognisable* is the one that matters: missed and no wholesale blur.
// - portraits: skimage's astronaut.png (public domain, NASA) and camera.png (CC0), one frontal
//   and one profile face, boxes annotated by hand below, and their mirror images, at 1600 px.
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <opencv2/core/utility.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "common/photo/photo_check.h"
#include "services/appeals/drafting/face_blur.h"
#include "services/appeals/drafting/published_photo.h"
#include "services/appeals/drafting/testdata/drawn_face.h"
#include "services/appeals/drafting_bridge.h"

namespace {

using cs::appeals::FaceBlurOptions;
using cs::appeals::FaceBlurrer;
using cs::appeals::FaceCascade;

constexpr const char* kSkimageData = "/usr/lib/python3/dist-packages/skimage/data/";

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
std::string Jpeg(const cv::Mat& img, int quality = 90) {
  std::vector<uchar> buf;
  cv::imencode(".jpg", img, buf, {cv::IMWRITE_JPEG_QUALITY, quality});
  return std::string(buf.begin(), buf.end());
}

// ---- the candidate configurations ----

struct Config {
  std::string name;
  std::vector<FaceCascade> cascades;
  FaceBlurOptions options;
};

std::vector<Config> Candidates() {
  const std::string h = cs::appeals::kCascadeDir, l = "/usr/share/opencv4/lbpcascades/";
  const FaceCascade alt2{h + "haarcascade_frontalface_alt2.xml"};
  const FaceCascade profile2{h + "haarcascade_profileface.xml", true};
  const FaceCascade lbp{l + "lbpcascade_frontalface_improved.xml"};
  auto opts = [](int side, double step, int min) {
    FaceBlurOptions o;
    o.detect_max_side = side;
    o.scale_step = step;
    o.min_face_px = min;
    return o;
  };
  return {
      {"previous: alt2+profile x2 @640 1.15 min20", {alt2, profile2}, opts(640, 1.15, 20)},
      {"alt2+profile x2 @640 1.2 min32", {alt2, profile2}, opts(640, 1.2, 32)},
      {"shipped: alt2 @640 1.15 min20", cs::appeals::DefaultFaceCascades(), {}},
      {"alt2 @640 1.2 min32", {alt2}, opts(640, 1.2, 32)},
      {"lbp_improved @640 1.1 min20", {lbp}, opts(640, 1.1, 20)},
  };
}

// ---- the data ----

struct Photo {
  cv::Mat image;
  std::vector<cv::Rect> faces;   // annotated face boxes (lfw, portraits)
  std::vector<cv::Point> heads;  // annotated head points (crowd)
};

// skimage's lfw_subset.npy: float64 [200][25][25], faces first; the first kLfwFaces of its 100
// faces (50 keeps a run of every candidate under ten minutes on the shared machine). Empty when
// absent.
constexpr int kLfwFaces = 50;
std::vector<cv::Mat> LfwFaces() {
  const std::string raw = ReadFile(std::string(kSkimageData) + "lfw_subset.npy");
  if (raw.size() < 10 || raw.compare(1, 5, "NUMPY") != 0) return {};
  const size_t header = 10 + (static_cast<uint8_t>(raw[8]) | static_cast<uint8_t>(raw[9]) << 8);
  if (raw.find("'<f8'") == std::string::npos || raw.find("(200, 25, 25)") == std::string::npos ||
      raw.size() < header + 200 * 625 * 8) {
    return {};
  }
  std::vector<cv::Mat> faces;
  for (int i = 0; i < kLfwFaces; ++i) {
    cv::Mat f(25, 25, CV_8UC1);
    for (int p = 0; p < 625; ++p) {
      double v;
      std::memcpy(&v, raw.data() + header + (static_cast<size_t>(i) * 625 + p) * 8, 8);
      f.at<uchar>(p / 25, p % 25) = cv::saturate_cast<uchar>(v * 255);
    }
    faces.push_back(f);
  }
  return faces;
}

// A smooth textured background (no face), the same for a given seed.
cv::Mat Background(int w, int h, unsigned seed) {
  cv::RNG rng(seed);
  cv::Mat small(h / 40 + 1, w / 40 + 1, CV_8UC3);
  rng.fill(small, cv::RNG::UNIFORM, 60, 200);
  cv::Mat bg;
  cv::resize(small, bg, cv::Size(w, h), 0, 0, cv::INTER_CUBIC);
  cv::Mat noise(h, w, CV_8UC3);
  rng.fill(noise, cv::RNG::UNIFORM, 0, 20);
  return bg + noise;
}

std::vector<Photo> LfwPhotos(const std::vector<cv::Mat>& faces, int fraction) {
  std::vector<Photo> out;
  std::mt19937 rng(1000 + fraction);
  for (size_t i = 0; i < faces.size(); ++i) {
    Photo p;
    p.image = Background(1600, 1200, static_cast<unsigned>(i));
    const int s = 1600 / fraction;
    const int x = std::uniform_int_distribution<int>(0, 1600 - s - 1)(rng);
    const int y = std::uniform_int_distribution<int>(0, 1200 - s - 1)(rng);
    cv::Mat big, bgr;
    cv::resize(faces[i], big, cv::Size(s, s), 0, 0, cv::INTER_CUBIC);
    cv::cvtColor(big, bgr, cv::COLOR_GRAY2BGR);
    bgr.copyTo(p.image(cv::Rect(x, y, s, s)));
    p.faces = {cv::Rect(x, y, s, s)};
    out.push_back(std::move(p));
  }
  return out;
}

// The two portraits at 1600 × 1600 and mirrored. Face boxes annotated by hand on the 512 px
// originals (forehead to chin, ear to ear as visible).
std::vector<Photo> Portraits() {
  struct Src {
    const char* file;
    cv::Rect face;
  };
  std::vector<Photo> out;
  for (const Src& s : {Src{"astronaut.png", cv::Rect(175, 60, 95, 105)},
                       Src{"camera.png", cv::Rect(195, 95, 65, 100)}}) {
    const cv::Mat img = cv::imread(std::string(kSkimageData) + s.file, cv::IMREAD_COLOR);
    if (img.empty()) return {};
    const double f = 1600.0 / img.cols;
    cv::Mat big;
    cv::resize(img, big, cv::Size(), f, f, cv::INTER_CUBIC);
    const cv::Rect face(static_cast<int>(s.face.x * f), static_cast<int>(s.face.y * f),
                        static_cast<int>(s.face.width * f), static_cast<int>(s.face.height * f));
    out.push_back({big, {face}, {}});
    cv::Mat mirrored;
    cv::flip(big, mirrored, 1);
    out.push_back({mirrored,
                   {cv::Rect(big.cols - face.x - face.width, face.y, face.width, face.height)},
                   {}});
  }
  return out;
}

std::vector<Photo> CrowdPhotos(const std::string& dir) {
  google::protobuf::Struct points;
  if (!google::protobuf::util::JsonStringToMessage(ReadFile(dir + "/points.json"), &points).ok()) {
    return {};
  }
  std::vector<std::string> files;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    const std::string n = e.path().filename().string();
    if (n.rfind("custom_in_", 0) == 0 || n.rfind("shtechA_", 0) == 0) files.push_back(n);
  }
  std::sort(files.begin(), files.end());
  std::vector<Photo> out;
  for (const std::string& f : files) {
    Photo p;
    p.image = cv::imread(dir + "/" + f, cv::IMREAD_COLOR);
    for (const auto& v : points.fields().at(f).list_value().values()) {
      const auto& xy = v.list_value().values();
      p.heads.emplace_back(static_cast<int>(xy[0].number_value()),
                           static_cast<int>(xy[1].number_value()));
    }
    out.push_back(std::move(p));
  }
  return out;
}

// ---- scoring ----

double Covered(const std::vector<cv::Rect>& boxes, const cv::Rect& face) {
  // The share of the face under the union of the boxes (a mask: boxes may overlap).
  cv::Mat mask(face.height, face.width, CV_8UC1, cv::Scalar(0));
  for (cv::Rect b : boxes) {
    b = (b & face) - face.tl();
    if (!b.empty()) mask(b).setTo(255);
  }
  return cv::countNonZero(mask) / static_cast<double>(face.area());
}

struct Score {
  long faces = 0, found = 0, published = 0;  // published: missed and not blurred whole
  long photos = 0, wholesale = 0, boxes = 0;
  std::vector<double> cpu;
};

Score Run(const FaceBlurrer& blurrer, const std::vector<Photo>& photos, bool by_heads) {
  Score s;
  const double min_subject = cs::appeals::PublishedPhotoOptions{}.min_subject_face;
  for (const Photo& p : photos) {
    const double c0 = CpuMs();
    auto result = blurrer.Blur(p.image);
    s.cpu.push_back(CpuMs() - c0);
    if (!result.ok()) continue;
    ++s.photos;
    s.boxes += result->face_count;
    const double long_side = std::max(p.image.cols, p.image.rows);
    const bool subject = std::any_of(
        result->detected.begin(), result->detected.end(),
        [&](const cv::Rect& r) { return std::max(r.width, r.height) >= min_subject * long_side; });
    s.wholesale += !subject;
    if (by_heads) {
      for (const cv::Point& h : p.heads) {
        ++s.faces;
        s.found += std::any_of(result->faces.begin(), result->faces.end(),
                               [&](const cv::Rect& r) { return r.contains(h); });
      }
      continue;
    }
    for (const cv::Rect& f : p.faces) {
      ++s.faces;
      const bool hit = Covered(result->faces, f) >= 0.8;
      s.found += hit;
      s.published += !hit && subject;
    }
  }
  return s;
}

void DetectorTables(const std::string& crowd_dir, bool quick) {
  const std::vector<cv::Mat> lfw = LfwFaces();
  std::vector<std::pair<std::string, std::vector<Photo>>> sets;
  if (lfw.empty()) {
    std::printf("CS-BENCH-SKIPPED lfw: %slfw_subset.npy absent (apt-get install python3-skimage)\n",
                kSkimageData);
  } else {
    for (int fraction : {6, 10, 16, 24}) {
      sets.emplace_back("lfw face 1/" + std::to_string(fraction), LfwPhotos(lfw, fraction));
    }
  }
  if (auto portraits = Portraits(); !portraits.empty()) {
    sets.emplace_back("portraits (2 + mirrored)", std::move(portraits));
  }
  std::vector<Photo> crowd;
  if (std::filesystem::exists(crowd_dir + "/points.json")) {
    crowd = CrowdPhotos(crowd_dir);
  } else {
    std::printf("CS-BENCH-SKIPPED crowd: %s absent\n", crowd_dir.c_str());
  }
  std::printf("\n## detector: recall and CPU ms per photo (detection + box blur, 1 thread)\n");
  std::printf("%-50s %-26s %7s %7s %9s %9s %8s %8s\n", "config", "set", "found", "publ.",
              "wholesale", "boxes/img", "cpu p50", "cpu p95");
  for (const Config& c : Candidates()) {
    if (quick && c.name.rfind("shipped", 0) != 0) continue;  // --quick: the shipped one only
    auto blurrer = FaceBlurrer::Create(c.cascades, c.options);
    if (!blurrer.ok()) {
      std::printf("%-50s %s\n", c.name.c_str(), std::string(blurrer.status().message()).c_str());
      continue;
    }
    auto print = [&](const std::string& set, const Score& s, bool heads) {
      std::printf(
          "%-50s %-26s %6.1f%% %6s %8.1f%% %9.2f %8.1f %8.1f\n", c.name.c_str(), set.c_str(),
          100.0 * s.found / std::max(1L, s.faces),
          heads ? "-" : (std::to_string(s.published) + "/" + std::to_string(s.faces)).c_str(),
          100.0 * s.wholesale / std::max(1L, s.photos),
          static_cast<double>(s.boxes) / std::max(1L, s.photos), Median(s.cpu), P95(s.cpu));
      std::fflush(stdout);
    };
    for (const auto& [name, photos] : sets) print(name, Run(**blurrer, photos, false), false);
    if (!crowd.empty()) {
      print("crowd heads (" + std::to_string(crowd.size()) + " images)",
            Run(**blurrer, crowd, true), true);
    }
  }
}

// ---- where the photo step's time goes ----

void StageTable() {
  const cv::Mat scene = cs::appeals::testing::SceneWithFace(1600, 1200, cv::Point(700, 500), 300);
  const std::string photo_1600 = Jpeg(scene);
  cv::Mat big;
  cv::resize(scene, big, cv::Size(4000, 3000), 0, 0, cv::INTER_CUBIC);
  const std::string photo_12mpx = Jpeg(big);
  auto blurrer = FaceBlurrer::Create();
  if (!blurrer.ok()) return;
  const cs::photo::PhotoLimits limits;
  std::printf("\n## photo step by stage, shipped detector, median CPU ms of 15 runs (1 thread)\n");
  std::printf("%-52s %10s %10s\n", "stage", "1600x1200", "4000x3000");
  struct Stage {
    const char* name;
    std::function<void(const std::string&)> run;
  };
  cv::Mat decoded, resized, blurred_img;
  std::vector<cv::Rect> faces;
  std::vector<Stage> stages = {
      {"decode, full scale (before)",
       [&](const std::string& b) {
         decoded = *cs::photo::DecodePhoto(b, limits, "p", cs::photo::DecodeMode::kFullColour);
       }},
      {"decode for 1600 px (IMREAD_REDUCED_COLOR_2 at 12 Mpx)",
       [&](const std::string& b) {
         decoded = *cs::photo::DecodePhotoForSide(b, limits, "p", 1600);
       }},
      {"resize to <= 1600 px (INTER_AREA)",
       [&](const std::string&) {
         const double f = 1600.0 / std::max(decoded.cols, decoded.rows);
         if (f < 1) {
           cv::resize(decoded, resized, cv::Size(), f, f, cv::INTER_AREA);
         } else {
           resized = decoded;
         }
       }},
      {"detect (grey, 640 px copy, cascades)",
       [&](const std::string&) { faces = *(*blurrer)->Detect(resized); }},
      {"blur the boxes (shrunk-copy Gaussian)",
       [&](const std::string&) {
         blurred_img = resized.clone();
         for (const cv::Rect& f : faces) cs::appeals::BlurRegion(blurred_img, f, {});
       }},
      {"blur one 540 px box, full-size Gaussian (before)",
       [&](const std::string&) {
         cv::Mat roi = resized(cv::Rect(100, 100, 540, 540)).clone();
         cv::GaussianBlur(roi, roi, cv::Size(271, 271), 0);
       }},
      {"JPEG encode, quality 88",
       [&](const std::string&) {
         std::vector<uchar> buf;
         cv::imencode(".jpg", blurred_img, buf, {cv::IMWRITE_JPEG_QUALITY, 88});
       }},
  };
  for (const Stage& st : stages) {
    double ms[2];
    int col = 0;
    for (const std::string* b : {&photo_1600, &photo_12mpx}) {
      std::vector<double> cpu;
      for (int i = 0; i < 15; ++i) {
        // Each stage after the decode runs on the previous stages' output of the same photo.
        if (std::strncmp(st.name, "decode", 6) != 0) {
          decoded = *cs::photo::DecodePhotoForSide(*b, limits, "p", 1600);
          const double f = 1600.0 / std::max(decoded.cols, decoded.rows);
          if (f < 1) {
            cv::resize(decoded, resized, cv::Size(), f, f, cv::INTER_AREA);
          } else {
            resized = decoded;
          }
          faces = *(*blurrer)->Detect(resized);
          blurred_img = resized.clone();
        }
        const double c0 = CpuMs();
        st.run(*b);
        cpu.push_back(CpuMs() - c0);
      }
      ms[col++] = Median(cpu);
    }
    std::printf("%-52s %10.1f %10.1f\n", st.name, ms[0], ms[1]);
  }
}

// ---- draft time per appeal ----

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
  std::string photo_lfw;
  if (auto lfw = LfwFaces(); !lfw.empty()) photo_lfw = Jpeg(LfwPhotos({lfw[0]}, 10)[0].image);
  struct Row {
    const char* name;
    const std::string* photo;
  };
  std::printf("\n## draft time per found-child appeal (30 runs; OpenCV threads: %d)\n",
              cv::getNumThreads());
  std::printf("%-44s %10s %10s %10s %8s %8s\n", "", "median ms", "p95 ms", "cpu ms", "faces",
              "whole");
  std::vector<Row> rows = {Row{"text only (baseline)", nullptr},
                           Row{"text + one 1600x1200 photo (drawn face)", &photo_1600},
                           Row{"text + one 4000x3000 photo (12 Mpx)", &photo_4000}};
  if (!photo_lfw.empty()) rows.push_back(Row{"text + one 1600x1200 photo (LFW face)", &photo_lfw});
  for (const Row& r : rows) {
    std::vector<double> wall, cpu;
    int faces = 0;
    bool whole = false;
    for (int i = 0; i < 30; ++i) {
      const double w0 = NowMs(), c0 = CpuMs();
      auto d = (*drafter)->Draft(in);
      if (r.photo != nullptr) {
        auto p = (*redactor)->Blurred(*r.photo);
        if (p.ok()) {
          faces = p->faces_blurred;
          whole = p->no_face_found;
        }
      }
      wall.push_back(NowMs() - w0);
      cpu.push_back(CpuMs() - c0);
      if (!d.ok()) std::printf("draft failed: %s\n", std::string(d.status().message()).c_str());
    }
    std::printf("%-44s %10.1f %10.1f %10.1f %8d %8s\n", r.name, Median(wall), P95(wall),
                Median(cpu), faces, whole ? "yes" : "no");
  }
}

}  // namespace

int main(int argc, char** argv) {
  const std::string root = argc > 1 && argv[1][0] != '-' ? argv[1] : ".";
  bool quick = false;
  for (int i = 1; i < argc; ++i) quick |= std::string(argv[i]) == "--quick";
  DraftTable(root);
  // The stage and detector tables on one thread, so CPU time is one core's work.
  cv::setNumThreads(1);
  StageTable();
  DetectorTables(root + "/../shared/data/crowd-images", quick);
  return 0;
}
