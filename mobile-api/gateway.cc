#include "mobile-api/gateway.h"

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>

#include "common/grpc/health_probe.h"
#include "common/logging.h"

namespace cs::api {
namespace {

constexpr auto kProbeTimeout = std::chrono::milliseconds(500);

std::string ToJson(const google::protobuf::Message& m) {
  std::string out;
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  (void)google::protobuf::util::MessageToJsonString(m, &out, options);
  return out;
}

}  // namespace

std::string ProblemJson(int status, const std::string& title, const std::string& detail) {
  google::protobuf::Struct problem;
  auto& f = *problem.mutable_fields();
  f["type"].set_string_value("about:blank");
  f["title"].set_string_value(title);
  f["status"].set_number_value(status);
  f["detail"].set_string_value(detail);
  return ToJson(problem);
}

Gateway::Gateway(const ServiceConfig& config, RedisClient& redis) : config_(config), redis_(redis) {
  Routes();
}

Gateway::~Gateway() { Stop(); }

void Gateway::Routes() {
  server_.set_payload_max_length(8 << 20);
  // Liveness: this process and its Redis.
  server_.Get("/healthz", [this](const httplib::Request&, httplib::Response& res) {
    bool redis_ok = redis_.Ping().ok();
    res.status = redis_ok ? 200 : 503;
    res.set_content(redis_ok ? "{\"status\":\"SERVING\"}" : "{\"status\":\"NOT_SERVING\"}",
                    "application/json");
  });
  // Readiness of the whole system, as the desk dashboard shows it.
  server_.Get("/v1/health", [this](const httplib::Request&, httplib::Response& res) {
    google::protobuf::Struct body;
    auto& f = *body.mutable_fields();
    bool all_ok = true;
    bool redis_ok = redis_.Ping().ok();
    all_ok &= redis_ok;
    f["redis"].set_string_value(redis_ok ? "SERVING" : "UNREACHABLE");
    for (const auto& [name, address] : config_.upstreams) {
      auto serving = CheckServing(address, "", kProbeTimeout);
      bool ok = serving.ok() && *serving;
      all_ok &= ok;
      f[name].set_string_value(!serving.ok() ? "UNREACHABLE" : (ok ? "SERVING" : "NOT_SERVING"));
    }
    f["status"].set_string_value(all_ok ? "SERVING" : "DEGRADED");
    res.status = all_ok ? 200 : 503;
    res.set_content(ToJson(body), "application/json");
  });
  server_.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return;
    std::string detail = req.path.rfind("/v1/", 0) == 0
                             ? "this route is not built yet or does not exist"
                             : "no such route";
    int status = res.status == 404 && req.path.rfind("/v1/", 0) == 0 ? 501 : res.status;
    res.status = status;
    res.set_content(ProblemJson(status, status == 501 ? "Not Implemented" : "Not Found", detail),
                    "application/problem+json");
  });
}

absl::Status Gateway::Start() {
  const std::string& listen = config_.server.listen;
  auto colon = listen.rfind(':');
  if (colon == std::string::npos) return absl::InvalidArgumentError("server.listen: expected host:port");
  std::string host = listen.substr(0, colon);
  int port = std::atoi(listen.substr(colon + 1).c_str());
  if (port == 0) {
    port_ = server_.bind_to_any_port(host);
  } else {
    port_ = server_.bind_to_port(host, port) ? port : -1;
  }
  if (port_ <= 0) return absl::UnavailableError("server.listen: cannot listen on " + listen);
  thread_ = std::thread([this] { server_.listen_after_bind(); });
  return absl::OkStatus();
}

void Gateway::Stop() {
  server_.stop();
  if (thread_.joinable()) thread_.join();
}

}  // namespace cs::api
