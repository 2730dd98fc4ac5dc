// Validation and geometry of a camera calibration.
#include "vision/estimator/camera.h"

#include <algorithm>
#include <cmath>
#include <opencv2/calib3d.hpp>
#include <opencv2/imgproc.hpp>

#include "absl/strings/str_cat.h"

namespace cs::vision {
namespace {

// Spread of a point set: hull area relative to its bounding box's squared diagonal. Four
// points in general position give well above 1e-3; collinear ones give ~0.
double Spread(const std::vector<cv::Point2f>& pts) {
  std::vector<cv::Point2f> hull;
  cv::convexHull(pts, hull);
  const cv::Rect2f box = cv::boundingRect(pts);
  const double diag2 = double(box.width) * box.width + double(box.height) * box.height;
  if (diag2 <= 0) return 0;
  return hull.size() < 3 ? 0 : std::abs(cv::contourArea(hull)) / diag2;
}

double PolygonArea(const std::vector<cv::Point2d>& p) {
  double a = 0;
  for (size_t i = 0; i < p.size(); ++i) {
    const auto& u = p[i];
    const auto& v = p[(i + 1) % p.size()];
    a += u.x * v.y - v.x * u.y;
  }
  return std::abs(a) / 2;
}

}  // namespace

absl::StatusOr<Camera> Camera::Build(CameraSpec spec) {
  if (spec.id.empty()) return absl::InvalidArgumentError("id: must not be empty");
  if (spec.width < 0 || spec.height < 0 || spec.width > 16384 || spec.height > 16384 ||
      ((spec.width == 0) != (spec.height == 0))) {
    return absl::InvalidArgumentError(
        absl::StrCat("image_size: ", spec.width, "x", spec.height, " is not a valid frame size"));
  }
  Camera cam(std::move(spec));
  CameraSpec& s = cam.spec_;

  if (!s.points.empty()) {
    if (s.points.size() < 4) {
      return absl::InvalidArgumentError(
          absl::StrCat("points: ", s.points.size(), " pairs given, at least 4 are needed"));
    }
    std::vector<cv::Point2f> img, gnd;
    for (const auto& p : s.points) {
      if (!std::isfinite(p.image.x) || !std::isfinite(p.image.y) || !std::isfinite(p.ground.x) ||
          !std::isfinite(p.ground.y)) {
        return absl::InvalidArgumentError("points: coordinates must be finite numbers");
      }
      img.emplace_back(p.image);
      gnd.emplace_back(p.ground);
    }
    if (Spread(img) < 1e-3) {
      return absl::InvalidArgumentError("points.image: points are collinear or coincide");
    }
    if (Spread(gnd) < 1e-3) {
      return absl::InvalidArgumentError("points.ground: points are collinear or coincide");
    }
    cv::Mat h = cv::findHomography(img, gnd, 0);
    if (h.empty() || std::abs(cv::determinant(h)) < 1e-12) {
      return absl::InvalidArgumentError("points: no homography fits these point pairs");
    }
    h.convertTo(cam.image_to_ground_, CV_64F);
  }

  if (s.camera_height_m < 0 || s.camera_height_m > 500) {
    return absl::InvalidArgumentError(
        absl::StrCat("camera_height_m: ", s.camera_height_m, " is outside 0..500"));
  }
  if (s.person_height_m < 0.5 || s.person_height_m > 2.5) {
    return absl::InvalidArgumentError(
        absl::StrCat("person_height_m: ", s.person_height_m, " is outside 0.5..2.5"));
  }
  if (s.camera_height_m > 0 && s.camera_height_m <= s.person_height_m) {
    return absl::InvalidArgumentError("camera_height_m: must exceed person_height_m");
  }

  if (!s.person_samples.empty()) {
    if (s.person_samples.size() < 2) {
      return absl::InvalidArgumentError("person_heights: at least 2 measured people are needed");
    }
    double min_x = 1e18, max_x = -1e18, min_y = 1e18, max_y = -1e18;
    for (size_t i = 0; i < s.person_samples.size(); ++i) {
      const auto& p = s.person_samples[i];
      if (!(p.height_px > 0) || p.height_px > 10000) {
        return absl::InvalidArgumentError(absl::StrCat(
            "person_heights[", i, "].height_px: ", p.height_px, " is outside 0..10000"));
      }
      min_x = std::min(min_x, p.foot.x), max_x = std::max(max_x, p.foot.x);
      min_y = std::min(min_y, p.foot.y), max_y = std::max(max_y, p.foot.y);
    }
    if (max_y - min_y < 1) {
      return absl::InvalidArgumentError(
          "person_heights: the measured people must stand at different image rows");
    }
    // Least squares h = a + b x + c y; x only when there is enough spread to fit it.
    const bool use_x = s.person_samples.size() >= 3 && (max_x - min_x) > 0.25 * (max_y - min_y);
    const int cols = use_x ? 3 : 2;
    cv::Mat a(int(s.person_samples.size()), cols, CV_64F),
        b(int(s.person_samples.size()), 1, CV_64F);
    for (int i = 0; i < a.rows; ++i) {
      const auto& p = s.person_samples[i];
      a.at<double>(i, 0) = 1;
      a.at<double>(i, 1) = p.foot.y;
      if (use_x) a.at<double>(i, 2) = p.foot.x;
      b.at<double>(i) = p.height_px;
    }
    cv::Mat sol;
    if (!cv::solve(a, b, sol, cv::DECOMP_SVD)) {
      return absl::InvalidArgumentError("person_heights: cannot fit a perspective map");
    }
    cam.pa_ = sol.at<double>(0);
    cam.pc_ = sol.at<double>(1);
    cam.pb_ = use_x ? sol.at<double>(2) : 0;
    cam.perspective_kind_ = PerspectiveKind::kSamples;
  } else if (cam.has_homography()) {
    cam.perspective_kind_ = PerspectiveKind::kHomography;
  }

  if (!s.roi_mask.empty()) {
    if (s.roi_mask.type() != CV_8UC1) {
      return absl::InvalidArgumentError("roi_mask: must be an 8-bit single-channel image");
    }
    if (s.width == 0 || s.roi_mask.cols != s.width || s.roi_mask.rows != s.height) {
      return absl::InvalidArgumentError(absl::StrCat(
          "roi_mask: is ", s.roi_mask.cols, "x", s.roi_mask.rows, ", image_size must match it"));
    }
    s.roi_mask = s.roi_mask > 0;  // 0/255 whatever the painter used
    if (cv::countNonZero(s.roi_mask) == 0) {
      return absl::InvalidArgumentError("roi_mask: has no pixel inside");
    }
  }

  if (s.regions.empty()) {
    Region whole;
    whole.id = "all";
    if (cam.has_homography() && s.width > 0) {
      std::vector<cv::Point2d> frame = {
          {0, 0}, {double(s.width), 0}, {double(s.width), double(s.height)}, {0, double(s.height)}};
      // Only when the whole frame lies on the ground (no horizon inside the image).
      bool ok = true;
      for (const auto& c : frame) {
        const auto& m = cam.image_to_ground_;
        ok = ok && (m.at<double>(2, 0) * c.x + m.at<double>(2, 1) * c.y + m.at<double>(2, 2)) *
                           m.at<double>(2, 2) >
                       0;
      }
      if (ok) whole.area_m2 = cam.GroundArea(frame);
    }
    s.regions.push_back(std::move(whole));
  }
  for (size_t i = 0; i < s.regions.size(); ++i) {
    Region& r = s.regions[i];
    const std::string field = absl::StrCat("regions[", i, "]");
    if (r.id.empty()) return absl::InvalidArgumentError(absl::StrCat(field, ".id: is empty"));
    for (size_t j = 0; j < i; ++j) {
      if (s.regions[j].id == r.id) {
        return absl::InvalidArgumentError(absl::StrCat(field, ".id: '", r.id, "' is used twice"));
      }
    }
    if (!r.polygon.empty()) {
      if (r.polygon.size() < 3) {
        return absl::InvalidArgumentError(
            absl::StrCat(field, ".polygon: ", r.polygon.size(), " points, at least 3 needed"));
      }
      if (PolygonArea(r.polygon) < 1) {
        return absl::InvalidArgumentError(absl::StrCat(field, ".polygon: has no area"));
      }
      for (size_t k = 0; k < r.polygon.size(); ++k) {
        const auto& p = r.polygon[k];
        if (!std::isfinite(p.x) || !std::isfinite(p.y) || p.x < 0 || p.y < 0 ||
            (s.width > 0 && (p.x > s.width || p.y > s.height))) {
          return absl::InvalidArgumentError(
              absl::StrCat(field, ".polygon[", k, "]: (", p.x, ",", p.y, ") is outside the image",
                           s.width > 0 ? absl::StrCat(" ", s.width, "x", s.height) : ""));
        }
      }
    }
    if (r.area_m2.has_value()) {
      if (!(*r.area_m2 > 0) || *r.area_m2 > 1e7) {
        return absl::InvalidArgumentError(
            absl::StrCat(field, ".area_m2: ", *r.area_m2, " is outside 0..1e7"));
      }
    } else if (cam.has_homography() && !r.polygon.empty()) {
      const double area = cam.GroundArea(r.polygon);
      if (!(area > 0) || !std::isfinite(area) || area > 1e7) {
        return absl::InvalidArgumentError(
            absl::StrCat(field, ".polygon: maps to no valid ground area (crosses the horizon?)"));
      }
      r.area_m2 = area;
    }
  }
  return cam;
}

cv::Point2d Camera::ToGround(cv::Point2d p) const {
  const cv::Mat& m = image_to_ground_;
  const double x = m.at<double>(0, 0) * p.x + m.at<double>(0, 1) * p.y + m.at<double>(0, 2);
  const double y = m.at<double>(1, 0) * p.x + m.at<double>(1, 1) * p.y + m.at<double>(1, 2);
  const double w = m.at<double>(2, 0) * p.x + m.at<double>(2, 1) * p.y + m.at<double>(2, 2);
  return {x / w, y / w};
}

double Camera::GroundArea(const std::vector<cv::Point2d>& polygon) const {
  // A homography maps straight edges to straight edges, so mapping the vertices is exact.
  std::vector<cv::Point2d> g;
  for (const auto& p : polygon) g.push_back(ToGround(p));
  return PolygonArea(g);
}

double Camera::PersonHeightPx(cv::Point2d foot) const {
  switch (perspective_kind_) {
    case PerspectiveKind::kNone:
      return 0;
    case PerspectiveKind::kSamples:
      return std::max(1.0, pa_ + pb_ * foot.x + pc_ * foot.y);
    case PerspectiveKind::kHomography: {
      // Pixels per metre along image x (not foreshortened) and y (foreshortened by sin of the
      // viewing angle). A vertical person is foreshortened by its cosine.
      const cv::Point2d g = ToGround(foot);
      const cv::Point2d gx = ToGround(foot + cv::Point2d(1, 0));
      const cv::Point2d gy = ToGround(foot + cv::Point2d(0, 1));
      const double mx = cv::norm(gx - g), my = cv::norm(gy - g);
      if (!(mx > 0) || !(my > 0) || !std::isfinite(mx) || !std::isfinite(my)) return 1;
      const double sx = 1 / mx, sy = 1 / my;
      const double sin_t = std::min(1.0, sy / sx);
      const double cos_t = std::sqrt(1 - sin_t * sin_t);
      const double h = spec_.person_height_m;
      // Seen from above a person still covers about shoulder width (0.5 m).
      double px = sx * std::max(h * cos_t, 0.5);
      // The body's middle is h/2 nearer to a camera at known height: it looks a bit larger.
      if (spec_.camera_height_m > h) px *= spec_.camera_height_m / (spec_.camera_height_m - h / 2);
      return std::clamp(px, 1.0, 10000.0);
    }
  }
  return 0;
}

absl::Status Camera::CheckFrameSize(int width, int height) const {
  if (width <= 0 || height <= 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("frame: size ", width, "x", height, " is empty"));
  }
  if (spec_.width > 0 && (spec_.width != width || spec_.height != height)) {
    return absl::InvalidArgumentError(absl::StrCat("frame: size ", width, "x", height,
                                                   " differs from the calibration's ", spec_.width,
                                                   "x", spec_.height));
  }
  for (const auto& r : spec_.regions) {
    for (const auto& p : r.polygon) {
      if (p.x > width || p.y > height) {
        return absl::InvalidArgumentError(absl::StrCat(
            "regions '", r.id, "'.polygon: reaches outside the frame ", width, "x", height));
      }
    }
  }
  return absl::OkStatus();
}

}  // namespace cs::vision
