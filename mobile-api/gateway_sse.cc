// Server-sent event streams (issue 16: no thread per stream). A stream's request is checked on
// an HTTP worker like any other (token, role, caps, cursor); its response headers go out, then
// the connection leaves the worker (GatedServer::HandOffAfterHeaders) for the SseWriter's epoll
// loop, and the stream subscribes to the SseHub feed of its filter: one gRPC watch per filter,
// read on the feed's thread and fanned out to every stream that would have received exactly
// the same events from a watch of its own. See docs/architecture.md, "Event streams".
#include <algorithm>

#include "common/grpc/identity_interceptors.h"
#include "common/logging.h"
#include "mobile-api/gated_server.h"
#include "mobile-api/gateway.h"
#include "mobile-api/json_codec.h"
#include "mobile-api/sse.h"
#include "mobile-api/sse_hub.h"
#include "mobile-api/sse_writer.h"

namespace cs::api {
namespace {

namespace v1 = crowdsafe::v1;

constexpr const char* kSseGauge = "cs_http_sse_clients";
constexpr const char* kSseHelp = "Open server-sent event streams";

// A feed's events into one stream of the writer (which only queues: never blocks the feed).
class WriterSubscriber final : public FeedSubscriber {
 public:
  WriterSubscriber(SseWriter& writer, uint64_t stream) : writer_(writer), stream_(stream) {}
  void Deliver(const std::string& event) override { writer_.Post(stream_, event); }
  void End(const std::string& last_event) override { writer_.End(stream_, last_event); }

 private:
  SseWriter& writer_;
  const uint64_t stream_;
};

// One server-streaming gRPC watch as a feed. `format` gives the event as the feed's callers may
// see it, or "" when it is not for them.
template <typename Event>
class GrpcWatch final : public FeedWatch {
 public:
  using Open = std::function<std::unique_ptr<grpc::ClientReader<Event>>(grpc::ClientContext*)>;
  using Format = std::function<std::string(const Event&)>;
  GrpcWatch(std::unique_ptr<grpc::ClientContext> ctx, Open open, Format format)
      : ctx_(std::move(ctx)), open_(std::move(open)), format_(std::move(format)) {}

  void Start() override { reader_ = open_(ctx_.get()); }
  bool Next(std::string* event) override {
    Event e;
    while (reader_->Read(&e)) {
      *event = format_(e);
      if (!event->empty()) return true;
    }
    status_ = reader_->Finish();
    return false;
  }
  std::string LastEvent() override { return SseEvent("", "error", FromGrpc(status_).Json()); }
  // Before Start too: gRPC cancels a call whose context was cancelled as soon as it begins.
  void Cancel() override { ctx_->TryCancel(); }

