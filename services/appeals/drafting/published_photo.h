// Makes the image an appeal publishes from a case photo: checked and decoded by the shared
// photo module (common/photo), scaled to at most `max_side`, every detected face blurred
// (face_blur.h), and encoded afresh as JPEG (no metadata survives). The unblurred variant, for
// a lift the press office asked for, goes through the same steps without the blur.
//
// Thread-safety: safe from several threads (the detector, which is not, is behind a mutex).
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "common/photo/photo_check.h"
#include "services/appeals/drafting/face_blur.h"

namespace cs::appeals {

struct PublishedPhotoOptions {
  photo::PhotoLimits limits;  // the case photos passed the same check at upload
  int max_side = 1600;        // Weibo shows no more; keeps each image a few hundred KB
  int jpeg_quality = 88;
};

struct PublishedImage {
  std::string jpeg;
  int width = 0, height = 0;
  int faces_blurred = 0;
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

  PublishedPhotoOptions options_;
  mutable std::mutex blurrer_mu_;
  std::unique_ptr<FaceBlurrer> blurrer_ ABSL_GUARDED_BY(blurrer_mu_);
};

}  // namespace cs::appeals
