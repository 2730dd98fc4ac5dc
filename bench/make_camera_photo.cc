// Writes a JPEG that looks to an uploader like a phone camera's photo: 4000x3000 (12 MP), a
// smooth scene with sensor-like noise, and about the requested size (default 3 MB), so that
// the patrol-app bench and web tests resize and upload a real camera-sized file.
//
//   make_camera_photo OUT.jpg [target_bytes] [width] [height]
//
// Prints "<bytes> <width>x<height>". Noise is seeded, so the file is the same on every run.
#include <cstdio>
#include <cstdlib>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <vector>

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: make_camera_photo OUT.jpg [target_bytes] [width] [height]\n");
    return 2;
  }
  const size_t target = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 3'000'000;
  const int width = argc > 3 ? std::atoi(argv[3]) : 4000;
  const int height = argc > 4 ? std::atoi(argv[4]) : 3000;
  // The scene: a few soft colour blobs over a gradient, as out-of-focus surroundings are.
  cv::Mat scene(height, width, CV_8UC3);
  for (int y = 0; y < height; ++y) {
    auto* row = scene.ptr<cv::Vec3b>(y);
    for (int x = 0; x < width; ++x) {
      row[x] = cv::Vec3b(static_cast<uchar>(60 + 120 * x / width),
                         static_cast<uchar>(90 + 80 * y / height),
                         static_cast<uchar>(200 - 120 * x / width));
    }
  }
  cv::RNG rng(20260201);
  for (int i = 0; i < 40; ++i) {
    cv::circle(
        scene, {rng.uniform(0, width), rng.uniform(0, height)}, rng.uniform(width / 40, width / 8),
        cv::Scalar(rng.uniform(0, 255), rng.uniform(0, 255), rng.uniform(0, 255)), cv::FILLED);
  }
  cv::GaussianBlur(scene, scene, {0, 0}, width / 200.0);
  // Sensor noise: raise sigma until the JPEG reaches the target size.
  std::vector<uchar> jpeg;
  for (double sigma = 2; sigma < 64; sigma *= 1.25) {
    cv::Mat noise(height, width, CV_16SC3);
    rng.fill(noise, cv::RNG::NORMAL, 0, sigma);
    cv::Mat photo;
    scene.convertTo(photo, CV_16SC3);
    photo += noise;
    photo.convertTo(photo, CV_8UC3);
    cv::imencode(".jpg", photo, jpeg, {cv::IMWRITE_JPEG_QUALITY, 90});
    if (jpeg.size() >= target) break;
  }
  FILE* out = std::fopen(argv[1], "wb");
  if (out == nullptr || std::fwrite(jpeg.data(), 1, jpeg.size(), out) != jpeg.size()) {
    std::fprintf(stderr, "make_camera_photo: cannot write %s\n", argv[1]);
    return 1;
  }
  std::fclose(out);
  std::printf("%zu %dx%d\n", jpeg.size(), width, height);
  return 0;
}
