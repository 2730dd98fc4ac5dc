#include "mobile-api/gateway.h"

#include <sys/socket.h>

#include <google/protobuf/descriptor.h>
#include <google/protobuf/struct.pb.h>
#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <sstream>

#include "common/grpc/identity_interceptors.h"
#include "common/grpc/client_channel.h"
#include "common/grpc/health_probe.h"
#include "common/grpc/server_runner.h"
#include "common/logging.h"
#include "common/photo/photo_check.h"
#include "crowdsafe/v1/api.pb.h"
#include "mobile-api/gated_server.h"
#include "mobile-api/json_codec.h"
#include "mobile-api/memory_session_store.h"
#include "mobile-api/openapi.h"
#include "mobile-api/redis_rate_limiter.h"
#include "mobile-api/redis_session_store.h"
#include "mobile-api/required_fields.h"
#include "mobile-api/security_headers.h"
#include "mobile-api/static_files.h"

namespace cs::api {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

constexpr auto kProbeTimeout = std::chrono::milliseconds(500);
constexpr auto kHealthCacheFor = std::chrono::seconds(1);

// The gRPC service an upstream name stands for: its idempotent methods are retried.
std::vector<std::string> ServicesOf(const std::string& name) {
  if (name == "crowd") return {crowdsafe::v1::CrowdService::service_full_name()};
  if (name == "cases") return {crowdsafe::v1::CaseService::service_full_name()};
  if (name == "appeals") return {crowdsafe::v1::AppealService::service_full_name()};
  return {};
}

std::shared_ptr<grpc::Channel> ChannelTo(const ServiceConfig& config, const std::string& name,
                                        std::shared_ptr<const AssertionSigner> signer) {
  auto it = config.upstreams.find(name);
  // An unconfigured upstream still gets a channel: its calls fail UNAVAILABLE (503), which is
  // the truth, instead of crashing a handler on a null stub.
  std::string address = it == config.upstreams.end() ? "127.0.0.1:1" : it->second;
  ClientChannelOptions options;
  options.services = ServicesOf(name);
  options.max_message_bytes = config.server.max_message_bytes;
  options.signer = std::move(signer);
  // mobile-api's main refuses to start when upstream_tls cannot be read.
  if (auto creds = UpstreamCredentials(config.upstream_tls); creds.ok()) options.credentials = *creds;
  auto channel = MakeClientChannel(address, options);
  // The config loader already checked every upstream, so this is a programming error.
  if (!channel.ok()) {
    CS_LOG_ERROR("upstream channel refused upstream={} error={}", name, channel.status().ToString());
    return grpc::CreateChannel("127.0.0.1:1", grpc::InsecureChannelCredentials());
  }
  return *channel;
}

std::unique_ptr<SessionStore> MakeSessionStore(StateBackend state, RedisClient& redis,
                                               const std::string& venue_id, const Clock& clock,
                                               int ttl_s) {
  const std::chrono::seconds ttl(ttl_s);
  if (state == StateBackend::kInProcess) return std::make_unique<MemorySessionStore>(clock, ttl);
  return std::make_unique<RedisSessionStore>(redis, venue_id, clock, ttl);
}

std::unique_ptr<RateLimiter> MakeRateLimiter(StateBackend state, RedisClient& redis,
                                             const std::string& venue_id, const char* name,
                                             const Clock& clock, double per_second, double burst) {
  if (state == StateBackend::kInProcess) {
    return std::make_unique<LocalRateLimiter>(clock, per_second, burst);
  }
  return std::make_unique<RedisRateLimiter>(redis, venue_id, name, clock, per_second, burst);
}

bool HasJsonType(const httplib::Request& req) {
  return req.get_header_value("Content-Type").rfind("application/json", 0) == 0;
}

// The message and field a dotted proto path ("entry.answer_id") ends at, creating parents.
std::pair<Message*, const FieldDescriptor*> Resolve(Message* m, const std::string& path) {
  size_t start = 0;
  while (true) {
    size_t dot = path.find('.', start);
    std::string name =
        path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    const FieldDescriptor* f = m->GetDescriptor()->FindFieldByName(name);
    if (f == nullptr) return {nullptr, nullptr};
    if (dot == std::string::npos) return {m, f};
    if (f->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE || f->is_repeated())
      return {nullptr, nullptr};
    m = m->GetReflection()->MutableMessage(m, f);
    start = dot + 1;
  }
}

}  // namespace

