// Where appeal-service keeps the images its appeals publish: per photo the blurred image (made
// when the appeal is drafted) and, once a press officer asks to lift the blur, the unblurred one.
// The case's original photos stay with case-service; these are appeal-service's own copies.
//
// Thread-safety: implementations are safe from several threads.
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace cs::appeals {

enum class PhotoVariant { kBlurred, kUnblurred };

class PublishedPhotoStore {
 public:
  virtual ~PublishedPhotoStore() = default;
  // OK only once the bytes are stored.
  virtual absl::Status Put(const std::string& photo_id, PhotoVariant variant,
                           std::string_view jpeg) = 0;
  // NotFound when that variant of the photo was never stored.
  virtual absl::StatusOr<std::string> Get(const std::string& photo_id,
                                          PhotoVariant variant) const = 0;
  // Both variants of the photo gone (retention); OK when there was nothing to delete.
  virtual absl::Status Delete(const std::string& photo_id) = 0;
};

class InMemoryPublishedPhotoStore final : public PublishedPhotoStore {
 public:
  absl::Status Put(const std::string& photo_id, PhotoVariant variant,
                   std::string_view jpeg) override {
    std::lock_guard<std::mutex> lock(mu_);
    images_[{photo_id, variant}] = std::string(jpeg);
    return absl::OkStatus();
  }
  absl::StatusOr<std::string> Get(const std::string& photo_id,
                                  PhotoVariant variant) const override {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = images_.find({photo_id, variant});
    if (it == images_.end()) return absl::NotFoundError("photo_id: no such published image");
    return it->second;
  }
  absl::Status Delete(const std::string& photo_id) override {
    std::lock_guard<std::mutex> lock(mu_);
    images_.erase({photo_id, PhotoVariant::kBlurred});
    images_.erase({photo_id, PhotoVariant::kUnblurred});
    return absl::OkStatus();
  }

 private:
  mutable std::mutex mu_;
  std::map<std::pair<std::string, PhotoVariant>, std::string> images_ ABSL_GUARDED_BY(mu_);
};

}  // namespace cs::appeals
