// How an approved appeal reaches Weibo: the Publisher interface and the default outbox publisher.
// Thread-safety: OutboxPublisher is stateless and safe from any thread; other publishers say so.
#pragma once

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace cs::appeals {

struct PublishImage {
  std::string photo_id;
  std::string bytes;  // JPEG/PNG as stored (blurred unless the press office lifted the blur)
  std::string mime_type = "image/jpeg";
  std::string filename = "photo.jpg";
};

struct PublishRequest {
  std::string appeal_id;
  int version = 0;
  std::string version_sha256;
  std::string status_text;
  const PublishImage* image = nullptr;  // optional, not owned

  // One key per appeal version: the same approved text is never posted twice.
  std::string IdempotencyKey() const;
};

enum class PublishOutcome {
  kQueued,  // in the outbox; published once a press officer marks it posted
  kPosted,  // posted by the API; post_id and post_url are set
};

struct PublishResult {
  PublishOutcome outcome = PublishOutcome::kQueued;
  std::string post_id;
  std::string post_url;
};

class Publisher {
 public:
  virtual ~Publisher() = default;
  virtual absl::StatusOr<PublishResult> Publish(const PublishRequest& request) = 0;
};

// The default: Weibo's open API will not take #topics# and wants a link on our own domain, so a
// press officer posts by hand from the outbox and then records the post URL (MarkPosted).
class OutboxPublisher final : public Publisher {
 public:
  absl::StatusOr<PublishResult> Publish(const PublishRequest& request) override;
};

// OK iff `url` is an https URL on weibo.com or weibo.cn (or a subdomain such as m.weibo.cn), with
// no user-info and at most port 443. Errors name the field `field`.
absl::Status ValidateWeiboPostUrl(std::string_view url, std::string_view field = "post_url");

}  // namespace cs::appeals