std::string ProblemJson(int status, const std::string& title, const std::string& detail) {
  Problem p = MakeProblem(status, detail);
  p.title = title;
  return p.Json();
}

const std::string& Call::Param(const std::string& name) const {
  static const std::string kEmpty;
  auto it = params.find(name);
  return it == params.end() ? kEmpty : it->second;
}

std::string Call::Query(const std::string& name) const {
  return req.has_param(name.c_str()) ? req.get_param_value(name.c_str()) : std::string();
}

crowdsafe::v1::Actor Call::Actor() const {
  crowdsafe::v1::Actor a;
  a.set_user_id(session->username);
  a.set_role(ToProtoRole(session->role));
  for (const auto& z : session->zones) a.add_zone_ids(z);
  return a;
}

Gateway::Gateway(const ServiceConfig& config, const ApiConfig& api, RedisClient& redis,
                 const Clock& clock, StateBackend state,
                 std::shared_ptr<const AssertionSigner> signer)
    : config_(config),
      api_(api),
      redis_(redis),
      clock_(clock),
      sessions_(MakeSessionStore(state, redis, config.venue.id, clock, api.token_ttl_s)),
      // A crashed request frees its key after a little more than the longest upstream call.
      idempotency_(redis, config.venue.id,
                   std::chrono::seconds(std::max(30, 2 * api.upstream_timeout_ms / 1000))),
      auth_(api.users, *sessions_),
      login_by_ip_(MakeRateLimiter(state, redis, config.venue.id, "login_ip", clock,
                                   api.login_per_minute_per_ip / 60.0,
                                   api.login_per_minute_per_ip)),
      login_by_address_and_user_(MakeRateLimiter(state, redis, config.venue.id, "login_user", clock,
                                                 api.login_per_minute_per_user / 60.0,
                                                 api.login_per_minute_per_user)),
      by_token_(MakeRateLimiter(state, redis, config.venue.id, "token", clock,
                                api.requests_per_s_per_token, api.request_burst_per_token)),
      channels_{{"crowd", ChannelTo(config, "crowd", signer)},
                {"cases", ChannelTo(config, "cases", signer)},
                {"appeals", ChannelTo(config, "appeals", signer)}},
      crowd_(crowdsafe::v1::CrowdService::NewStub(channels_.at("crowd"))),
      cases_(crowdsafe::v1::CaseService::NewStub(channels_.at("cases"))),
      appeals_(crowdsafe::v1::AppealService::NewStub(channels_.at("appeals"))) {
  // Any other configured upstream is probed by /v1/health over its own long-lived channel.
  for (const auto& [name, address] : config.upstreams) {
    if (!channels_.count(name)) channels_[name] = ChannelTo(config, name, signer);
  }
  const TlsConfig& tls = config.server.tls;
  if (api.header_gate) {
    // HTTP and HTTPS alike: the gate does the TLS handshake itself (gated_server.h).
    GatedServer::Limits limits;
    limits.header_timeout = std::chrono::milliseconds(api.header_timeout_ms);
    limits.idle_timeout = std::chrono::seconds(api.idle_timeout_s);
    limits.request_timeout = std::chrono::milliseconds(api.request_timeout_ms);
    limits.workers = api.threads;
    auto gated = std::make_unique<GatedServer>(limits, tls);
    gated_ = gated.get();
    server_ = std::move(gated);
  } else if (tls.enabled()) {
    server_ = std::make_unique<httplib::SSLServer>(
        tls.cert_file.c_str(), tls.key_file.c_str(),
        tls.client_ca_file.empty() ? nullptr : tls.client_ca_file.c_str());
  } else {
    server_ = std::make_unique<httplib::Server>();
  }
  SseWriter::Options sse;
  sse.keepalive = std::chrono::seconds(api.sse_keepalive_s);
  sse.max_queued_bytes = api.sse_queue_bytes;
  sse_writer_ = std::make_unique<SseWriter>(sse);
  sse_hub_ = std::make_unique<SseHub>();
  openapi_ = OpenApiDocument();
  RegisterRoutes();
}