 private:
  std::unique_ptr<grpc::ClientContext> ctx_;
  Open open_;
  Format format_;
  std::unique_ptr<grpc::ClientReader<Event>> reader_;
  grpc::Status status_;
};

// The caller's zones as a feed filter: the same set in any order is the same feed.
std::string ZonesFilter(std::vector<std::string> zones) {
  std::sort(zones.begin(), zones.end());
  std::string out;
  for (const auto& z : zones) out += z + ",";
  return out;
}

}  // namespace

bool Gateway::ClaimStreamSlot(const std::string& username) {
  std::lock_guard<std::mutex> lock(sse_mu_);
  int& open = sse_by_user_[username];
  if (open >= api_.sse_streams_per_user) return false;
  ++open;
  return true;
}

void Gateway::ReleaseStreamSlot(const std::string& username) {
  std::lock_guard<std::mutex> lock(sse_mu_);
  auto it = sse_by_user_.find(username);
  if (it != sse_by_user_.end() && --it->second <= 0) sse_by_user_.erase(it);
}

// The checks both streams make before they open: a worker that can hand the connection off, the
// gateway-wide cap, the cursor, then the caller's own cap. On success the caller holds a slot.
bool Gateway::OpenStreamChecks(Call& c, std::string* cursor) {
  if (!GatedServer::OnWorker()) {
    // Without the gate a stream would hold a thread for its lifetime (issue 16).
    Fail(c.res, MakeProblem(503, "event streams need the header gate (api.header_gate: true)"));
    return false;
  }
  if (sse_clients_.load() >= api_.sse_max_streams) {
    c.res.set_header("Retry-After", "5");
    Fail(c.res, MakeProblem(503, "too many open event streams (api.sse_max_streams); retry later"));
    return false;
  }
  auto resume = ResumeCursor(c.req.get_header_value("Last-Event-ID"), c.Query("last_event_id"));
  if (!resume.ok()) {
    Fail(c.res, FromStatus(resume.status()));
    return false;
  }
  if (!ClaimStreamSlot(c.session->username)) {
    c.res.set_header("Retry-After", "5");
    Fail(c.res, MakeProblem(429, "this user already has " +
                                     std::to_string(api_.sse_streams_per_user) +
                                     " open event streams (api.sse_streams_per_user); close one"));
    return false;
  }
  *cursor = *resume;
  return true;
}

// An open stream asks the session store at most once a second (issue 16: the store is Redis);
// its expiry it checks at every call (every 250 ms, SseWriter's checker thread). A logout or
// revocation on any gateway therefore ends the stream within about 1.25 s. While the store
// cannot be reached the stream stays open until its expiry: no revocation can be written then
// either, and dropping every stream on a Redis blip would only make them all reconnect into 503s.
constexpr auto kSessionRecheck = std::chrono::seconds(1);

std::function<bool()> Gateway::StillAuthorized(const Call& c) {
  struct Recheck {
    std::string token;
    TimePoint expires_at;
    std::chrono::steady_clock::time_point checked;
  };
  auto state = std::make_shared<Recheck>(
      Recheck{c.session->token, c.session->expires_at, std::chrono::steady_clock::now()});
  return [this, state] {
    if (clock_.Now() >= state->expires_at) return false;
    const auto now = std::chrono::steady_clock::now();
    if (now - state->checked < kSessionRecheck) return true;
    state->checked = now;
    auto session = sessions_->Lookup(state->token);
    return !session.ok() || session->has_value();
  };
}

std::function<void()> Gateway::SlotReleaser(const Call& c) {
  std::string username = c.session->username;
  return [this, username] { ReleaseStreamSlot(username); };
}

std::unique_ptr<grpc::ClientContext> Gateway::WatchContext(
    const crowdsafe::v1::Actor& on_behalf_of) const {
  // No deadline: a watch is open-ended; the hub cancels it when its last stream leaves. A feed
  // is shared by every caller of one filter, so `on_behalf_of` is its first subscriber (each
  // stream is still checked against its own session: StillAuthorized).
  auto ctx = std::make_unique<grpc::ClientContext>();
  OnBehalfOf(*ctx, on_behalf_of);
  return ctx;
}

void Gateway::ServeStream(Call& c, FeedKey key, std::unique_ptr<FeedWatch> watch) {
  // Everything the hand-off needs, shared because httplib copies its provider.
  struct Pending {
    FeedKey key;
    std::unique_ptr<FeedWatch> watch;
    std::function<bool()> authorized;
    std::function<void()> release;  // the user's slot, the gateway's count and gauge
    bool handed = false;
  };
  ++sse_clients_;
  metrics_.AddGauge(kSseGauge, kSseHelp, 1);
  auto slot = SlotReleaser(c);
  auto pending = std::make_shared<Pending>(
      Pending{std::move(key), std::move(watch), StillAuthorized(c), [this, slot] {
                slot();
                --sse_clients_;
                metrics_.AddGauge(kSseGauge, kSseHelp, -1);
              }});
  c.res.set_header("Cache-Control", "no-cache");
  c.res.set_header("X-Accel-Buffering", "no");
  c.res.set_chunked_content_provider(
      "text/event-stream",
      [this, pending](size_t, httplib::DataSink&) {
        // The headers are out: the body is the writer's. Returning false ends httplib's part.
        pending->handed = GatedServer::HandOffAfterHeaders(
            [this, pending](std::unique_ptr<NonBlockingStream> conn) {
              AttachStream(std::move(conn), std::move(pending->key), std::move(pending->watch),
                           std::move(pending->authorized), std::move(pending->release));
            });
        return false;
      },
      [pending](bool) {
        if (!pending->handed) pending->release();  // the headers never went out
      });
}

void Gateway::AttachStream(std::unique_ptr<NonBlockingStream> conn, FeedKey key,
                           std::unique_ptr<FeedWatch> watch, std::function<bool()> authorized,
                           std::function<void()> release) {
  // The stream may close (a gone client) before its subscription exists: whichever of the two
  // comes second undoes the subscription.
  struct Link {
    std::mutex mu;
    uint64_t subscription = 0;  // GUARDED_BY(mu)
    bool closed = false;        // GUARDED_BY(mu)
  };
  auto link = std::make_shared<Link>();
  const std::string unauthorized = SseEvent(
      "", "error",
      MakeProblem(401, "the token expired or was revoked; log in again", "Authorization").Json());
  const uint64_t stream = sse_writer_->Add(
      std::move(conn), std::move(authorized), unauthorized, [this, link, release] {
        uint64_t subscription;
        {
          std::lock_guard<std::mutex> lock(link->mu);
          link->closed = true;
          subscription = link->subscription;
        }
        if (subscription != 0) sse_hub_->Unsubscribe(subscription);
        release();
      });
  if (stream == 0) return;  // the gateway is stopping; closed already
  uint64_t subscription = sse_hub_->Subscribe(
      key, std::make_shared<WriterSubscriber>(*sse_writer_, stream), std::move(watch));
  {
    std::lock_guard<std::mutex> lock(link->mu);
    if (!link->closed) {
      link->subscription = subscription;
      return;
    }
  }
  sse_hub_->Unsubscribe(subscription);
}

void Gateway::ServeAlertStream(Call& c) {
  std::string cursor;
  if (!OpenStreamChecks(c, &cursor)) return;
  v1::WatchAlertsRequest req;
  req.set_venue_id(config_.venue.id);
  // The caller's zones, from the token: a patrol officer hears their own zones only.
  for (const auto& z : c.session->zones) req.add_zone_ids(z);
  req.mutable_after()->set_value(cursor);
  auto* stub = crowd_.get();
  auto watch = std::make_unique<GrpcWatch<v1::AlertEvent>>(
      WatchContext(c.Actor()),
      [stub, req](grpc::ClientContext* ctx) { return stub->WatchAlerts(ctx, req); },
      [](const v1::AlertEvent& e) { return SseEvent(e.cursor().value(), "alert", ToJson(e)); });
  ServeStream(c, FeedKey{"alerts", ZonesFilter(c.session->zones), cursor}, std::move(watch));
}

void Gateway::ServeCaseStream(Call& c) {
  std::string cursor;
  if (!OpenStreamChecks(c, &cursor)) return;
  v1::WatchCaseEventsRequest req;
  req.set_venue_id(config_.venue.id);
  for (const auto& z : c.session->zones) req.add_zone_ids(z);
  *req.mutable_actor() = c.Actor();
  req.mutable_after()->set_value(cursor);
  auto* stub = cases_.get();
  const Role role = c.role();
  std::vector<std::string> zones = c.session->zones;
  auto watch = std::make_unique<GrpcWatch<v1::CaseEvent>>(
      WatchContext(c.Actor()),
      [stub, req](grpc::ClientContext* ctx) { return stub->WatchCaseEvents(ctx, req); },
      [role, zones](const v1::CaseEvent& e) {
        // The service filters by zone and role too; this keeps the promise even if it did not.
        if (!CaseEventVisible(e, role, zones)) return std::string();
        return SseEvent(e.cursor().value(), "case", ToJson(e));
      });
  // The service filters case events by the actor's role and zones (never its user), and so does
  // the line above: one feed per role and zone set.
  ServeStream(c,
              FeedKey{"cases", std::string(RoleName(role)) + "|" + ZonesFilter(zones), cursor},
              std::move(watch));
}

}  // namespace cs::api
