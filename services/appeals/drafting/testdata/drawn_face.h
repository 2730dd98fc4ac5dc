// A drawn face for tests and benchmarks of the face blur: hair, skin, brows, eyes, nose and
// mouth in the proportions OpenCV's frontal-face cascades look for (both alt2 and default find
// it from 40 to 300 px). It is a drawing, not a photo of a person: it proves that what the
// detector finds gets blurred, never how well the detector finds real faces (see
// docs/benchmarks.md for that).
//
// Thread-safety: pure functions.
#pragma once

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

namespace cs::appeals::testing {

// Draws a face `size` px tall (forehead to chin) centred at `centre`.
inline void DrawFace(cv::Mat& img, cv::Point centre, int size) {
  const int w = static_cast<int>(size * 0.42 / 1.1), h = static_cast<int>(size * 0.5);
  const cv::Point c = centre;
  cv::ellipse(img, c + cv::Point(0, -h * 55 / 100), cv::Size(w * 11 / 10, h * 7 / 10), 0, 180, 360,
              cv::Scalar(30, 30, 40), -1);  // hair
  cv::ellipse(img, c, cv::Size(w, h), 0, 0, 360, cv::Scalar(150, 180, 225), -1);  // skin
  const int ey = c.y - h * 15 / 100, ex = w * 42 / 100;
  for (int s : {-1, 1}) {
    cv::ellipse(img, cv::Point(c.x + s * ex, ey - h * 18 / 100), cv::Size(w / 4, h / 20), 0, 180,
                360, cv::Scalar(40, 40, 50), -1);  // brow
    cv::ellipse(img, cv::Point(c.x + s * ex, ey), cv::Size(w * 18 / 100, h * 8 / 100), 0, 0, 360,
                cv::Scalar(250, 250, 250), -1);
    cv::circle(img, cv::Point(c.x + s * ex, ey), h * 65 / 1000, cv::Scalar(30, 20, 20), -1);
  }
  cv::line(img, cv::Point(c.x, ey + h / 20), cv::Point(c.x - w * 8 / 100, c.y + h * 22 / 100),
           cv::Scalar(110, 140, 190), 2);
  cv::ellipse(img, cv::Point(c.x, c.y + h * 45 / 100), cv::Size(w * 35 / 100, h / 10), 0, 0, 180,
              cv::Scalar(60, 60, 150), -1);
}

// A textured scene (smoothed noise, so that JPEG keeps its detail) with one drawn face.
inline cv::Mat SceneWithFace(int width, int height, cv::Point centre, int face_size) {
  cv::Mat img(height, width, CV_8UC3);
  cv::setRNGSeed(42);
  cv::randu(img, 40, 220);
  cv::GaussianBlur(img, img, cv::Size(0, 0), 1.2);
  // A plain patch under the face, as a background the detector sees a face against.
  cv::rectangle(img, cv::Rect(centre.x - face_size, centre.y - face_size, 2 * face_size,
                              2 * face_size),
                cv::Scalar(170, 180, 175), -1);
  DrawFace(img, centre, face_size);
  cv::GaussianBlur(img(cv::Rect(centre.x - face_size, centre.y - face_size, 2 * face_size,
                                2 * face_size)),
                   img(cv::Rect(centre.x - face_size, centre.y - face_size, 2 * face_size,
                                2 * face_size)),
                   cv::Size(5, 5), 0);
  return img;
}

}  // namespace cs::appeals::testing