Gateway::~Gateway() { Stop(); }

void Gateway::Fail(httplib::Response& res, const Problem& problem) {
  res.status = problem.status;
  res.set_content(problem.Json(), kProblemContentType);
}

void Gateway::Handle(const std::string& key, Handler handler) {
  const Route* route = FindRoute(key);
  if (route == nullptr) {
    // Wiring a route the table does not know is our bug, not bad input.
    std::fprintf(stderr, "mobile-api: route %s is not in the route table\n", key.c_str());
    std::abort();
  }
  registered_.insert(key);
  auto wrapped = [this, route, handler = std::move(handler)](const httplib::Request& req,
                                                             httplib::Response& res) {
    Dispatch(*route, handler, req, res);
  };
  std::string pattern = PathRegex(route->path);
  if (route->method == "GET") {
    server_->Get(pattern, wrapped);
  } else if (route->method == "POST") {
    server_->Post(pattern, wrapped);
  } else if (route->method == "PUT") {
    server_->Put(pattern, wrapped);
  } else {
    std::abort();
  }
}

void Gateway::Dispatch(const Route& route, const Handler& handler, const httplib::Request& req,
                       httplib::Response& res) {
  auto start = std::chrono::steady_clock::now();
  Call c{req, res, route, std::nullopt, {}};
  auto names = PathParams(route.path);
  for (size_t i = 0; i < names.size() && i + 1 < req.matches.size(); ++i) {
    c.params[names[i]] = req.matches[i + 1].str();
  }
  [&] {
    if (!route.Public()) {
      std::string auth = req.get_header_value("Authorization");
      if (auth.rfind("Bearer ", 0) != 0) {
        res.set_header("WWW-Authenticate", "Bearer");
        return Fail(res, MakeProblem(401, "a bearer token is required", "Authorization"));
      }
      const std::string token = auth.substr(7);
      auto found = sessions_->Lookup(token);
      if (!found.ok()) {
        // Without the store no token can be told apart from a revoked one: refuse them all.
        CS_LOG_WARN("session store unavailable error=\"{}\"", found.status().ToString());
        res.set_header("Retry-After", "1");
        return Fail(res, MakeProblem(503, "the session store is unavailable; retry shortly"));
      }
      auto& session = *found;
      if (!session) {
        res.set_header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
        return Fail(res, MakeProblem(401, "unknown or expired token", "Authorization"));
      }
      if (!route.Allows(session->role)) {
        return Fail(res, MakeProblem(403, "role " + std::string(RoleName(session->role)) +
                                              " may not call " + route.Key()));
      }
      auto allowed = by_token_->Allow(token);
      if (!allowed.ok() || !*allowed) {
        res.set_header("Retry-After", "1");
        return Fail(res, allowed.ok() ? MakeProblem(429, "too many requests for this token")
                                      : MakeProblem(503, "the rate limits are unavailable"));
      }
      c.session = std::move(session);
    }
    if (route.body == BodyKind::kJson) {
      if (req.body.size() > api_.json_body_bytes) {
        return Fail(
            res,
            MakeProblem(413, "body larger than " + std::to_string(api_.json_body_bytes) + " bytes",
                        "body"));
      }
      if (!req.body.empty() && !HasJsonType(req)) {
        return Fail(res, MakeProblem(415, "expected application/json", "Content-Type"));
      }
    }
    if (route.body == BodyKind::kReport && !HasJsonType(req) && !req.is_multipart_form_data()) {
      return Fail(res, MakeProblem(415, "expected application/json or multipart/form-data",
                                   "Content-Type"));
    }
    if (route.idempotent && req.has_header(kIdempotencyHeader)) return RunIdempotent(c, handler);
    try {
      handler(c);
    } catch (const std::exception& e) {
      CS_LOG_ERROR("handler failed route=\"{}\" error=\"{}\"", route.Key(), e.what());
      Fail(res, MakeProblem(500, "internal error"));
    }
  }();
  if (res.status == -1) res.status = 200;  // httplib's "not set yet"; handlers leave it for 200
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  metrics_.Observe(route.Key(), std::to_string(res.status), seconds);
}

