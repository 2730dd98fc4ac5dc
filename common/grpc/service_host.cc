#include "common/grpc/service_host.h"

#include <CLI/CLI.hpp>
#include <chrono>
#include <iostream>

#include "common/logging.h"
#include "common/metrics/grpc_metrics.h"

namespace cs {

ServiceHost::ServiceHost(ServiceConfig config, std::unique_ptr<RedisPool> redis,
                         std::shared_ptr<const AssertionSigner> signer,
                         std::shared_ptr<const AssertionVerifier> verifier)
    : config_(std::move(config)),
      redis_(std::move(redis)),
      signer_(std::move(signer)),
      runner_(config_.server) {
  // Every gRPC call of this process is counted; served only when metrics_listen is set.
  InstallGrpcMetrics(&metrics_);
  if (verifier != nullptr) runner_.VerifyIdentity(std::move(verifier));
}

ServiceHost::~ServiceHost() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  stop_cv_.notify_all();
  if (health_thread_.joinable()) health_thread_.join();
}

absl::StatusOr<std::unique_ptr<ServiceHost>> ServiceHost::FromArgs(int argc, char** argv,
                                                                   const std::string& name,
                                                                   const SectionParser& extra) {
  // Signals are blocked before gRPC or hiredis start threads, so only Run() receives them.
  ShutdownSignals::Block();
  CLI::App app{"crowdsafe " + name + " service"};
  std::string config_path = "config/services/" + name + ".yaml";
  std::string listen_override;
  int redis_port_override = 0;
  int redis_wait_s = 30;
  app.add_option("--config", config_path, "service config file (YAML)");
  app.add_option("--listen", listen_override, "override server.listen, e.g. 127.0.0.1:0");
  app.add_option("--redis-port", redis_port_override, "override redis.port");
  app.add_option("--redis-wait", redis_wait_s, "seconds to wait for Redis at start");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    std::exit(app.exit(e));
  }

  auto config = LoadServiceConfig(config_path, extra);
  if (!config.ok()) return config.status();
  if (!listen_override.empty()) config->server.listen = listen_override;
  if (redis_port_override > 0) config->redis.port = redis_port_override;
  InitLogging(name, config->log);

  // Keys are read before anything connects: a missing key is a config error (exit 2).
  std::shared_ptr<const AssertionSigner> signer;
  std::shared_ptr<const AssertionVerifier> verifier;
  if (config->identity.signs()) {
    auto s = AssertionSigner::FromConfig(config->identity);
    if (!s.ok()) return s.status();
    signer = std::make_shared<const AssertionSigner>(*std::move(s));
  }
  if (config->identity.verifies()) {
    auto v = AssertionVerifier::FromConfig(config->identity);
    if (!v.ok()) return v.status();
    verifier = std::make_shared<const AssertionVerifier>(*std::move(v));
  } else {
    CS_LOG_WARN("identity.trusted is empty: callers are not verified (loopback only)");
  }
  auto upstream_credentials = UpstreamCredentials(config->upstream_tls);
  if (!upstream_credentials.ok()) return upstream_credentials.status();

  auto redis = std::make_unique<RedisPool>(config->redis, config->redis.pool_size);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(redis_wait_s);
  absl::Status connected = redis->Ping();
  while (!connected.ok() && std::chrono::steady_clock::now() < deadline) {
    CS_LOG_WARN("waiting for redis host={} port={} error=\"{}\"", config->redis.host,
                config->redis.port, std::string(connected.message()));
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
    connected = redis->Ping();
  }
  if (!connected.ok()) return connected;
  auto host = std::unique_ptr<ServiceHost>(new ServiceHost(
      *std::move(config), std::move(redis), std::move(signer), std::move(verifier)));
  host->upstream_credentials_ = *std::move(upstream_credentials);
  return host;
}

void ServiceHost::AddService(grpc::Service* service, const std::string& full_name) {
  runner_.AddService(service, full_name);
}

void ServiceHost::WatchHealth() {
  bool serving = true;
  std::unique_lock<std::mutex> lock(mu_);
  while (!stop_cv_.wait_for(lock, std::chrono::seconds(1), [this] { return stopping_; })) {
    lock.unlock();
    bool ok = redis_->Ping().ok();
    if (ok != serving) {
      serving = ok;
      runner_.SetServing(ok);
      if (ok) {
        CS_LOG_INFO("redis reachable again; serving");
      } else {
        CS_LOG_WARN("redis unreachable; health NOT_SERVING");
      }
    }
    lock.lock();
  }
}

int ServiceHost::Run() {
  if (auto s = runner_.Start(); !s.ok()) return ExitWithError(s);
  runner_.SetServing(true);
  // The port line is machine-read by deploy/local and the tests: keep its shape.
  CS_LOG_INFO("serving service={} port={} venue={} tls={} identity={}", config_.service,
              runner_.port(), config_.venue.id, config_.server.tls.enabled(),
              config_.identity.verifies() ? "verified" : "off");
  std::cout << "LISTENING " << runner_.port() << std::endl;
  // After LISTENING, so tests that wait for that line can then read this one.
  if (!config_.server.metrics_listen.empty()) {
    metrics_server_ = std::make_unique<MetricsServer>(metrics_);
    if (auto s = metrics_server_->Start(config_.server.metrics_listen); !s.ok()) {
      runner_.Shutdown();
      return ExitWithError(s);
    }
    CS_LOG_INFO("serving metrics port={}", metrics_server_->port());
    std::cout << "METRICS " << metrics_server_->port() << std::endl;
  }
  health_thread_ = std::thread([this] { WatchHealth(); });
  int sig = ShutdownSignals::Wait();
  CS_LOG_INFO("shutting down signal={}", sig);
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  stop_cv_.notify_all();
  health_thread_.join();
  if (metrics_server_) metrics_server_->Stop();
  runner_.Shutdown();
  CS_LOG_INFO("stopped cleanly");
  spdlog::default_logger()->flush();
  return 0;
}

int ExitWithError(const absl::Status& status) {
  std::cerr << "error: " << status.message() << std::endl;
  return status.code() == absl::StatusCode::kInvalidArgument ||
                 status.code() == absl::StatusCode::kNotFound
             ? 2
             : 1;
}

}  // namespace cs
