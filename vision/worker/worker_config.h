// The `vision:` section of config/services/vision.yaml: the cameras this worker reads.
//
//   vision:
//     cameras:
//       - id: cam-penguin-1                       # a camera of the venue file
//         source: rtsp://10.0.0.5/stream1          # a file, an RTSP URL or a device number
//         calibration: ../cameras/cam-penguin-1.yaml
//         model: ../models/cam-penguin-1.yml       # omit for the HOG detector
//         fps: 5
//
// Thread-safety: plain values.
#pragma once

#include <string>
#include <vector>

#include "common/yaml_reader.h"

namespace cs::vision {

struct CameraConfig {
  std::string id;
  std::string source;
  std::string calibration;  // resolved against the config file's folder
  std::string model;        // empty: HOG baseline
  double fps = 5;
};

struct WorkerConfig {
  std::vector<CameraConfig> cameras;
};

// Records errors on `root` (unknown keys, bad values); the section is optional.
void ParseWorkerSection(YamlReader& root, WorkerConfig& out);

}  // namespace cs::vision
