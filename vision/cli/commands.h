// The crowdsafe-vision subcommands, separated from the CLI11 wiring in main.cc.
// Each returns a process exit code and prints errors to stderr; single-threaded.
#pragma once

#include <string>
#include <vector>

namespace cs::vision::cli {

struct Options {
  std::string camera, video, labels, out, model, method = "regression", frames, dataset, image;
  std::vector<std::string> images;
  int process_width = -1;  // -1: mode default
  int frame = 0;
  bool compare_hog = false;
};

int RunFit(const Options& o);
int RunCount(const Options& o);
int RunEval(const Options& o);
int RunHeatmap(const Options& o);
int RunDatasetEval(const Options& o);

}  // namespace cs::vision::cli
