// Optional publisher that posts through Weibo's open API (statuses/share) with libcurl, and the
// ledger that makes its retries idempotent: one post per appeal version, never two.
// Thread-safety: WeiboApiPublisher may be shared between threads if its PublishLedger is
// thread-safe (InMemoryPublishLedger is), but two concurrent publishes of the same version must
// be serialised by the caller (the workflow's compare-and-set on the appeal does that).
//
// Rules enforced before any network call: the access token comes from an environment variable
// (never logged, never in an error or a URL); the status text must carry a link on the
// configured safe domain and no #topic# (statuses/share refuses both otherwise).
#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "services/appeals/desk/publisher.h"

namespace cs::appeals {

struct WeiboApiConfig {
  std::string base_url = "https://api.weibo.com";
  std::string share_path = "/2/statuses/share.json";
  std::string timeline_path = "/2/statuses/user_timeline.json";
  std::string token_env = "CS_WEIBO_ACCESS_TOKEN";
  std::string safe_domain;  // e.g. "appeal.oceanpark.example.cn"; required
  int max_attempts = 3;     // posting attempts per Publish call
  long timeout_ms = 10'000;
};

// What the ledger remembers per idempotency key (appeal id, version, text hash).
struct PublishRecord {
  enum class State {
    kInFlight,   // a request may be on the wire: treat as ambiguous after a crash
    kAmbiguous,  // it may or may not have posted: check the timeline before any re-post
    kFailed,     // definitely not posted (refused, or never connected)
    kPosted,
  };
  State state = State::kInFlight;
  std::string post_id;
  int attempts = 0;
};

// Narrow store. Redis: one hash per key, cs:{appeal:<id>}:publish:<key>; Put must be
// acknowledged (AOF) before the publisher sends, so a crash mid-request leaves kInFlight behind.
class PublishLedger {
 public:
  virtual ~PublishLedger() = default;
  virtual std::optional<PublishRecord> Get(const std::string& key) const = 0;
  virtual absl::Status Put(const std::string& key, const PublishRecord& record) = 0;
};

class InMemoryPublishLedger final : public PublishLedger {
 public:
  std::optional<PublishRecord> Get(const std::string& key) const override;
  absl::Status Put(const std::string& key, const PublishRecord& record) override;

 private:
  mutable std::mutex mu_;
  std::map<std::string, PublishRecord> records_ ABSL_GUARDED_BY(mu_);
};

// Checks a status for statuses/share: non-empty, a link on `safe_domain`, no #topic#.
absl::Status ValidateShareStatus(std::string_view status, std::string_view safe_domain);

class WeiboApiPublisher final : public Publisher {
 public:
  WeiboApiPublisher(WeiboApiConfig config, PublishLedger* ledger);

  // kPosted with post_id and post_url on success. A repeat for an already posted version
  // returns the remembered post without any request. After an ambiguous failure (5xx, timeout,
  // broken connection) it looks for the status on the account's timeline before re-posting;
  // if that check cannot be made it returns Unavailable and posts nothing.
  absl::StatusOr<PublishResult> Publish(const PublishRequest& request) override;

 private:
  struct HttpResult {
    bool sent = false;  // false: the request surely never reached the server
    long code = 0;
    std::string body;
    std::string error;
  };
  HttpResult PostShare(const PublishRequest& request, const std::string& token) const;
  HttpResult GetTimeline(const std::string& token) const;
  // Found: post id; not found: empty string; check impossible: error.
  absl::StatusOr<std::string> FindOnTimeline(const std::string& status,
                                             const std::string& token) const;

  WeiboApiConfig config_;
  PublishLedger* ledger_;
};

}  // namespace cs::appeals
