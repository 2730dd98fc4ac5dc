// crowdsafe-vision: wiring only; the work is in commands.cc and the estimator library.
#include <CLI/CLI.hpp>

#include "vision/cli/commands.h"

int main(int argc, char** argv) {
  using cs::vision::cli::Options;
  CLI::App app{"crowdsafe-vision: crowd counting and density from cameras and stills"};
  app.require_subcommand(1);
  Options o;

  auto* fit = app.add_subcommand("fit", "fit a counting model from labelled frames or images");
  fit->add_option("--camera", o.camera, "camera calibration YAML")->required();
  fit->add_option("--video", o.video, "video file (per-camera mode; labels are frame,count)");
  fit->add_option("--labels", o.labels, "CSV: frame,count or image,count")->required();
  fit->add_option("--out", o.out, "model file to write (.yaml or .json)")->required();
  fit->add_option("--process-width", o.process_width, "processing width in pixels");

  auto* count = app.add_subcommand("count", "count people; one JSON line per frame or image");
  count->add_option("--camera", o.camera, "camera calibration YAML")->required();
  count->add_option("--model", o.model, "model file (not needed with --method hog)");
  count->add_option("--video", o.video, "video file");
  count->add_option("--frames", o.frames, "0-based frame indices to print, e.g. 0,40,80");
  count->add_option("--method", o.method, "regression (default) or hog")
      ->check(CLI::IsMember({"regression", "hog"}));
  count->add_option("images", o.images, "image files (single-image mode)");

  auto* eval = app.add_subcommand(
      "eval", "MAE, RMSE, relative MAE and frames/s on a labelled set, or --dataset DIR");
  eval->add_option("--camera", o.camera, "camera calibration YAML");
  eval->add_option("--model", o.model, "model file");
  eval->add_option("--video", o.video, "video file (labels frame,count)");
  eval->add_option("--labels", o.labels, "CSV: frame,count or image,count");
  eval->add_option("--method", o.method, "regression (default) or hog")
      ->check(CLI::IsMember({"regression", "hog"}));
  eval->add_flag("--compare-hog", o.compare_hog, "also run the HOG baseline on the same frames");
  eval->add_option("--dataset", o.dataset,
                   "crowd-images folder (UCF_CC_50 5-fold, ShanghaiTech A, custom set)");

  auto* heat = app.add_subcommand("heatmap", "write a PNG with the density over the frame");
  heat->add_option("--camera", o.camera, "camera calibration YAML")->required();
  heat->add_option("--model", o.model, "model file");
  heat->add_option("--method", o.method, "regression (default) or hog")
      ->check(CLI::IsMember({"regression", "hog"}));
  heat->add_option("--video", o.video, "video file");
  heat->add_option("--frame", o.frame, "0-based frame index in the video");
  heat->add_option("--image", o.image, "a still image instead of a video");
  heat->add_option("--out", o.out, "PNG to write")->required();

  CLI11_PARSE(app, argc, argv);
  if (fit->parsed()) return cs::vision::cli::RunFit(o);
  if (count->parsed()) return cs::vision::cli::RunCount(o);
  if (eval->parsed()) {
    return o.dataset.empty() ? cs::vision::cli::RunEval(o) : cs::vision::cli::RunDatasetEval(o);
  }
  if (heat->parsed()) return cs::vision::cli::RunHeatmap(o);
  return 2;
}
