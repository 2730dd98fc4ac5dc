// The HTTP/JSON gateway in front of the gRPC services (cpp-httplib). Every /v1 route is in
// route_table.h; this class only wires each one to its service call. Around every handler it
// checks the bearer token, the caller's role (from the table), the per-token rate limit and the
// body size, and it answers every error as an RFC 7807 problem document. The caller's identity
// reaches the services as the proto Actor built from the token's session, never from the body.
//
// Sessions and rate limits live in Redis (issue 16), so any number of gateways can serve the
// same clients: a token from one works on all, a logout or revocation holds on all, a restart
// logs nobody out, and the limits are shared. Without Redis an authenticated request or a login
// is refused with 503, never let through unchecked.
//
// Thread-safety: Start/Stop from one thread; httplib serves requests on its own thread pool, and
// every member used by handlers is thread-safe or immutable.
#pragma once

#include <httplib.h>

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>

#include "absl/status/status.h"
#include "common/clock.h"
#include "common/config.h"
#include "common/identity/assertion.h"
#include "common/metrics/metrics.h"
#include "common/redis/redis_client.h"
#include "crowdsafe/v1/appeals.grpc.pb.h"
#include "crowdsafe/v1/cases.grpc.pb.h"
#include "crowdsafe/v1/crowd.grpc.pb.h"
#include "mobile-api/api_config.h"
#include "mobile-api/auth.h"
#include "mobile-api/idempotency.h"
#include "mobile-api/problem.h"
#include "mobile-api/rate_limiter.h"
#include "mobile-api/route_table.h"
#include "mobile-api/session_store.h"
#include "mobile-api/sse_hub.h"
#include "mobile-api/sse_writer.h"

namespace cs::api {

class GatedServer;

// One request as a handler sees it: the matched route, its path parameters, and the session of
// the caller (absent on public routes).
struct Call {
  const httplib::Request& req;
  httplib::Response& res;
  const Route& route;
  std::optional<Session> session;
  std::map<std::string, std::string> params;  // path parameters by name

  const std::string& Param(const std::string& name) const;
  std::string Query(const std::string& name) const;
  // The caller as the services see it.
  crowdsafe::v1::Actor Actor() const;
  Role role() const { return session->role; }
};

// Where sessions and rate limits are kept. kInProcess is for tests and benchmarks of one gateway
// without Redis (its tokens die with the process); production uses kRedis.
enum class StateBackend { kRedis, kInProcess };

class Gateway {
 public:
  Gateway(const ServiceConfig& config, const ApiConfig& api, RedisClient& redis, const Clock& clock,
          StateBackend state = StateBackend::kRedis,
          std::shared_ptr<const AssertionSigner> signer = nullptr);
  ~Gateway();

  // Binds server.listen (port 0 picks a free port) and serves in a background thread; HTTPS
  // when server.tls is configured.
  absl::Status Start();
  int port() const { return port_; }
  void Stop();

  // Keys ("GET /v1/occupancy") of every route a handler was registered for.
  const std::set<std::string>& registered() const { return registered_; }
  // How the event streams ended so far (for the benchmark: slow-client drops among them).
  SseWriter::Counters sse_counters() { return sse_writer_->counters(); }

 private:
  using Handler = std::function<void(Call&)>;

  void Handle(const std::string& key, Handler handler);
  void Dispatch(const Route& route, const Handler& handler, const httplib::Request& req,
                httplib::Response& res);
  void RegisterRoutes();
  void RegisterCrowdRoutes();
  void RegisterCaseRoutes();
  void RegisterAppealRoutes();
  // GET /v1/appeals/{appeal_id}/photos/{photo_id}: the image as appeal-service publishes it.
  void AppealPhoto(Call& c);
  void RegisterSystemRoutes();
  // POST /v1/auth/login, /logout and /revoke (issue 16: sessions shared by every replica).
  void RegisterAuthRoutes();
  void LoginRoute(Call& c);
  void RevokeRoute(Call& c);
  // The client's address: the TCP peer, or X-Forwarded-For from a trusted proxy.
  std::string ClientIp(const httplib::Request& req) const;
  void ServeStatic(const httplib::Request& req, httplib::Response& res);
  // Runs the handler under the request's Idempotency-Key, if it sent one (route.idempotent):
  // a replay answers the stored response, a reused key with another body 422, a key still in
  // flight 409; otherwise the handler runs and its final answer is stored.
  void RunIdempotent(Call& c, const Handler& handler);

