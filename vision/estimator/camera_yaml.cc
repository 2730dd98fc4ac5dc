// Camera calibration files in YAML. Kept apart from camera.cc so the core stays format-free.
//
//   id: cam-penguin-1            # required
//   image_size: [768, 576]       # optional; lets regions be checked at load time
//   camera_height_m: 6.0         # optional; with points, gives the perspective map
//   person_height_m: 1.7         # optional
//   points:                      # >= 4 image<->ground pairs (metres)
//     - {image: [100, 500], ground: [0, 0]}
//   person_heights:              # optional, >= 2: foot pixel and height in pixels
//     - {foot: [300, 500], height_px: 120}
//   roi_mask: roi.png            # optional; 8-bit image of image_size, non-zero = counted
//                                # (path relative to this file)
//   regions:
//     - {id: queue, zone: penguin, polygon: [[0,300],[768,300],[768,576],[0,576]], area_m2: 60}
#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <fstream>
#include <opencv2/imgproc.hpp>
#include <set>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "vision/estimator/camera.h"
#include "vision/estimator/io.h"

namespace cs::vision {
namespace {

absl::Status Err(const YAML::Node& n, const std::string& field, const std::string& what) {
  return absl::InvalidArgumentError(
      absl::StrCat(field, ": ", what, " (line ", n.Mark().line + 1, ")"));
}

absl::Status CheckKeys(const YAML::Node& map, const std::string& field,
                       const std::set<std::string>& allowed) {
  if (!map.IsMap()) return Err(map, field, "must be a mapping");
  for (const auto& kv : map) {
    const std::string key = kv.first.as<std::string>();
    if (!allowed.count(key)) {
      return absl::InvalidArgumentError(
          absl::StrCat(field.empty() ? "" : field + ".", key, ": unknown key at line ",
                       kv.first.Mark().line + 1, " (known: ", absl::StrJoin(allowed, ", "), ")"));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<cv::Point2d> ReadPoint(const YAML::Node& n, const std::string& field) {
  if (!n || !n.IsSequence() || n.size() != 2) return Err(n, field, "must be [x, y]");
  return cv::Point2d(n[0].as<double>(), n[1].as<double>());
}

// The mask is read relative to the calibration file, so a camera folder can be moved whole.
absl::StatusOr<cv::Mat> ReadRoiMask(const YAML::Node& n, const std::string& source_name) {
  if (!n.IsScalar()) return Err(n, "roi_mask", "must be an image file name");
  std::filesystem::path p(n.as<std::string>());
  if (p.is_relative()) p = std::filesystem::path(source_name).parent_path() / p;
  auto img = LoadImage(p.string());
  if (!img.ok()) return Err(n, "roi_mask", std::string(img.status().message()));
  cv::Mat gray;
  if (img->channels() == 3) {
    cv::cvtColor(*img, gray, cv::COLOR_BGR2GRAY);
  } else {
    gray = *img;
  }
  return gray;
}

absl::StatusOr<CameraSpec> ReadSpec(const YAML::Node& root, const std::string& source_name) {
  CameraSpec s;
  if (auto st = CheckKeys(root, "",
                          {"id", "image_size", "camera_height_m", "person_height_m", "points",
                           "person_heights", "regions", "roi_mask"});
      !st.ok()) {
    return st;
  }
  if (!root["id"]) return absl::InvalidArgumentError("id: is required");
  s.id = root["id"].as<std::string>();
  if (auto n = root["image_size"]) {
    if (!n.IsSequence() || n.size() != 2) return Err(n, "image_size", "must be [width, height]");
    s.width = n[0].as<int>();
    s.height = n[1].as<int>();
  }
  if (auto n = root["camera_height_m"]) s.camera_height_m = n.as<double>();
  if (auto n = root["person_height_m"]) s.person_height_m = n.as<double>();
  if (auto pts = root["points"]) {
    if (!pts.IsSequence()) return Err(pts, "points", "must be a list");
    for (size_t i = 0; i < pts.size(); ++i) {
      const std::string f = absl::StrCat("points[", i, "]");
      if (auto st = CheckKeys(pts[i], f, {"image", "ground"}); !st.ok()) return st;
      auto img = ReadPoint(pts[i]["image"], f + ".image");
      if (!img.ok()) return img.status();
      auto gnd = ReadPoint(pts[i]["ground"], f + ".ground");
      if (!gnd.ok()) return gnd.status();
      s.points.push_back({*img, *gnd});
    }
  }
  if (auto ph = root["person_heights"]) {
    if (!ph.IsSequence()) return Err(ph, "person_heights", "must be a list");
    for (size_t i = 0; i < ph.size(); ++i) {
      const std::string f = absl::StrCat("person_heights[", i, "]");
      if (auto st = CheckKeys(ph[i], f, {"foot", "height_px"}); !st.ok()) return st;
      auto foot = ReadPoint(ph[i]["foot"], f + ".foot");
      if (!foot.ok()) return foot.status();
      if (!ph[i]["height_px"]) return Err(ph[i], f + ".height_px", "is required");
      s.person_samples.push_back({*foot, ph[i]["height_px"].as<double>()});
    }
  }
  if (auto n = root["roi_mask"]) {
    auto mask = ReadRoiMask(n, source_name);
    if (!mask.ok()) return mask.status();
    s.roi_mask = *mask;
  }
  if (auto rs = root["regions"]) {
    if (!rs.IsSequence()) return Err(rs, "regions", "must be a list");
    for (size_t i = 0; i < rs.size(); ++i) {
      const std::string f = absl::StrCat("regions[", i, "]");
      if (auto st = CheckKeys(rs[i], f, {"id", "zone", "polygon", "area_m2"}); !st.ok()) {
        return st;
      }
      Region r;
      if (!rs[i]["id"]) return Err(rs[i], f + ".id", "is required");
      r.id = rs[i]["id"].as<std::string>();
      if (auto z = rs[i]["zone"]) r.zone_id = z.as<std::string>();
      if (auto poly = rs[i]["polygon"]) {
        if (!poly.IsSequence()) return Err(poly, f + ".polygon", "must be a list of [x, y]");
        for (size_t k = 0; k < poly.size(); ++k) {
          auto p = ReadPoint(poly[k], absl::StrCat(f, ".polygon[", k, "]"));
          if (!p.ok()) return p.status();
          r.polygon.push_back(*p);
        }
      }
      if (auto a = rs[i]["area_m2"]) r.area_m2 = a.as<double>();
      s.regions.push_back(std::move(r));
    }
  }
  return s;
}

}  // namespace

absl::StatusOr<Camera> ParseCameraYaml(const std::string& text, const std::string& source_name) {
  absl::StatusOr<CameraSpec> spec;
  try {
    YAML::Node root = YAML::Load(text);
    if (!root.IsMap()) {
      return absl::InvalidArgumentError(
          absl::StrCat(source_name, ": the calibration must be a YAML mapping with an id"));
    }
    spec = ReadSpec(root, source_name);
  } catch (const YAML::Exception& e) {
    return absl::InvalidArgumentError(
        absl::StrCat(source_name, ": line ", e.mark.line + 1, ": ", e.msg));
  }
  if (!spec.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(source_name, ": ", spec.status().message()));
  }
  auto cam = Camera::Build(*std::move(spec));
  if (!cam.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(source_name, ": ", cam.status().message()));
  }
  return cam;
}

absl::StatusOr<Camera> LoadCameraYaml(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat("camera: cannot open ", path));
  std::stringstream ss;
  ss << in.rdbuf();
  if (ss.str().size() > (1 << 20)) {
    return absl::InvalidArgumentError(absl::StrCat("camera: ", path, " is over 1 MiB"));
  }
  return ParseCameraYaml(ss.str(), path);
}

}  // namespace cs::vision
