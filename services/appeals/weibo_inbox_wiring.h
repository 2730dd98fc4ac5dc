// appeal-service's Weibo inbox connector, put together: the `appeals.weibo_inbox` config
// section, the InboxGateway over AppealServiceImpl::SubmitMessage (in-process, so a Weibo item
// gets exactly the validation, triage and alerting of any other message) and over the inbox
// store for answers, and the poll loop.
//
// Why in-process and not a separate process calling SubmitMessage over gRPC: the connector needs
// the inbox store to see answers anyway, it shares appeal-service's Redis, and one process less
// means one health check, one config and one deployment less. It runs in the same PeriodicLoop
// shape as the expiry sweeper.
//
// Thread-safety: Start/Stop from main's thread; passes run on the loop's thread only.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "common/clock.h"
#include "common/periodic_loop.h"
#include "common/redis/redis_client.h"
#include "common/yaml_reader.h"
#include "crowdsafe/v1/appeals.grpc.pb.h"
#include "services/appeals/desk/inbox.h"
#include "services/appeals/desk/inbox_store.h"
#include "services/appeals/desk/weibo_inbox.h"
#include "services/appeals/weibo_inbox_http.h"

namespace cs::appeals {

// appeals.weibo_inbox:
//   enabled: true
//   base_url: https://api.weibo.com      # optional; endpoint paths as in weibo_inbox_http.h
//   token_env: CS_WEIBO_ACCESS_TOKEN     # the token comes from the environment only
//   poll_interval_s: 30
//   reply_via: outbox                    # outbox (default) | api
//   sources: [dm, at, cm]                # optional, default all three
struct WeiboInboxSettings {
  bool enabled = false;
  WeiboInboxHttpConfig http;
  std::string token_env = "CS_WEIBO_ACCESS_TOKEN";
  int poll_interval_s = 30;
  WeiboInboxOptions options;
};

// Reads the section; errors are recorded on `section` (YamlReader::Finish reports them).
WeiboInboxSettings ParseWeiboInboxSettings(YamlReader section);

// SubmitMessage in-process for items, the inbox store for answers and automatic replies, the
// inbox core for delivery reports.
class ServiceInboxGateway final : public InboxGateway {
 public:
  ServiceInboxGateway(crowdsafe::v1::AppealService::Service& service, Inbox& inbox,
                      const InboxStore& store, const Clock* clock);
  absl::Status Submit(const std::string& inbox_id, const WeiboItem& item) override;
  absl::StatusOr<std::optional<std::string>> AnswerFor(const std::string& inbox_id) override;
  absl::StatusOr<std::optional<std::string>> AutoReplyFor(const std::string& inbox_id) override;
  absl::Status ReportDelivery(const std::string& inbox_id, ReplyKind kind,
                              ReplyDelivery delivery) override;

 private:
  crowdsafe::v1::AppealService::Service& service_;
  Inbox& inbox_;
  const InboxStore& store_;
  const Clock* clock_;
};

// The running connector: HTTP client, state, gateway, core and loop.
class WeiboInboxRunner {
 public:
  WeiboInboxRunner(WeiboInboxSettings settings, RedisClient& redis, const std::string& venue_id,
                   crowdsafe::v1::AppealService::Service& service, Inbox& inbox,
                   const InboxStore& store, const Clock* clock);
  void Start() { loop_.Start(); }
  void Stop() { loop_.Stop(); }
  // One pass, logged (the loop's task; tests call it directly).
  void PollAndLog();

 private:
  WeiboInboxSettings settings_;
  WeiboInboxHttp http_;
  std::unique_ptr<WeiboInboxState> state_;
  ServiceInboxGateway gateway_;
  WeiboInbox inbox_;
  PeriodicLoop loop_;  // last: stopped before the parts it uses go
};

}  // namespace cs::appeals