  // Reads the body into `out` and sets the actor and path ids; on error answers the problem
  // and returns false. `bind` maps proto field paths to path parameters.
  // `bind` holds (proto field path, value) pairs: path ids and the venue; a body that names a
  // different value for one of them is refused. `body` overrides the request body (multipart).
  // `check_required`: answer 400 listing every missing required field (CheckRequired).
  bool ParseBody(Call& c, google::protobuf::Message* out,
                 const std::vector<std::pair<std::string, std::string>>& bind,
                 const std::string* body = nullptr, bool check_required = true);
  bool CheckRequired(Call& c, const google::protobuf::Message& request);
  // Multipart or JSON report with photos; see route_table.h.
  bool ParseReport(Call& c, google::protobuf::Message* out);
  // An upstream call's context: its deadline, and the caller it is made for (identity).
  std::unique_ptr<grpc::ClientContext> Context(const Call& c) const;
  void Reply(Call& c, const grpc::Status& status, const google::protobuf::Message& answer);
  static void Fail(httplib::Response& res, const Problem& problem);

  // Server-sent events (gateway_sse.cc).
  void ServeAlertStream(Call& c);
  void ServeCaseStream(Call& c);
  // Takes one of the user's api.sse_streams_per_user stream slots; false when all are taken.
  bool ClaimStreamSlot(const std::string& username);
  void ReleaseStreamSlot(const std::string& username);
  bool OpenStreamChecks(Call& c, std::string* cursor);
  std::function<bool()> StillAuthorized(const Call& c);
  std::function<void()> SlotReleaser(const Call& c);
  // The ClientContext of an upstream watch (one per feed, shared by its streams).
  std::unique_ptr<grpc::ClientContext> WatchContext(const crowdsafe::v1::Actor& on_behalf_of) const;
  // Answers the stream's headers, then hands the connection to the writer and the feed.
  void ServeStream(Call& c, FeedKey key, std::unique_ptr<FeedWatch> watch);
  void AttachStream(std::unique_ptr<NonBlockingStream> conn, FeedKey key,
                    std::unique_ptr<FeedWatch> watch, std::function<bool()> authorized,
                    std::function<void()> release);
  // The body and status of GET /v1/health, probed over the long-lived channels at most once a
  // second (the route is public: a flood of it must not become a flood of upstream probes).
  std::pair<int, std::string> HealthAnswer();

  const ServiceConfig& config_;
  const ApiConfig& api_;
  RedisClient& redis_;
  const Clock& clock_;
  std::unique_ptr<SessionStore> sessions_;
  IdempotencyStore idempotency_;
  Authenticator auth_;
  std::unique_ptr<RateLimiter> login_by_ip_;
  // Keyed by client address and username, so that wrong passwords from elsewhere never lock the
  // real user out (docs/api.md, "Login throttling").
  std::unique_ptr<RateLimiter> login_by_address_and_user_;
  std::unique_ptr<RateLimiter> by_token_;
  RequestMetrics metrics_{"cs_http"};
  std::map<std::string, std::shared_ptr<grpc::Channel>> channels_;  // by upstream name
  std::unique_ptr<crowdsafe::v1::CrowdService::Stub> crowd_;
  std::unique_ptr<crowdsafe::v1::CaseService::Stub> cases_;
  std::unique_ptr<crowdsafe::v1::AppealService::Stub> appeals_;
  std::unique_ptr<httplib::Server> server_;
  GatedServer* gated_ = nullptr;  // server_ itself when the header gate is on
  std::set<std::string> registered_;
  std::string openapi_;
  std::atomic<bool> stopping_{false};
  std::atomic<int> sse_clients_{0};  // open event streams (api.sse_max_streams)
  std::mutex sse_mu_;
  std::map<std::string, int> sse_by_user_;  // GUARDED_BY(sse_mu_): open streams per username
  std::mutex health_mu_;
  TimePoint health_at_;                       // GUARDED_BY(health_mu_): when last probed
  std::pair<int, std::string> health_;        // GUARDED_BY(health_mu_): status and body
  std::thread thread_;
  int port_ = 0;
  // Event streams (gateway_sse.cc). The hub is destroyed first: its feeds post to the writer.
  std::unique_ptr<SseWriter> sse_writer_;
  std::unique_ptr<SseHub> sse_hub_;
};

// An RFC 7807 problem document (kept for callers of the first version).
std::string ProblemJson(int status, const std::string& title, const std::string& detail);

}  // namespace cs::api