namespace {

// The request's fingerprint: multipart bodies by their parts (a retry's new boundary changes
// nothing), JSON by its bytes.
std::string FingerprintOf(const httplib::Request& req) {
  std::vector<BodyPart> parts;
  if (req.is_multipart_form_data()) {
    for (const auto& [name, part] : req.files) {
      parts.push_back({name, part.content_type, part.content});
    }
  } else {
    parts.push_back({"", "", req.body});
  }
  return RequestFingerprint(req.method, req.path, parts);
}

}  // namespace

void Gateway::RunIdempotent(Call& c, const Handler& handler) {
  const std::string key = c.req.get_header_value(kIdempotencyHeader);
  if (auto s = CheckIdempotencyKey(key); !s.ok()) return Fail(c.res, FromStatus(s));
  const std::string& user = c.session->username;
  const std::string fingerprint = FingerprintOf(c.req);
  auto claim = idempotency_.Begin(user, key, fingerprint);
  if (!claim.ok()) {
    // Without the store the gateway cannot promise "once": refuse rather than risk a duplicate.
    c.res.set_header("Retry-After", "1");
    return Fail(c.res, MakeProblem(503, "the store is unavailable; retry with the same key",
                                   kIdempotencyHeader));
  }
  using O = IdempotencyStore::Outcome;
  switch (claim->outcome) {
    case O::kReplay:
      c.res.status = claim->stored.status;
      c.res.set_header("Idempotent-Replayed", "true");
      c.res.set_content(claim->stored.body, claim->stored.content_type.c_str());
      return;
    case O::kMismatch:
      return Fail(c.res, MakeProblem(422,
                                     "Idempotency-Key: already used for a different request; "
                                     "send a new key for a new request",
                                     kIdempotencyHeader));
    case O::kInFlight:
      c.res.set_header("Retry-After", "1");
      return Fail(c.res, MakeProblem(409,
                                     "Idempotency-Key: the first request with this key is still "
                                     "running; retry shortly with the same key",
                                     kIdempotencyHeader));
    case O::kFirst:
      break;
  }
  try {
    handler(c);
  } catch (const std::exception& e) {
    CS_LOG_ERROR("handler failed route=\"{}\" error=\"{}\"", c.route.Key(), e.what());
    Fail(c.res, MakeProblem(500, "internal error"));
  }
  if (c.res.status == -1) c.res.status = 200;
  const StoredResponse answer{c.res.status, c.res.get_header_value("Content-Type"), c.res.body};
  absl::Status kept = IsReplayable(c.res.status)
                          ? idempotency_.Complete(user, key, fingerprint, answer)
                          : idempotency_.Release(user, key, fingerprint);
  if (!kept.ok()) {
    // The write itself is done; only a replay of it will run again (or wait out the lease).
    CS_LOG_WARN("idempotency record not kept route=\"{}\" error=\"{}\"", c.route.Key(),
                kept.ToString());
  }
}

bool Gateway::CheckRequired(Call& c, const Message& request) {
  // Every missing required field in one answer (required_fields.h), before a service is asked.
  auto missing = MissingRequired(request);
  if (missing.empty()) return true;
  std::string detail = missing[0] + ": is required";
  if (missing.size() > 1) {
    detail += " (also missing:";
    for (size_t i = 1; i < missing.size(); ++i) detail += " " + missing[i];
    detail += ")";
  }
  Problem p = MakeProblem(400, detail, missing[0]);
  p.missing = std::move(missing);
  Fail(c.res, p);
  return false;
}

