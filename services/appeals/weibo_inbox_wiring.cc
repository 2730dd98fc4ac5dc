#include "services/appeals/weibo_inbox_wiring.h"

#include <algorithm>
#include <cstdlib>

#include "common/grpc/status_convert.h"
#include "common/logging.h"
#include "services/appeals/proto_convert.h"
#include "services/appeals/redis_weibo_inbox_state.h"

namespace cs::appeals {
namespace v1 = crowdsafe::v1;

WeiboInboxSettings ParseWeiboInboxSettings(YamlReader section) {
  WeiboInboxSettings s;
  s.enabled = section.Optional<bool>("enabled", false);
  s.http.base_url = section.Optional<std::string>("base_url", s.http.base_url);
  s.token_env = section.Optional<std::string>("token_env", s.token_env);
  s.poll_interval_s = section.Optional<int>("poll_interval_s", s.poll_interval_s);
  if (s.poll_interval_s < 1 || s.poll_interval_s > 3600) {
    section.Fail("poll_interval_s", "must be 1..3600");
  }
  const std::string via = section.Optional<std::string>("reply_via", "outbox");
  if (via == "api") {
    s.options.reply_mode = ReplyMode::kApi;
  } else if (via != "outbox") {
    section.Fail("reply_via", "must be outbox or api");
  }
  if (section.Has("sources")) {
    s.options.sources.clear();
    for (const std::string& code : section.ScalarSequence<std::string>("sources")) {
      bool known = false;
      for (WeiboSource w : kAllWeiboSources) {
        if (code == WeiboSourceCode(w)) {
          s.options.sources.push_back(w);
          known = true;
        }
      }
      if (!known) section.Fail("sources", "each must be dm, at or cm");
    }
  }
  return s;
}

ServiceInboxGateway::ServiceInboxGateway(v1::AppealService::Service& service, Inbox& inbox,
                                         const InboxStore& store, const Clock* clock)
    : service_(service), inbox_(inbox), store_(store), clock_(clock) {}

absl::Status ServiceInboxGateway::Submit(const std::string& inbox_id, const WeiboItem& item) {
  v1::SubmitMessageRequest req;
  req.set_message_id(inbox_id);
  req.set_channel(WeiboSourceChannel(item.source));
  req.set_text(item.text);
  if (!item.sender_name.empty()) req.set_sender_handle("@" + item.sender_name);
  // Weibo's time, unless it is ahead of ours (clock skew): the inbox refuses future times, and a
  // refused item would never be submitted again.
  if (item.created_at != TimePoint{}) {
    ToProto(std::min(item.created_at, clock_->Now()), req.mutable_received_at());
  }
  req.mutable_actor()->set_user_id("system:weibo-inbox");
  req.mutable_actor()->set_role(v1::ROLE_SYSTEM);
  v1::InboxMessage out;
  grpc::Status s = service_.SubmitMessage(nullptr, &req, &out);
  return s.ok() ? absl::OkStatus()
                : absl::Status(static_cast<absl::StatusCode>(s.error_code()), s.error_message());
}

absl::StatusOr<std::optional<std::string>> ServiceInboxGateway::AnswerFor(
    const std::string& inbox_id) {
  auto m = store_.Get(inbox_id);
  if (!m.ok()) return m.status();
  if ((m->state != MessageState::kAnswered && m->state != MessageState::kClosed) ||
      m->reply.empty()) {
    return std::optional<std::string>();
  }
  return std::optional<std::string>(m->reply);
}

absl::StatusOr<std::optional<std::string>> ServiceInboxGateway::AutoReplyFor(
    const std::string& inbox_id) {
  auto m = store_.Get(inbox_id);
  if (!m.ok()) return m.status();
  if (m->auto_reply.empty()) return std::optional<std::string>();
  return std::optional<std::string>(m->auto_reply);
}

absl::Status ServiceInboxGateway::ReportDelivery(const std::string& inbox_id, ReplyKind kind,
                                                 ReplyDelivery delivery) {
  // A concurrent change to the message (the desk answering) is Aborted: read again, once more.
  absl::Status s = inbox_.RecordDelivery(inbox_id, kind, delivery).status();
  if (absl::IsAborted(s)) s = inbox_.RecordDelivery(inbox_id, kind, delivery).status();
  return s;
}

WeiboInboxRunner::WeiboInboxRunner(WeiboInboxSettings settings, RedisClient& redis,
                                   const std::string& venue_id, v1::AppealService::Service& service,
                                   Inbox& inbox, const InboxStore& store, const Clock* clock)
    : settings_(std::move(settings)),
      http_(settings_.http),
      state_(std::make_unique<RedisWeiboInboxState>(redis, venue_id)),
      gateway_(service, inbox, store, clock),
      inbox_(
          &http_, state_.get(), &gateway_,
          [env = settings_.token_env] {
            // Read at every pass and never logged. Once Weibo calls it expired the core stops
            // using it; the connector resumes with a new token (a restart with a new value).
            const char* v = std::getenv(env.c_str());
            return std::string(v == nullptr ? "" : v);
          },
          clock, settings_.options),
      loop_("weibo-inbox", [this] { PollAndLog(); },
            std::chrono::seconds(settings_.poll_interval_s)) {}

void WeiboInboxRunner::PollAndLog() {
  auto stats = inbox_.PollOnce();
  if (!stats.ok()) {
    CS_LOG_WARN("weibo inbox pass failed error={}", stats.status().ToString());
    return;
  }
  if (stats->token_expired) {
    CS_LOG_ERROR("weibo inbox: access token expired or revoked; set a new one in {}",
                 settings_.token_env);
  }
  if (stats->fetched > 0 || stats->replies_sent > 0 || stats->replies_to_outbox > 0 ||
      stats->replies_failed > 0 || stats->delivery_reports_failed > 0 || stats->paused) {
    CS_LOG_INFO(
        "weibo inbox pass fetched={} submitted={} duplicates={} rejected={} replies_sent={} "
        "replies_outbox={} replies_failed={} auto_replies={} delivery_reports_failed={} "
        "paused={}",
        stats->fetched, stats->submitted, stats->duplicates, stats->rejected, stats->replies_sent,
        stats->replies_to_outbox, stats->replies_failed, stats->auto_replies,
        stats->delivery_reports_failed, stats->paused);
  }
}

}  // namespace cs::appeals
