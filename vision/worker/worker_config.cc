#include "vision/worker/worker_config.h"

#include <filesystem>

namespace cs::vision {
namespace {

std::string Resolve(const std::string& config_file, const std::string& path) {
  if (path.empty() || std::filesystem::path(path).is_absolute()) return path;
  return (std::filesystem::path(config_file).parent_path() / path).lexically_normal().string();
}

}  // namespace

void ParseWorkerSection(YamlReader& root, WorkerConfig& out) {
  auto section = root.OptionalChild("vision");
  if (!section) return;
  for (auto cam : section->Sequence("cameras")) {
    CameraConfig c;
    c.id = cam.Required<std::string>("id");
    c.source = cam.Required<std::string>("source");
    c.calibration = Resolve(root.file(), cam.Required<std::string>("calibration"));
    c.model = Resolve(root.file(), cam.Optional<std::string>("model", ""));
    c.fps = cam.Optional<double>("fps", c.fps);
    if (!(c.fps > 0 && c.fps <= 60)) cam.Fail("fps", "must be in (0, 60]");
    out.cameras.push_back(std::move(c));
  }
}

}  // namespace cs::vision