bool Gateway::ParseBody(Call& c, Message* out,
                        const std::vector<std::pair<std::string, std::string>>& bind,
                        const std::string* body, bool check_required) {
  const std::string& text = body != nullptr ? *body : c.req.body;
  if (auto s = ParseJson(text.empty() ? std::string_view("{}") : std::string_view(text), out);
      !s.ok()) {
    Fail(c.res, FromStatus(s));
    return false;
  }
  const FieldDescriptor* actor = out->GetDescriptor()->FindFieldByName("actor");
  if (actor != nullptr && out->GetReflection()->HasField(*out, actor)) {
    Fail(c.res,
         MakeProblem(400, "actor: set by the server from your token, never by a client", "actor"));
    return false;
  }
  for (const auto& [path, value] : bind) {
    auto [m, f] = Resolve(out, path);
    if (m == nullptr || f->cpp_type() != FieldDescriptor::CPPTYPE_STRING) {
      std::fprintf(stderr, "mobile-api: bad bind %s\n", path.c_str());
      std::abort();
    }
    std::string current = m->GetReflection()->GetString(*m, f);
    if (!current.empty() && current != value) {
      const std::string json = JsonFieldPath(path);
      Fail(c.res, MakeProblem(400, json + ": does not match the request path or venue", json));
      return false;
    }
    m->GetReflection()->SetString(m, f, value);
  }
  if (check_required && !CheckRequired(c, *out)) return false;
  if (actor != nullptr && c.session) {
    out->GetReflection()->MutableMessage(out, actor)->CopyFrom(c.Actor());
  }
  return true;
}

bool Gateway::ParseReport(Call& c, Message* out) {
  std::string json = c.req.body;
  std::vector<std::string> uploads;
  if (c.req.is_multipart_form_data()) {
    if (!c.req.has_file("report")) {
      Fail(c.res, MakeProblem(400, "report: the multipart body needs a 'report' part", "report"));
      return false;
    }
    json = c.req.get_file_value("report").content;
    for (const auto& [name, part] : c.req.files) {
      if (name == "report") continue;
      if (name != "photo") {
        // The part's name is the client's: named generically, never echoed (issue 18).
        Fail(c.res, MakeProblem(400, "parts: unknown part (expected report or photo)", "parts"));
        return false;
      }
      uploads.push_back(part.content);
    }
  }
  // Photo errors first, then the required fields (with the photos in place).
  if (!ParseBody(c, out, {{"report.venue_id", config_.venue.id}}, &json, false)) return false;
  const FieldDescriptor* photos_field = out->GetDescriptor()->FindFieldByName("photos");
  auto* refl = out->GetReflection();
  for (auto& data : uploads) {
    auto* photo = static_cast<crowdsafe::v1::Photo*>(refl->AddMessage(out, photos_field));
    photo->set_data(std::move(data));
  }
  int n = refl->FieldSize(*out, photos_field);
  if (n > 4) {
    Fail(c.res, MakeProblem(400, "photos: at most 4 photos", "photos"));
    return false;
  }
  for (int i = 0; i < n; ++i) {
    auto* photo =
        static_cast<crowdsafe::v1::Photo*>(refl->MutableRepeatedMessage(out, photos_field, i));
    std::string field = "photos[" + std::to_string(i) + "]";
    // Header and limits first, then a 1/8-scale grey decode: proof that it is an image at a
    // bounded cost; case-service decodes it in full behind the same check.
    auto header = photo::ValidatePhoto(photo->data(), api_.photo_limits, field);
    if (!header.ok()) {
      Fail(c.res, FromStatus(header.status()));
      return false;
    }
    const std::string type = photo::ContentType(header->format);
    if (!photo->content_type().empty() && photo->content_type() != type) {
      Fail(c.res, MakeProblem(400, field + ".contentType: does not match the image",
                              field + ".contentType"));
      return false;
    }
    photo->set_content_type(type);
  }
  return CheckRequired(c, *out);
}

std::unique_ptr<grpc::ClientContext> Gateway::Context(const Call& c) const {
  auto ctx = std::make_unique<grpc::ClientContext>();
  // Requests that carry no Actor (occupancy, alerts) are signed for the caller too.
  if (c.session) OnBehalfOf(*ctx, c.Actor());
  ctx->set_deadline(std::chrono::system_clock::now() +
                    std::chrono::milliseconds(api_.upstream_timeout_ms));
  return ctx;
}

