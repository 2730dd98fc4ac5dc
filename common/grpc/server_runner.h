// The one way a crowdsafe process serves gRPC: optional TLS from config, the standard health
// service (grpc.health.v1), server reflection, a maximum message size, and graceful shutdown.
//
// Example:
//   GrpcServerRunner runner(config.server);
//   runner.AddService(&crowd_service);
//   CS_RETURN_IF_ERROR(runner.Start());       // binds; port() is now known
//   runner.SetServing(true);
//   ShutdownSignals::Wait();                  // SIGTERM or SIGINT
//   runner.Shutdown();                        // in-flight calls get shutdown_grace_ms
//
// Thread-safety: Start/Shutdown from one thread; SetServing from any thread.
#pragma once

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "common/config.h"

namespace cs {

class GrpcServerRunner {
 public:
  explicit GrpcServerRunner(ServerConfig config);
  ~GrpcServerRunner();

  // Services must outlive the runner. Call before Start().
  void AddService(grpc::Service* service, std::string full_name);

  absl::Status Start();
  int port() const { return port_; }
  // Sets the health status of the server ("") and of every added service.
  void SetServing(bool serving);
  void Shutdown();

 private:
  ServerConfig config_;
  std::vector<std::pair<grpc::Service*, std::string>> services_;
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
};

// Blocks SIGTERM and SIGINT in the calling thread (and every thread it creates later) so that
// Wait() can take them synchronously. Call at the top of main, before any thread starts.
class ShutdownSignals {
 public:
  static void Block();
  // Returns the signal received.
  static int Wait();
};

// Reads a whole file (TLS material); empty string when missing.
std::string ReadFileOrEmpty(const std::string& path);

}  // namespace cs
