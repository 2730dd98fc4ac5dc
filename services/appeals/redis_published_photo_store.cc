#include "services/appeals/redis_published_photo_store.h"

#include "absl/strings/str_cat.h"
#include "common/redis/redis_keys.h"

namespace cs::appeals {

RedisPublishedPhotoStore::RedisPublishedPhotoStore(RedisClient& redis, std::string venue_id)
    : redis_(redis), venue_id_(std::move(venue_id)) {}

std::string RedisPublishedPhotoStore::Key(const std::string& photo_id,
                                          PhotoVariant variant) const {
  return VenueKey(venue_id_, absl::StrCat("appeal_photo:", photo_id,
                                          variant == PhotoVariant::kBlurred ? ":blurred"
                                                                            : ":unblurred"));
}

absl::Status RedisPublishedPhotoStore::Put(const std::string& photo_id, PhotoVariant variant,
                                           std::string_view jpeg) {
  return redis_.Set(Key(photo_id, variant), std::string(jpeg));
}

absl::StatusOr<std::string> RedisPublishedPhotoStore::Get(const std::string& photo_id,
                                                          PhotoVariant variant) const {
  auto value = redis_.Get(Key(photo_id, variant));
  if (!value.ok()) return value.status();
  if (!value->has_value()) return absl::NotFoundError("photo_id: no such published image");
  return **value;
}

absl::Status RedisPublishedPhotoStore::Delete(const std::string& photo_id) {
  auto n = redis_.Del({Key(photo_id, PhotoVariant::kBlurred), Key(photo_id, PhotoVariant::kUnblurred)});
  return n.ok() ? absl::OkStatus() : n.status();
}

}  // namespace cs::appeals