void Gateway::Reply(Call& c, const grpc::Status& status, const Message& answer) {
  if (!status.ok()) {
    std::vector<std::string> as_sent = PathParams(c.route.path);
    as_sent.insert(as_sent.end(), c.route.query.begin(), c.route.query.end());
    Problem p = FromGrpc(status, as_sent);
    if (p.status >= 500) {
      CS_LOG_WARN("upstream failed route=\"{}\" code={} message=\"{}\"", c.route.Key(),
                  static_cast<int>(status.error_code()), status.error_message());
    }
    return Fail(c.res, p);
  }
  c.res.status = 200;
  c.res.set_content(ToJson(answer), "application/json");
}

void Gateway::RegisterRoutes() {
  // Without it, a response written as headers then body waits on the client's delayed ACK
  // (Nagle): a flat 40 ms added to every request.
  server_->set_tcp_nodelay(true);
  server_->set_payload_max_length(api_.report_body_bytes);
  server_->set_read_timeout(std::chrono::milliseconds(api_.request_timeout_ms));
  server_->set_write_timeout(std::chrono::milliseconds(api_.request_timeout_ms));
  server_->set_keep_alive_timeout(api_.idle_timeout_s);
  // The gated server brings its own workers (gated_server.h); the others a thread per
  // connection from accept onwards.
  if (gated_ == nullptr) {
    int threads = api_.threads;
    server_->new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  }
  // Literal routes first: /v1/cases/stream must win over /v1/cases/{case_id}, and httplib tries
  // handlers in registration order. The route table lists them in that order.
  RegisterAuthRoutes();
  RegisterSystemRoutes();
  RegisterCrowdRoutes();
  RegisterCaseRoutes();
  RegisterAppealRoutes();
  // The dashboard: anything else under GET.
  server_->Get(
      ".*", [this](const httplib::Request& req, httplib::Response& res) { ServeStatic(req, res); });
  server_->set_default_headers(SecurityHeaders());
  server_->set_error_handler([](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return;
    Problem p = ProblemForHttplibError(res.status, req.method, req.path);
    res.set_content(p.Json(), kProblemContentType);
  });
  server_->set_exception_handler(
      [](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
        res.status = 500;
        res.set_content(MakeProblem(500, "internal error").Json(), kProblemContentType);
      });
}

void Gateway::RegisterSystemRoutes() {
  Handle("GET /v1/me", [](Call& c) {
    crowdsafe::v1::Me me;
    me.set_username(c.session->username);
    me.set_role(ToProtoRole(c.session->role));
    for (const auto& z : c.session->zones) me.add_zones(z);
    me.mutable_expires_at()->set_seconds(ToMillis(c.session->expires_at) / 1000);
    c.res.set_content(ToJson(me), "application/json");
  });
  Handle("GET /v1/openapi.json",
         [this](Call& c) { c.res.set_content(openapi_, "application/json"); });
  // Liveness: this process and its Redis.
  Handle("GET /healthz", [this](Call& c) {
    bool redis_ok = redis_.Ping().ok();
    c.res.status = redis_ok ? 200 : 503;
    c.res.set_content(redis_ok ? "{\"status\":\"SERVING\"}" : "{\"status\":\"NOT_SERVING\"}",
                      "application/json");
  });
  // Readiness of the whole system, as the desk dashboard shows it.
  Handle("GET /v1/health", [this](Call& c) {
    auto [status, body] = HealthAnswer();
    c.res.status = status;
    c.res.set_content(body, "application/json");
  });
  Handle("GET /metrics",
         [this](Call& c) { c.res.set_content(metrics_.Render(), "text/plain; version=0.0.4"); });
}

