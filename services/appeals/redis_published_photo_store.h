// PublishedPhotoStore in Redis: one string per image,
//   cs:{venue:<v>}:appeal_photo:<photo_id>:blurred | :unblurred
// (photo ids are "<appeal_id>/photo-<n>"). Put is one SET, so its OK means Redis has the bytes.
// Thread-safety: safe from several threads (RedisClient serialises calls).
#pragma once

#include <string>

#include "common/redis/redis_client.h"
#include "services/appeals/desk/published_photo_store.h"

namespace cs::appeals {

class RedisPublishedPhotoStore final : public PublishedPhotoStore {
 public:
  RedisPublishedPhotoStore(RedisClient& redis, std::string venue_id);

  absl::Status Put(const std::string& photo_id, PhotoVariant variant,
                   std::string_view jpeg) override;
  absl::StatusOr<std::string> Get(const std::string& photo_id,
                                  PhotoVariant variant) const override;
  // One DEL of both keys (same hash tag), so both go at once.
  absl::Status Delete(const std::string& photo_id) override;

  std::string Key(const std::string& photo_id, PhotoVariant variant) const;

 private:
  RedisClient& redis_;
  std::string venue_id_;
};

}  // namespace cs::appeals
