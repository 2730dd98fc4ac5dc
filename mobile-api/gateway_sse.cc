// Server-sent event streams. Each stream has one reader thread that pulls events from the
// service's gRPC watch and queues them; httplib's content provider drains the queue, sends a
// keep-alive comment when idle (which is also how a gone client is noticed), and cancels the
// watch when the client leaves or the gateway stops.
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>

#include "common/logging.h"
#include "mobile-api/gateway.h"
#include "mobile-api/json_codec.h"
#include "mobile-api/sse.h"

namespace cs::api {
namespace {

namespace v1 = crowdsafe::v1;

struct Stream {
  grpc::ClientContext ctx;
  std::mutex mu;
  std::condition_variable cv;
  std::deque<std::string> queue;  // GUARDED_BY(mu): formatted events
  bool done = false;              // GUARDED_BY(mu): the watch ended
  grpc::Status status;            // GUARDED_BY(mu)
  std::thread reader;

  void Push(std::string event) {
    {
      std::lock_guard<std::mutex> lock(mu);
      queue.push_back(std::move(event));
    }
    cv.notify_one();
  }
  void Finish(grpc::Status s) {
    {
      std::lock_guard<std::mutex> lock(mu);
      done = true;
      status = std::move(s);
    }
    cv.notify_one();
  }
};

constexpr const char* kSseGauge = "cs_http_sse_clients";
constexpr const char* kSseHelp = "Open server-sent event streams";

}  // namespace

// Both streams share everything but the watch itself.
// `authorized` is asked at every wake-up (at least every quarter second): once the caller's token
// has expired or been revoked the stream ends with a 401 problem event. `on_close` runs once,
// when the stream ends for any reason.
template <typename StartWatch>
static void ServeStream(httplib::Response& res, const std::atomic<bool>& stopping,
                        std::atomic<int>& clients, RequestMetrics& metrics, int keepalive_s,
                        std::function<bool()> authorized, std::function<void()> on_close,
                        StartWatch start) {
  ++clients;
  auto stream = std::make_shared<Stream>();
  stream->reader = std::thread([stream, start] { start(*stream); });
  metrics.AddGauge(kSseGauge, kSseHelp, 1);
  res.set_header("Cache-Control", "no-cache");
  res.set_header("X-Accel-Buffering", "no");
  res.set_chunked_content_provider(
      "text/event-stream",
      [stream, &stopping, keepalive_s, authorized](size_t, httplib::DataSink& sink) {
        std::string out;
        bool ended = false;
        bool still_authorized = authorized();
        {
          std::unique_lock<std::mutex> lock(stream->mu);
          auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(keepalive_s);
          // Short waits so that a stopping gateway, or a token that expired, is noticed within a
          // quarter second.
          while (still_authorized && stream->queue.empty() && !stream->done && !stopping &&
                 std::chrono::steady_clock::now() < deadline) {
            stream->cv.wait_for(lock, std::chrono::milliseconds(250));
            lock.unlock();
            still_authorized = authorized();
            lock.lock();
          }
          if (!still_authorized) {
            // Nothing queued is sent: those events were for a caller who is no longer one.
            Problem p =
                MakeProblem(401, "the token expired or was revoked; log in again", "Authorization");
            const std::string event = SseEvent("", "error", p.Json());
            sink.write(event.data(), event.size());
            sink.done();
            return true;
          }
          while (!stream->queue.empty()) {
            out += stream->queue.front();
            stream->queue.pop_front();
          }
          if (out.empty() && stream->done) {
            ended = true;
            Problem p = FromGrpc(stream->status);
            out = SseEvent("", "error", p.Json());
          }
        }
        if (stopping) return false;
        if (out.empty()) out = SseComment("keep-alive");
        if (!sink.write(out.data(), out.size())) return false;
        if (ended) sink.done();
        return true;
      },
      [stream, &metrics, &clients, on_close](bool) {
        stream->ctx.TryCancel();
        if (stream->reader.joinable()) stream->reader.join();
        metrics.AddGauge(kSseGauge, kSseHelp, -1);
        --clients;
        on_close();
      });
}

// Each stream holds one of the api.threads HTTP workers for as long as it is open; a few are
// always left for ordinary requests (and for the dashboard to load at all).
static bool TooManyStreams(const std::atomic<int>& clients, int threads) {
  return clients.load() >= std::max(1, threads - 8);
}

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

// The checks both streams make before they open: the gateway-wide cap (worker threads), the
// cursor, then the caller's own cap. On success the caller holds a slot that `Release` frees.
bool Gateway::OpenStreamChecks(Call& c, std::string* cursor) {
  if (TooManyStreams(sse_clients_, api_.threads)) {
    Fail(c.res, MakeProblem(503, "too many open event streams; retry later"));
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

// An open stream asks the session store at most once a second (issue 16: the store is Redis,
// and a wake-up comes every quarter second per stream); its expiry it checks at every wake-up.
// A logout or revocation on any gateway therefore ends the stream within 1.25 s. While the store
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

void Gateway::ServeAlertStream(Call& c) {
  std::string cursor;
  if (!OpenStreamChecks(c, &cursor)) return;
  v1::WatchAlertsRequest req;
  req.set_venue_id(config_.venue.id);
  // The caller's zones, from the token: a patrol officer hears their own zones only.
  for (const auto& z : c.session->zones) req.add_zone_ids(z);
  req.mutable_after()->set_value(cursor);
  auto* stub = crowd_.get();
  ServeStream(c.res, stopping_, sse_clients_, metrics_, api_.sse_keepalive_s, StillAuthorized(c),
              SlotReleaser(c), [stub, req](Stream& s) {
                auto reader = stub->WatchAlerts(&s.ctx, req);
                v1::AlertEvent e;
                while (reader->Read(&e)) s.Push(SseEvent(e.cursor().value(), "alert", ToJson(e)));
                s.Finish(reader->Finish());
              });
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
  Role role = c.role();
  std::vector<std::string> zones = c.session->zones;
  ServeStream(c.res, stopping_, sse_clients_, metrics_, api_.sse_keepalive_s, StillAuthorized(c),
              SlotReleaser(c), [stub, req, role, zones](Stream& s) {
                auto reader = stub->WatchCaseEvents(&s.ctx, req);
                v1::CaseEvent e;
                while (reader->Read(&e)) {
                  // The service filters by zone and role too; this keeps the promise even if
                  // it did not.
                  if (!CaseEventVisible(e, role, zones)) continue;
                  s.Push(SseEvent(e.cursor().value(), "case", ToJson(e)));
                }
                s.Finish(reader->Finish());
              });
}

}  // namespace cs::api