std::pair<int, std::string> Gateway::HealthAnswer() {
  std::lock_guard<std::mutex> lock(health_mu_);
  const TimePoint now = clock_.Now();
  if (!health_.second.empty() && now >= health_at_ && now - health_at_ < kHealthCacheFor) {
    return health_;
  }
  google::protobuf::Struct body;
  auto& f = *body.mutable_fields();
  bool redis_ok = redis_.Ping().ok();
  bool all_ok = redis_ok;
  f["redis"].set_string_value(redis_ok ? "SERVING" : "UNREACHABLE");
  for (const auto& [name, address] : config_.upstreams) {
    auto serving = CheckServing(*channels_.at(name), "", kProbeTimeout);
    bool ok = serving.ok() && *serving;
    all_ok &= ok;
    f[name].set_string_value(!serving.ok() ? "UNREACHABLE" : (ok ? "SERVING" : "NOT_SERVING"));
  }
  f["status"].set_string_value(all_ok ? "SERVING" : "DEGRADED");
  health_at_ = now;
  health_ = {all_ok ? 200 : 503, ToJson(body)};
  return health_;
}

void Gateway::ServeStatic(const httplib::Request& req, httplib::Response& res) {
  if (req.path.rfind("/v1/", 0) == 0 || req.path == "/v1") {
    return Fail(res, MakeProblem(404, "no such route for this method and path", "path"));
  }
  auto file = ResolveStatic(api_.web_root, req.path);
  if (!file.ok()) {
    bool no_root = file.status().message().find("not built") != std::string_view::npos;
    Problem p = FromStatus(file.status());
    // The path itself is not echoed: clients have no business knowing the server's layout.
    if (no_root) p.detail = "the dashboard is not built (api.web_root does not exist)";
    if (p.status == 404 && !no_root) p.detail = "no such file";
    return Fail(res, p);
  }
  std::ifstream in(*file, std::ios::binary);
  std::stringstream content;
  content << in.rdbuf();
  res.set_content(content.str(), ContentTypeFor(*file).c_str());
}

absl::Status Gateway::Start() {
  if (!server_->is_valid()) {
    return absl::InvalidArgumentError("server.tls: cannot load the certificate or key");
  }
  const std::string& listen = config_.server.listen;
  auto colon = listen.rfind(':');
  if (colon == std::string::npos)
    return absl::InvalidArgumentError("server.listen: expected host:port");
  std::string host = listen.substr(0, colon);
  int port = std::atoi(listen.substr(colon + 1).c_str());
  // The rule every crowdsafe server keeps (GrpcServerRunner): plain text off loopback only when
  // the config says so in so many words.
  if (!config_.server.tls.enabled() && !config_.server.insecure && !IsLoopbackListen(listen)) {
    return absl::InvalidArgumentError(
        "server.listen: a non-loopback address needs server.tls (or server.insecure: true)");
  }
  // httplib listens with a backlog of 5, compiled into Debian's libcpp-httplib with no setting.
  // Its socket-options hook sees the socket it is about to bind; listen(2) called again on that
  // socket after the bind only changes the backlog (Linux), to api.listen_backlog.
  int listening = -1;
  server_->set_socket_options([&listening](socket_t sock) {
    httplib::default_socket_options(sock);
    listening = sock;
  });
  if (port == 0) {
    port_ = server_->bind_to_any_port(host);
  } else {
    port_ = server_->bind_to_port(host, port) ? port : -1;
  }
  if (port_ <= 0) return absl::UnavailableError("server.listen: cannot listen on " + listen);
  if (listening < 0 || ::listen(listening, api_.listen_backlog) != 0) {
    return absl::UnavailableError("api.listen_backlog: cannot set the listen backlog");
  }
  thread_ = std::thread([this] { server_->listen_after_bind(); });
  // httplib's stop() does nothing until the accept loop runs: a Stop() right after Start()
  // would otherwise leave the loop running and hang the join.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (!server_->is_running() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return absl::OkStatus();
}

void Gateway::Stop() {
  stopping_ = true;
  server_->stop();
  if (thread_.joinable()) thread_.join();
  if (gated_ != nullptr) gated_->Shutdown();
  sse_writer_->Shutdown();  // closes every stream, which leaves its feed
}

}  // namespace cs::api
