// Writes a JPEG with one drawn face (services/appeals/drafting/testdata/drawn_face.h) on a
// textured scene, for the web test of the appeal review and the photo benches. A drawing the
// frontal-face cascade finds, not a photo of a person.
//
//   make_face_photo OUT.jpg [width] [height]
#include <cstdio>
#include <cstdlib>
#include <opencv2/imgcodecs.hpp>

#include "services/appeals/drafting/testdata/drawn_face.h"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: make_face_photo OUT.jpg [width] [height]\n");
    return 2;
  }
  const int width = argc > 2 ? std::atoi(argv[2]) : 800;
  const int height = argc > 3 ? std::atoi(argv[3]) : 600;
  if (width < 200 || height < 200 || width > 8000 || height > 8000) return 2;
  const int face = std::min(width, height) / 4;
  const cv::Mat img =
      cs::appeals::testing::SceneWithFace(width, height, cv::Point(width * 2 / 5, height * 2 / 5), face);
  if (!cv::imwrite(argv[1], img, {cv::IMWRITE_JPEG_QUALITY, 92})) return 1;
  std::printf("%dx%d face %d px\n", width, height, face);
  return 0;
}
