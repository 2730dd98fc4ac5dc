// Makes the image an appeal publishes from a case photo: checked and decoded by the shared
// photo module (common/photo, at a reduced JPEG scale when the photo is far larger than
// `max_side`), scaled to at most `max_side`, every detected face blurred (face_blur.h), and
// encoded afresh as JPEG (no metadata survives). The unblurred variant, for a lift the press
// office asked for, goes through the same steps without the blur.
//
// The safety net: a detector miss would publish a child's face, so a photo in which no face is
// found, or only faces too small to be the photo's subject ("unsure"), is pixelated whole and
// flagged `no_face_found`. The clothing's colours survive, a face does not. The press office
// sees the flag on the review screen; to publish the photo unblurred a person checks it and
// asks for the lift, which a second press officer must approve (desk/appeal_workflow.h).
//
// Thread-safety: safe from several threads (the detector, which is not, is behind a mutex).
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "common/photo/photo_check.h"
#include "services/appeals/drafting/face_blur.h"

namespace cs::appeals {

struct PublishedPhotoOptions {
  photo::PhotoLimits limits;  // the case photos passed the same check at upload
  int max_side = 1600;        // Weibo shows no more; keeps each image a few hundred KB
  int jpeg_quality = 88;
  // A found-child photo shows its subject's face at 1/12 of the long side or more; when every
  // face found is smaller than this share (or none is found) the photo is blurred whole.
  double min_subject_face = 1.0 / 20;
  // Blurred whole: pixelated to this many blocks along the long side (67 px blocks at 1600 px;
  // a face the detector missed is then a few blocks, the clothes keep their colours).
  int wholesale_blocks = 24;
};

struct PublishedImage {
  std::string jpeg;
  int width = 0, height = 0;
  int faces_blurred = 0;
  bool no_face_found = false;  // the safety net fired: blurred whole (see above)
};

class PublishedPhotoMaker {
 public:
  explicit PublishedPhotoMaker(std::unique_ptr<FaceBlurrer> blurrer,
                               PublishedPhotoOptions options = {});

  // InvalidArgument("photo: ...") for bytes the photo module refuses.
  absl::StatusOr<PublishedImage> Blurred(std::string_view original) const;
  absl::StatusOr<PublishedImage> Unblurred(std::string_view original) const;

 private:
  absl::StatusOr<PublishedImage> Make(std::string_view original, bool blur) const;
  // Whether a face of the detector's (no margin) is large enough to be the photo's subject.
  bool FoundTheSubject(const std::vector<cv::Rect>& faces, int long_side) const;
  void BlurWhole(cv::Mat& image) const;

  PublishedPhotoOptions options_;
  mutable std::mutex blurrer_mu_;
  std::unique_ptr<FaceBlurrer> blurrer_ ABSL_GUARDED_BY(blurrer_mu_);
};

}  // namespace cs::appeals
