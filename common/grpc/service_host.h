// Everything a crowdsafe gRPC process does around its service: flags, config, logging, the Redis
// connection, the gRPC server, a health watcher that reports NOT_SERVING while Redis is down, and
// a clean stop on SIGTERM/SIGINT. main.cc only adds its services and calls Run().
//
// Example (services/crowd/main.cc):
//   auto host = cs::ServiceHost::FromArgs(argc, argv, "crowd");
//   if (!host.ok()) return cs::ExitWithError(host.status());
//   CrowdServiceImpl service(...);
//   (*host)->AddService(&service, "crowdsafe.v1.CrowdService");
//   return (*host)->Run();
//
// Thread-safety: one host per process, driven from main's thread.
#pragma once

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "absl/status/statusor.h"
#include "common/config.h"
#include "common/grpc/client_channel.h"
#include "common/grpc/server_runner.h"
#include "common/metrics/metrics.h"
#include "common/metrics/metrics_server.h"
#include "common/redis/redis_pool.h"

namespace cs {

class ServiceHost {
 public:
  // Parses --config (default config/services/<name>.yaml), loads it, starts logging and connects
  // to Redis (retrying for --redis-wait seconds). `extra` parses the service's own section.
  static absl::StatusOr<std::unique_ptr<ServiceHost>> FromArgs(int argc, char** argv,
                                                               const std::string& name,
                                                               const SectionParser& extra = nullptr);
  ~ServiceHost();

  const ServiceConfig& config() const { return config_; }
  // A pool of redis.pool_size connections.
  RedisClient& redis() { return *redis_; }
  void AddService(grpc::Service* service, const std::string& full_name);

  // Signs this process's outgoing calls (identity.issuer); null when the config names none.
  // Pass it to MakeClientChannel: ClientChannelOptions{.signer = host->signer()}.
  std::shared_ptr<const AssertionSigner> signer() const { return signer_; }
  // Options for a channel to an upstream of this process: its signer, and TLS from
  // upstream_tls. Example: MakeClientChannel(address, host->UpstreamOptions({"crowdsafe.v1.CaseService"})).
  ClientChannelOptions UpstreamOptions(std::vector<std::string> services) const {
    return {.services = std::move(services), .credentials = upstream_credentials_,
            .signer = signer_};
  }

  // Per-method gRPC request counts and latencies (served on server.metrics_listen when set).
  RequestMetrics& metrics() { return metrics_; }

  // Starts serving, blocks until SIGTERM/SIGINT, shuts down gracefully. Returns the exit code.
  int Run();

 private:
  ServiceHost(ServiceConfig config, std::unique_ptr<RedisPool> redis,
              std::shared_ptr<const AssertionSigner> signer,
              std::shared_ptr<const AssertionVerifier> verifier);
  void WatchHealth();

  ServiceConfig config_;
  std::unique_ptr<RedisPool> redis_;
  std::shared_ptr<const AssertionSigner> signer_;
  std::shared_ptr<grpc::ChannelCredentials> upstream_credentials_;
  RequestMetrics metrics_{"cs_grpc"};
  GrpcServerRunner runner_;
  std::unique_ptr<MetricsServer> metrics_server_;
  std::thread health_thread_;
  std::mutex mu_;
  std::condition_variable stop_cv_;
  bool stopping_ = false;  // GUARDED_BY(mu_)
};

// Logs the error and returns the exit code for a start-up failure (2: bad config, 1: other).
int ExitWithError(const absl::Status& status);

}  // namespace cs
